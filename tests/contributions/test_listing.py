"""The list of contributions on round and topic pages: visibility, search, filters, sorts,
pagination."""

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from werkzeug.datastructures import MultiDict

from app.contributions.listing import build_listing
from app.contributions.models import Comment, Support
from app.core.time import utcnow
from app.extensions import db


@pytest.fixture
def listed(app):
    """Titles the listing shows for `args` (as the given user, default anonymous)."""
    def titles(*, round_=None, in_topic=None, user=None, **args):
        round_ = db.session.merge(round_) if round_ is not None else None
        in_topic = db.session.merge(in_topic) if in_topic is not None else None
        listing = build_listing(round_=round_, topic=in_topic, args=MultiDict(args),
                                user=user or AnonymousUserMixin())
        return [row.contribution.title for row in listing.items]

    return titles


def test_visibility_of_statuses(listed, open_round, make_contribution, participant, other,
                                moderator):
    for status in ("published", "pending", "hidden", "withdrawn"):
        make_contribution(round=open_round, author=participant, status=status, title=status)
    make_contribution(round=open_round, author=other, status="pending", title="fremd pending")
    public = {"published", "hidden", "withdrawn"}
    assert set(listed(round_=open_round)) == public
    assert set(listed(round_=open_round, user=other)) == public | {"fremd pending"}
    assert set(listed(round_=open_round, user=participant)) == public | {"pending"}
    assert set(listed(round_=open_round, user=moderator)) == public | {"pending", "fremd pending"}


def test_status_filter_options_depend_on_the_person(app, open_round, moderator):
    round_ = db.session.merge(open_round)
    public = build_listing(round_=round_, args=MultiDict(), user=AnonymousUserMixin())
    staff = build_listing(round_=round_, args=MultiDict(), user=moderator)
    assert [c.value for c in public.form.status.choices] == ["", "published", "withdrawn"]
    assert {"pending", "hidden"} <= {c.value for c in staff.form.status.choices}


def test_search_finds_stemmed_words_through_the_topic_page(client, open_round,
                                                           make_contribution):
    make_contribution(round=open_round, title="Abendangebot",
                      body="Ein Sprachkurs für Eltern am Abend.")
    make_contribution(round=open_round, title="Wohnungen", body="Mehr bezahlbarer Wohnraum.")
    html = client.get("/topics/sprache?q=Sprachkurse").get_data(as_text=True)
    assert "Abendangebot" in html and "Wohnungen" not in html
    assert "1 Beitrag gefunden für „Sprachkurse“" in html


def test_hidden_text_is_not_findable_by_the_public(listed, open_round, make_contribution,
                                                   moderator):
    make_contribution(round=open_round, title="Versteckt", body="Geheimwort hier",
                      status="hidden")
    assert listed(round_=open_round, q="Geheimwort") == []
    assert listed(round_=open_round, q="Geheimwort", user=moderator) == ["Versteckt"]


def test_filters(listed, open_round, make_contribution, make_user, make_organisation):
    sprache, arbeit, anti = open_round.topics[0], open_round.topics[1], open_round.topics[2]
    verein = make_organisation(kind="migrant_organisation", verified=True)
    kommune = make_organisation(kind="municipality", verified=True)
    make_contribution(round=open_round, topic=sprache, kind="goal", title="A",
                      organisation=verein, language="de")
    make_contribution(round=open_round, topic=arbeit, kind="measure", title="B",
                      themes=[anti], organisation=kommune, language="en")
    make_contribution(round=open_round, topic=arbeit, kind="measure", title="C",
                      status="withdrawn", language="ar")
    assert listed(round_=open_round, kind="goal") == ["A"]
    assert sorted(listed(round_=open_round, topic="arbeit")) == ["B", "C"]
    assert listed(round_=open_round, theme="antidiskriminierung") == ["B"]
    assert listed(round_=open_round, status="withdrawn") == ["C"]
    assert listed(round_=open_round, organisation_kind="municipality") == ["B"]
    assert listed(round_=open_round, organisation_kind="person") == ["C"]
    assert listed(round_=open_round, language="ar") == ["C"]
    assert listed(round_=open_round, kind="measure", language="en") == ["B"]
    # Unknown values are ignored rather than failing.
    assert len(listed(round_=open_round, kind="nonsense", topic="x", status="hidden",
                      sort="random", page="abc")) == 3


