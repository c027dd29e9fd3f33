"""Public pages of the concept: home, topics, the concept and its chapters."""

from datetime import date

from app.concepts.models import Milestone


def test_home_explains_process_and_lists_topics_and_timeline(client, make_concept):
    make_concept()
    html = client.get("/").get_data(as_text=True)
    assert "So funktioniert es" in html
    assert 'href="/topics/sprache"' in html and 'href="/topics/antidiskriminierung"' in html
    assert "Dialogveranstaltung" in html and "Juni 2017" in html


def test_topic_page(client, make_concept):
    make_concept()
    response = client.get("/topics/arbeit")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 lang="de" dir="ltr">Arbeit</h1>' in html
    assert "Über Arbeit." in html and "Handlungsfeld" in html


def test_unknown_topic_is_404(client, make_concept):
    make_concept()
    assert client.get("/topics/gibt-es-nicht").status_code == 404


def test_concept_page_lists_chapters_and_topics(client, make_concept):
    make_concept()
    html = client.get("/concept/").get_data(as_text=True)
    assert "Vorwort" in html and "Umsetzung" in html and "Antidiskriminierung" in html
    assert client.get("/concept/chapters/vorwort").status_code == 200


def test_unpublished_draft_is_hidden_from_the_public(client, login, make_user, make_concept):
    make_concept(published=False)
    html = client.get("/concept/chapters/vorwort").get_data(as_text=True)
    assert "Text von Vorwort" not in html
    login(make_user(roles={"steering"}))
    html = client.get("/concept/chapters/vorwort").get_data(as_text=True)
    assert "Text von Vorwort" in html


def test_milestone_state():
    milestone = Milestone(title="x", starts_on=date(2017, 7, 1), ends_on=date(2017, 10, 1),
                          precision="month")
    assert milestone.state(date(2017, 6, 30)) == "upcoming"
    assert milestone.state(date(2017, 10, 31)) == "current"
    assert milestone.state(date(2017, 11, 1)) == "done"
