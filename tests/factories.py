"""Factory fixtures: build users, organisations and a concept with a few lines."""

import itertools

import pytest

from app.accounts.models import Membership, Organisation, User, UserRole
from app.concepts.models import Chapter, Concept, Milestone, Topic
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.extensions import db

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@pytest.fixture
def make_user():
    def make(*, roles=(), email=None, display_name=None, confirmed=True, password=PASSWORD,
             language="de", active=True, group=None) -> User:
        n = next(_counter)
        user = User(email=email or f"user{n}@example.org",
                    display_name=display_name or f"Person {n}", language=language,
                    email_confirmed_at=utcnow() if confirmed else None, active=active,
                    group=group, privacy_accepted_at=utcnow())
        user.set_password(password)
        user.role_rows.extend(UserRole(role=r) for r in sorted(set(roles) | {"participant"}))
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_organisation():
    def make(*, name=None, kind="migrant_organisation", verified=False, members=(),
             representatives=()) -> Organisation:
        n = next(_counter)
        organisation = Organisation(name=name or f"Verein {n}", kind=kind,
                                    verified_at=utcnow() if verified else None)
        db.session.add(organisation)
        for user in members:
            db.session.add(Membership(user=user, organisation=organisation,
                                      status=Membership.ACTIVE))
        for user in representatives:
            db.session.add(Membership(user=user, organisation=organisation,
                                      status=Membership.ACTIVE, is_representative=True))
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def make_concept():
    def make(*, published=True, topics=(("sprache", "Sprache", "field"),
                                        ("arbeit", "Arbeit", "field"),
                                        ("antidiskriminierung", "Antidiskriminierung",
                                         "crosscutting")),
             chapters=(("vorwort", "Vorwort"), ("umsetzung", "Umsetzung"))) -> Concept:
        concept = Concept(slug=f"konzept-{next(_counter)}", title="Integrationskonzept",
                          owner="Landkreis", summary="Gemeinsam schreiben.",
                          summary_html=render_markdown("Gemeinsam schreiben."),
                          draft_published=published)
        db.session.add(concept)
        for position, (slug, name, kind) in enumerate(topics, start=1):
            db.session.add(Topic(concept=concept, slug=slug, name=name, kind=kind,
                                 description=f"Über {name}.",
                                 description_html=render_markdown(f"Über {name}."),
                                 position=position))
        for position, (slug, title) in enumerate(chapters, start=1):
            db.session.add(Chapter(concept=concept, slug=slug, title=title,
                                   body=f"Text von {title}.",
                                   body_html=render_markdown(f"Text von {title}."),
                                   position=position))
        from datetime import date

        db.session.add(Milestone(concept=concept, title="Dialogveranstaltung",
                                 starts_on=date(2017, 6, 1)))
        db.session.commit()
        return concept

    return make


@pytest.fixture
def make_round(make_concept):
    """An online round on all topics of a concept; open unless `phase` says otherwise."""
    from datetime import timedelta

    from app.rounds.models import Round

    def make(*, concept=None, phase="open", kind="online", audience="all",
             publish_immediately=True, kinds=("goal", "measure", "municipal_idea",
                                              "best_practice"), title=None):
        concept = concept or db.session.scalar(db.select(Concept)) or make_concept()
        now = utcnow()
        opens, closes = {"open": (now - timedelta(days=1), now + timedelta(days=30)),
                         "upcoming": (now + timedelta(days=5), now + timedelta(days=30)),
                         "closed": (now - timedelta(days=60), now - timedelta(days=1))}[phase]
        round_ = Round(concept=concept, title=title or f"Runde {next(_counter)}",
                       description="Worum es geht.", description_html="<p>Worum es geht.</p>",
                       kind=kind, opens_at=opens, closes_at=closes, audience=audience,
                       accepted_kinds=list(kinds), publish_immediately=publish_immediately)
        round_.topics = list(concept.topics)
        db.session.add(round_)
        db.session.commit()
        return round_

    return make


@pytest.fixture
def make_contribution(make_round, make_user):
    from app.contributions.models import Contribution

    def make(*, round=None, topic=None, author=None, title=None, body="Ein Vorschlag.",
             kind="measure", status="published", organisation=None, language="de",
             themes=(), created_at=None):
        round = round or make_round()
        topic = topic or round.topics[0]
        author = author if author is not None else make_user()
        contribution = Contribution(round=round, topic=topic, kind=kind,
                                    title=title or f"Vorschlag {next(_counter)}", body=body,
                                    body_html=render_markdown(body), language=language,
                                    author=author, organisation=organisation, status=status,
                                    themes=list(themes))
        if created_at:
            contribution.created_at = created_at
        db.session.add(contribution)
        db.session.commit()
        return contribution

    return make


@pytest.fixture
def make_item():
    """Create (and commit) a draft item through the use case; `actor` is who wrote it."""
    from app.concepts import services as concepts

    def make(topic, kind="sub_goal", text=None, *, actor=None, **values):
        item = concepts.create_item(topic, kind=kind,
                                    values={"text": text or f"Ein {kind}.", **values},
                                    actor=actor)
        db.session.commit()
        return item

    return make


# --- people in their roles (tests that need other names make their own with make_user) ---

@pytest.fixture
def participant(make_user):
    return make_user(display_name="Amira")


@pytest.fixture
def other(make_user):
    return make_user(display_name="Bernd")


@pytest.fixture
def moderator(make_user):
    return make_user(roles={"moderator"}, display_name="Mara Moderation",
                     email="mara@example.org")


@pytest.fixture
def staff(moderator):
    """A member of the county's staff: the moderator."""
    return moderator


@pytest.fixture
def admin(make_user):
    return make_user(roles={"admin"}, display_name="Anton Admin")


@pytest.fixture
def steering(make_user):
    return make_user(roles={"steering"}, display_name="Stefan Steuer", email="stefan@example.org")
