"""Issue 16: the staff's event pages show the event's title and its tables' names in the
reader's language where they are translated, and the German original marked lang="de"
otherwise."""

import re

from app.core import translations
from app.extensions import db


def _translate(event, *, station_names=True):
    translations.apply(event, {("title", "en"): "Dialogue event in June"})
    first = event.stations[0]
    translations.apply(first.topic, {("name", "en"): "Language"})
    if station_names:
        translations.apply(first, {("name", "en"): "Table: Language"})
    db.session.commit()
    return first


def test_event_page_in_english(client, login, moderator, event):
    first = _translate(event)
    login(moderator)
    page = client.get(f"/moderation/events/{event.id}?lang=en").get_data(as_text=True)
    assert "<title>Dialogue event in June" in page
    assert '<h1 lang="en" dir="ltr">Dialogue event in June</h1>' in page
    assert '<th scope="row" lang="en" dir="ltr">Table: Language</th>' in page
    assert '<td lang="en" dir="ltr">Language</td>' in page
    # the second table and its topic have no English name: German, marked as German
    second = event.stations[1]
    assert f'<th scope="row" lang="de" dir="ltr">{second.name}</th>' in page
    assert f'<td lang="de" dir="ltr">{second.topic.name}</td>' in page
    assert 'Record cards for <span lang="en" dir="ltr">Table: Language</span>' in page
    # German readers read the German names
    page = client.get(f"/moderation/events/{event.id}?lang=de").get_data(as_text=True)
    assert f'<th scope="row" lang="de" dir="ltr">{first.name}</th>' in page
    assert "Table: Language" not in page


def test_capture_page_in_english(client, login, moderator, event):
    _translate(event)
    login(moderator)
    page = client.get(f"/moderation/events/{event.id}/capture?lang=en").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Dialogue event in June</span></a>' in page
    options = re.findall(r'<option ([^>]*)value="\d+"[^>]*>([^<]+)</option>',
                         page.split('id="kind"')[0])
    assert [(label, 'lang="en"' in attrs) for attrs, label in options] == [
        ("Language – Table", True), ("Arbeit – Tisch", False)]
    assert 'lang="de"' in options[1][0]


def test_a_table_option_does_not_mix_languages(client, login, moderator, event):
    """The topic is translated, the table's name is not: the option stays German."""
    _translate(event, station_names=False)
    login(moderator)
    page = client.get(f"/moderation/events/{event.id}/capture?lang=en").get_data(as_text=True)
    options = re.findall(r'<option ([^>]*)value="\d+"[^>]*>([^<]+)</option>',
                         page.split('id="kind"')[0])
    assert options[0][1] == "Sprache – Tisch" and 'lang="de"' in options[0][0]


def test_event_form_and_import_pages_in_english(client, login, moderator, event):
    _translate(event)
    login(moderator)
    form = client.get(f"/moderation/events/{event.id}/edit?lang=en").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Dialogue event in June</span></a>' in form
    topic_options = re.findall(r'<option [^>]*lang="(\w+)"[^>]*>Language</option>', form)
    assert topic_options and set(topic_options) == {"en"}  # the table's topic select
    for path in (f"/moderation/events/{event.id}/import",
                 f"/moderation/events/{event.id}/imports"):
        page = client.get(f"{path}?lang=en").get_data(as_text=True)
        assert '<span lang="en" dir="ltr">Dialogue event in June</span>' in page, path
