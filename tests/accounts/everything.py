"""A person who did everything once, built through the use cases (as the app would), for the
tests of the data download and of deleting an account (also used by the browser test)."""

from datetime import date, timedelta
from types import SimpleNamespace

from app.accounts import services as accounts
from app.concepts import services as concepts
from app.contributions import services as contributions
from app.events import services as events
from app.events.models import Event, Station
from app.extensions import db
from app.rounds.models import Network
from app.versions import services as versions
from app.versions.models import Review
from app.workbench import services as workbench

NAME = "Amina Yilmaz"
EMAIL = "amina@example.org"
IP = "203.0.113.7"


def person_who_did_everything(app, make_user, make_round, make_contribution):
    """One of each: a contribution with a revision, an outcome and a link to an item, a
    comment, a support, a flag, a remark on a draft item, an organisation with membership,
    a network, a notification with its mail, an event card credited by name, a verdict and
    audit entries (by the person, and by staff about the account). Committed."""
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": IP}):
        admin = make_user(roles={"admin"}, display_name="Anton Admin")
        moderator = make_user(roles={"moderator"}, display_name="Mara Moderation")
        other = make_user(display_name="Otto Anders")
        person = make_user(email=EMAIL, display_name=NAME, group="volunteer")
        round_ = make_round(title="Online-Beteiligung 2026")
        topic = round_.topics[0]

        accounts.update_profile(person, display_name=NAME, language="de",
                                group="migration_history", notify_email="immediately")
        accounts.set_roles(person, {"steering"}, actor=admin)
        organisation = accounts.create_organisation(
            creator=person, name="Brücke e.V.", kind="migrant_organisation",
            description="Wir begleiten Neuankommende.", place="Konstanz",
            website="https://bruecke.example.org")
        network = Network(name="Netzwerk Sprache", users=[person])
        db.session.add(network)

        item = concepts.create_item(topic, kind="sub_goal",
                                    values={"text": "Sprachkurse ausbauen"}, actor=moderator)
        contribution, _ = contributions.create_contribution(
            round_, author=person, kind="measure", topic=topic, title="Abendkurse",
            body="Kurse am Abend anbieten.")
        contributions.edit_contribution(
            contribution, editor=person, title="Abendkurse für Berufstätige",
            body="Kurse am Abend anbieten, mit Kinderbetreuung.")
        workbench.link_contributions([contribution], item, note="Kern des Unterziels",
                                     actor=moderator)
        db.session.commit()

        others = make_contribution(round=round_, author=other, title="Sprachcafé",
                                   body="Ein Café zum Üben.")
        comment, _ = contributions.add_comment(others, author=person, body="Gute Idee!")
        contributions.toggle_support(others, person)
        flag, _ = contributions.flag_content(reporter=person, reason="Enthält eine Telefonnummer.",
                                             contribution=others)
        remark = make_contribution(round=round_, author=person, kind="remark",
                                   title="Zu den Sprachkursen", body="Bitte auch online.")
        remark.item_id = item.id

        event = Event(round_id=round_.id, title="Dialogveranstaltung im Juni",
                      held_on=date(2026, 6, 20), place="Landratsamt")
        station = Station(event=event, topic=topic, name="Tisch Sprache", position=1)
        db.session.add_all([event, station])
        db.session.flush()
        card = events.capture_card(event, station, actor=moderator, kind="measure",
                                   body="Mehr Sprachkurse auf dem Land.",
                                   credited_name="  amina yilmaz ", credited_group="volunteer")
        stranger_card = events.capture_card(event, station, actor=moderator, kind="measure",
                                            body="Busse am Abend.", credited_name="Amina Y.")
        db.session.commit()

        version = versions.freeze_version(round_.concept, label="Entwurf nach der Runde",
                                          actor=moderator)
        review = Review(version=version, deadline=date.today() + timedelta(days=14),
                        opened_by_id=moderator.id)
        db.session.add(review)
        db.session.flush()
        version_item = versions.version_items_by_ref(version)[item.id]
        verdict = versions.record_verdict(review, person, verdict="object",
                                          remark="Wer bezahlt die Kurse?",
                                          version_item=version_item)
        versions.answer_remark(verdict, answer="Der Landkreis.", kind="explained",
                               actor=moderator)
        db.session.commit()
        return SimpleNamespace(
            person=person, admin=admin, moderator=moderator, other=other, round=round_,
            topic=topic, organisation=organisation, network=network, item=item,
            contribution=contribution, others=others, comment=comment, flag=flag,
            remark=remark, event=event, station=station, card=card,
            stranger_card=stranger_card, version=version, version_item=version_item,
            verdict=verdict)