def test_topic_listing_spans_rounds_and_themes(listed, make_round, make_concept,
                                               make_contribution, make_user):
    concept = make_concept()
    first, second = make_round(concept=concept), make_round(concept=concept, phase="closed")
    invited = make_round(concept=concept, audience="invited")
    sprache, arbeit = concept.topics[0], concept.topics[1]
    make_contribution(round=first, topic=sprache, title="Runde 1")
    make_contribution(round=second, topic=arbeit, themes=[sprache], title="Runde 2 Thema")
    make_contribution(round=second, topic=arbeit, title="Anderes Feld")
    make_contribution(round=invited, topic=sprache, title="Nur eingeladen")
    staff = make_user(roles={"moderator"})
    assert sorted(listed(in_topic=sprache)) == ["Runde 1", "Runde 2 Thema"]
    assert "Nur eingeladen" in listed(in_topic=sprache, user=staff)


def test_sorts(listed, open_round, make_contribution, make_user):
    now = utcnow()
    old = make_contribution(round=open_round, title="alt", created_at=now - timedelta(days=3))
    liked = make_contribution(round=open_round, title="beliebt",
                              created_at=now - timedelta(days=2))
    talked = make_contribution(round=open_round, title="diskutiert",
                               created_at=now - timedelta(days=1))
    people = [make_user() for _ in range(3)]
    for person in people:
        db.session.add(Support(contribution_id=liked.id, user_id=person.id))
        db.session.add(Comment(contribution_id=talked.id, author_id=person.id, body="x",
                               body_html="<p>x</p>"))
    db.session.add(Support(contribution_id=old.id, user_id=people[0].id))
    db.session.add(Comment(contribution_id=old.id, author_id=people[0].id, body="y",
                           body_html="<p>y</p>", status="hidden"))  # hidden: not counted
    db.session.commit()
    assert listed(round_=open_round) == ["diskutiert", "beliebt", "alt"]
    assert listed(round_=open_round, sort="supported") == ["beliebt", "alt", "diskutiert"]
    assert listed(round_=open_round, sort="discussed")[0] == "diskutiert"


def test_counts_are_shown(client, open_round, make_contribution, make_user):
    contribution = make_contribution(round=open_round, title="Gezählt")
    for _ in range(2):
        db.session.add(Support(contribution_id=contribution.id, user_id=make_user().id))
    db.session.add(Comment(contribution_id=contribution.id, author_id=make_user().id, body="x",
                           body_html="<p>x</p>"))
    db.session.commit()
    html = client.get("/topics/sprache").get_data(as_text=True)
    assert "2 Unterstützungen" in html and "1 Kommentar" in html
    assert contribution.reference in html


def test_pagination(client, open_round, make_contribution):
    now = utcnow()
    for n in range(45):
        make_contribution(round=open_round, title=f"Nummer {n:02d}",
                          created_at=now - timedelta(minutes=n))
    first = client.get("/topics/sprache").get_data(as_text=True)
    assert "Nummer 00" in first and "Nummer 19" in first and "Nummer 20" not in first
    assert "45 Beiträge" in first and "Seite 1 von 3" in first
    third = client.get("/topics/sprache?page=3&sort=newest").get_data(as_text=True)
    assert "Nummer 44" in third and "Nummer 39" not in third
    assert "page=2" in third and "sort=newest" in third  # filters survive paging
    # A page beyond the end is empty, not an error.
    assert client.get("/topics/sprache?page=99").status_code == 200


def test_hidden_contribution_is_a_placeholder_line(client, open_round, make_contribution):
    contribution = make_contribution(round=open_round, title="Unflätig", status="hidden")
    contribution.hidden_reason = "Beleidigung"
    db.session.commit()
    html = client.get("/topics/sprache").get_data(as_text=True)
    assert "Unflätig" not in html and "Beleidigung" in html and contribution.reference in html


def test_listing_on_the_round_page(client, open_round, make_contribution):
    make_contribution(round=open_round, title="Auf der Rundenseite")
    html = client.get(f"/rounds/{open_round.id}?q=Rundenseite").get_data(as_text=True)
    assert "Auf der Rundenseite" in html and 'role="search"' in html


def test_topic_filter_names_topics_in_the_readers_language(client, open_round,
                                                           make_contribution):
    """Issue 16: the filter's topic options, like the topic tiles above them."""
    from app.core import translations

    make_contribution(round=open_round)
    sprache = next(t for t in open_round.topics if t.slug == "sprache")
    translations.apply(sprache, {("name", "en"): "Language"})
    db.session.commit()
    html = client.get(f"/rounds/{open_round.id}?lang=en").get_data(as_text=True)
    form = html.split('role="search"', 1)[1].split("</form>", 1)[0]
    assert 'lang="en" value="sprache">Language</option>' in form
    assert 'lang="de" value="arbeit">Arbeit</option>' in form


