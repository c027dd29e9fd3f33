"""What implementation stores about a person, for the data download: the progress entries she
wrote, the measures she follows and the notifications she switched off (one query each)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import privacy
from app.accounts.models import Organisation, User
from app.concepts.models import Item
from app.core.time import as_utc
from app.extensions import db
from app.implementation.models import ImplementationRecord, MeasureFollower, ProgressEntry


def _iso(value):
    return as_utc(value).isoformat() if hasattr(value, "tzinfo") else (
        value.isoformat() if value else None)


@privacy.section("implementation_entries", _l("Berichte zur Umsetzung von Maßnahmen"))
def _entries(user: User) -> list[dict]:
    rows = db.session.execute(
        select(ProgressEntry, Item.text, Organisation.name)
        .join(ImplementationRecord, ImplementationRecord.id == ProgressEntry.record_id)
        .join(Item, Item.id == ImplementationRecord.item_id)
        .outerjoin(Organisation, Organisation.id == ProgressEntry.organisation_id)
        .where(ProgressEntry.author_id == user.id).order_by(ProgressEntry.id))
    return [{"measure": text[:200], "happened_on": _iso(e.happened_on), "text": e.text,
             "link": e.link, "progress": e.progress, "on_behalf_of": organisation,
             "hidden_reason": e.hidden_reason if e.hidden_at else None,
             "created_at": _iso(e.created_at)}
            for e, text, organisation in rows]


@privacy.section("measures_followed", _l("Maßnahmen, denen Sie folgen"))
def _followed(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Item.id, Item.text, MeasureFollower.created_at)
        .join(MeasureFollower, MeasureFollower.item_id == Item.id)
        .where(MeasureFollower.user_id == user.id).order_by(MeasureFollower.id))
    return [{"measure_id": item_id, "measure": text[:200], "since": _iso(created_at)}
            for item_id, text, created_at in rows]
