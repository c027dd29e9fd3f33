"""What the data download shows of event cards that carry a person's name, and how deleting
an account takes the name off them (hooks of app/accounts/privacy.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from app.accounts import privacy
from app.accounts.models import GROUPS, User
from app.contributions.models import Contribution
from app.contributions.privacy import CONTRIBUTION_VALUES
from app.events.models import Event, Station
from app.extensions import db

iso = privacy.iso

MATCHED_BY = {"name": _l("Name auf der Karte")}


def credited_by_name(user: User):
    """The condition for event cards that carry `user`'s display name as their author (typed
    by staff from the card, so there is no account behind it). Upper and lower case and
    surrounding spaces do not matter; SQLite compares case only for Latin letters, so an
    exact match counts as well."""
    name = " ".join((user.display_name or "").split())
    credited = func.trim(Contribution.credited_name)
    return and_(Contribution.event_id.is_not(None), Contribution.author_id.is_(None),
                or_(func.lower(credited) == name.lower(), credited == name))


@privacy.section(
    "event_cards", _l("Karten von Dialogveranstaltungen mit Ihrem Namen"),
    values={**CONTRIBUTION_VALUES, "credited_group": GROUPS, "matched_by": MATCHED_BY},
    note=_l("Karten, die auf einer Veranstaltung geschrieben und vom Amt abgetippt wurden, "
            "tragen nur den Namen, der auf der Karte stand, und gehören zu keinem Konto. "
            "Hier stehen die Karten, deren Name genau Ihrem angezeigten Namen entspricht. "
            "Das kann auch eine andere Person mit gleichem Namen sein; eine Karte, deren "
            "Name anders geschrieben wurde, fehlt hier. Bei ausgeblendeten Karten geben "
            "wir den Text deshalb nicht heraus. Wenn Sie eine Karte vermissen oder eine "
            "nicht von Ihnen ist, wenden Sie sich an das Amt."))
def _event_cards(user: User) -> list[dict]:
    if user.deleted_at is not None or not (user.display_name or "").strip():
        return []
    rows = db.session.execute(
        select(Contribution, Event.title, Event.held_on, Station.name)
        .join(Event, Event.id == Contribution.event_id)
        .outerjoin(Station, Station.id == Contribution.station_id)
        .where(credited_by_name(user))
        .options(joinedload(Contribution.topic))
        .order_by(Contribution.id))
    return [{"reference": c.reference, "event": event, "held_on": iso(held_on),
             "station": station, "topic": c.topic.name, "kind": c.kind,
             # Someone else of the same name may have written it: what moderation hid
             # stays hidden (the office can hand it out once it knows who asks). The title
             # is often the card's first words, so it goes too.
             "title": None if c.is_hidden else c.title,
             "body": None if c.is_hidden else c.body,
             "credited_name": c.credited_name, "credited_organisation": c.credited_organisation,
             "credited_group": c.credited_group, "status": c.status,
             "hidden_reason": c.hidden_reason, "outcome": c.outcome,
             "outcome_reason": c.outcome_reason, "created_at": iso(c.created_at),
             "has_photo": bool(c.photo_path), "matched_by": "name"}
            for c, event, held_on, station in rows]


@privacy.on_delete
def _unname_cards(user: User) -> dict[str, int]:
    """The person's name goes from the cards credited to them by name; the cards stay."""
    cards = 0
    if (user.display_name or "").strip():
        cards = db.session.execute(
            Contribution.__table__.update().where(credited_by_name(user))
            .values(credited_name=None)).rowcount
    return {"cards_unnamed": cards}
