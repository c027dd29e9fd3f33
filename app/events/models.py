"""An offline event of a round, its stations (Thementische), and imports of typed-up card lists.

Captured cards are Contributions with source "event" (or "import") pointing at the event and
station; the fields for that live on Contribution (see app/contributions/models.py)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.core.translations import translatable
from app.extensions import db


@translatable("title")
class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round = relationship("Round")
    stations: Mapped[list["Station"]] = relationship(
        back_populates="event", order_by="Station.position")


@translatable("name")
class Station(db.Model):
    """A topic table at an event; capturing a card at a station sets its topic."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    facilitator: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="stations")
    topic = relationship("Topic")


class ImportBatch(db.Model):
    """One uploaded file of cards: what was imported and skipped, and whether it was undone."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rows_imported: Mapped[int] = mapped_column(default=0)
    rows_skipped: Mapped[int] = mapped_column(default=0)
    # CSV of the rows that were skipped with their errors, for download and re-import.
    error_report: Mapped[str] = mapped_column(Text, default="")
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    event = relationship(Event)
    created_by = relationship("User", foreign_keys=[created_by_id])
