"""The pages of versions make as many SQL queries with 12 items as with 3, and the review
overview as many with three voting members as with one (no query per item, per member, per
verdict or per remark)."""

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from app.concepts import services as concepts
from app.extensions import db
from app.versions import services as versions
from app.versions.models import Review
from app.workbench import services as workbench
from tests.query_counter import PAGE_STATEMENTS, count_queries
from tests.versions.view_fixtures import client_for, edit, fresh

VERDICT_CYCLE = [("agree", ""), ("agree_with_remarks", "Bitte genauer fassen."),
                 ("object", "So nicht umsetzbar.")]


@pytest.fixture
def grow(concept, topic, theme, round_, moderator, make_contribution, members):
    """Each call adds `items` draft items to "Sprache" (every kind, some with a theme), each
    based on a contribution and with a partner's remark; freezes version A, changes every item
    (and adds and withdraws one), freezes version B (published), opens a review of B on which
    `voters` steering members vote on every chapter and item, with remarks that staff answer.
    Returns the numbers of A and B."""
    state = SimpleNamespace(items=[], sub_goals=[])

    def add(items: int, voters: int):
        actor = fresh(moderator)
        kinds = ["sub_goal", "measure", "municipal_idea", "best_practice"]
        for i in range(items):
            kind = kinds[(len(state.items)) % len(kinds)]
            if kind == "measure" and not state.sub_goals:
                kind = "sub_goal"
            values = {"text": f"Element {len(state.items)} ({kind})",
                      "themes": [fresh(theme)] if i % 2 else []}
            if kind == "measure":
                values.update(parent_id=state.sub_goals[-1].id, responsible="Amt",
                              partners="Caritas", timeframe="2018")
            item = concepts.create_item(fresh(topic), kind=kind, values=values, actor=actor)
            db.session.commit()
            if kind == "sub_goal":
                state.sub_goals.append(item)
            state.items.append(item)
            source = make_contribution(round=fresh(round_), topic=fresh(topic))
            workbench.link_contributions([source], fresh(item), actor=fresh(moderator))
            remark = make_contribution(round=fresh(round_), topic=fresh(topic), kind="remark",
                                       title=f"Anmerkung zu {item.id}")
            remark.item_id = item.id
            db.session.commit()
        older = versions.freeze_version(fresh(concept), label="Vorher", actor=fresh(moderator),
                                        visibility="published")
        db.session.commit()
        for item in state.items:
            edit(item, moderator, text=f"{fresh(item).text} geändert")
        extra = concepts.create_item(fresh(topic), kind="municipal_idea",
                                     values={"text": "Noch eine Idee"}, actor=fresh(moderator))
        concepts.withdraw_item(extra, reason="doch nicht", actor=fresh(moderator))
        db.session.commit()
        newer = versions.freeze_version(fresh(concept), label="Nachher",
                                        actor=fresh(moderator), visibility="published")
        db.session.commit()
        review = Review(version_id=newer.id, deadline=date.today() + timedelta(days=14),
                        opened_by_id=moderator.id)
        db.session.add(review)
        db.session.commit()
        document = versions.version_document(newer)
        targets = [dict(version_chapter=c) for c in document.chapters] + [
            dict(version_item=i) for i in document.items]
        for member in members[:voters]:
            for n, target in enumerate(targets):
                verdict, remark = VERDICT_CYCLE[n % len(VERDICT_CYCLE)]
                row = versions.record_verdict(review, fresh(member), verdict=verdict,
                                              remark=remark, **target)
                if remark and n % 2:
                    versions.answer_remark(row, answer="Wird berücksichtigt.",
                                           kind="resolved", actor=fresh(moderator))
        db.session.commit()
        return SimpleNamespace(a=older.number, b=newer.number, items=len(document.items))

    return add


