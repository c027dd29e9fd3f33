"""A person can download all their data and delete their account; nothing they wrote is lost;
mails and notifications are kept no longer than the retention period."""

import io
import json
import zipfile
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.accounts.models import Membership, User
from app.accounts.privacy import export_user_data, purge_expired
from app.contributions.models import Comment, Contribution
from app.core.audit import AuditEntry
from app.core.outbox import OutboxMessage
from app.core.time import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.rounds.models import network_users
from tests.accounts.everything import EMAIL, IP, NAME, person_who_did_everything
from tests.factories import PASSWORD


@pytest.fixture
def everything(app, make_user, make_round, make_contribution):
    return person_who_did_everything(app, make_user, make_round, make_contribution)


def _export(app, user):
    return export_user_data(db.session.get(User, user.id))


def _is_utc_time(value) -> bool:
    return datetime.fromisoformat(value).utcoffset() == timedelta(0)


def _download(client):
    response = client.get("/me/data/download")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="konzeptwerkstatt-meine-daten-')
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["meine-daten.html", "meine-daten.json"]
    return (json.loads(archive.read("meine-daten.json")),
            archive.read("meine-daten.html").decode())


# --- the export, field by field ---------------------------------------------------------------

def test_export_holds_every_kind_of_record_field_by_field(app, everything):
    e = everything
    data = _export(app, e.person)
    assert (data["format"], data["format_version"]) == ("konzeptwerkstatt-personal-data", 1)
    assert _is_utc_time(data["exported_at"])

    account = data["account"]
    assert {k: account[k] for k in ("id", "email", "display_name", "language", "group",
                                    "roles", "active")} == {
        "id": e.person.id, "email": EMAIL, "display_name": NAME, "language": "de",
        "group": "migration_history", "roles": ["participant", "steering"], "active": True}
    for key in ("created_at", "email_confirmed_at", "privacy_accepted_at"):
        assert _is_utc_time(account[key]), key
    assert account["last_login_at"] is None
    assert data["notification_settings"] == {"email_notifications": "immediately"}

    (organisation,) = data["organisations"]
    assert organisation | {"created_at": None} == {
        "id": e.organisation.id, "name": "Brücke e.V.", "kind": "migrant_organisation",
        "description": "Wir begleiten Neuankommende.", "place": "Konstanz",
        "website": "https://bruecke.example.org", "created_at": None, "verified": False}
    (membership,) = data["memberships"]
    assert membership | {"requested_at": None, "decided_at": None} == {
        "organisation": "Brücke e.V.", "organisation_id": e.organisation.id,
        "status": "active", "representative": True, "message": "", "requested_at": None,
        "decided_at": None}
    assert data["networks"] == [{"id": e.network.id, "name": "Netzwerk Sprache"}]

    (contribution,) = data["contributions"]
    (revision,) = contribution.pop("revisions")
    (link,) = contribution.pop("items")
    assert _is_utc_time(contribution.pop("outcome_at"))
    assert _is_utc_time(contribution.pop("created_at"))
    assert _is_utc_time(contribution.pop("updated_at"))
    assert contribution == {
        "reference": e.contribution.reference, "id": e.contribution.id,
        "round": "Online-Beteiligung 2026", "topic": "Sprache", "kind": "measure",
        "title": "Abendkurse für Berufstätige",
        "body": "Kurse am Abend anbieten, mit Kinderbetreuung.", "language": "de",
        "group": "migration_history", "page_language": "de", "themes": [],
        "organisation": None, "source": "online", "status": "published",
        "hidden_reason": None, "hidden_at": None, "outcome": "incorporated",
        "outcome_reason": "", "forwarded_to": "", "duplicate_of": None}
    assert _is_utc_time(revision.pop("edited_at"))
    assert revision == {"title": "Abendkurse", "body": "Kurse am Abend anbieten.",
                        "edited_by_you": True, "note": ""}
    assert _is_utc_time(link.pop("linked_at"))
    assert link == {"item": "Unterziel: Sprachkurse ausbauen", "topic": "Sprache",
                    "note": "Kern des Unterziels", "removed_at": None, "item_withdrawn": False}

    (remark,) = data["remarks"]
    assert remark["reference"] == e.remark.reference
    assert (remark["kind"], remark["about_item"], remark["title"], remark["body"]) == (
        "remark", "Unterziel: Sprachkurse ausbauen", "Zu den Sprachkursen",
        "Bitte auch online.")
    assert set(remark) == set(contribution) | {"about_item", "revisions", "items", "created_at",
                                               "updated_at", "outcome_at"}

    (comment,) = data["comments"]
    assert _is_utc_time(comment.pop("created_at")) and _is_utc_time(comment.pop("updated_at"))
    assert comment == {"id": e.comment.id, "contribution": e.others.reference,
                       "contribution_title": "Sprachcafé", "reply_to": None,
                       "body": "Gute Idee!", "status": "published", "hidden_reason": None,
                       "group": "migration_history", "page_language": "de"}
    (support,) = data["supports"]
    assert support | {"created_at": None} == {
        "contribution": e.others.reference, "contribution_title": "Sprachcafé",
        "group": "migration_history", "page_language": "de", "created_at": None}
    (flag,) = data["flags"]
    assert flag | {"created_at": None} == {
        "id": e.flag.id, "contribution": e.others.reference, "comment": None,
        "reason": "Enthält eine Telefonnummer.", "status": "open", "created_at": None,
        "decided_at": None}

    # Only the card whose name matches (case and spaces aside); "Amina Y." is someone else.
    (card,) = data["event_cards"]
    assert _is_utc_time(card.pop("created_at"))
    assert card == {
        "reference": e.card.reference, "event": "Dialogveranstaltung im Juni",
        "held_on": "2026-06-20", "station": "Tisch Sprache", "topic": "Sprache",
        "kind": "measure", "title": "Mehr Sprachkurse auf dem Land.",
        "body": "Mehr Sprachkurse auf dem Land.", "credited_name": "amina yilmaz",
        "credited_organisation": None, "credited_group": "volunteer", "status": "published",
        "hidden_reason": None, "outcome": "pending", "outcome_reason": "",
        "has_photo": False, "matched_by": "name"}
    assert "gleichem Namen" in data["notes"]["event_cards"]

    (verdict,) = data["review_verdicts"]
    assert verdict | {"created_at": None, "updated_at": None, "answered_at": None} == {
        "version": e.version.number, "about": "Unterziel: Sprachkurse ausbauen",
        "verdict": "object", "remark": "Wer bezahlt die Kurse?", "answer": "Der Landkreis.",
        "created_at": None, "updated_at": None, "answered_at": None}

    outcome, answered = data["notifications"]
    assert outcome | {"id": None, "created_at": None, "emailed_at": None} == {
        "id": None, "kind": "outcome",
        "message": "Was aus Ihrem Beitrag „Abendkurse für Berufstätige“ geworden ist: "
                   "eingeflossen",
        "link": f"/contributions/{e.contribution.id}#outcome-title", "created_at": None,
        "read_at": None, "emailed_at": None}
    assert answered["kind"] == "remark_answered"
    mails = data["mails"]
    assert [m["kind"] for m in mails] == ["notification:outcome",
                                         "notification:remark_answered"]
    assert set(mails[0]) == {"kind", "subject", "recipient", "status", "created_at", "sent_at"}
    assert mails[0]["recipient"] == EMAIL and mails[0]["status"] == "queued"

    entries = {entry["action"]: entry for entry in data["audit_entries"]}
    assert set(entries) == {"user.profile_updated", "user.roles_changed",
                            "organisation.created", "contribution.created",
                            "contribution.edited", "content.flagged", "review.verdict"}
    mine = entries["user.profile_updated"]
    assert mine | {"id": None, "created_at": None} == {
        "id": None, "created_at": None, "action": "user.profile_updated",
        "object_type": "users", "object_id": e.person.id, "summary": "",
        "before": {"group": "volunteer"}, "after": {"group": "migration_history"},
        "by": "you", "ip_address": IP}
    by_staff = entries["user.roles_changed"]
    assert (by_staff["by"], by_staff["ip_address"]) == ("staff", None)
    assert by_staff["after"] == {"roles": ["participant", "steering"]}


