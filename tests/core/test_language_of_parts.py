"""Every page of every role, in English and in Arabic, has the concept's German data inside
lang="de" (WCAG 3.1.2, issue 16 section 3); the check itself finds unmarked German."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.core.test_fuzz import (  # noqa: F401 - crawl_folder is a fixture
    CRAWL_LANGUAGE,
    ROLES,
    LanguageOfParts,
    _log_in,
    _send,
    crawl_folder,
    crawled_language,
    crawled_links,
    demo_people,
)
from tests.demo_copy import load_demo_copy
from tests.language_of_parts import german_outside_lang, german_words


def test_german_words_are_told_from_english_ones():
    assert german_words("Sprache") == ["Sprache"]
    assert german_words("Interkulturelle Öffnung der Verwaltung") == [
        "Interkulturelle", "Öffnung", "der", "Verwaltung"]
    assert german_words("Responsible: Amt für Migration und Integration") == [
        "Amt", "für", "und"]
    assert german_words("Thementisch Gesundheit") == ["Thementisch", "Gesundheit"]
    english = ("Young people among the participants: 12 contributions, 3 comments. Die-hard "
               "fans have a hat. Integration of refugees, the round is open until Monday; "
               "responsible body, partners, timeframe, a lounge and hunger, public "
               "consultation, everything is pending.")
    assert german_words(english) == []


def test_unmarked_german_data_is_found_and_marked_data_is_not():
    page = ('<html lang="en"><head><title>Sprache – Konzeptwerkstatt</title></head><body>'
            '<h1>Topic: Sprache</h1>'
            '<p>Topic: <span lang="de">Sprache</span></p>'
            '<p lang="de" dir="ltr">Amt für <b>Migration</b> und Integration</p>'
            '<a href="/" aria-label="Gesundheit">x</a>'
            '<p><span lang="en">Coffee once a week</span> tail text with Wohnen</p>'
            '<input type="submit" value="Bildung speichern">'
            '<script>var x = "Sprache und Arbeit";</script></body></html>')
    findings = german_outside_lang(page)
    assert len(findings) == 4, findings
    assert "h1 text: Sprache" in findings[0]
    assert "a aria-label: Gesundheit" in findings[1]
    assert "p text: Wohnen" in findings[2]
    assert "input value: Bildung" in findings[3]
    # A German page has nothing to mark, nor a page whose whole text is marked.
    assert german_outside_lang(page.replace('lang="en"', 'lang="de"', 1)) == []
    assert german_outside_lang('<html lang="ar"><body><h1>الموضوع: <span lang="de">Sprache'
                               '</span></h1></body></html>') == []


def test_the_check_fails_on_a_page_with_an_unmarked_topic_name(client, make_concept):
    make_concept(topics=(("gesundheit", "Gesundheit", "field"),))
    page = client.get("/topics/gesundheit?lang=en").get_data(as_text=True)
    assert german_outside_lang(page) == []  # the topic page marks its name
    unmarked = page.replace('lang="de" dir="ltr"', "")
    assert any("Gesundheit" in finding for finding in german_outside_lang(unmarked))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_of_every_role_marks_german_data(app, language, crawl_folder,  # noqa: F811
                                                    job_worker):
    """The fuzz test's crawl of the demo, as each role, with the page language chosen: in
    English it is the crawl itself (made once per test session, tests/core/test_fuzz.py);
    in Arabic the same pages, each role's read again in Arabic (the links of a page do not
    depend on its language, so a crawl of its own found the same pages)."""
    load_demo_copy()
    if language == CRAWL_LANGUAGE:
        checked, failures = crawled_language(app, demo_people(), crawl_folder)
    else:
        checked, failures = LanguageOfParts(), []
        for role, links in crawled_links(app, demo_people(), crawl_folder).items():
            client = app.test_client()
            _log_in(client, dict(ROLES)[role])
            client.get(f"/?lang={language}")  # kept in the session for the rest of the visit
            for page in links.read:
                parts = urlsplit(page)
                query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                         if k != "lang"]  # a language switcher's link: not another language
                response = _send(client, "GET", parts.path, query, (), failures,
                                 f"as {role} in {language}")
                if response is not None and response.status_code == 200:
                    checked.check(page, response.get_data(as_text=True))
    by_page = {}
    for finding, path in checked.findings.items():
        by_page.setdefault(path, []).append(finding)
    print(f"\n{language}: {checked.views} page views, {checked.marked_badly} with German "
          f'outside lang="de", {len(checked.findings)} distinct findings')
    report = "\n".join(f"{path}\n  " + "\n  ".join(items[:8]) for path, items in
                       sorted(by_page.items()))
    assert checked.views > 300, "the crawl read hardly any pages"
    assert not failures, failures[:10]
    assert not checked.findings, (f"{len(checked.findings)} German words outside "
                                  f'lang="de":\n{report}')
