"""Stored sentence vectors of contributions, so that a card is encoded once, not per request."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class ContributionVector(db.Model):
    """The sentence vector of a contribution's text (float32 bytes) and what it was made from:
    the model's name and a hash of the text, so that an edited text gets a new vector."""

    __tablename__ = "contribution_vectors"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(60))
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
