"""The concept as PDF: WeasyPrint renders the print view (templates/reports/print.html).

WeasyPrint needs Pango from the operating system; when it cannot be imported, the export page
says how to install it instead of failing. It never fetches anything from the network: the
only resources it may load are the app's own static files, read from disk.

Laying out a long concept takes WeasyPrint seconds (about 7 s for 400 items), so a background
job renders it (app/reports/exports.py) and keeps it in the shared storage, named by a hash of
the HTML and the print stylesheet it was made from: a frozen version's PDF is rendered once,
and anything that changes the page (an adoption, a new template) changes the name. With a
`cache_folder` (EXPORT_CACHE_FOLDER) rendered PDFs are also kept on this host's disk, and a
lock file beside each makes every other process asking for the same PDF wait for that result
instead of rendering it again; who waits too long is told that it is being prepared
(PdfInProgress).

The PDF is tagged (PDF/UA-1): headings, paragraphs, lists and tables carry their structure and
the document its language and title, so screen readers can read it (`is_tagged` checks it)."""

import contextlib
import hashlib
import logging
import mimetypes
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

try:
    import fcntl
except ImportError:  # not on POSIX: no render lock (see _render_lock)
    fcntl = None

STYLESHEET = "css/print.css"
CACHE_SIZE = 50  # PDFs kept; the oldest go first
# How long a request waits for the job rendering its PDF (app/reports/exports.py) before it
# says that the PDF is being made; a job waits longer for another process's rendering.
WAIT_SECONDS = 3
RETRY_AFTER = 30  # seconds, suggested to whoever waited in vain
# Tagged PDF (a structure tree of headings, lists, tables and the language, which screen readers
# read) with the PDF/UA-1 metadata: public bodies must publish accessible documents (BITV 2.0).
PDF_VARIANT = "pdf/ua-1"

INSTALL_HINT = ("apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                ".venv/bin/pip install weasyprint")


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs are missing."""


class PdfInProgress(Exception):
    """Someone else is rendering this PDF and it did not get ready in time."""


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
               cache_folder: str | None = None, wait: float | None = None) -> bytes:
    """The PDF of `html` (the print view); raises PdfUnavailable without WeasyPrint. With a
    `cache_folder`, a PDF made from the same HTML and stylesheet before is returned as is, and
    only one caller at a time renders it: the others wait up to `wait` seconds (default
    WAIT_SECONDS) for its result, then raise PdfInProgress."""
    weasyprint = load_weasyprint()
    if not cache_folder:
        return _render(weasyprint, html, base_url, static_folder, static_url_path)
    cached = Path(cache_folder) / f"{_fingerprint(html, static_folder, weasyprint)}.pdf"
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    while True:
        data = _read(cached)
        if data is not None:
            return data
        with _render_lock(cached) as mine:
            if mine:
                data = _read(cached)  # finished while this one waited for the lock
                if data is None:
                    data = _render(weasyprint, html, base_url, static_folder, static_url_path)
                    _store(cached, data)
                return data
        if time.monotonic() >= deadline:
            raise PdfInProgress(cached.name)
        time.sleep(0.2)


def _render(weasyprint, html, base_url, static_folder, static_url_path) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page
    response_class = getattr(getattr(weasyprint, "urls", None), "URLFetcherResponse", None)
    fetcher = static_fetcher(static_folder, static_url_path, response_class)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # not made yet (or just pruned)


@contextlib.contextmanager
def _render_lock(pdf_path: Path):
    """Yields True to the one caller (thread, worker process or CLI run on this host) that may
    render `pdf_path`, False to all others while it does. An flock, not a marker file: the
    kernel releases it when its holder ends, even by a crash or a worker timeout, so a lock
    can never go stale. Without a writable folder (or without fcntl) everyone may render."""
    if fcntl is None:
        yield True
        return
    try:
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(pdf_path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _fingerprint(html: str, static_folder: str, weasyprint) -> str:
    digest = hashlib.sha256(html.encode())
    digest.update((Path(static_folder) / STYLESHEET).read_bytes())
    digest.update(str(getattr(weasyprint, "__version__", "")).encode())
    digest.update(PDF_VARIANT.encode())
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
            old.with_suffix(".lock").unlink(missing_ok=True)
    except OSError:
        logging.getLogger(__name__).warning("PDF cache %s not writable", path.parent)
