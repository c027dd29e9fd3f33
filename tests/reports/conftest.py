"""Fixtures of the export tests: a concept with a draft of every kind of item, contributions
from every source (linked, duplicate, not taken up, hidden), comments, and versions.

Recognisable personal data (names, e-mail addresses) is put in on purpose, so that tests can
assert that it is absent where it must be."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from app.concepts import services as concepts
from app.contributions.models import Comment, Contribution, Support
from app.core.sanitize import render_markdown
from app.events.models import Event, Station
from app.extensions import db
from app.versions import services as versions
from app.workbench import services as workbench

CHAPTER_BODY = """Einleitender Absatz mit **fettem** und *kursivem* Text.

## Ein Abschnitt

- erster Punkt
- zweiter Punkt mit [Link](https://example.org/info)

1. Schritt eins
2. Schritt zwei

> Ein Zitat.
"""
FORMULA = '=HYPERLINK("http://evil.example/x","Klick")'
# Names and addresses that must never reach the open data.
PERSONAL = ["Zora Zufallsname", "zora.privat@example.org", "Kora Kommentarname",
            "kora@example.org", "Karl Kartenschreiber", "Sonnenblume Kartenverein",
            "Mara Moderation", "mara@example.org", "Rita Repräsentantin", "rita@example.org"]


@dataclass
class Draft:
    concept: object
    topic: object
    theme: object
    staff: object
    main_goal: object = None
    sub_goal: object = None
    measure: object = None
    formula_measure: object = None
    idea: object = None
    example: object = None
    contributions: dict = field(default_factory=dict)
    round: object = None
    comment: object = None


@pytest.fixture(autouse=True)
def export_cache(app, tmp_path):
    """Rendered PDFs are cached on disk: here in a folder of each test's own."""
    session_folder = app.config["EXPORT_CACHE_FOLDER"]
    app.config["EXPORT_CACHE_FOLDER"] = str(tmp_path / "export-cache")
    yield tmp_path / "export-cache"
    app.config["EXPORT_CACHE_FOLDER"] = session_folder


@pytest.fixture
def participant(make_user):
    return make_user(display_name="Paula Teilnehmerin", email="paula@example.org")


@pytest.fixture
def draft(app, make_concept, make_round, make_user, make_organisation, staff) -> Draft:
    """A concept whose "Sprache" topic has a main goal, a sub-goal with two measures (one of
    them formula-like text), a municipal idea and a best practice; contributions linked to
    them, and others with every outcome and credit."""
    concept = make_concept()
    concept.owner = "Landkreis Konstanz, Amt für Migration und Integration"
    concept.chapters[0].body = CHAPTER_BODY
    concept.chapters[0].body_html = render_markdown(CHAPTER_BODY)
    db.session.commit()
    topic = next(t for t in concept.topics if t.slug == "sprache")
    theme = next(t for t in concept.topics if t.slug == "antidiskriminierung")
    round_ = make_round(concept=concept, title="Online-Runde Frühjahr")
    zora = make_user(display_name="Zora Zufallsname", email="zora.privat@example.org")
    kora = make_user(display_name="Kora Kommentarname", email="kora@example.org")
    rita = make_user(display_name="Rita Repräsentantin", email="rita@example.org")
    verein = make_organisation(name="Verein Brückenbauer e. V.", verified=True,
                               representatives=[rita])
    d = Draft(concept, topic, theme, staff, round=round_)
    actor = db.session.get(type(staff), staff.id)

    def item(kind, text, **values):
        return concepts.create_item(topic, kind=kind, values={"text": text, **values},
                                    actor=actor)

    d.main_goal = item("main_goal", "Alle Zugewanderten sprechen **gut** Deutsch.")
    d.sub_goal = item("sub_goal", "Jeder findet einen passenden Kurs.", themes=[theme])
    d.measure = item("measure", "Eine *trägerunabhängige* Sprachkursberatung einrichten.",
                     parent_id=d.sub_goal.id, responsible="Amt für Migration",
                     partners="Volkshochschulen\nJobcenter", timeframe="ab 2018",
                     themes=[theme])
    d.formula_measure = item("measure", FORMULA, parent_id=d.sub_goal.id,
                             responsible="@SUMME(1;2)", partners="+49 7531 800",
                             timeframe="-2019")
    d.idea = item("municipal_idea", "Ein Sprachcafé im Rathaus.")
    d.example = item("best_practice", "Lernpatenschaften nach dem Kurs.",
                     example_by="Bildungswerk Hegau", example_where="Singen",
                     example_link="https://example.org/lernpaten")
    db.session.commit()

    def contribution(key, **values):
        values.setdefault("kind", "measure")
        body = values.pop("body", f"Text von {key}.")
        c = Contribution(round=round_, topic=topic, title=values.pop("title", key),
                         body=body, body_html=render_markdown(body), **values)
        db.session.add(c)
        d.contributions[key] = c
        return c

    contribution("online", author=zora, themes=[theme], language="tr")
    contribution("organisation", author=rita, organisation=verein)
    event = Event(round=round_, title="Dialogveranstaltung Juni", held_on=date(2017, 6, 24))
    db.session.add(event)
    db.session.flush()
    station = Station(event_id=event.id, topic_id=topic.id, name="Tisch Sprache")
    db.session.add(station)
    db.session.flush()
    contribution("card", source="event", event_id=event.id, station_id=station.id,
                 credited_name="Karl Kartenschreiber",
                 credited_organisation="Sonnenblume Kartenverein", captured_by_id=staff.id)
    contribution("anonymous_card", source="event", event_id=event.id,
                 station_id=station.id, captured_by_id=staff.id)
    contribution("duplicate", author=make_user())
    contribution("rejected", author=make_user(), body=FORMULA)
    contribution("hidden", author=make_user(), status="hidden",
                 hidden_reason="Beleidigung entfernt")
    db.session.flush()
    c = d.contributions
    workbench.link_contributions([c["online"], c["card"]], d.measure, actor=actor)
    workbench.link_contributions([c["organisation"]], d.sub_goal, actor=actor)
    workbench.link_contributions([c["anonymous_card"]], d.main_goal, actor=actor)
    workbench.mark_duplicates([c["duplicate"]], c["online"], actor=actor)
    workbench.decide([c["rejected"]], "not_taken_up", reason="Passt nicht zum Konzept.",
                     actor=actor)
    db.session.add(Support(contribution_id=c["online"].id, user_id=kora.id))
    db.session.add(Support(contribution_id=c["online"].id, user_id=rita.id))
    first = Comment(contribution_id=c["online"].id, author_id=kora.id,
                    body="Gute Idee!", body_html="<p>Gute Idee!</p>")
    db.session.add(first)
    db.session.flush()
    d.comment = first
    db.session.add(Comment(contribution_id=c["online"].id, author_id=zora.id,
                           parent_id=first.id, body="Danke.", body_html="<p>Danke.</p>"))
    db.session.add(Comment(contribution_id=c["organisation"].id, author_id=kora.id,
                           body="Unpassend", body_html="<p>Unpassend</p>",
                           status="hidden", hidden_reason="Spam"))
    db.session.commit()
    return d


@pytest.fixture
def freeze(app, draft):
    """Freeze the draft as a new version (committed); published unless said otherwise."""

    def make(*, label="Fassung für den Sozialausschuss", visibility="published",
             adopted_on=None, body="Sozialausschuss"):
        actor = db.session.get(type(draft.staff), draft.staff.id)
        concept = db.session.get(type(draft.concept), draft.concept.id)
        version = versions.freeze_version(concept, label=label, actor=actor,
                                          visibility=visibility)
        if adopted_on:
            versions.record_adoption(version, body=body, adopted_on=adopted_on,
                                     resolution="Einstimmig empfohlen.",
                                     document_ref="Drucksache 2017/118", actor=actor)
        db.session.commit()
        return version.number

    return make


@pytest.fixture
def published(freeze) -> int:
    """Version 1: published and adopted by the Sozialausschuss on 27.11.2017."""
    return freeze(adopted_on=date(2017, 11, 27))


@pytest.fixture
def internal(published, freeze) -> int:
    """Version 2: internal (under review), after version 1."""
    return freeze(label="Entwurf nach der Netzwerkrunde", visibility="internal")
