"""Addresses: absolute links for mails and notifications from the configured BASE_URL, and the
one check that decides whether a redirect target stays on this site."""

import re
from urllib.parse import quote, unquote, urlsplit

from flask import current_app

# Browsers drop tabs and line breaks anywhere in a URL and read a backslash as a slash, so
# "/\t/evil.example" and "/\\evil.example" lead off-site; we refuse any such character.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\]")
MAX_TARGET_LENGTH = 2000


def absolute_url(endpoint: str, **values) -> str:
    """The full address of `endpoint` under BASE_URL; works without a request (CLI, jobs).
    `_anchor` adds a fragment, as with `url_for`."""
    anchor = values.pop("_anchor", None)
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/",
                                       url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(str(anchor))}" if anchor else url


def site_request_context(path: str):
    """A request context for work outside a request (jobs, CLI) that renders pages, e.g. the
    print view of a PDF: under BASE_URL, so that it passes TRUSTED_HOSTS as the site's own
    requests do (a context for "localhost" has no URL adapter where only the site's host is
    trusted)."""
    return current_app.test_request_context(path, base_url=current_app.config.get("BASE_URL"))


def absolute_link(path: str) -> str:
    """A site-relative link (as stored with notifications) as a full address under BASE_URL."""
    if not path:
        return path
    if urlsplit(path).scheme:
        return path
    return current_app.config["BASE_URL"].rstrip("/") + "/" + path.lstrip("/")


def is_safe_target(target: str | None) -> bool:
    """True for a path on this site ("/rounds/3?page=2"), false for anything a browser could
    take to another host, in any encoding we know of."""
    if not target or len(target) > MAX_TARGET_LENGTH:
        return False
    candidate = target
    # Check the text as sent and every percent-decoded form of it (decoding until stable).
    for _ in range(4):
        if not _is_local_path(candidate):
            return False
        decoded = unquote(candidate)
        if decoded == candidate:
            return True
        candidate = decoded
    return False


def _is_local_path(text: str) -> bool:
    if _UNSAFE_CHARACTERS.search(text):
        return False
    if not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`: the one redirect check."""
    return target if is_safe_target(target) else default
