"""The queue and the public log make as many SQL queries with 20 items as with 5."""

import pytest

from app.extensions import db
from app.moderation import services as moderation
from tests.query_counter import queries_for


@pytest.fixture
def populate(app, make_user, make_round, make_contribution, make_comment, make_flag,
             make_organisation):
    """n of everything the queue and the log show: pending, flagged and hidden contributions
    (some on behalf of organisations), flagged and hidden comments, decisions."""
    moderator = make_user(roles={"moderator"})
    round_ = make_round()

    def add(n):
        for i in range(n):
            author = make_user()
            organisation = (make_organisation(verified=True, representatives=[author])
                            if i % 2 else None)
            make_contribution(round=round_, author=author, organisation=organisation,
                              status="pending")
            flagged = make_contribution(round=round_, author=author)
            make_flag(contribution=flagged)
            make_flag(contribution=flagged, reason="Anderer Grund")
            comment = make_comment(contribution=flagged)
            make_flag(comment=comment)
            hidden = make_contribution(round=round_)
            moderation.hide_contribution(hidden, "Spam", actor=moderator)
            hidden_comment = make_comment(contribution=flagged)
            moderation.hide_comment(hidden_comment, "Spam", actor=moderator)
            approved = make_contribution(round=round_, status="pending")
            moderation.approve_contribution(approved, actor=moderator)
        db.session.commit()

    return add


@pytest.mark.parametrize(("path", "anonymous"), [("/moderation/", False),
                                               ("/moderation/log", False),
                                               ("/moderation/log", True)])
def test_query_count_is_constant(app, client, login, make_user, populate, path, anonymous):
    moderation.ensure_default_reasons()
    db.session.commit()
    if not anonymous:
        login(make_user(roles={"moderator"}))
    populate(5)
    few = queries_for(app, client, path)
    populate(15)  # 20 of each now
    many = queries_for(app, client, path)
    print(f"{path} ({'anonymous' if anonymous else 'moderator'}): {few} queries with 5 items, "
          f"{many} with 20")
    assert many == few, f"{path}: {few} queries with few rows, {many} with more"
