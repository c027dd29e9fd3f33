"""The public moderation log: readable without login, and without any personal data."""

from app.extensions import db
from app.moderation import services as moderation
from app.moderation.models import ModerationDecision


def test_the_log_is_public_and_names_no_person(app, client, make_user, make_contribution,
                                               make_comment, make_organisation):
    author = make_user(display_name="Ayşe Autorin", email="ayse@example.org")
    commenter = make_user(display_name="Karl Kommentar", email="karl@example.org")
    moderator = make_user(roles={"moderator"}, display_name="Mara Moderation",
                          email="mara@example.org")
    organisation = make_organisation(name="Verein Brücke", verified=True,
                                     representatives=[author])
    shown = make_contribution(author=author, organisation=organisation, status="pending",
                              title="Patenschaften für Neuankommende")
    hidden = make_contribution(author=author, title="Beleidigender Titel")
    comment = make_comment(contribution=shown, author=commenter)
    moderation.approve_contribution(shown, actor=moderator)
    moderation.hide_contribution(hidden, "Persönlicher Angriff", actor=moderator)
    moderation.hide_comment(comment, "Personenbezogene Daten", actor=moderator)
    moderation.restore_comment(comment, actor=moderator)
    moderation.edit_contribution_with_note(shown, title="Patenschaften für alle",
                                           body="Neuer Text.", note="Tippfehler",
                                           actor=moderator)
    db.session.commit()

    response = client.get("/moderation/log")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for word in ("freigegeben", "ausgeblendet", "wieder sichtbar", "bearbeitet",
                 "Persönlicher Angriff", "Personenbezogene Daten", "Tippfehler",
                 shown.reference, hidden.reference, f"Kommentar zu {shown.reference}",
                 "Patenschaften für alle", f"/contributions/{shown.id}"):
        assert word in page, word
    # the title of hidden content may be why it was hidden
    assert "Beleidigender Titel" not in page
    for personal in ("Ayşe", "ayse@example.org", "Karl Kommentar", "karl@example.org",
                     "Mara Moderation", "mara@example.org", "Verein Brücke", "@example.org"):
        assert personal not in page, personal
    # newest first
    rows = page[page.index("<tbody>"):]
    assert rows.index("bearbeitet") < rows.index("freigegeben")


def test_the_log_hides_titles_of_rounds_with_an_invited_audience(app, client, make_user,
                                                                 make_round, make_contribution):
    moderator = make_user(roles={"moderator"})
    closed_round = make_round(audience="invited")
    contribution = make_contribution(round=closed_round, status="pending",
                                     title="Nur für das Netzwerk")
    moderation.approve_contribution(contribution, actor=moderator)
    db.session.commit()
    page = client.get("/moderation/log").get_data(as_text=True)
    assert contribution.reference in page
    assert "Nur für das Netzwerk" not in page


def test_the_log_is_paginated(app, client, make_user, make_contribution):
    moderator = make_user(roles={"moderator"})
    contribution = make_contribution()
    for n in range(35):
        db.session.add(ModerationDecision(action="edited", contribution_id=contribution.id,
                                          reason=f"Hinweis {n:02d}",
                                          moderator_id=moderator.id))
    db.session.commit()
    first = client.get("/moderation/log").get_data(as_text=True)
    assert "Hinweis 34" in first and "Hinweis 00" not in first
    assert 'rel="next"' in first
    second = client.get("/moderation/log?page=2").get_data(as_text=True)
    assert "Hinweis 00" in second and "Hinweis 34" not in second


def test_the_empty_log(client):
    response = client.get("/moderation/log")
    assert response.status_code == 200
    assert "Bisher hat die Moderation nichts entschieden." in response.get_data(as_text=True)


def test_the_queue_links_the_public_log(client, login, make_user):
    login(make_user(roles={"moderator"}))
    assert 'href="/moderation/log"' in client.get("/moderation/").get_data(as_text=True)
