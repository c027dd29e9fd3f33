"""A small participation, built through the use cases, whose report the tests work out by hand
(see test_report.py for the figures): two rounds, nine people, three cards of an event."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.contributions import services as contributions
from app.events import services as events
from app.events.models import Event, Station
from app.extensions import db
from app.participation import services
from app.workbench import services as workbench


@pytest.fixture(autouse=True)
def _fresh_report_cache():
    services.forget_reports()
    yield
    services.forget_reports()


@pytest.fixture
def concept(make_concept):
    return make_concept()


@pytest.fixture
def built(concept, make_round, make_user, make_organisation, moderator):
    topics = {t.slug: t for t in concept.topics}
    sprache, arbeit = topics["sprache"], topics["arbeit"]
    theme = topics["antidiskriminierung"]
    online = make_round(concept=concept, title="Online-Runde")
    network = make_round(concept=concept, kind="network", title="Netzwerkrunde")
    volunteers = [make_user(group="volunteer") for _ in range(6)]
    migrant = make_user(group="migration_history", language="de")
    municipal = make_user(group="municipality")
    unstated = make_user(language="en")
    organisation = make_organisation(verified=True, representatives=[volunteers[0]])

    def contribute(author, topic, round_=online, **extra):
        contribution, _created = contributions.create_contribution(
            round_, author=author, kind="measure", topic=topic, title=f"Idee {author.id}",
            body=f"Eine Idee von {author.display_name} zu {topic.name}.", **extra)
        db.session.commit()
        return contribution

    first = contribute(volunteers[0], sprache, themes=[theme], organisation=organisation)
    mine = [first] + [contribute(v, sprache) for v in volunteers[1:]]
    from_migrant = contribute(migrant, arbeit, ui_language="ar")
    contribute(municipal, arbeit)
    # Their group changes after they took part: the report keeps the group they had then.
    municipal.group = "volunteer"
    hidden = contribute(volunteers[1], arbeit)
    hidden.title = "Zweite Idee"
    hidden.status, hidden.hidden_reason = "hidden", "Beleidigend"
    withdrawn, _ = contributions.create_contribution(
        online, author=volunteers[2], kind="goal", topic=sprache, title="Zurückgezogen",
        body="Doch nicht.")
    withdrawn.status = "withdrawn"
    in_network = contribute(volunteers[3], sprache, round_=network)
    contributions.add_comment(first, author=unstated, body="Gute Idee.", ui_language="en")
    # The office answers: a comment, but the office does not count as taking part.
    contributions.add_comment(first, author=moderator, body="Danke, wir prüfen das.")
    contributions.toggle_support(mine[1], unstated, ui_language="en")
    contributions.toggle_support(from_migrant, volunteers[0])
    db.session.commit()

    event = Event(round_id=online.id, title="Dialogveranstaltung im Juni",
                  held_on=date(2026, 6, 20), place="Konstanz")
    db.session.add(event)
    station = Station(event=event, topic=sprache, name="Tisch Sprache", position=1)
    db.session.add(station)
    db.session.flush()
    cards = [events.capture_card(event, station, actor=moderator, kind="measure",
                                 body=f"Karte {n}", credited_group=group)
             for n, group in enumerate(["migration_history", "migration_history", ""])]
    db.session.commit()

    workbench.decide([mine[1], mine[4]], "not_taken_up", reason="Zuständigkeit des Landes",
                     actor=moderator)
    workbench.decide([mine[5]], "forwarded", reason="Passt dorthin", forwarded_to="Jobcenter",
                     actor=moderator)
    first.outcome = "incorporated"
    from_migrant.outcome = "duplicate"
    db.session.commit()
    return SimpleNamespace(concept=concept, online=online, network=network, event=event,
                           station=station, sprache=sprache, arbeit=arbeit, theme=theme,
                           volunteers=volunteers, migrant=migrant, municipal=municipal,
                           unstated=unstated, first=first, cards=cards, in_network=in_network,
                           moderator=moderator)
