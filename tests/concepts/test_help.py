"""The help page in plain language: public, every section other pages link to, the glossary in
the reader's language with the German word beside it, and the hints that link to it."""

from app.concepts.glossary import GLOSSARY

SECTIONS = ["konzept", "mitmachen", "veranstaltung", "meine-idee", "pruefung", "umsetzung",
            "daten", "persoenlich", "begriffe"]


def test_help_page_explains_the_process_and_the_words(client, make_concept):
    make_concept()
    page = client.get("/help").get_data(as_text=True)
    for section in SECTIONS:
        assert f'id="{section}"' in page, section
    for slug, _term, _explanation in GLOSSARY:
        assert f'id="begriff-{slug}"' in page, slug
    assert "Eine Maßnahme ist etwas, das jemand konkret tut." in page
    assert 'href="/help"' in page  # in the main navigation


def test_help_in_english_names_the_german_word(client, db):
    page = client.get("/help?lang=en").get_data(as_text=True)
    assert "Help in plain language" in page
    assert "Field of action" in page or "field of action" in page
    assert '<span class="muted" lang="de">(Handlungsfeld)</span>' in page


def test_pages_link_to_the_matching_section(client, login, make_round, make_contribution,
                                            participant, moderator):
    round_ = make_round()
    login(participant)
    form = client.get(f"/rounds/{round_.id}/contribute").get_data(as_text=True)
    assert "/help#begriffe" in form
    assert "/help#meine-idee" in client.get("/me/contributions").get_data(as_text=True)
    client.post("/auth/logout")
    login(moderator)
    assert "/help#meine-idee" in client.get("/workbench/").get_data(as_text=True)
    assert "/help" in client.get("/").get_data(as_text=True)
