"""The print view (standalone HTML), the PDF made from it by WeasyPrint, the page shown when
WeasyPrint is missing, and that rendering never touches the network."""

import socket
import sys
from pathlib import Path

import pytest

from app.reports import pdf

from .tagged import assert_tagged, assert_untagged

# PDFs are rendered by the background job worker (app/reports/exports.py), as in `make run`.
pytestmark = pytest.mark.usefixtures("job_worker")

ROOT = Path(__file__).resolve().parents[2]


def _weasyprint_or_skip():
    try:
        pdf.load_weasyprint()
    except pdf.PdfUnavailable as exc:
        pytest.skip(f"WeasyPrint unavailable: {exc}")


def test_print_view(client, published):
    response = client.get("/export/concept/print")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert '<html lang="de" dir="ltr">' in html
    assert "/static/css/print.css" in html
    assert "Hauptnavigation" not in html  # no site navigation
    assert '<h1 class="title-page__title">Integrationskonzept</h1>' in html
    assert "beschlossen vom Sozialausschuss am 27.11.2017" in html
    assert '<h2 id="toc-title">Inhalt</h2>' in html
    assert '<h2 id="chapter-vorwort-title">Vorwort</h2>' in html
    assert "<h3>Ein Abschnitt</h3>" in html  # the chapter's own h2, one level down
    assert '<h3 id="topic-sprache-title">Sprache</h3>' in html
    assert "<h4>Oberziel</h4>" in html
    assert '<th scope="col">Maßnahme</th>' in html
    assert '<th scope="col">Kooperationspartner</th>' in html
    assert "Eine <em>trägerunabhängige</em> Sprachkursberatung einrichten." in html
    assert '<a href="https://example.org/lernpaten">' in html


def test_print_view_in_the_concept_language(client, published):
    html = client.get("/export/concept/print?lang=en").get_data(as_text=True)
    assert '<html lang="de"' in html and "<h4>Oberziel</h4>" in html


@pytest.mark.parametrize("lang, back, download, exports, direction", [
    ("en", "Back to exports", "Download as PDF", "Exports", "ltr"),
    ("ar", "العودة إلى التصدير", "التنزيل بصيغة PDF", "التصدير", "rtl"),
])
def test_print_view_controls_in_the_readers_language(client, published, lang, back, download,
                                                      exports, direction):
    """The document stays German; the links above it, for the screen only, are the reader's."""
    html = client.get(f"/export/concept/print?lang={lang}").get_data(as_text=True)
    assert '<html lang="de"' in html and "<h4>Oberziel</h4>" in html
    bar = html[html.index('<nav class="print-bar"'):html.index("</nav>")]
    assert f'aria-label="{exports}" lang="{lang}" dir="{direction}"' in bar
    assert back in bar and download in bar
    assert "Zurück zu den Exporten" not in html and "Als PDF herunterladen" not in html
    german = client.get("/export/concept/print?lang=de").get_data(as_text=True)
    assert 'aria-label="Exporte" lang="de"' in german and "Zurück zu den Exporten" in german


def test_the_pdf_is_made_from_the_print_view_without_its_links(client, published, monkeypatch):
    """One PDF for every reader: its source has no links in the reader's language."""
    from app.reports import views

    sources = []

    def cached_pdf(html, wait=None):
        sources.append(html)
        return b"%PDF-1.7"

    monkeypatch.setattr(pdf, "load_weasyprint", lambda: None)
    monkeypatch.setattr(views, "cached_pdf", cached_pdf)
    assert client.get("/export/concept.pdf?lang=en").status_code == 200
    assert client.get("/export/concept.pdf?lang=ar").status_code == 200
    assert len(sources) == 2 and sources[0] == sources[1]
    assert "print-bar" not in sources[0] and '<html lang="de"' in sources[0]


def test_print_stylesheet_exists():
    css = (ROOT / "static" / "css" / "print.css").read_text()
    assert "size: A4" in css and "table-header-group" in css and "break-before: page" in css


