"""What the data download shows of a steering member's verdicts on reviewed versions (a hook
of app/accounts/privacy.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts import privacy
from app.accounts.models import User
from app.extensions import db
from app.versions.models import VERDICTS, Review, Verdict, Version

iso = privacy.iso


@privacy.section("review_verdicts", _l("Voten in der Steuerungsgruppe"),
                 values={"verdict": VERDICTS})
def _review_verdicts(user: User) -> list[dict]:
    """A steering member's verdicts and remarks on reviewed versions, with the answers."""
    rows = db.session.execute(
        select(Verdict, Version.number).join(Review, Review.id == Verdict.review_id)
        .join(Version, Version.id == Review.version_id)
        .where(Verdict.user_id == user.id)
        .options(selectinload(Verdict.version_item), selectinload(Verdict.version_chapter))
        .order_by(Verdict.id))
    return [{"version": number,
             "about": v.version_item.label if v.version_item else v.version_chapter.title,
             "verdict": v.verdict, "remark": v.remark, "created_at": iso(v.created_at),
             "updated_at": iso(v.updated_at), "answer": v.answer or None,
             "answered_at": iso(v.answered_at)} for v, number in rows]
