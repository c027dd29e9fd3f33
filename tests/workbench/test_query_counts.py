"""The workbench and the draft pages make as many SQL queries with many contributions, items
and links as with few."""

import pytest

from app.concepts import services as concepts
from app.contributions.models import Comment, Support
from app.core import translations
from app.extensions import db
from app.moderation import services as moderation
from app.workbench import services as workbench
from tests.query_counter import PAGE_STATEMENTS, queries_for


@pytest.fixture
def populate(app, make_user, make_contribution, make_organisation, round_, topic, moderator):
    """Adds contributions to `topic` (with supports, comments, themes, organisations) and draft
    items of every kind, linked to them; some duplicates, some not taken up, one hidden and one
    waiting for approval. The first contribution and the first item stay the same."""
    theme = next(t for t in round_.topics if t.kind == "crosscutting")
    state = {"contributions": [], "items": []}

    def add(contributions: int, items: int):
        actor = db.session.get(type(moderator), moderator.id)
        new = []
        for i in range(contributions):
            author = make_user()
            organisation = (make_organisation(verified=True, representatives=[author])
                            if i % 4 == 2 else None)
            contribution = make_contribution(
                round=round_, topic=topic, author=author, organisation=organisation,
                title=f"Vorschlag {len(state['contributions']) + i}",
                body=f"Mehr Sprachkurse am Abend, Variante {i}.",
                themes=[theme] if i % 3 == 0 else [],
                status="pending" if i % 10 == 9 else "published")
            db.session.add(Support(contribution_id=contribution.id, user_id=make_user().id))
            db.session.add(Comment(contribution_id=contribution.id, author_id=author.id,
                                   body="Gut", body_html="<p>Gut</p>"))
            new.append(contribution)
        db.session.commit()
        kinds = ["sub_goal", "measure", "municipal_idea", "best_practice"]
        parents = [i for i in state["items"] if i.kind == "sub_goal"]
        for i in range(items):
            kind = kinds[i % len(kinds)]
            if kind == "measure" and not parents:
                kind = "sub_goal"
            values = {"text": f"Element {len(state['items'])} ({kind})",
                      "themes": [theme] if i % 2 else []}
            if kind == "measure":
                values["parent_id"] = parents[-1].id
            item = concepts.create_item(topic, kind=kind, values=values, actor=actor)
            if kind == "sub_goal":
                parents.append(item)
            state["items"].append(item)
        db.session.commit()
        active = state["items"]
        for i, contribution in enumerate(new):
            if i % 5 in (2, 3, 4):
                continue  # stays pending (and the groups page has something to group)
            if i % 7 == 6 and state["contributions"]:
                workbench.mark_duplicates([contribution], state["contributions"][0],
                                          actor=actor)
            elif i % 6 == 5:
                workbench.decide([contribution], "not_taken_up", reason="Nein", actor=actor)
            else:
                workbench.link_contributions([contribution], active[i % len(active)],
                                             note="passt", actor=actor)
                workbench.link_contributions([contribution], active[0], actor=actor)
        hidden = new[1]
        moderation.hide_contribution(hidden, "Spam", actor=actor)
        db.session.commit()
        state["contributions"].extend(new)
        return state

    return add


PATHS = ["/workbench/", "/workbench/{slug}", "/workbench/{slug}?outcome=all",
         "/workbench/{slug}?outcome=all&open={first}", "/workbench/{slug}/groups",
         "/workbench/{slug}/log", "/concept/", "/concept/items/{item}"]


# The pages issue 15 holds to PAGE_STATEMENTS (the workbench's list and the draft).
BUDGETED = {"/workbench/", "/workbench/{slug}", "/workbench/{slug}?outcome=all", "/concept/"}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_query_count_is_constant(app, client, login, moderator, round_, topic, populate, path,
                                 language):
    """In English the staff content's translations are read too: once per type, whatever the
    number of rows."""
    login(moderator)
    if language == "en":
        theme = next(t for t in round_.topics if t.kind == "crosscutting")
        translations.apply(topic, {("name", "en"): "Language"})
        translations.apply(theme, {("name", "en"): "Anti-discrimination"})
        translations.apply(round_, {("title", "en"): "Online round"})
        db.session.commit()

    def count():
        url = path.format(slug=topic.slug, first=state["contributions"][0].id,
                          item=state["items"][0].id)
        url += ("&" if "?" in url else "?") + f"lang={language}"
        # The first request may compute missing sentence vectors (a cache); count the second.
        client.get(url)
        return queries_for(app, client, url)

    # 7 contributions have every pattern of `populate` (a duplicate, one not taken up with a
    # reason, which an English page reads through translations.copied); 21 have them thrice
    state = populate(7, 3)
    few = count()
    populate(14, 9)
    many = count()
    print(f"{path} ({language}): {few} queries with 7 contributions and 3 items, {many} with "
          "21 and 12")
    assert many == few, f"{path} ({language}): {few} queries with few rows, {many} with more"
    if path in BUDGETED:
        assert many <= PAGE_STATEMENTS, f"{path} ({language}): {many} statements"


@pytest.mark.parametrize("path", ["/concept/", "/concept/items/{item}",
                                  "/contributions/{first}"])
def test_public_query_count_is_constant(app, client, topic, populate, path):
    state = populate(5, 3)

    def count():
        return queries_for(app, client, path.format(item=state["items"][0].id,
                                                    first=state["contributions"][0].id))

    few = count()
    populate(15, 9)
    many = count()
    print(f"{path} (anonymous): {few} queries with 5 contributions and 3 items, {many} with "
          f"20 and 12")
    assert many == few
