"""Fixtures of the moderation tests: staff, comments and flags."""

import pytest

from app.contributions.models import Comment, Flag
from app.core.sanitize import render_markdown
from app.extensions import db


@pytest.fixture
def make_comment(make_contribution, make_user):
    def make(*, contribution=None, author=None, body="Ein Kommentar.", parent=None) -> Comment:
        contribution = contribution or make_contribution()
        comment = Comment(contribution_id=contribution.id, author=author or make_user(),
                          body=body, body_html=render_markdown(body, "basic"),
                          parent_id=parent.id if parent else None)
        db.session.add(comment)
        db.session.commit()
        return comment

    return make


@pytest.fixture
def make_flag(make_user):
    def make(*, contribution=None, comment=None, reporter=None,
             reason="Das ist beleidigend.") -> Flag:
        flag = Flag(contribution_id=contribution.id if contribution else None,
                    comment_id=comment.id if comment else None,
                    reporter_id=(reporter or make_user()).id, reason=reason)
        db.session.add(flag)
        db.session.commit()
        return flag

    return make