@pytest.mark.parametrize("who", ["anonymous", "uninvited", "invited", "invited organisation",
                                 "steering"])
def test_topic_page_open_rounds_follow_the_audience(client, login, make_round, make_user,
                                                    make_organisation, make_contribution,
                                                    who):
    """The topic page reads the invited-only rounds once for its list and its open rounds
    (issue 15); who sees the invited round and its contributions stays the same."""
    from app.rounds.models import Network

    make_round(title="Offene Runde")
    invited = make_round(title="Runde nur mit Einladung", kind="network", audience="invited")
    make_contribution(round=invited, topic=invited.topics[0], title="Nur eingeladen")
    member = make_user()
    organisation = make_organisation(verified=True, members=[make_user()])
    invited.networks = [Network(name="Netzwerk Sprache", users=[member])]
    invited.organisations = [organisation]
    db.session.commit()
    viewer = {"uninvited": make_user(), "invited": member,
              "invited organisation": organisation.memberships[0].user,
              "steering": make_user(roles={"steering"})}.get(who)
    if viewer is not None:
        login(viewer)
    html = client.get(f"/topics/{invited.topics[0].slug}").get_data(as_text=True)
    sees = who in ("invited", "invited organisation", "steering")
    assert "Offene Runde" in html
    assert ("Runde nur mit Einladung" in html) == sees
    assert ("Nur eingeladen" in html) == sees


def test_topic_total_and_pages_from_both_parts(app, make_round, make_concept,
                                               make_contribution, make_user):
    """Issue 15: a topic page reads its contributions in two parts (on the topic, tagged with
    it); its total and its pages are those of the one condition they replace: no
    contribution counted twice, the rounds the viewer may not see and others' pending
    contributions left out, the page order across both parts."""
    concept = make_concept()
    first, invited = make_round(concept=concept), make_round(concept=concept,
                                                             audience="invited")
    sprache, arbeit = concept.topics[0], concept.topics[1]
    author, other = make_user(), make_user()
    now = utcnow()
    expected = []
    for n in range(30):  # alternating parts, newest first
        on_topic = n % 3 != 0
        title = f"Beitrag {n:02d}"
        make_contribution(round=first, topic=sprache if on_topic else arbeit,
                          themes=[] if on_topic else [sprache], title=title,
                          created_at=now - timedelta(minutes=n))
        expected.append(title)
    # On the topic and tagged with it too: counted once.
    make_contribution(round=first, topic=sprache, themes=[sprache], title="Doppelt",
                      created_at=now - timedelta(minutes=100))
    expected.append("Doppelt")
    make_contribution(round=first, topic=arbeit, title="Anderes Feld")
    make_contribution(round=invited, topic=sprache, title="Nur eingeladen")
    make_contribution(round=invited, topic=arbeit, themes=[sprache], title="Eingeladen Thema")
    make_contribution(round=first, topic=sprache, author=author, status="pending",
                      title="Eigener Entwurf", created_at=now - timedelta(minutes=200))
    make_contribution(round=first, topic=arbeit, themes=[sprache], author=author,
                      status="pending", title="Eigener Entwurf Thema",
                      created_at=now - timedelta(minutes=201))
    staff = make_user(roles={"moderator"})
    topic = db.session.merge(sprache)

    def listing(user, **args):
        return build_listing(topic=topic, args=MultiDict(args), user=user)

    def all_titles(user):
        pages, number = [], 1
        while True:
            page = listing(user, page=str(number))
            if not page.items:
                return pages
            pages += [row.contribution.title for row in page.items]
            number += 1

    anonymous = AnonymousUserMixin()
    assert listing(anonymous).total == 31
    assert all_titles(anonymous) == expected
    assert listing(other).total == 31
    assert listing(author).total == 33
    assert all_titles(author) == [*expected, "Eigener Entwurf", "Eigener Entwurf Thema"]
    assert listing(staff).total == 35
    assert listing(anonymous, kind="measure").total == 31
    assert listing(anonymous, kind="goal").total == 0
    assert [row.contribution.title for row in listing(anonymous, sort="supported").items] \
        == expected[:20]
