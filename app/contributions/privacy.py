"""What the data download shows of a person's comments, supports and flags (a hook of
app/accounts/privacy.py); their contributions come with the items they fed into, so the
workbench adds those (app/workbench/privacy.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import privacy
from app.accounts.models import GROUPS, LANGUAGE_CHOICES, User
from app.contributions.models import (
    CONTRIBUTION_KINDS,
    OUTCOMES,
    SOURCES,
    STATUSES,
    Comment,
    Contribution,
    Flag,
    Support,
)
from app.extensions import db

FLAG_STATUSES = {"open": _l("offen"), "dismissed": _l("zurückgewiesen"),
                 "actioned": _l("bearbeitet")}
# Readable names of a contribution's coded fields, for every section that lists contributions.
CONTRIBUTION_VALUES = {"kind": CONTRIBUTION_KINDS, "status": STATUSES, "outcome": OUTCOMES,
                       "source": SOURCES, "language": LANGUAGE_CHOICES, "group": GROUPS,
                       "page_language": LANGUAGE_CHOICES}
# What each contribution, comment and support keeps of its writer for the participation
# report: their group and page language then.
TAKING_PART = {"group": GROUPS, "page_language": LANGUAGE_CHOICES}


@privacy.section("comments", _l("Kommentare"), values={"status": STATUSES, **TAKING_PART})
def _comments(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Comment, Contribution.title)
        .join(Contribution, Contribution.id == Comment.contribution_id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.id))
    return [{"id": c.id, "contribution": privacy.reference(c.contribution_id),
             "contribution_title": title, "reply_to": c.parent_id, "body": c.body,
             "status": c.status, "hidden_reason": c.hidden_reason,
             "group": c.participant_group, "page_language": c.ui_language,
             "created_at": privacy.iso(c.created_at), "updated_at": privacy.iso(c.updated_at)}
            for c, title in rows]


@privacy.section("supports", _l("Unterstützungen"), values=TAKING_PART)
def _supports(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Support.contribution_id, Contribution.title, Support.created_at,
               Support.participant_group, Support.ui_language)
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Support.user_id == user.id).order_by(Support.id))
    return [{"contribution": privacy.reference(contribution_id), "contribution_title": title,
             "group": group, "page_language": language, "created_at": privacy.iso(created_at)}
            for contribution_id, title, created_at, group, language in rows]


@privacy.section("flags", _l("Meldungen an die Moderation"), values={"status": FLAG_STATUSES})
def _flags(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Flag.id, Flag.contribution_id, Flag.comment_id, Flag.reason, Flag.status,
               Flag.created_at, Flag.decided_at)
        .where(Flag.reporter_id == user.id).order_by(Flag.id))
    return [{"id": flag_id, "contribution": privacy.reference(contribution_id),
             "comment": comment_id, "reason": reason, "status": status,
             "created_at": privacy.iso(created_at), "decided_at": privacy.iso(decided_at)}
            for flag_id, contribution_id, comment_id, reason, status, created_at, decided_at
            in rows]
