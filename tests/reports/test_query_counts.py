"""The exports make as many SQL queries for a large version or round as for a small one."""

from app.concepts import services as concepts
from app.contributions.models import Comment, Contribution, Support
from app.extensions import db
from app.workbench import services as workbench
from tests.query_counter import queries_for


def _grow_draft(app, draft, n: int) -> None:
    """Add n sub-goals, each with two measures, in the "Sprache" topic."""
    actor = db.session.get(type(draft.staff), draft.staff.id)
    topic = db.session.get(type(draft.topic), draft.topic.id)
    theme = db.session.get(type(draft.theme), draft.theme.id)
    for i in range(n):
        sub = concepts.create_item(topic, kind="sub_goal",
                                   values={"text": f"Unterziel {i}", "themes": [theme]},
                                   actor=actor)
        for j in range(2):
            concepts.create_item(topic, kind="measure", actor=actor, values={
                "text": f"Maßnahme {i}.{j} mit **fettem** Text", "parent_id": sub.id,
                "responsible": "Amt", "partners": "Partner", "timeframe": "2018"})
    db.session.commit()


def test_concept_exports_do_not_grow_with_items(app, client, draft, freeze):
    small = freeze(label="klein")
    _grow_draft(app, draft, 15)
    large = freeze(label="groß")
    for path in ["/export/measures.xlsx", "/export/measures.csv", "/export/concept.docx",
                 "/export/concept.json", "/export/concept/print"]:
        few = queries_for(app, client, f"{path}?version={small}")
        many = queries_for(app, client, f"{path}?version={large}")
        assert few == many, path
        assert many <= 12, path


def _grow_round(app, draft, make_user, make_organisation, n: int) -> None:
    actor = db.session.get(type(draft.staff), draft.staff.id)
    theme = db.session.get(type(draft.theme), draft.theme.id)
    measure = db.session.get(type(draft.measure), draft.measure.id)
    added = []
    for i in range(n):
        author = make_user()
        organisation = (make_organisation(verified=True, representatives=[author])
                        if i % 3 == 0 else None)
        c = Contribution(round_id=draft.round.id, topic_id=draft.topic.id, kind="goal",
                         title=f"Mehr {i}", body="Text", body_html="<p>Text</p>",
                         author_id=author.id, organisation=organisation, themes=[theme])
        db.session.add(c)
        db.session.flush()
        db.session.add(Support(contribution_id=c.id, user_id=make_user().id))
        db.session.add(Comment(contribution_id=c.id, author_id=author.id, body="Ja",
                               body_html="<p>Ja</p>"))
        added.append(c)
    workbench.link_contributions(added[: n // 2], measure, actor=actor)
    db.session.commit()


def test_contributions_export_does_not_grow_with_rows(app, client, login, staff, draft,
                                                      make_user, make_organisation):
    path = f"/export/rounds/{draft.round.id}/contributions.xlsx"
    login(staff)
    few = queries_for(app, client, path)
    _grow_round(app, draft, make_user, make_organisation, 20)
    many = queries_for(app, client, path)
    assert few == many
    assert many <= 13
