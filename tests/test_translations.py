"""Translation catalogs: English complete, Arabic covering the entry pages, placeholders intact,
and pages shown in the language chosen by ?lang=, the session or Accept-Language.

The msgids are the German UI texts; German is shown straight from them (no de catalog).
Compiled catalogs (.mo) are build output (`make translations`); this module compiles them when
they are missing or older than the .po files, so the tests never depend on a prior `make`.
"""

import io
import os
import re
import subprocess
import sys
import tempfile
from gettext import c2py
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
LANGUAGES = ("en", "ar")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

# Files whose every string must be in Arabic: the pages a newcomer sees first, the register and
# login forms, the error pages.
AR_REQUIRED_FILES = (
    "templates/base.html",
    "templates/accounts/login.html",
    "templates/accounts/register.html",
    "templates/errors/error.html",
    "app/accounts/forms.py",
    "app/core/errors.py",
)
# The password rules, shown as form errors on the register page (app/accounts/services.py).
AR_REQUIRED_IDS = (
    "Das Passwort muss mindestens %(n)d Zeichen lang sein.",
    "Dieses Passwort ist zu leicht zu erraten.",
    "Das Passwort darf nicht Ihren Namen oder Ihre E-Mail-Adresse enthalten.",
    "Anmelden",
    "Registrieren",
    "Konto anlegen",
)


def _po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def _read_catalog(lang: str):
    with _po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def _compile_catalogs() -> None:
    """Write each .mo if missing or different from what its .po compiles to.

    Runs at import, i.e. during collection, before any test renders a page (Flask-Babel caches
    loaded catalogs per process). The file is replaced atomically, so parallel workers
    (pytest-xdist) never read a half-written catalog.
    """
    for lang in LANGUAGES:
        buffer = io.BytesIO()
        write_mo(buffer, _read_catalog(lang), use_fuzzy=False)
        compiled = buffer.getvalue()
        target = _po_path(lang).with_suffix(".mo")
        if target.exists() and target.read_bytes() == compiled:
            continue
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".messages-", suffix=".mo")
        with os.fdopen(fd, "wb") as f:
            f.write(compiled)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)


_compile_catalogs()


