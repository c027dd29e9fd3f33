from app.core.sanitize import plain_text, render_markdown


def test_markdown_is_rendered():
    html = render_markdown("## Titel\n\n- **eins**\n- zwei")
    assert "<h2>Titel</h2>" in html and "<strong>eins</strong>" in html


def test_scripts_and_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror=alert(1)>'
                           '<a href="javascript:alert(1)">x</a>')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_links_get_nofollow():
    html = render_markdown("Siehe https://example.org")
    assert 'href="https://example.org"' in html and "nofollow" in html


def test_basic_profile_has_no_headings():
    assert "<h2>" not in render_markdown("## Titel", "basic")


def test_plain_text():
    assert plain_text("<p>Hallo <b>Welt</b></p>") == "Hallo Welt"


def test_empty():
    assert render_markdown("") == "" and render_markdown(None) == ""
