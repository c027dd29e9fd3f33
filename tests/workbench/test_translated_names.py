"""Issue 16: the workbench shows topic names, round and event titles, tables, themes and reason
templates in the reader's language where they are translated, the German original marked
lang="de" otherwise."""

import re
from datetime import date

from sqlalchemy import select

from app.core import translations
from app.events.models import Event, Station
from app.extensions import db
from app.moderation import services as moderation
from app.moderation.models import ReasonTemplate


def _options(page: str, select_id: str) -> dict[str, str]:
    """label -> lang of the options of a select."""
    block = page.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return {label: lang for lang, label in re.findall(
        r'<option [^>]*lang="(\w+)"[^>]*>([^<]+)</option>', block)}


def test_workbench_pages_in_english(client, login, moderator, round_, topic,
                                    make_contribution):
    theme = next(t for t in round_.topics if t.kind == "crosscutting")
    event = Event(round_id=round_.id, title="Dialogveranstaltung", held_on=date(2026, 6, 20))
    station = Station(event=event, topic=topic, name="Thementisch Sprache", position=1)
    db.session.add_all([event, station])
    moderation.ensure_default_reasons(purpose="not_taken_up")
    db.session.flush()
    reason = db.session.scalar(select(ReasonTemplate).order_by(ReasonTemplate.position))
    translations.apply(topic, {("name", "en"): "Language"})
    translations.apply(theme, {("name", "en"): "Anti-discrimination"})
    translations.apply(round_, {("title", "en"): "Online round"})
    translations.apply(event, {("title", "en"): "Dialogue event"})
    translations.apply(station, {("name", "en"): "Table: Language"})
    translations.apply(reason, {("title", "en"): "Off topic", ("text", "en"): "Not our topic."})
    db.session.commit()
    contribution = make_contribution(round=round_, topic=topic, themes=[theme])
    login(moderator)

    overview = client.get("/workbench/?lang=en").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Language</span></a></h3>' in overview
    assert '<span lang="en" dir="ltr">Online round</span></a></h3>' in overview
    assert '<span lang="de" dir="ltr">Arbeit</span></a></h3>' in overview  # not translated

    page = client.get(f"/workbench/{topic.slug}?lang=en&open={contribution.id}"
                      ).get_data(as_text=True)
    assert "<title>Workbench: Language" in page
    assert '<h1>Workbench: <span lang="en" dir="ltr">Language</span></h1>' in page
    assert _options(page, "round")["Online round"] == "en"
    assert _options(page, "event")["Dialogue event"] == "en"
    assert _options(page, "station")["Table: Language (Dialogue event)"] == "en"
    assert _options(page, "theme")["Anti-discrimination"] == "en"
    assert _options(page, "reason_template")["Off topic (not taken up)"] == "en"
    assert '<span lang="en" dir="ltr">Anti-discrimination</span>' in page  # the theme badge

    for path in (f"/workbench/{topic.slug}/log", f"/workbench/{topic.slug}/groups",
                 f"/workbench/{topic.slug}/items/new"):
        shown = client.get(f"{path}?lang=en").get_data(as_text=True)
        assert '<span lang="en" dir="ltr">Language</span>' in shown, path
    assert "Sprache" not in client.get(f"/workbench/{topic.slug}/log?lang=en").get_data(
        as_text=True).split("<main", 1)[1]


def test_a_station_option_does_not_mix_languages(client, login, moderator, round_, topic):
    event = Event(round_id=round_.id, title="Dialogveranstaltung", held_on=date(2026, 6, 20))
    station = Station(event=event, topic=topic, name="Thementisch Sprache", position=1)
    db.session.add_all([event, station])
    db.session.flush()
    translations.apply(station, {("name", "en"): "Table: Language"})  # the event: German only
    db.session.commit()
    login(moderator)
    page = client.get(f"/workbench/{topic.slug}?lang=en").get_data(as_text=True)
    assert _options(page, "station") == {"Thementisch Sprache (Dialogveranstaltung)": "de"}


def test_a_reason_from_a_template_reads_in_english(client, login, moderator, round_, topic,
                                                   make_contribution):
    moderation.ensure_default_reasons(purpose="not_taken_up")
    db.session.flush()
    reason = db.session.scalar(select(ReasonTemplate).order_by(ReasonTemplate.position))
    translations.apply(reason, {("text", "en"): "Not our topic."})
    contribution = make_contribution(round=round_, topic=topic)
    contribution.outcome, contribution.outcome_reason = "not_taken_up", reason.text
    db.session.commit()
    login(moderator)
    page = client.get(f"/workbench/{topic.slug}?lang=en&outcome=not_taken_up"
                      ).get_data(as_text=True)
    assert 'Reason: <span lang="en" dir="ltr">Not our topic.</span>' in page


def test_a_draft_items_page_names_its_topic_and_themes_in_english(client, topic, make_item,
                                                                  round_):
    theme = next(t for t in round_.topics if t.kind == "crosscutting")
    item = make_item(topic, kind="sub_goal", text="Sprachkurse mit Kinderbetreuung.",
                     themes=[theme])
    translations.apply(topic, {("name", "en"): "Language"})
    db.session.commit()
    page = client.get(f"/concept/items/{item.id}?lang=en").get_data(as_text=True)
    assert '· <span lang="en" dir="ltr">Language</span></span></h1>' in page
    assert f'<span lang="de" dir="ltr">{theme.name}</span>' in page  # the untranslated theme
