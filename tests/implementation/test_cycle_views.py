"""Pages of the next cycle: opening a round for the integration conference (staff only), a
participant's remark on a measure's progress, the measure page and the process timeline."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.contributions.models import Contribution
from app.extensions import db
from app.rounds.models import Round
from tests.implementation.test_cycle import open_round, remark
from tests.query_counter import queries_for

URL = "/implementation/conference/new"


def form_data(concept, **changes) -> dict:
    today = date.today()
    data = {"title": "Integrationskonferenz 2018", "description": "Wie weit sind wir?",
            "kind": "network", "opens_on": today.isoformat(), "opens_time": "00:00",
            "closes_on": (today + timedelta(days=20)).isoformat(), "closes_time": "23:59",
            "audience": "all", "topics": [str(t.id) for t in concept.topics],
            "accepted_kinds": ["remark", "measure"], "publish": "immediately"}
    return {**data, **changes}


def round_count() -> int:
    return db.session.scalar(select(func.count(Round.id)))


def test_anonymous_and_participants_cannot_open_a_conference_round(client, login, concept,
                                                                   adopted, participant):
    response = client.get(URL)
    assert response.status_code == 302 and "/auth/login" in response.location
    assert client.post(URL, data=form_data(concept)).status_code == 302
    login(participant)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=form_data(concept)).status_code == 403
    assert "Runde zur Integrationskonferenz eröffnen" not in client.get(
        "/implementation/").get_data(as_text=True)
    assert round_count() == 0


def test_without_an_adoption_there_is_nothing_to_open(client, login, concept, draft, moderator):
    login(moderator)
    assert client.get(URL).status_code == 404


def test_staff_open_the_round_from_the_adopted_version(client, login, concept, adopted,
                                                       moderator):
    login(moderator)
    overview = client.get("/implementation/").get_data(as_text=True)
    assert f'href="{URL}"' in overview
    page = client.get(URL).get_data(as_text=True)
    assert "Runde zur Integrationskonferenz eröffnen" in page
    assert f"Integrationskonferenz {date.today().year}: Stand der Umsetzung" in page
    assert "Fassung 1" in page
    # without remarks the round is refused with the reason at the field
    refused = client.post(URL, data=form_data(concept, accepted_kinds=["measure"]))
    assert refused.status_code == 200 and "Anmerkungen zum Stand" in refused.get_data(
        as_text=True)
    assert round_count() == 0
    response = client.post(URL, data=form_data(concept))
    round_ = db.session.scalar(select(Round))
    assert response.status_code == 302 and response.location.endswith(f"/rounds/{round_.id}")
    assert round_.adoption_id == adopted.adoptions[0].id and round_.version_id == adopted.id
    shown = client.get(response.location).get_data(as_text=True)
    assert "Eine Runde zur Integrationskonferenz auf Grundlage der beschlossenen Fassung 1" \
        in shown


def test_a_participant_remarks_on_a_measure_and_it_shows_on_its_page(client, login, concept,
                                                                     adopted, draft,
                                                                     moderator, participant):
    measure = draft.measures[0]
    round_ = open_round(concept, adopted, moderator)
    page = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    link = f"/rounds/{round_.id}/contribute?item={measure.id}"
    assert "Zum Stand dieser Maßnahme beitragen" in page and link in page.replace("&amp;", "&")
    login(participant)
    form = client.get(link).get_data(as_text=True)
    assert f'<option dir="auto" lang="de" selected value="{measure.id}">' in form
    response = client.post(f"/rounds/{round_.id}/contribute", data={
        "kind": "remark", "item": str(measure.id), "topic": str(measure.topic_id),
        "title": "Zweite Gruppe nötig", "body": "Die Abendkurse in Singen sind ausgebucht.",
        "language": "de"})
    assert response.status_code == 302
    contribution = db.session.scalar(select(Contribution))
    assert contribution.item_id == measure.id and contribution.round_id == round_.id
    page = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    section = page[page.index('id="conference"'):page.index('id="story"')]
    assert "Anmerkungen zum Stand" in page and "Zweite Gruppe nötig" in section
    assert "Die Abendkurse in Singen sind ausgebucht." in section
    other = draft.measures[1]
    assert "Zweite Gruppe nötig" not in client.get(
        f"/implementation/measures/{other.id}").get_data(as_text=True)


def test_the_workbench_shows_the_remark(client, login, concept, adopted, draft, moderator,
                                        participant):
    measure = draft.measures[0]
    round_ = open_round(concept, adopted, moderator)
    mine = remark(round_, measure, participant)
    login(moderator)
    topic = client.get(f"/workbench/{measure.topic.slug}").get_data(as_text=True)
    assert mine.reference in topic
    item_page = client.get(f"/concept/items/{measure.id}").get_data(as_text=True)
    assert mine.title in item_page


def test_the_home_page_shows_the_cycle(client, concept, adopted, draft, moderator):
    round_ = open_round(concept, adopted, moderator)
    html = client.get("/").get_data(as_text=True)
    assert "Der Weg zum Konzept und wie es weitergeht" in html
    process = html[html.index('id="process"'):]
    assert process.index("Beschluss von Fassung 1") < process.index(
        "Umsetzung der Maßnahmen aus Fassung 1") < process.index(round_.title)
    assert f'href="/rounds/{round_.id}"' in process
    assert f'datetime="{adopted.adoptions[0].adopted_on.isoformat()}"' in process


def test_measure_page_queries_do_not_grow_with_remarks(app, client, concept, adopted, draft,
                                                       moderator, make_user):
    measure = draft.measures[0]
    round_ = open_round(concept, adopted, moderator)
    remark(round_, measure, make_user())
    url = f"/implementation/measures/{measure.id}"
    before = queries_for(app, client, url)
    second = open_round(concept, adopted, moderator, title="Zweite Runde")
    for i in range(6):
        hidden = remark(second if i % 2 else round_, measure, make_user(), text=f"Stand {i}")
        if i == 3:
            hidden.status = "hidden"
    db.session.commit()
    assert queries_for(app, client, url) == before
