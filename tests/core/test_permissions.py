"""The mechanisms of app/core/permissions.py: query scopes that agree with their predicates,
explicit users, blueprint guards and the explanation of a refusal."""

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter, NumberConverter

from app.contributions.models import STATUSES, Contribution
from app.core.permissions import RULES, can, visible_contributions, why_not
from app.extensions import db
from tests.conftest import Login
from tests.demo_copy import load_demo_copy

# --- scopes -----------------------------------------------------------------------------------

def test_the_contribution_scope_matches_the_rule_for_every_status(app, make_user,
                                                                  make_contribution,
                                                                  make_round):
    round_ = make_round()
    author = make_user()
    contributions = [make_contribution(round=round_, author=author, status=status)
                     for status in STATUSES]
    others = [make_contribution(round=round_, status=status) for status in STATUSES]
    ids = [c.id for c in contributions + others]
    people = {"anonymous": None, "author": author, "someone else": make_user(),
              "steering": make_user(roles={"steering"}),
              "moderator": make_user(roles={"moderator"}), "admin": make_user(roles={"admin"})}
    for who, user in people.items():
        listed = set(db.session.scalars(
            select(Contribution.id).where(Contribution.id.in_(ids),
                                          visible_contributions(user, Contribution))))
        one_by_one = {c.id for c in contributions + others
                      if can("contribution.view", c, user=user)}
        assert listed == one_by_one, who
    assert len(set(db.session.scalars(select(Contribution.id).where(
        visible_contributions(None, Contribution))))) == 2 * (len(STATUSES) - 1)


def test_the_user_is_never_taken_from_the_request(app, client, login, make_user,
                                                  make_contribution):
    """`user=None` means nobody logged in, even inside a moderator's request."""
    pending = make_contribution(status="pending")
    login(make_user(roles={"moderator"}))
    with client:
        client.get("/")
        assert not can("contribution.view", pending, user=None)
        assert can("contribution.view", pending, user=make_user(roles={"moderator"}))
    with pytest.raises(TypeError):
        can("moderate")  # the user is a required argument


# --- blueprint guards -------------------------------------------------------------------------

def _urls(app, blueprint: str):
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(blueprint + "."):
            continue
        args = {}
        for name in rule.arguments:
            converter = rule._converters.get(name)
            args[name] = (1 if isinstance(converter, NumberConverter) else "up"
                          if isinstance(converter, AnyConverter) else "sprache")
        args = {**args, **(rule.defaults or {})}
        path = rule.build(args, append_unknown=False)[1]
        method = "POST" if "POST" in rule.methods else "GET"
        yield rule.endpoint, method, path


@pytest.mark.parametrize("blueprint, public", [("moderation", {"moderation.log"}),
                                               ("workbench", set())])
def test_every_page_of_a_staff_area_is_guarded(app, client, make_user, make_concept,
                                               blueprint, public):
    make_concept()
    urls = list(_urls(app, blueprint))
    assert len(urls) > 5
    participant = make_user()
    for endpoint, method, path in urls:
        response = client.open(path, method=method)
        if endpoint in public:
            assert response.status_code == 200, path
            continue
        assert response.status_code == 302, path
        assert "/auth/login" in response.headers["Location"], path
    Login(client)(participant)
    for endpoint, method, path in urls:
        if endpoint not in public:
            assert client.open(path, method=method).status_code == 403, path


def test_the_public_moderation_log_stays_public(client, login, make_user):
    assert client.get("/moderation/log").status_code == 200
    login(make_user())
    assert client.get("/moderation/log").status_code == 200


# --- roles -----------------------------------------------------------------------------------

def test_an_admin_may_do_everything_a_moderator_may(app, make_user):
    """Every rule, on an object of every kind of the demo (and on none): what a moderator may,
    an admin may too. The crawls rely on it (tests/core/test_fuzz.py, SEES_MORE_THAN): an
    admin's crawl skips the pages moderators read, and the link walk does not ask again as an
    admin for the links that opened for moderators."""
    load_demo_copy()
    first_of_each = (db.session.scalars(select(mapper.class_).limit(1)).first()
                     for mapper in db.Model.registry.mappers)
    objects = [None, *(obj for obj in first_of_each if obj is not None)]
    moderator, admin = make_user(roles={"moderator"}), make_user(roles={"admin"})
    checked = set()
    for rule in RULES:
        for obj in objects:
            try:
                allowed = can(rule, obj, user=moderator)
            except (AttributeError, TypeError):
                continue  # an object of another kind than the rule is about
            checked.add(rule)
            assert not allowed or can(rule, obj, user=admin), (rule, obj)
    assert checked == set(RULES)


# --- why not ----------------------------------------------------------------------------------

@pytest.mark.parametrize("phase, reason", [("upcoming", "upcoming"), ("closed", "closed")])
def test_why_not_explains_the_phase(app, make_user, make_round, phase, reason):
    round_ = make_round(phase=phase)
    with app.test_request_context("/"):
        explanation = why_not("contribution.create", round_, user=make_user())
    assert explanation.reason == reason and "Diese Runde" in explanation


def test_why_not_is_none_when_allowed(app, make_user, make_round):
    round_ = make_round()
    with app.test_request_context("/"):
        assert why_not("contribution.create", round_, user=make_user()) is None
        refusal = why_not("contribution.create", round_, user=AnonymousUserMixin())
        assert refusal.reason == "login" and "melden Sie sich bitte an" in refusal
        assert why_not("contribution.create", round_,
                       user=make_user(confirmed=False)).reason == "confirm"
        assert why_not("moderate", user=None) is None  # nothing to explain


def test_the_version_list_scope_matches_the_rule_but_for_invited_partners(app, make_user,
                                                                          make_concept):
    from app.core.permissions import listed_versions
    from app.versions.models import Version

    concept = make_concept()
    published = Version(concept_id=concept.id, number=1, label="eins", visibility="published")
    internal = Version(concept_id=concept.id, number=2, label="zwei", visibility="internal")
    db.session.add_all([published, internal])
    db.session.commit()
    for user in (None, make_user(), make_user(roles={"steering"}),
                 make_user(roles={"moderator"})):
        listed = set(db.session.scalars(select(Version.id).where(
            Version.concept_id == concept.id, listed_versions(user, Version))))
        assert listed == {v.id for v in (published, internal)
                          if can("version.read", v, user=user)}