PAGES = {
    "version (staff)": ("moderator", "/concept/versions/{b}"),
    "version (public)": ("anonymous", "/concept/versions/{b}"),
    "version (participant)": ("participant", "/concept/versions/{b}"),
    "diff": ("steering", "/concept/versions/{a}/diff/{b}"),
    "diff with the draft": ("moderator", "/concept/versions/{b}/diff/draft"),
    "review part": ("steering", "/review/{b}?part=sprache"),
    "review chapters": ("steering", "/review/{b}?part=chapters"),
    "overview": ("moderator", "/review/{b}/overview"),
    "overview (steering)": ("steering", "/review/{b}/overview"),
    "concept (public)": ("anonymous", "/concept/"),
    "concept (staff)": ("moderator", "/concept/"),
    "versions list": ("moderator", "/concept/versions/"),
}


def statements_for(app, client, path: str) -> list[str]:
    client.get(path)  # the first request may fill caches; count the second
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return list(statements)


def repeated(few: list[str], many: list[str]) -> str:
    """The statements that ran more often with more rows (what to look for when it grows)."""
    before, after = Counter(few), Counter(many)
    grown = [(after[s] - before[s], s) for s in after if after[s] > before[s]]
    return "\n".join(f"+{n}x {' '.join(s.split())[:400]}" for n, s in sorted(grown, reverse=True))


@pytest.fixture
def client_as(app, moderator, member, make_user):
    def make(role):
        if role == "anonymous":
            return app.test_client()
        if role == "participant":
            return client_for(app, make_user())
        return client_for(app, {"moderator": moderator, "steering": member}[role])

    return make


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_items_and_members(app, client_as, grow, page):
    role, path = PAGES[page]
    client = client_as(role)
    small = grow(3, 1)
    few = statements_for(app, client, path.format(**vars(small)))
    large = grow(9, 3)  # 12 items (every kind, with and without a theme), three voting
    many = statements_for(app, client, path.format(**vars(large)))
    print(f"{page}: {len(few)} queries with {small.items} items and one member, {len(many)} "
          f"with {large.items} items and three")
    assert len(many) == len(few), (
        f"{page}: {len(few)} queries with {small.items} items, {len(many)} with {large.items}; "
        f"repeated:\n{repeated(few, many)}")
    assert len(many) <= PAGE_STATEMENTS, f"{page}: {len(many)} statements"


def test_overview_query_count_does_not_grow_with_members(app, client_as, grow, concept, members,
                                                          moderator, make_user):
    """The same version and review: one member voted, then three."""
    voters = [*members, make_user(roles={"steering"}, display_name="Uta Unterstützung")]
    state = grow(8, 1)
    client = client_as("moderator")
    path = f"/review/{state.b}/overview"
    few = statements_for(app, client, path)
    version = versions.version_by_number(fresh(concept), state.b)
    review = version.reviews[0]
    for member in voters[1:]:
        for n, item in enumerate(versions.version_document(version).items):
            verdict, remark = VERDICT_CYCLE[(n + 1) % len(VERDICT_CYCLE)]
            row = versions.record_verdict(review, fresh(member), verdict=verdict,
                                          remark=remark, version_item=item)
            if remark:
                versions.answer_remark(row, answer="Erläutert.", kind="explained",
                                       actor=fresh(moderator))
    db.session.commit()
    many = statements_for(app, client, path)
    print(f"overview: {len(few)} queries with one member, {len(many)} with three")
    assert len(many) == len(few), repeated(few, many)


def test_overview_query_count_does_not_grow_with_answering_staff(app, client_as, grow, concept,
                                                                 make_user):
    """Remarks answered by one staff member, then by four different ones."""
    # The answerer is loaded with the verdict (no query per staff member who answered).
    state = grow(6, 2)
    client = client_as("moderator")
    path = f"/review/{state.b}/overview"
    few = statements_for(app, client, path)
    version = versions.version_by_number(fresh(concept), state.b)
    remarks = [v for v in versions.verdicts_of(version.reviews[0]) if v.remark]
    assert len(remarks) >= 4
    for row in remarks[:4]:
        versions.answer_remark(row, answer="Erläutert.", kind="explained",
                               actor=make_user(roles={"moderator"}))
    db.session.commit()
    many = statements_for(app, client, path)
    print(f"overview: {len(few)} queries with answers by one staff member, {len(many)} with "
          f"answers by five")
    assert len(many) == len(few), repeated(few, many)