def test_export_of_someone_else_holds_none_of_it(app, everything):
    data = _export(app, everything.other)
    assert data["contributions"][0]["title"] == "Sprachcafé"
    for key in ("remarks", "comments", "supports", "flags", "event_cards", "review_verdicts",
                "organisations", "memberships", "networks"):
        assert data[key] == [], key
    assert "Abendkurse" not in json.dumps(data, ensure_ascii=False)


def test_hidden_card_matched_by_name_keeps_its_text_back(app, everything):
    card = db.session.get(Contribution, everything.card.id)
    card.status, card.hidden_reason = "hidden", "Persönliche Angaben"
    db.session.commit()
    (exported,) = _export(app, everything.person)["event_cards"]
    assert (exported["title"], exported["body"], exported["hidden_reason"]) == (
        None, None, "Persönliche Angaben")


# --- the page and the download ----------------------------------------------------------------

def test_data_page_explains_and_counts(client, login, everything):
    login(everything.person)
    response = client.get("/me/data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'href="/me/data/download"' in page
    assert "Karten von Dialogveranstaltungen mit Ihrem Namen" in page
    assert "180 Tage" in page


def test_download_is_a_zip_with_json_and_readable_html(client, login, everything):
    e = everything
    login(e.person)
    entries_before = db.session.scalar(select(func.count(AuditEntry.id)))
    data, html = _download(client)

    assert data["account"]["email"] == EMAIL
    assert [c["reference"] for c in data["contributions"]] == [e.contribution.reference]
    # The readable copy: every kind of record, with labels and values in the reader's words.
    assert '<html lang="de" dir="ltr">' in html and "<link" not in html and "<script" not in html
    for text in ("Konto", "amina@example.org", "Person mit Migrationsgeschichte",
                 "Benachrichtigungen per E-Mail", "sofort", "Brücke e.V.", "Migrantenorganisation",
                 "Netzwerk Sprache", "Abendkurse für Berufstätige", "Frühere Fassungen",
                 "Kurse am Abend anbieten.", "eingeflossen", "Unterziel: Sprachkurse ausbauen",
                 "Kern des Unterziels", "Zu den Sprachkursen", "Gute Idee!", "Sprachcafé",
                 "Enthält eine Telefonnummer.", "Mehr Sprachkurse auf dem Land.",
                 "Name auf der Karte", "Wer bezahlt die Kurse?", "Der Landkreis.", "Einwand",
                 "Was aus Ihrem Beitrag", "Neuigkeiten aus der Konzeptwerkstatt",
                 "user.roles_changed", "Mitarbeitende der Plattform", IP):
        assert text in html, text
    assert "Busse am Abend." not in html  # the card of another Amina
    # GET reads only.
    assert db.session.scalar(select(func.count(AuditEntry.id))) == entries_before


def test_download_is_in_the_readers_language(client, login, everything):
    login(everything.person)
    client.get("/?lang=en")
    data, html = _download(client)
    assert '<html lang="en" dir="ltr">' in html
    assert data["contributions"][0]["outcome"] == "incorporated"  # codes stay codes


def test_download_needs_login(client):
    response = client.get("/me/data/download")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_export_queries_do_not_grow_with_rows(app, client, login, everything,
                                              make_contribution):
    """One query per kind of record, however many rows there are."""
    from tests.query_counter import count_queries

    e = everything
    login(e.person)

    def add(n):
        from app.contributions import services as contributions
        from app.workbench import services as workbench

        for i in range(n):
            own = make_contribution(round=e.round, author=e.person, title=f"Mehr {i}")
            contributions.edit_contribution(own, editor=e.person, title=f"Mehr {i}!",
                                            body="Geändert.")
            workbench.link_contributions([own], e.item, actor=e.moderator)
            remark = make_contribution(round=e.round, author=e.person, kind="remark")
            remark.item_id = e.item.id
            others = make_contribution(round=e.round, author=e.other)
            contributions.add_comment(others, author=e.person, body=f"Kommentar {i}")
            contributions.toggle_support(others, e.person)
            contributions.flag_content(reporter=e.person, reason="Bitte prüfen.",
                                       contribution=others)
            db.session.add(Contribution(
                round_id=e.round.id, topic_id=e.topic.id, kind="measure", title="Karte",
                body="Karte", body_html="<p>Karte</p>", source="event",
                event_id=e.event.id, station_id=e.station.id, credited_name=NAME))
        db.session.commit()

    def queries(path):
        with count_queries(app) as statements:
            response = client.get(path)
        assert response.status_code == 200
        return len(statements)

    few = {path: queries(path) for path in ("/me/data", "/me/data/download")}
    add(6)
    many = {path: queries(path) for path in ("/me/data", "/me/data/download")}
    assert len(_export(app, e.person)["contributions"]) == 7
    assert many == few


# --- deleting an account ----------------------------------------------------------------------

def test_delete_account_anonymises(client, login, make_user, make_organisation):
    user = make_user(email="weg@example.org", display_name="Weg")
    make_organisation(representatives=[user])
    login(user)
    response = client.post("/me/delete", data={"password": "falsch", "confirm": "y"})
    assert response.status_code == 200
    response = client.post("/me/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    db.session.refresh(user)
    assert user.email != "weg@example.org" and "Weg" not in user.display_name
    assert user.deleted_at is not None and not user.is_active
    membership = db.session.scalar(select(Membership))
    assert membership.status == "ended" and not membership.is_representative
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deleted"))
    # the session is gone and the old credentials no longer work
    assert client.get("/me/profile").status_code == 302
    response = client.post("/auth/login", data={"email": "weg@example.org",
                                                "password": PASSWORD})
    assert response.status_code == 200


def test_delete_account_removes_name_on_cards_mails_and_notifications(client, login,
                                                                       everything):
    e = everything
    sent = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == EMAIL)
                             .limit(1))
    sent.status, sent.sent_at = "sent", utcnow()
    db.session.commit()
    login(e.person)
    response = client.post("/me/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    db.session.expire_all()
    assert db.session.get(Contribution, e.card.id).credited_name is None
    assert db.session.get(Contribution, e.stranger_card.id).credited_name == "Amina Y."
    assert not db.session.scalars(select(OutboxMessage).where(
        (OutboxMessage.user_id == e.person.id) | (OutboxMessage.recipient == EMAIL))).all()
    assert not db.session.scalars(select(Notification).where(
        Notification.user_id == e.person.id)).all()
    assert db.session.scalar(select(func.count()).select_from(network_users)) == 0
    # Other people's notifications stay; what the person wrote stays, anonymised.
    assert db.session.scalar(select(Notification).where(Notification.user_id == e.other.id))
    contribution = db.session.get(Contribution, e.contribution.id)
    assert contribution.author_id == e.person.id and contribution.body.startswith("Kurse")
    assert contribution.author.display_name == "Gelöschtes Konto"
    assert db.session.get(Comment, e.comment.id).body == "Gute Idee!"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deleted"))
    assert entry.after == {"cards_unnamed": 1, "mails_deleted": 2, "notifications_deleted": 2}
    # Nothing is left to find by name.
    assert export_user_data(db.session.get(User, e.person.id))["event_cards"] == []


def test_last_admin_cannot_delete_themselves(client, login, make_user):
    admin = make_user(roles={"admin"})
    login(admin)
    response = client.post("/me/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 200
    db.session.refresh(admin)
    assert admin.deleted_at is None


# --- retention --------------------------------------------------------------------------------

@pytest.fixture
def aged(make_user):
    """Mails in every state and notifications, 200 and 10 days old."""
    user = make_user()
    old, new = utcnow() - timedelta(days=200), utcnow() - timedelta(days=10)
    rows = {}
    for status in ("queued", "sent", "failed"):
        for age, created in (("old", old), ("new", new)):
            rows[f"{status}-{age}"] = OutboxMessage(
                recipient=user.email, user_id=user.id, subject=f"{status} {age}", body="…",
                kind="test", status=status, created_at=created)
    for age, created in (("old", old), ("new", new)):
        rows[f"notification-{age}"] = Notification(user_id=user.id, kind="invitation",
                                                   params={"title": age}, created_at=created)
    db.session.add_all(rows.values())
    db.session.commit()
    return {key: row.id for key, row in rows.items()}


def test_purge_deletes_old_sent_and_failed_mails_and_old_notifications(app, aged):
    removed = purge_expired()
    db.session.commit()
    assert removed == {"mails": 2, "notifications": 1, "logins": 0}
    left = {m.subject for m in db.session.scalars(select(OutboxMessage))}
    assert left == {"queued old", "queued new", "sent new", "failed new"}
    assert [n.params["title"] for n in db.session.scalars(select(Notification))] == ["new"]


def test_purge_command_uses_the_setting_and_reports(app, aged, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_DAYS", 5)
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "deleted 4 mails and 2 notifications older than 5 days"
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {"queued"}


def test_purge_command_takes_days(app, aged):
    result = app.test_cli_runner().invoke(args=["privacy", "purge", "--days", "365"])
    assert result.exit_code == 0, result.output
    assert "deleted 0 mails and 0 notifications older than 365 days" in result.output
    assert app.test_cli_runner().invoke(args=["privacy", "purge", "--days", "0"]).exit_code != 0


def test_a_deleted_account_is_named_in_the_readers_language(client, make_user,
                                                            make_contribution):
    from app.accounts.privacy import delete_account

    author = make_user(display_name="Zora Zufall", language="en")
    contribution = make_contribution(author=author)
    with force_locale("en"):  # deleted on an English page: the row still keeps German
        delete_account(author, "correct horse battery staple")
    db.session.commit()
    assert db.session.scalar(select(User._display_name).where(User.id == author.id)) == (
        "Gelöschtes Konto")
    for lang, name in (("de", "Gelöschtes Konto"), ("en", "Deleted account"),
                       ("ar", "حساب محذوف")):
        page = client.get(f"/contributions/{contribution.id}?lang={lang}").get_data(as_text=True)
        assert name in page and "Zora" not in page
