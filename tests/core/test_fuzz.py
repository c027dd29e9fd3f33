"""No hostile input makes the app answer 500 (issue 11, finding 7).

The demo is crawled as each role; every route of `app.url_map` is then fuzzed by the least
privileged role that reached it. The query arguments and form fields a view reads are recorded
during a first, normal request (so routes added later are covered without touching this file);
then all of them at once get each value of a table of hostile values, each alone gets the
values that suit what it held, and each URL argument is replaced too. Runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL (NUL bytes only break PostgreSQL). An unhandled exception
propagates into the test client in testing, so it is caught and reported like a 500.
"""

import contextlib
import fcntl
import json
import re
import time
import traceback
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urljoin, urlsplit

import flask.templating
import pytest
from flask import request, request_started
from sqlalchemy import select
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from app.accounts.models import User, UserRole
from app.demo.data import DEMO_PASSWORD
from app.extensions import db
from tests.demo_copy import load_demo_copy
from tests.language_of_parts import german_outside_lang

# Least privileged first: a route is fuzzed by the first role whose crawl reached it.
ROLES = (
    ("anonymous", None),
    ("participant", "teilnehmerin@example.org"),
    ("representative", "verein@example.org"),
    ("steering", "steering@example.org"),
    ("moderator", "moderation@example.org"),
    ("admin", "admin@example.org"),
)


class Raw(str):
    """A value that goes into the URL or the form body as it is (already percent-encoded):
    bytes that are not UTF-8 cannot be written as a Python string."""


NASTY_TEXT = "'; -- <script>alert(1)</script> %00 \u202e"  # not a number, either
HOSTILE = (
    "a\x00b\x1b[2J",                # NUL (PostgreSQL refuses it in text) and another control
    "9" * 5000,                     # more digits than int() reads by default (4300)
    str(2**63),                     # beyond int8 (and int4; ALONE also has int4 + 1)
    "-1",
    "²",                            # str.isdigit() is true, int() fails
    "١٢",                           # Arabic-Indic digits: int() reads them
    "",
    "x" * 100_000,
    NASTY_TEXT,
    Raw("%ff%ed%a0%80"),            # not UTF-8, and an encoded lone surrogate
)
# Each of HOSTILE goes to all fields of a form at once; these also go to each field alone,
# with the other fields as the page filled them (so that the form validates and the value
# reaches the use case): by what the field held.
ALONE = {
    "number": ("9" * 5000, str(2**63), "99999999999", "²"),
    "text": (NASTY_TEXT,),
    "absent": (str(2**63), "²"),
}
# Values for a URL argument in the path (quoted, except the raw ones), by its converter.
HOSTILE_PATH = {
    "int": ("99999999999", str(2**63), "9" * 5000, "²", "١٢"),
    "text": ("a\x00b", NASTY_TEXT, Raw("%ff%ed%a0%80"), "9" * 5000, "²"),
}
# Routes the crawl of the demo cannot reach, and why.
NOT_REACHED = {
    ("GET", "contributions.history"): "no demo contribution has an edit history",
    ("GET", "events.photo"): "photos are <img> in pages only staff open after a capture",
    ("GET", "events.similar"): "called by the capture page's JavaScript",
    ("GET", "participation.download"): "not crawled (MORE_PAGES): each one renders a document",
    ("GET", "participation.round_download"): "not crawled (MORE_PAGES): each one renders a "
                                             "document",
    ("GET", "versions.compare_choice"): "reached by the compare form, a GET form with choices",
    ("POST", "admin.retry_job"): "shown only for a failed job, and the demo has none "
                                 "(tests/admin/test_jobs_page.py)",
    ("POST", "auth.resend_confirmation"): "shown only to unconfirmed accounts",
    ("POST", "imports.preview"): "needs an uploaded file",
    ("POST", "imports.confirm"): "needs an uploaded file",
    ("POST", "imports.undo"): "shown only right after an import",
    ("POST", "moderation.add_default_reasons"): "shown only when there are no reasons yet",
    ("POST", "organisations.decide"): "the demo has no pending membership request",
    ("POST", "rounds.network_add_member"): "shown only with search results",
    ("POST", "workbench.restore_item"): "the demo has no withdrawn item",
    ("POST", "implementation.ask_many"): "a second button of the staff table (formaction)",
    ("POST", "implementation.restore_entry"): "the demo has no hidden progress entry",
    ("POST", "implementation.unfollow"): "shown only to people following a measure",
    ("POST", "implementation.sheet_confirm"): "needs an uploaded sheet",
}
# Read on every request (language selection); fuzzed once, on the home page.
COMMON_KEYS = {"lang"}
PROBE = ("kw_fuzz_probe", "1")  # keeps a posted form non-empty, so Flask-WTF reads it
PAGES_PER_ROUTE = 4  # pages of one route the crawl reads, e.g. a contribution not one's own
# Routes read more often: every round of the demo (the closed one, listed last, holds the event).
MORE_PAGES = {"rounds.show": 8}
# Routes read less often: the participation report's pages differ only in their figures. Its
# downloads are not crawled: the first link is the PDF, which WeasyPrint renders for each role's
# version of the report (14 s of the crawl's 33 s); tests/participation/test_views.py sends them
# unknown formats and rounds instead.
MORE_PAGES |= {"participation.round_show": 1, "participation.round_print_view": 1,
               "participation.download": 0, "participation.round_download": 0}
