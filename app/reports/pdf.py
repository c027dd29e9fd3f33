"""The concept as PDF: WeasyPrint renders the print view (templates/reports/print.html).

WeasyPrint needs Pango from the operating system; when it cannot be imported, the export page
says how to install it instead of failing. It never fetches anything from the network: the
only resources it may load are the app's own static files, read from disk.

Laying out a long concept takes WeasyPrint seconds (about 7 s for 400 items), so finished PDFs
are kept on disk, named by a hash of the HTML and the print stylesheet they were made from: a
frozen version's PDF is rendered once, and anything that changes the page (an adoption, a new
template) changes the name."""

import hashlib
import logging
import mimetypes
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

STYLESHEET = "css/print.css"
CACHE_SIZE = 50  # PDFs kept; the oldest go first

INSTALL_HINT = ("apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                ".venv/bin/pip install weasyprint")


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs are missing."""


def load_weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Python package without Pango
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def static_fetcher(static_folder: str, static_url_path: str, response_class=None):
    """A url_fetcher for WeasyPrint that serves files below `static_folder` (addressed by any
    host under `static_url_path`, e.g. /static/css/print.css) and refuses everything else.
    `response_class`: WeasyPrint's URLFetcherResponse (68 and later; older ones take dicts)."""
    root = Path(static_folder).resolve()
    prefix = static_url_path.rstrip("/") + "/"

    def fetch(url: str, *args, **kwargs) -> dict:
        path = unquote(urlsplit(url).path)
        if not path.startswith(prefix):
            raise ValueError(f"not fetched (only the app's static files are): {url}")
        target = (root / path[len(prefix):]).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise ValueError(f"no such static file: {url}")
        mime_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if response_class is not None:
            return response_class(url, target.read_bytes(), {"Content-Type": mime_type})
        return {"string": target.read_bytes(), "mime_type": mime_type, "redirected_url": url}

    return fetch


def render_pdf(html: str, *, base_url: str, static_folder: str, static_url_path: str,
               cache_folder: str | None = None) -> bytes:
    """The PDF of `html` (the print view); raises PdfUnavailable without WeasyPrint. With a
    `cache_folder`, a PDF made from the same HTML and stylesheet before is returned as is."""
    weasyprint = load_weasyprint()
    cached = None
    if cache_folder:
        cached = Path(cache_folder) / f"{_fingerprint(html, static_folder, weasyprint)}.pdf"
        try:
            return cached.read_bytes()
        except OSError:
            pass  # not made yet (or just pruned)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page
    response_class = getattr(getattr(weasyprint, "urls", None), "URLFetcherResponse", None)
    fetcher = static_fetcher(static_folder, static_url_path, response_class)
    data = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
    if cached is not None:
        _store(cached, data)
    return data


def _fingerprint(html: str, static_folder: str, weasyprint) -> str:
    digest = hashlib.sha256(html.encode())
    digest.update((Path(static_folder) / STYLESHEET).read_bytes())
    digest.update(str(getattr(weasyprint, "__version__", "")).encode())
    return digest.hexdigest()


def _store(path: Path, data: bytes) -> None:
    """Write atomically (several workers may render the same PDF), then keep the newest."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pdf-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[CACHE_SIZE:]:
            old.unlink(missing_ok=True)
    except OSError:
        logging.getLogger(__name__).warning("PDF cache %s not writable", path.parent)
