"""Who reaches the staff pages of implementation and the notification settings: nobody without
a login (sent to the login), a participant is refused (403), staff see the form pages with their
breadcrumbs."""

from app.extensions import db
from app.implementation import services


def _status():
    services.ensure_statuses()
    db.session.commit()
    return services.status_by_code("planned")


def _goes_to_login(response) -> bool:
    return response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_notification_settings_need_a_login(client, login, make_user):
    assert _goes_to_login(client.get("/me/notifications/settings"))
    assert _goes_to_login(client.post("/me/notifications/settings", data={}))
    login(make_user())
    assert client.get("/me/notifications/settings").status_code == 200


def test_status_and_record_pages_need_staff(client, login, make_user, concept, adopted, draft):
    status = _status()
    paths = ("/implementation/statuses", f"/implementation/statuses/{status.id}",
             f"/implementation/measures/{draft.measures[0].id}/edit")
    for path in paths:
        assert _goes_to_login(client.get(path)), path
        assert _goes_to_login(client.post(path, data={"name": "anders"})), path
    login(make_user())
    for path in paths:
        assert client.get(path).status_code == 403, path
        assert client.post(path, data={"name": "anders", "default_progress": "5"}
                           ).status_code == 403, path
    db.session.expire_all()
    assert services.status_by_code("planned").name == "geplant"
    assert services.status_by_code("anders") is None


def test_staff_form_pages_lead_back(client, login, concept, adopted, draft, moderator):
    status = _status()
    login(moderator)
    html = client.get(f"/implementation/statuses/{status.id}").get_data(as_text=True)
    assert '<h1>Status bearbeiten</h1>' in html
    assert '<a href="/implementation/statuses">Statusliste</a>' in html
    assert '<span aria-current="page">Status bearbeiten</span>' in html
    measure = draft.measures[0]
    html = client.get(f"/implementation/measures/{measure.id}/edit").get_data(as_text=True)
    assert '<h1>Maßnahme bearbeiten</h1>' in html
    assert '<span aria-current="page">Bearbeiten</span>' in html
    assert html.count(f'href="/implementation/measures/{measure.id}"') == 2  # crumb and cancel