@pytest.fixture(scope="module")
def catalogs():
    return {lang: _read_catalog(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the code and templates now, extracted like `make extract-messages`."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "N_", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        catalog = read_po(f)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100, "extraction found suspiciously few messages"
    return messages


def _key(message):
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    if isinstance(message.string, (list, tuple)):
        return tuple(message.string)
    return (message.string,)


def _is_translated(message) -> bool:
    return all(_strings(message))


def _single_number_forms(catalog) -> set[int]:
    """Plural forms that stand for exactly one number (English 'one', Arabic zero/one/two);
    such a form may spell the number out instead of using the placeholder."""
    plural = c2py(catalog.plural_expr)
    seen: dict[int, int] = {}
    for n in range(0, 1000):
        form = plural(n)
        seen[form] = seen.get(form, 0) + 1
    return {form for form, count in seen.items() if count == 1}


# --- the catalogs -----------------------------------------------------------------------------

def test_english_is_complete_and_not_fuzzy(catalogs):
    en = catalogs["en"]
    assert not en.fuzzy, "the header of the English catalog is marked fuzzy"
    fuzzy = [_key(m) for m in en if m.id and m.fuzzy]
    untranslated = [_key(m) for m in en if m.id and not _is_translated(m)]
    assert not fuzzy, f"fuzzy English translations: {fuzzy}"
    assert not untranslated, f"untranslated English messages: {untranslated}"


def test_english_covers_every_message_in_the_code(catalogs, extracted):
    en = catalogs["en"]
    missing = []
    for message in extracted:
        entry = en.get(message.id)
        if entry is None or not _is_translated(entry):
            missing.append(_key(message))
    assert not missing, (
        "messages without English translation; run `make extract-messages` and translate "
        f"them in app/translations/en/LC_MESSAGES/messages.po: {missing}"
    )


def test_plural_messages_are_extracted(extracted):
    plurals = [m for m in extracted if m.pluralizable]
    assert plurals, "ngettext strings are not extracted"
    assert any("%(num)d" in m.id[0] for m in plurals)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_entries_fill_every_form(catalogs, lang):
    catalog = catalogs[lang]
    for message in catalog:
        if message.id and message.pluralizable and _is_translated(message):
            assert len(_strings(message)) == catalog.num_plurals, _key(message)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(catalogs, lang):
    catalog = catalogs[lang]
    single_number_forms = _single_number_forms(catalog)
    problems = []
    for message in catalog:
        if not message.id or not _is_translated(message):
            continue
        expected = set()
        for msgid in _ids(message):
            expected |= set(PLACEHOLDER.findall(msgid))
        for index, string in enumerate(_strings(message)):
            found = set(PLACEHOLDER.findall(string))
            if message.pluralizable and index in single_number_forms:
                ok = found <= expected
            else:
                ok = found == expected
            if not ok:
                problems.append((_key(message), index, sorted(expected), sorted(found)))
    assert not problems, f"placeholders differ from the msgid in {lang}: {problems}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_format_like_their_msgid(catalogs, lang):
    """Templates always apply `%` to the text: a stray '%' would break the page."""
    problems = []
    for message in catalogs[lang]:
        if not message.id or not _is_translated(message):
            continue
        values = {}
        for msgid in _ids(message):
            values.update({name: 1 for name in re.findall(r"%\((\w+)\)[sd]", msgid)})
        try:
            for msgid in _ids(message):
                msgid % values
        except (ValueError, TypeError, KeyError):
            continue  # the msgid itself is not a format string; nothing to compare
        for string in _strings(message):
            try:
                string % values
            except (ValueError, TypeError, KeyError) as exc:
                problems.append((_key(message), string, str(exc)))
    assert not problems, problems


def test_arabic_translates_the_entry_pages(catalogs, extracted):
    ar = catalogs["ar"]
    assert not ar.fuzzy
    required = {
        _key(m) for m in extracted
        if any(filename in AR_REQUIRED_FILES for filename, _line in m.locations)
    }
    assert len(required) > 40, "too few strings found for the entry pages"
    required |= set(AR_REQUIRED_IDS)
    missing = []
    for msgid in sorted(required):
        entry = ar.get(msgid)
        if entry is None or entry.fuzzy or not _is_translated(entry):
            missing.append(msgid)
    assert not missing, f"missing Arabic translations: {missing}"
    fuzzy = [_key(m) for m in ar if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy Arabic translations: {fuzzy}"


def test_arabic_plural_forms_header(catalogs):
    ar = catalogs["ar"]
    assert ar.num_plurals == 6
    plural = c2py(ar.plural_expr)
    assert [plural(n) for n in (0, 1, 2, 5, 11, 100)] == [0, 1, 2, 3, 5, 4]


# --- pages in the chosen language -------------------------------------------------------------

def _t(catalogs, lang: str, msgid: str) -> str:
    return catalogs[lang][msgid].string


def _page(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_login_page_in_english(client, catalogs):
    html = _page(client.get("/auth/login?lang=en"))
    assert '<html lang="en" dir="ltr"' in html
    assert f"<h1>{_t(catalogs, 'en', 'Anmelden')}</h1>" in html
    # Lazy strings of the form (labels) follow the language too.
    assert _t(catalogs, "en", "E-Mail-Adresse") in html
    assert "<h1>Anmelden</h1>" not in html


def test_login_page_in_arabic_is_right_to_left(client, catalogs):
    html = _page(client.get("/auth/login?lang=ar"))
    assert '<html lang="ar" dir="rtl"' in html
    assert f"<h1>{_t(catalogs, 'ar', 'Anmelden')}</h1>" in html
    assert _t(catalogs, "ar", "Passwort") in html


def test_login_page_in_german_by_default(client):
    html = _page(client.get("/auth/login"))
    assert '<html lang="de" dir="ltr"' in html
    assert "<h1>Anmelden</h1>" in html


def test_accept_language_header_picks_english(client, catalogs):
    html = _page(client.get("/auth/login", headers={"Accept-Language": "en"}))
    assert '<html lang="en" dir="ltr"' in html
    assert f"<h1>{_t(catalogs, 'en', 'Anmelden')}</h1>" in html


def test_language_choice_is_kept_for_the_visit(client, catalogs):
    client.get("/auth/login?lang=ar")
    html = _page(client.get("/auth/register"))
    assert '<html lang="ar" dir="rtl"' in html
    assert f"<h1>{_t(catalogs, 'ar', 'Konto anlegen')}</h1>" in html


def test_error_page_in_arabic(client, catalogs):
    response = client.get("/no-such-page?lang=ar")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert _t(catalogs, "ar", "Seite nicht gefunden") in html


def test_mail_is_rendered_in_the_recipients_language(app, catalogs):
    with app.test_request_context(), force_locale("en"):
        subject = render_template("mail/reset.subject.txt").strip()
    assert subject == _t(catalogs, "en", "Passwort zurücksetzen")


def test_the_kept_catalog_follows_the_locale_within_a_request(app, catalogs):
    """The catalog is kept for a request (app.core.i18n.RequestDomain), yet a mail in another
    language in the middle of an English page, and the page after it, are each translated
    in their own language, in Python code and in templates alike."""
    from flask_babel import gettext, refresh
    from flask_babel import lazy_gettext as _l

    english = _t(catalogs, "en", "Passwort zurücksetzen")
    arabic = _t(catalogs, "ar", "Passwort zurücksetzen")
    lazy = _l("Passwort zurücksetzen")
    with app.test_request_context("/?lang=en"):
        assert gettext("Passwort zurücksetzen") == english
        with force_locale("ar"):
            assert gettext("Passwort zurücksetzen") == arabic
            assert render_template("mail/reset.subject.txt").strip() == arabic
        assert str(lazy) == english
        assert render_template("mail/reset.subject.txt").strip() == english
        with force_locale("de"):
            assert str(lazy) == "Passwort zurücksetzen"
        refresh()
        assert gettext("Passwort zurücksetzen") == english
    with app.app_context(), app.test_request_context("/?lang=ar"):  # the next request
        assert render_template("mail/reset.subject.txt").strip() == arabic
