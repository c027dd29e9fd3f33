"""Consultation rounds, the topics and contribution kinds they accept, networks and invitations."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.concepts.models import Topic
from app.core.labels import Labels
from app.core.tables import link_table
from app.core.time import as_utc, utcnow
from app.core.translations import translatable
from app.extensions import db

# The kinds of contribution a round can ask for (Round.accepted_kinds).
CONTRIBUTION_KINDS = Labels(goal=_l("Zielvorschlag"), measure=_l("Maßnahmenvorschlag"),
                            municipal_idea=_l("Idee für die kommunale Ebene"),
                            best_practice=_l("Best-Practice-Beispiel"),
                            remark=_l("Anmerkung zu einem Entwurfselement"))
ROUND_KINDS = Labels(online=_l("Online-Beteiligung"), event=_l("Dialogveranstaltung"),
                     network=_l("Netzwerkrunde"), review=_l("Prüfrunde"))
AUDIENCES = Labels(all=_l("Alle registrierten Personen"),
                   invited=_l("Nur eingeladene Netzwerke und Organisationen"))
PHASES = Labels(upcoming=_l("demnächst"), open=_l("offen"), closed=_l("abgeschlossen"))

round_topics = link_table("round_topics", ("round_id", "rounds"), ("topic_id", "topics"))
network_organisations = link_table("network_organisations", ("network_id", "networks"),
                                   ("organisation_id", "organisations"))
network_users = link_table("network_users", ("network_id", "networks"), ("user_id", "users"))
round_networks = link_table("round_networks", ("round_id", "rounds"), ("network_id", "networks"))
round_organisations = link_table("round_organisations", ("round_id", "rounds"),
                                 ("organisation_id", "organisations"))


class Network(db.Model):
    """A named group of organisations and people, e.g. a thematic network of the office."""

    __tablename__ = "networks"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisations = relationship("Organisation", secondary=network_organisations,
                                 order_by="Organisation.name")
    users = relationship("User", secondary=network_users,
                         order_by="User.display_name")


@translatable("title", "description", markdown=("description",))
class Round(db.Model):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="online")
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    audience: Mapped[str] = mapped_column(String(20), default="all")
    # Contribution kinds accepted (codes of CONTRIBUTION_KINDS).
    accepted_kinds: Mapped[list] = mapped_column(JSON, default=list)
    # False: new contributions wait for a moderator's approval before they are public.
    publish_immediately: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A network round on a frozen version: invited partners remark on its items.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), index=True)
    # A round for the integration conference after an adoption: participants and invited
    # networks comment on the progress of the adopted measures (remarks on them, kind "remark")
    # and propose new ones. Its version_id is the adopted version.
    adoption_id: Mapped[int | None] = mapped_column(ForeignKey("adoptions.id"), index=True)
    lock_version: Mapped[int] = mapped_column(default=1)

    concept = relationship("Concept")
    version = relationship("Version")
    adoption = relationship("Adoption")
    topics = relationship(Topic, secondary=round_topics,
                          order_by=lambda: (Topic.kind.desc(), Topic.position))
    networks = relationship(Network, secondary=round_networks)
    organisations = relationship("Organisation", secondary=round_organisations)

    __mapper_args__ = {"version_id_col": lock_version}

    def phase(self, now: datetime | None = None) -> str:
        now = now or utcnow()
        if now < as_utc(self.opens_at):
            return "upcoming"
        if now < as_utc(self.closes_at):
            return "open"
        return "closed"

    @property
    def is_open(self) -> bool:
        return self.phase() == "open"

    @property
    def is_conference(self) -> bool:
        return self.adoption_id is not None

    @property
    def phase_label(self) -> str:
        return str(PHASES[self.phase()])

    @property
    def kind_label(self) -> str:
        return ROUND_KINDS.label(self.kind)

    def invites(self, user) -> bool:
        """Whether `user` belongs to the audience of an invited-only round."""
        if self.audience == "all":
            return True
        if not user or not user.is_authenticated:
            return False
        organisation_ids = {o.id for o in self.organisations}
        for network in self.networks:
            if any(u.id == user.id for u in network.users):
                return True
            organisation_ids |= {o.id for o in network.organisations}
        return any(m.organisation_id in organisation_ids for m in user.active_memberships)