# Admins see every page moderators see, with the same forms; their crawl skips those.
SEES_MORE_THAN = {"admin": "moderator"}
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>:]+)>")  # <int:contribution_id>


# --- reading pages ---------------------------------------------------------------------------

class PageParser(HTMLParser):
    """Links and forms of a page, each form with the values a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.anchors, self.forms = [], [], []
        self._form = self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])
            if tag == "a":
                self.anchors.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.links.append(a["src"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(),
                          "action": a.get("action") or "", "fields": [], "submit": False}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag in ("input", "button"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "image"):
                if self._form["submit"]:  # a browser sends the one button pressed
                    return
                self._form["submit"] = True
            if kind in ("file", "reset", "button"):
                return
            self._form["fields"].append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = {"name": a["name"], "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or ([self._select["first"]]
                                                if self._select["first"] is not None else [])
            if self._form is not None:
                self._form["fields"].extend((self._select["name"], v) for v in chosen)
            self._select = None


def _match(adapter, path: str, method: str):
    """(endpoint, (rule, values)) of the route that answers, or None."""
    try:
        rule, values = adapter.match(path, method=method, return_rule=True)
        return rule.endpoint, (rule, values)
    except RequestRedirect:
        return None
    except HTTPException:
        return None


class Instance:
    """One request a role can make to a route: path, query arguments, form fields."""

    def __init__(self, role, method, endpoint, path, matched, query, form=()):
        self.role, self.method, self.endpoint, self.path = role, method, endpoint, path
        self.rule, self.values = matched
        self.query, self.form = list(query), list(form)


class Links:
    """The links (a[href]) of the pages one role read, and the answers it got: every link to
    the app must answer that role without 403 or 404 (issue 16: no page offers what its reader
    may not open)."""

    def __init__(self):
        self.status: dict[str, int] = {}  # path?query -> status of the request
        self.source: dict[str, str] = {}  # path?query -> the first page that links to it
        self.pages: dict[str, str] = {}  # route -> the first HTML page of it read (path?query)
        self.read: list[str] = []  # every HTML page read (path?query)

    def dump(self) -> dict:
        return {"status": self.status, "source": self.source, "pages": self.pages,
                "read": self.read}

    @classmethod
    def load(cls, data: dict) -> "Links":
        links = cls()
        links.status, links.source = dict(data["status"]), dict(data["source"])
        links.pages, links.read = dict(data["pages"]), list(data["read"])
        return links

    @staticmethod
    def _key(parts) -> str:
        return parts.path + ("?" + parts.query if parts.query else "")

    def answered(self, parts, endpoint: str, response) -> None:
        self.status.setdefault(self._key(parts), response.status_code)
        if response.status_code == 200 and response.mimetype == "text/html":
            self.pages.setdefault(endpoint, self._key(parts))
            self.read.append(self._key(parts))

    def read_too(self, client, pages, failures) -> None:
        """Read `pages` (another role's) as well and note their links: a role whose crawl
        skipped the pages of another (SEES_MORE_THAN) may see other links on them."""
        for key in pages:
            if key in self.status:
                continue
            parts = urlsplit(key)
            response = _send(client, "GET", parts.path,
                             parse_qsl(parts.query, keep_blank_values=True), (), failures,
                             "page of another role")
            self.status[key] = 500 if response is None else response.status_code
            if response is not None and response.status_code == 200 and (
                    response.mimetype == "text/html"):
                page = PageParser()
                page.feed(response.get_data(as_text=True))
                self.found(parts, page.anchors)

    def found(self, parts, hrefs) -> None:
        page = self._key(parts)
        for href in hrefs:
            target = urlsplit(urljoin(page, href))
            if target.netloc in ("", "localhost") and target.scheme in ("", "http"):
                self.source.setdefault(self._key(target), page)

    @staticmethod
    def _page_of_language_link(key: str) -> str | None:
        """The page a link of the language switcher shows in another language (`key` without
        its lang argument), or None for a link without one."""
        parts = urlsplit(key)
        query = parse_qsl(parts.query, keep_blank_values=True)
        rest = [(name, value) for name, value in query if name != "lang"]
        if len(rest) == len(query):
            return None
        return parts.path + ("?" + urlencode(rest) if rest else "")

    def walk(self, app, client, failures, opened_for: dict[str, int] | None = None
             ) -> list[tuple[str, int, str]]:
        """Request the links not requested yet; (link, status, page) of those answering 403
        or 404. Only the status matters here, and a view decides it before its template
        renders: the walk's pages are not rendered (see `statuses_only`). `opened_for`: the
        statuses of a role this one may do everything of (SEES_MORE_THAN): what opened for it
        is not asked again (tests/core/test_permissions.py holds that admins may all that
        moderators may; that was 1,100 of the admin's 1,200 requests). A link of the language
        switcher (the page with ?lang=) answers as its page, which is asked first: only
        `app.core.i18n` reads `lang`, to choose the translations (tests/core/test_links.py
        holds it), so a view cannot answer it otherwise. The pages themselves are rendered in
        English by the crawl and in Arabic by tests/core/test_language_of_parts.py."""
        adapter = app.url_map.bind("localhost")
        opened = {key: status for key, status in (opened_for or {}).items()
                  if status not in (403, 404)}
        pages = {key: self._page_of_language_link(key) for key in self.source}
        with statuses_only():
            for key in sorted(self.source, key=lambda key: pages[key] is not None):
                parts = urlsplit(key)
                match = _match(adapter, parts.path, "GET")
                if key in opened:
                    self.status.setdefault(key, opened[key])
                if pages[key] in self.status:
                    self.status.setdefault(key, self.status[pages[key]])
                if key in self.status or (match is not None and match[0] in LINKS_NOT_WALKED):
                    continue
                response = _send(client, "GET", parts.path,
                                 parse_qsl(parts.query, keep_blank_values=True), (), failures,
                                 "link")
                self.status[key] = 500 if response is None else response.status_code
        return sorted((key, self.status[key], page) for key, page in self.source.items()
                      if self.status.get(key) in (403, 404))


@contextlib.contextmanager
def statuses_only():
    """Requests within answer with their status and headers but an empty page: templates are
    found and their context built, not rendered. Rendering was about half of the link walk's
    time (tests/core/test_links.py), and every route's template is rendered by the crawl,
    which reads up to PAGES_PER_ROUTE pages of each."""
    render = flask.templating._render
    flask.templating._render = lambda app, template, context: ""
    try:
        yield
    finally:
        flask.templating._render = render


# Links the walk does not request (beyond the pages the crawl read), and why.
LINKS_NOT_WALKED = {
    "participation.download": "each one renders a document (see MORE_PAGES)",
    "participation.round_download": "each one renders a document (see MORE_PAGES)",
}


def crawl(app, role: str, client, failures: list, found: dict, skip=None,
          links: "Links | None" = None, on_page=None) -> int:
    """Visit the GET routes reachable from the home page and the argument-less routes, a few
    pages per route (their links differ); note the first instance of every GET and POST route.
    `skip`: a role whose pages this one need not see again (its own pages show nothing more).
    `links`: notes every link of the pages read and the status of every page requested.
    `on_page(path, html)` is called with every HTML page read."""
    adapter = app.url_map.bind("localhost")
    seeds = ["/"] + [adapter.build(rule.endpoint) for rule in app.url_map.iter_rules()
                     if "GET" in rule.methods and not rule.arguments]
    # Links to routes not seen yet first, then more pages of routes already seen.
    fresh, more, visited, requests, pages = deque(seeds), deque(), set(), 0, {}

    def follow(url):
        match = _match(adapter, urlsplit(url).path, "GET")
        if match is not None:
            (more if match[0] in pages else fresh).append(url)

    while fresh or more:
        parts = urlsplit((fresh or more).popleft())
        if parts.netloc not in ("", "localhost") or parts.scheme not in ("", "http"):
            continue
        match = _match(adapter, parts.path, "GET")
        if (match is None or parts.path in visited
                or pages.get(match[0], 0) >= MORE_PAGES.get(match[0], PAGES_PER_ROUTE)
                or (skip, "GET", match[0]) in found):
            continue
        visited.add(parts.path)
        pages[match[0]] = pages.get(match[0], 0) + 1
        query = parse_qsl(parts.query, keep_blank_values=True)
        requests += 1
        response = _send(client, "GET", parts.path, query, (), failures, "crawl")
        if response is None:
            continue
        if links is not None:
            links.answered(parts, match[0], response)
        if response.status_code in (301, 302, 303) and response.location:
            follow(urljoin(parts.path, response.location))
            continue
        if response.status_code >= 400:
            continue
        found.setdefault((role, "GET", match[0]),
                         Instance(role, "GET", match[0], parts.path, match[1], query))
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        if on_page is not None:
            on_page(parts.path + ("?" + parts.query if parts.query else ""), html)
        page = PageParser()
        page.feed(html)
        for link in page.links:
            follow(urljoin(parts.path, link))
        if links is not None:
            links.found(parts, page.anchors)
        for form in page.forms:
            action = urljoin(parts.path + ("?" + parts.query if parts.query else ""),
                             form["action"])
            follow(action)  # a search form, or a form page of its own (flag, hide, ...)
            if form["method"] == "get":
                continue
            target = urlsplit(action)
            posted = _match(adapter, target.path, "POST")
            if posted is not None and (role, "POST", posted[0]) not in found:
                found[role, "POST", posted[0]] = Instance(
                    role, "POST", posted[0], target.path, posted[1],
                    parse_qsl(target.query, keep_blank_values=True), form["fields"])
    return requests


# --- sending ---------------------------------------------------------------------------------

def _encode(pairs) -> str:
    return "&".join(f"{quote_plus(k)}={v if isinstance(v, Raw) else quote_plus(v)}"
                    for k, v in pairs)


def _short(value: str) -> str:
    return repr(value if len(value) <= 20 else value[:12] + f"...({len(value)} chars)")


def _send(client, method, path, query, form, failures, what):
    try:
        if method == "GET":
            response = client.get(path, query_string=_encode(query))
        else:
            response = client.post(path, query_string=_encode(query), data=_encode(form),
                                   content_type="application/x-www-form-urlencoded")
    except Exception as exc:  # noqa: BLE001 - any exception is what we are looking for
        where = traceback.extract_tb(exc.__traceback__)[-1]
        failures.append((f"{type(exc).__name__}: {str(exc)[:160]} (at {where.filename}:"
                         f"{where.lineno})", f"{method} {path[:80]} {what}"))
        return None
    if response.status_code >= 500:
        failures.append((f"status {response.status_code}", f"{method} {path[:80]} {what}"))
    return response


class Recorder(ImmutableMultiDict):
    """request.args / request.form that note every key a view asks for."""

    def __init__(self, data, seen: set):
        super().__init__(data)
        self._seen = seen

    def __getitem__(self, key):
        self._seen.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 - MultiDict's signature
        self._seen.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        self._seen.add(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        self._seen.add(key)
        return super().__contains__(key)


def read_keys(app, client, instance: Instance, failures) -> tuple[set, set]:
    """The query arguments and form fields the view reads, by a normal request."""
    args, form = set(), set()

    def record(sender, **extra):
        request.args = Recorder(request.args, args)
        request.form = Recorder(request.form, form)

    with request_started.connected_to(record, app):
        _send(client, instance.method, instance.path, instance.query,
              [*instance.form, PROBE], failures, "normal request")
    return args - COMMON_KEYS, form


def _replaced(pairs, keys, value):
    return [(k, v) for k, v in pairs if k not in keys] + [(k, value) for k in sorted(keys)]


def _kind(pairs, key) -> str:
    value = next((v for k, v in pairs if k == key), "")
    return "absent" if value == "" else "number" if value.isdigit() else "text"


def _distinct(keys) -> list:
    """One of each field of a repeated group (stations-0-name, stations-1-name, ...)."""
    seen, kept = set(), []
    for key in sorted(keys):
        shape = re.sub(r"\d+", "0", key)
        if shape not in seen:
            seen.add(shape)
            kept.append(key)
    return kept


def fuzz(app, client, instance: Instance, failures) -> int:
    args, form = read_keys(app, client, instance, failures)
    if instance.method == "GET":
        form = set()
    else:
        form |= {k for k, _ in instance.form}
    form_base = [*instance.form, PROBE]
    requests = 1
    if not args and not form:
        return requests
    for value in HOSTILE:
        requests += 1
        _send(client, instance.method, instance.path, _replaced(instance.query, args, value),
              _replaced(form_base, form, value), failures, f"every field={_short(value)}")
    if len(args) + len(form) == 1:
        return requests  # every field at once was this one field alone
    for key in _distinct(args):
        for value in ALONE[_kind(instance.query, key)]:
            requests += 1
            _send(client, instance.method, instance.path,
                  _replaced(instance.query, {key}, value), form_base, failures,
                  f"?{key}={_short(value)}")
    for key in _distinct(form):
        for value in ALONE[_kind(instance.form, key)]:
            requests += 1
            _send(client, "POST", instance.path, instance.query,
                  _replaced(form_base, {key}, value), failures, f"{key}={_short(value)}")
    return requests


def fuzz_path(app, client, instance: Instance, failures) -> int:
    """Each URL argument of the route replaced by each hostile value."""
    requests = 0
    for name in sorted(instance.rule.arguments):
        kind = "int" if isinstance(instance.values[name], int) else "text"
        for value in HOSTILE_PATH[kind]:
            encoded = value if isinstance(value, Raw) else quote(value, safe="")

            def argument(match, name=name, encoded=encoded):
                if match[1] == name:
                    return encoded
                return quote(str(instance.values[match[1]]), safe="")

            requests += 1
            _send(client, instance.method, ARGUMENT.sub(argument, instance.rule.rule),
                  instance.query, [*instance.form, PROBE], failures,
                  f"<{name}>={_short(value)}")
    return requests


def _report(failures) -> str:
    """Failures grouped by what went wrong, with a few of the requests that caused it."""
    by_cause = {}
    for cause, request_ in failures:
        by_cause.setdefault(cause, []).append(request_)
    lines = [f"{len(failures)} requests failed, {len(by_cause)} causes:"]
    for cause, requests in by_cause.items():
        lines.append(f"- {cause}: {len(requests)} requests, e.g.")
        lines.extend(f"    {r}" for r in requests[:3])
    return "\n".join(lines)


# --- the test --------------------------------------------------------------------------------

def _unlinked(app, reached) -> dict:
    """Routes no page links to whose URL arguments are all text (e.g. the token of a mailed
    link): any text will do to fuzz them, as a visitor."""
    adapter = app.url_map.bind("localhost")
    instances = {}
    for rule in app.url_map.iter_rules():
        converters = {m[0].partition(":")[0] if ":" in m[0] else "string"
                      for m in re.finditer(r"<([^<>]+)>", rule.rule)}
        if not rule.arguments or not converters <= {"string"}:
            continue
        for method in ("GET", "POST"):
            if method in rule.methods and (method, rule.endpoint) not in reached:
                path = rule.build(dict.fromkeys(rule.arguments, "kwfuzz"))[1]
                match = _match(adapter, path, method)
                if match is not None and match[0] == rule.endpoint:
                    instances[method, rule.endpoint] = Instance("anonymous", method, match[0],
                                                                path, match[1], ())
    return instances


def _log_in(client, email):
    if email is not None:
        response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email


def _restore_people(snapshot):
    """Fuzzing admin forms may deactivate or demote the people who fuzz: put them back."""
    db.session.expire_all()
    for email, (active, roles) in snapshot.items():
        user = db.session.scalar(select(User).where(User.email == email))
        user.active = active
        if set(user.roles) != roles:
            user.role_rows.clear()
            db.session.flush()
            user.role_rows.extend(UserRole(role=r) for r in sorted(roles))
    db.session.commit()


# The fuzzing is split into shards that pytest-xdist can run on different workers; the first
# worker to need it crawls the demo (the demo copy gives every worker the same rows and ids) and
# leaves its findings in a file beside the workers' temporary folders, the others read them;
# each shard fuzzes every SHARDS-th route of the common order.
SHARDS = 4
_crawled: dict = {}


class LanguageOfParts:
    """German words outside lang="de" on the pages of a crawl in another language
    (tests/core/test_language_of_parts.py): the first page of each finding, page views."""

    def __init__(self, views=0, marked_badly=0, findings=None):
        self.views, self.marked_badly = views, marked_badly
        self.findings: dict[str, str] = dict(findings or {})

    def check(self, path: str, html: str) -> None:
        found = german_outside_lang(html)
        self.views += 1
        self.marked_badly += bool(found)
        for finding in found:
            self.findings.setdefault(finding, path)

    def dump(self) -> dict:
        return {"views": self.views, "marked_badly": self.marked_badly,
                "findings": self.findings}


# The crawl reads the pages in English, so that the check for German data outside lang="de"
# needs no crawl of its own in this language (the fuzzing does not depend on the language).
CRAWL_LANGUAGE = "en"


def _crawl(app, people) -> tuple[list, list, int, dict, LanguageOfParts]:
    """(chosen instances in fuzzing order, failures of the crawl, number of requests, the
    links of each role's pages, German outside lang="de" on them)."""
    failures, found, requests, links = [], {}, 0, {}
    language = LanguageOfParts()
    for role, email in ROLES:
        client = app.test_client()
        _log_in(client, email)
        client.get(f"/?lang={CRAWL_LANGUAGE}")  # kept in the session for the whole crawl
        links[role] = Links()
        requests += crawl(app, role, client, failures, found, SEES_MORE_THAN.get(role),
                          links[role], on_page=language.check)
        if role != "anonymous":
            client.post("/auth/logout")
    _restore_people(people)
    chosen = {}
    for role, _ in ROLES:
        for (who, method, endpoint), instance in found.items():
            if who == role:
                chosen.setdefault((method, endpoint), instance)
    for key, instance in _unlinked(app, set(chosen)).items():
        chosen.setdefault(key, instance)
    # Reading first, writing afterwards; logging out and deleting the account last.
    last = {"auth.logout", "me.delete"}
    return (sorted(chosen.values(), key=lambda i: (i.method == "POST", i.endpoint in last)),
            failures, requests, links, language)


def _shared_crawl(app, people, folder) -> tuple[list, list, int, dict, LanguageOfParts]:
    """The crawl of this test session, made once for all its workers (under a file lock)."""
    with open(folder / "fuzz-crawl.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored = folder / "fuzz-crawl.json"
        if stored.exists():
            data = json.loads(stored.read_text())
            adapter = app.url_map.bind("localhost")
            order = [Instance(i["role"], i["method"], i["endpoint"], i["path"],
                              _match(adapter, i["path"], i["method"])[1],
                              map(tuple, i["query"]), map(tuple, i["form"]))
                     for i in data["order"]]
            return (order, data["failures"], data["requests"],
                    {role: Links.load(found) for role, found in data["links"].items()},
                    LanguageOfParts(**data["language"]))
        order, failures, requests, links, language = _crawl(app, people)
        stored.write_text(json.dumps({"order": [
            {"role": i.role, "method": i.method, "endpoint": i.endpoint, "path": i.path,
             "query": i.query, "form": i.form} for i in order],
            "failures": failures, "requests": requests,
            "links": {role: role_links.dump() for role, role_links in links.items()},
            "language": language.dump()}))
        return order, failures, requests, links, language


def _crawl_once(app, people, folder):
    if "order" not in _crawled:
        (_crawled["order"], _crawled["failures"], _crawled["requests"],
         _crawled["links"], _crawled["language"]) = _shared_crawl(app, people, folder)
    return _crawled["order"], list(_crawled["failures"]), _crawled["requests"]


def crawled_language(app, people, folder) -> tuple[LanguageOfParts, list]:
    """German outside lang="de" on the pages of the crawl (in CRAWL_LANGUAGE), and the
    crawl's failures."""
    _crawl_once(app, people, folder)
    return _crawled["language"], list(_crawled["failures"])


def crawled_links(app, people, folder) -> dict:
    """role -> the Links of the pages its crawl read (tests/core/test_links.py walks them)."""
    _crawl_once(app, people, folder)
    return _crawled["links"]


def demo_people() -> dict:
    """The state of the demo's accounts that fuzzing may change (see _restore_people)."""
    emails = [email for _, email in ROLES if email]
    return {u.email: (u.active, set(u.roles))
            for u in db.session.scalars(select(User).where(User.email.in_(emails)))}


@pytest.fixture(scope="session")
def crawl_folder(tmp_path_factory, worker_id):
    """A folder all xdist workers of this test session share."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_hostile_value_makes_a_500(app, shard, crawl_folder, job_worker):
    started = time.perf_counter()
    load_demo_copy()
    people = demo_people()
    loaded = time.perf_counter()

    order, failures, crawl_requests = _crawl_once(app, people, crawl_folder)
    requests = 0
    crawled = time.perf_counter()

    email_of = dict(ROLES)
    clients = {}
    for role, email in ROLES:
        clients[role] = app.test_client()
        _log_in(clients[role], email)
    mine = order[shard::SHARDS]
    for instance in mine:
        client = clients[instance.role]
        requests += fuzz(app, client, instance, failures)
        requests += fuzz_path(app, client, instance, failures)
        if instance.method == "POST":
            _restore_people(people)
            if instance.role != "anonymous" and client.get("/me/profile").status_code != 200:
                _log_in(client, email_of[instance.role])
    if shard == 0:
        for value in HOSTILE:
            requests += 1
            _send(clients["anonymous"], "GET", "/", [("lang", value)], (), failures,
                  f"?lang={_short(value)}")
    fuzzed = time.perf_counter()

    rules = {(m, r.endpoint) for r in app.url_map.iter_rules() for m in ("GET", "POST")
             if m in r.methods}
    chosen = {(i.method, i.endpoint) for i in order}
    print(f"\nfuzz shard {shard}: demo {loaded - started:.1f}s, crawl {crawled - loaded:.1f}s, "
          f"fuzz {fuzzed - crawled:.1f}s, {crawl_requests} crawl and {requests} fuzz requests, "
          f"{len(mine)} of {len(chosen)} reached of {len(rules)} (method, route) pairs")
    assert not failures, _report(failures)
    unreached = rules - chosen
    assert unreached <= set(NOT_REACHED), (
        f"No page of the demo links to {sorted(unreached - set(NOT_REACHED))}: link it, or "
        "add it to NOT_REACHED with the reason (and test its input in its module's tests).")
