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


def test_nothing_of_one_text_carries_over_into_the_next():
    """The converter is reused per thread: a reference defined in one text is unknown in the
    next, and an unclosed list or table does not continue."""
    first = render_markdown("Siehe [Programm][p].\n\n[p]: https://example.org/programm\n\n- eins")
    assert 'href="https://example.org/programm"' in first
    second = render_markdown("Siehe [Programm][p].")
    assert "href" not in second and second == "<p>Siehe [Programm][p].</p>"
    assert render_markdown("zwei") == "<p>zwei</p>"


def test_texts_render_the_same_in_another_thread():
    import threading

    texts = ["**fett** und https://example.org", "| a | b |\n|---|---|\n| 1 | 2 |",
             "<script>x</script> *kursiv*"]
    here = [render_markdown(t) for t in texts]
    there = []
    worker = threading.Thread(target=lambda: there.extend(render_markdown(t) for t in texts))
    worker.start()
    worker.join()
    assert there == here and "<script>" not in here[2] and "<table>" in here[1]
