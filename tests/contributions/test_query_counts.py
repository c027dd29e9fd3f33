"""The contribution pages make as many SQL queries with 200 contributions or comments as with 10."""

import pytest

from app.contributions.models import Comment, Contribution, Support
from app.core.sanitize import render_markdown
from app.extensions import db
from tests.query_counter import PAGE_STATEMENTS

QUERY_COUNTS: dict[str, int] = {}  # path kind -> queries, printed with -s for the report


@pytest.fixture
def crowd(make_user, make_organisation):
    """Twenty people and two verified organisations to spread contributions over."""
    people = [make_user() for _ in range(20)]
    organisations = [make_organisation(verified=True, representatives=people[:2]),
                     make_organisation(kind="municipality", verified=True)]
    return people, organisations


def add_contributions(round_, n, people, organisations, *, author=None):
    theme = next(t for t in round_.topics if t.kind == "crosscutting")
    field = next(t for t in round_.topics if t.kind == "field")
    added = []
    for i in range(n):
        body = f"Ein Sprachkurs mit Nummer {i} und **Markdown**."
        contribution = Contribution(
            round=round_, topic=field, kind="measure", title=f"Vorschlag {i}", body=body,
            body_html=render_markdown(body), author=author or people[i % len(people)],
            organisation=organisations[i % 2] if i % 3 == 0 else None,
            themes=[theme] if i % 2 else [],
            status=("published", "published", "withdrawn", "hidden", "pending")[i % 5],
            hidden_reason="Grund" if i % 5 == 3 else None)
        db.session.add(contribution)
        added.append(contribution)
    db.session.flush()
    for i, contribution in enumerate(added):
        supporter = people[(i + 1) % len(people)]
        db.session.add(Support(contribution_id=contribution.id, user_id=supporter.id))
        db.session.add(Comment(contribution_id=contribution.id, author_id=supporter.id,
                               body="Gut", body_html="<p>Gut</p>"))
    db.session.commit()


def add_comments(contribution, n, people, supporters=()):
    """`n` comments: threads of four levels (comment, reply, reply, reply), some hidden."""
    parent = None
    for i in range(n):
        comment = Comment(contribution_id=contribution.id, author_id=people[i % len(people)].id,
                          parent_id=parent.id if parent and i % 4 else None,
                          body=f"Kommentar {i}", body_html=f"<p>Kommentar {i}</p>",
                          status="hidden" if i % 7 == 6 else "published",
                          hidden_reason="Grund" if i % 7 == 6 else None)
        db.session.add(comment)
        db.session.flush()
        parent = comment
    for person in supporters:
        db.session.add(Support(contribution_id=contribution.id, user_id=person.id))
    db.session.commit()


def _record(name, few, many):
    QUERY_COUNTS[name] = few
    assert few == many, f"{name}: {few} queries with few rows, {many} with many"


def invited_round(make_round, people, organisations, *, invited=()):
    """An open network round on the topics (invited only): a network of two people and an
    organisation, and one more organisation invited directly."""
    from app.rounds.models import Network

    round_ = make_round(phase="open", kind="network", audience="invited")
    network = Network(name=f"Netzwerk {round_.id}", users=[*people[:2], *invited],
                      organisations=organisations[:1])
    round_.networks = [network]
    round_.organisations = organisations[1:]
    db.session.commit()
    return round_


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator"])
def test_topic_page(client, login, queries_for, open_round, crowd, make_user, make_round,
                    who):
    """With an invited-only round open on the topic (the participant invited to it): the
    topic page checks the audiences of its list and of its open rounds (issue 15)."""
    people, organisations = crowd
    user = make_user(roles={"moderator"} if who == "moderator" else ())
    invited_round(make_round, people, organisations, invited=[user])
    if who != "anonymous":
        login(user)
    add_contributions(open_round, 10, people, organisations)
    few = queries_for("/topics/sprache")
    add_contributions(open_round, 190, people, organisations)
    many = queries_for("/topics/sprache")
    many_filtered = queries_for("/topics/sprache?q=Sprachkurs&sort=supported&theme="
                                "antidiskriminierung")
    _record(f"topic page ({who})", few, many)
    assert many_filtered == many
    assert many <= PAGE_STATEMENTS, f"topic page ({who}): {many} statements"


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator"])
def test_round_page(client, login, queries_for, open_round, crowd, make_user, who):
    people, organisations = crowd
    if who != "anonymous":
        login(make_user(roles={"moderator"} if who == "moderator" else ()))
    add_contributions(open_round, 10, people, organisations)
    few = queries_for(f"/rounds/{open_round.id}")
    add_contributions(open_round, 190, people, organisations)
    many = queries_for(f"/rounds/{open_round.id}?sort=discussed")
    _record(f"round page ({who})", few, many)
    assert many <= PAGE_STATEMENTS, f"round page ({who}): {many} statements"


def test_my_contributions(client, login, queries_for, open_round, crowd, participant):
    people, organisations = crowd
    login(participant)
    add_contributions(open_round, 10, people, organisations, author=participant)
    few = queries_for("/me/contributions")
    add_contributions(open_round, 190, people, organisations, author=participant)
    many = queries_for("/me/contributions")
    _record("/me/contributions", few, many)


@pytest.mark.parametrize("who", ["anonymous", "participant", "author", "moderator"])
def test_contribution_page(client, login, queries_for, open_round, crowd, participant,
                           make_user, make_contribution, who):
    people, organisations = crowd
    contribution = make_contribution(round=open_round, author=participant,
                                     organisation=None, themes=[open_round.topics[-1]])
    if who == "author":
        login(participant)
    elif who != "anonymous":
        login(make_user(roles={"moderator"} if who == "moderator" else ()))
    add_comments(contribution, 10, people, supporters=people[:3])
    few = queries_for(f"/contributions/{contribution.id}")
    add_comments(contribution, 190, people, supporters=people[3:])
    many = queries_for(f"/contributions/{contribution.id}")
    _record(f"contribution page ({who})", few, many)


def test_history_page(client, login, queries_for, make_contribution, participant, app):
    from app.contributions import services

    contribution = make_contribution(author=participant)
    login(participant)

    def edit(times):
        c = db.session.get(Contribution, contribution.id)
        for i in range(times):
            services.edit_contribution(c, editor=participant, title=f"T{c.lock_version}",
                                       body=f"Text {c.lock_version} {i}")
            db.session.commit()

    edit(3)
    few = queries_for(f"/contributions/{contribution.id}/history")
    edit(30)
    many = queries_for(f"/contributions/{contribution.id}/history")
    _record("history", few, many)


# What the pages cost an anonymous visitor today (the report quotes these): more is a regression.
ANONYMOUS_BUDGETS = {"topic page": 10, "round page": 8, "contribution page": 13}


def test_print_counts(client, queries_for, open_round, crowd):
    """The anonymous pages stay within their query budgets; run with -s to see the counts of
    every page measured in this process (for the report)."""
    people, organisations = crowd
    add_contributions(open_round, 10, people, organisations)
    contribution = db.session.scalar(db.select(Contribution).where(
        Contribution.status == "published").limit(1))
    counts = {"topic page": queries_for("/topics/sprache"),
              "round page": queries_for(f"/rounds/{open_round.id}"),
              "contribution page": queries_for(f"/contributions/{contribution.id}")}
    for name, n in sorted({**QUERY_COUNTS, **counts}.items()):
        print(f"{name}: {n} queries")
    over = {name: (n, ANONYMOUS_BUDGETS[name]) for name, n in counts.items()
            if n > ANONYMOUS_BUDGETS[name]}
    assert not over, f"queries over budget (count, budget): {over}"
