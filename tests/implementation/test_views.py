"""Pages of implementation: who may see and do what, the forms, bad input."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.implementation import services
from app.implementation.models import ProgressEntry
from app.notifications.models import Notification


def test_overview_is_public_once_a_version_is_adopted(client, concept, draft, moderator):
    response = client.get("/implementation/")  # 401 answers with the way to the login
    assert response.status_code == 302 and "/auth/login" in response.location
    from tests.implementation.conftest import adopt

    adopt(concept, moderator)
    page = client.get("/implementation/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Maßnahme sprache 1.1" in html
    assert "Gesamtstand" in html and "0 % umgesetzt" in html
    assert 'max="100" value="0"' in html  # the bar, besides the number in text
    assert "Stand veraltet" not in html  # for staff only


def test_participant_sees_403_before_adoption(client, login, make_user, concept, draft):
    login(make_user())
    assert client.get("/implementation/").status_code == 403


def test_filters_and_counts(client, concept, adopted, draft):
    html = client.get("/implementation/?topic=arbeit").get_data(as_text=True)
    assert "Maßnahme arbeit 1.1" in html and "Maßnahme sprache 1.1" not in html
    html = client.get("/implementation/?theme=antidiskriminierung").get_data(as_text=True)
    assert "Maßnahme arbeit 1.1" in html and "Maßnahme arbeit 1.2" not in html
    html = client.get("/implementation/?responsible=Jobcenter").get_data(as_text=True)
    assert "Maßnahme sprache 1.2" in html and "Maßnahme sprache 1.1" not in html
    # an unknown value is ignored, not an error
    assert client.get("/implementation/?status=nonsense").status_code == 200


def test_measure_page_tells_the_story(client, concept, adopted, draft, idea, moderator):
    measure = draft.measures[0]
    html = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    assert idea.reference in html and "Sprachkurse am Abend" in html
    # the body's name is data in the concept's language, marked as such inside the sentence
    assert ('<span lang="de" dir="ltr">Sozialausschuss</span> beschließt' in html
            and "Neuen Stand melden" not in html)
    assert client.get(f"/implementation/measures/{draft.goals[0].id}").status_code == 404
    assert client.get("/implementation/measures/99999").status_code == 404


def test_the_story_links_only_the_versions_its_reader_may_open(client, login, concept, adopted,
                                                                draft, moderator):
    # Issue 16: an internal version frozen after the adopted one was linked from the story
    # of every measure, and its page is 404 for the public.
    from app.versions import services as versions

    internal = versions.freeze_version(concept, label="Interner Stand", actor=moderator)
    db.session.commit()
    measure = draft.measures[0]
    html = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    assert f'href="/concept/versions/{adopted.number}"' in html
    assert f'href="/concept/versions/{internal.number}"' not in html
    assert "eine interne Fassung, nicht veröffentlicht" in html
    login(moderator)
    html = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    assert f'href="/concept/versions/{internal.number}"' in html
    assert "nicht veröffentlicht" not in html


def test_representative_posts_an_entry(client, login, concept, adopted, draft, moderator,
                                       representative, partner, state_of):
    measure = draft.measures[0]
    url = f"/implementation/measures/{measure.id}/entries"
    login(representative)
    assert client.post(url, data={"happened_on": date.today().isoformat(),
                                  "text": "Hallo"}).status_code == 403
    services.edit_record(state_of(measure), actor=moderator, responsible="", partners="",
                         starts_on=None, ends_on=None, organisations=[partner],
                         progress_override=None)
    db.session.commit()
    page = client.get(f"/implementation/measures/{measure.id}")
    assert "Neuen Stand melden" in page.get_data(as_text=True)
    response = client.post(url, data={"happened_on": date.today().isoformat(),
                                      "text": "Der erste Kurs läuft.", "status": "in_progress",
                                      "progress": "", "link": ""})
    assert response.status_code == 302
    html = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    assert "Der erste Kurs läuft." in html and "Caritas Konstanz" in html


def test_bad_input_on_the_entry_form(client, login, concept, adopted, draft, moderator):
    measure = draft.measures[0]
    url = f"/implementation/measures/{measure.id}/entries"
    login(moderator)
    today = date.today()
    bad = [
        ({"status": "erledigt-vielleicht", "text": "x"}, "Keine gültige Auswahl"),
        ({"progress": "150", "text": "x"}, "zwischen 0 und 100"),
        ({"progress": "viel", "text": "x"}, "Keine gültige, ganze Zahl"),
        ({"happened_on": (today + timedelta(days=3)).isoformat(), "text": "x"}, "Zukunft"),
        ({"happened_on": (today - timedelta(days=4000)).isoformat(), "text": "x"},
         "vor dem Beschluss"),
        ({"happened_on": "gestern", "text": "x"}, "Kein gültiges Datum"),
    ]
    for values, message in bad:
        data = {"happened_on": today.isoformat(), "status": "", **values}
        response = client.post(url, data=data)
        assert response.status_code == 400, values
        assert message in response.get_data(as_text=True), values
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 0


def test_staff_pages_need_staff(client, login, make_user, concept, adopted, draft):
    measure = draft.measures[0]
    for path in ("/implementation/manage", f"/implementation/measures/{measure.id}/edit",
                 "/implementation/statuses"):
        assert client.get(path).status_code == 302  # to the login
    login(make_user())
    for path in ("/implementation/manage", f"/implementation/measures/{measure.id}/edit",
                 "/implementation/statuses"):
        assert client.get(path).status_code == 403
    assert client.post("/implementation/manage", data={"status": "done"}).status_code == 403


def test_bulk_status_from_the_staff_table(client, login, concept, adopted, draft, idea,
                                          moderator, author):
    login(moderator)
    page = client.get("/implementation/manage")
    assert page.status_code == 200 and "Stand veraltet" in page.get_data(as_text=True)
    ids = [str(m.id) for m in draft.measures[:3]]
    response = client.post("/implementation/manage",
                           data={"bulk-status": "done", "bulk-note": "Abgeschlossen 2018",
                                 "m": ids})
    assert response.status_code == 302
    entries = list(db.session.scalars(select(ProgressEntry)))
    assert len(entries) == 3 and all(e.text == "Abgeschlossen 2018" for e in entries)
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == author.id, Notification.kind == "implementation")) == 1
    # unknown status, no selection, a forged id
    assert client.post("/implementation/manage",
                       data={"bulk-status": "fertig", "m": ids}).status_code == 400
    assert client.post("/implementation/manage",
                       data={"bulk-status": "done"}).status_code == 400
    assert client.post("/implementation/manage",
                       data={"bulk-status": "done", "m": ["999999"]}).status_code == 400


def test_edit_record_with_a_stale_form(client, login, concept, adopted, draft, moderator,
                                       partner):
    measure = draft.measures[0]
    url = f"/implementation/measures/{measure.id}/edit"
    login(moderator)
    assert client.get(url).status_code == 200
    data = {"responsible": "Amt", "partners": "", "starts_on": "2018-01-01",
            "ends_on": "2017-01-01", "progress_override": "", "lock_version": ""}
    response = client.post(url, data=data)
    assert response.status_code == 400 and "Ende liegt vor dem Beginn" in response.get_data(
        as_text=True)
    data.update(ends_on="2019-12-31", organisations=[str(partner.id)])
    assert client.post(url, data=data).status_code == 302
    data.update(lock_version="1", responsible="Jemand anderes")
    response = client.post(url, data=data)  # the record is at version 2 now
    assert response.status_code == 409
    data.update(progress_override="140", lock_version="2")
    assert client.post(url, data=data).status_code == 400


def test_hide_an_entry_and_the_public_sees_a_placeholder(client, login, concept, adopted,
                                                         draft, moderator, state_of):
    entry = services.post_entry(state_of(draft.measures[0]), actor=moderator,
                                text="Mit Telefonnummer 0123")
    db.session.commit()
    login(moderator)
    assert client.post(f"/implementation/entries/{entry.id}/hide",
                       data={"reason": ""}).status_code == 400
    assert client.post(f"/implementation/entries/{entry.id}/hide",
                       data={"reason": "Persönliche Daten"}).status_code == 302
    client.post("/auth/logout")
    html = client.get(f"/implementation/measures/{draft.measures[0].id}").get_data(as_text=True)
    assert "Persönliche Daten" in html and "Telefonnummer" not in html


def test_follow_and_notification_settings(client, login, make_user, concept, adopted, draft):
    user = make_user()
    login(user)
    measure = draft.measures[0]
    assert client.post(f"/implementation/measures/{measure.id}/follow").status_code == 302
    assert "Nicht mehr folgen" in client.get(
        f"/implementation/measures/{measure.id}").get_data(as_text=True)
    page = client.get("/me/notifications/settings")
    assert page.status_code == 200
    assert client.post("/me/notifications/settings", data={}).status_code == 302
    from app.notifications.services import opted_out_kinds

    assert opted_out_kinds(user) == {"implementation"}
    client.post("/me/notifications/settings", data={"kinds": ["implementation"]})
    assert opted_out_kinds(user) == set()


def test_me_contributions_shows_the_state(client, login, concept, adopted, draft, idea, author,
                                          moderator, state_of):
    services.post_entry(state_of(draft.measures[0]), actor=moderator,
                        status=services.status_by_code("in_progress"))
    db.session.commit()
    login(author)
    html = client.get("/me/contributions").get_data(as_text=True)
    assert "Umsetzung: in Umsetzung (50 %)" in html


def test_status_list_is_editable(client, login, concept, adopted, moderator):
    login(moderator)
    assert client.get("/implementation/statuses").status_code == 200
    services.ensure_statuses()
    db.session.commit()
    assert client.post("/implementation/statuses",
                       data={"name": "verschoben", "default_progress": "10",
                             "counts_in_rollup": "y"}).status_code == 302
    assert client.post("/implementation/statuses",
                       data={"name": "Geplant", "default_progress": "10"}).status_code == 400
    assert client.post("/implementation/statuses",
                       data={"name": "zu viel", "default_progress": "101"}).status_code == 400
    assert services.status_by_code("verschoben").default_progress == 10


def test_ask_many_for_updates_from_the_staff_table(client, login, concept, adopted, draft,
                                                   moderator, representative, partner,
                                                   state_of):
    from app.core.outbox import OutboxMessage

    services.edit_record(state_of(draft.measures[0]), actor=moderator, responsible="",
                         partners="", starts_on=None, ends_on=None, organisations=[partner],
                         progress_override=None)
    db.session.commit()
    login(moderator)
    response = client.post("/implementation/manage/ask", data={
        "bulk-note": "Bitte bis Freitag.", "m": [str(draft.measures[0].id),
                                                 str(draft.measures[1].id)]},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "1 Bitte um einen neuen Stand ist unterwegs." in html
    assert "1 Maßnahme hat keine verantwortliche Organisation mit Vertretung." in html
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == representative.email and "Bitte bis Freitag." in mail.body


def test_responsible_filter_names_organisations_too(client, concept, adopted, draft,
                                                    moderator, partner, state_of):
    services.edit_record(state_of(draft.measures[3]), actor=moderator, responsible="Jobcenter",
                         partners="", starts_on=None, ends_on=None, organisations=[partner],
                         progress_override=None)
    db.session.commit()
    html = client.get("/implementation/?responsible=Caritas+Konstanz").get_data(as_text=True)
    assert "Maßnahme sprache 2.2" in html and "Maßnahme sprache 1.2" not in html
