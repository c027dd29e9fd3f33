"""Who may read, manage and review versions (DESIGN.md, "Permissions")."""

from datetime import date, datetime, timedelta

import pytest
from flask_login import AnonymousUserMixin

from app.core.permissions import can
from app.extensions import db
from app.versions.models import Review


@pytest.fixture
def people(make_user):
    """One user per role, and the anonymous visitor."""
    return {"anonymous": AnonymousUserMixin(),
            "participant": make_user(),
            "moderator": make_user(roles={"moderator"}),
            "steering": make_user(roles={"steering"}),
            "admin": make_user(roles={"admin"})}


def allowed(action, obj, people) -> set[str]:
    return {role for role, user in people.items() if can(action, obj, user=user)}


STAFF_AND_STEERING = {"moderator", "steering", "admin"}
EVERYONE = {"anonymous", "participant", *STAFF_AND_STEERING}


def test_internal_versions_are_for_staff_and_steering(version, people):
    assert version.visibility == "internal"
    assert allowed("version.read", version, people) == STAFF_AND_STEERING


def test_published_versions_are_public(version, people):
    version.visibility = "published"
    db.session.commit()
    assert allowed("version.read", version, people) == EVERYONE


def test_no_version_is_nothing_to_read(people):
    assert allowed("version.read", None, people) == set()


def test_who_sees_internal_versions_manages_them_and_exports_contributions(version, people):
    assert allowed("version.see_internal", None, people) == STAFF_AND_STEERING
    assert allowed("version.manage", version, people) == {"moderator", "admin"}
    assert allowed("export.contributions", None, people) == {"moderator", "admin"}


def test_only_the_steering_group_votes_while_the_review_is_open(review, people):
    assert review.is_open
    assert allowed("review.vote", review, people) == {"steering"}


@pytest.mark.parametrize("change", ["closed", "expired"])
def test_nobody_votes_on_a_closed_or_expired_review(review, people, change):
    if change == "closed":
        review.closed_at = datetime(2017, 12, 1)
    else:
        review.deadline = date.today() - timedelta(days=1)
    db.session.commit()
    assert allowed("review.vote", review, people) == set()


def test_the_deadline_day_is_still_open(version, people):
    review = Review(version=version, deadline=date.today())
    db.session.add(review)
    db.session.commit()
    assert allowed("review.vote", review, people) == {"steering"}
    assert allowed("review.vote", None, people) == set()