def test_pdf(client, published):
    _weasyprint_or_skip()
    response = client.get("/export/concept.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "Integrationskonzept-Fassung-1.pdf" in response.headers["Content-Disposition"]
    # tagged for screen readers: headings, lists and tables with their header cells, in German
    assert_tagged(response.data, b"H1", b"H2", b"H3", b"L", b"LI", b"Table", b"TH", b"TD",
                  lang="de")


def test_the_tag_check_tells_an_untagged_pdf():
    _weasyprint_or_skip()
    import weasyprint

    html = '<html lang="de"><title>T</title><h1>Titel</h1><p>Text</p></html>'
    assert_untagged(weasyprint.HTML(string=html).write_pdf())
    assert_tagged(weasyprint.HTML(string=html).write_pdf(pdf_variant=pdf.PDF_VARIANT), b"H1")


def test_pdf_without_weasyprint_explains_the_installation(client, published, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails with ImportError
    response = client.get("/export/concept.pdf")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in html
    assert "pip install weasyprint" in html
    assert "/export/concept/print?version=1" in html


def test_pdf_with_broken_system_libraries(client, published, monkeypatch):
    def broken():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "load_weasyprint", broken)
    assert client.get("/export/concept.pdf").status_code == 503


def test_fetcher_serves_only_static_files(app):
    fetch = pdf.static_fetcher(app.static_folder, app.static_url_path)
    css = fetch("http://localhost/static/css/print.css")
    body = css.read() if hasattr(css, "read") else css["string"]
    assert b"size: A4" in body
    for url in ["https://fonts.example.com/font.css", "http://localhost/export/concept.json",
                "http://localhost/static/../config.py", "file:///etc/passwd",
                "http://localhost/static/css/missing.css"]:
        with pytest.raises(ValueError):
            fetch(url)


def test_rendering_never_uses_the_network(app, monkeypatch):
    _weasyprint_or_skip()
    connections = []

    def no_network(self, address):
        connections.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = ('<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css">'
            '<link rel="stylesheet" href="/static/css/print.css"></head><body>'
            '<img src="http://tracker.example.com/pixel.png" alt=""><p>Hallo</p></body></html>')
    data = pdf.render_pdf(html, base_url="http://localhost/", static_folder=app.static_folder,
                          static_url_path=app.static_url_path)
    assert data.startswith(b"%PDF")
    assert connections == []


def test_pdf_is_cached_until_the_page_changes(app, client, published, export_cache,
                                              monkeypatch):
    _weasyprint_or_skip()
    import weasyprint

    renders = []
    original = weasyprint.HTML

    def counting(*args, **kwargs):
        renders.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    first = client.get("/export/concept.pdf").data
    assert client.get("/export/concept.pdf").data == first
    assert len(renders) == 1 and len(list(export_cache.glob("*.pdf"))) == 1

    from datetime import date

    from app.concepts.services import current_concept
    from app.extensions import db
    from app.versions import services as versions

    version = versions.version_by_number(current_concept(), published)
    versions.record_adoption(version, body="Kreistag", adopted_on=date(2018, 1, 20),
                             actor=None)
    db.session.commit()
    assert client.get("/export/concept.pdf").data.startswith(b"%PDF")
    assert len(renders) == 2  # the title page changed


def test_cli_renders_the_pdf_ahead_of_the_first_download(app, client, published, export_cache,
                                                        monkeypatch, tmp_path):
    _weasyprint_or_skip()
    import weasyprint

    out = tmp_path / "konzept.pdf"
    result = app.test_cli_runner().invoke(
        args=["reports", "pdf", "--version", str(published), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "written to" in result.output
    assert len(list(export_cache.glob("*.pdf"))) == 1

    # The download then comes from the cache: WeasyPrint is not called again.
    monkeypatch.setattr(weasyprint, "HTML", lambda *a, **k: pytest.fail("rendered again"))
    assert client.get("/export/concept.pdf").data == out.read_bytes()


def test_cli_refuses_an_unknown_version(app, published):
    result = app.test_cli_runner().invoke(args=["reports", "pdf", "--version", "99"])
    assert result.exit_code != 0 and "No such version" in result.output
