"""Public pages for anonymous readers from a cache (issue 15).

Most requests to a public process come from people who are not logged in, and they all see
the same page for the same address and language. Such a page is kept for PAGE_CACHE_SECONDS
(default 60) and served again without a query beyond one: the page generation, a counter
in the database that every transaction which writes anything raises at its commit. A page is
stored under the generation it was rendered in, so after any change (a new contribution, a
hidden comment, a published version) the next request renders it anew, on every worker and
host. What changes with time alone (a round closing at midnight) shows at the latest after
PAGE_CACHE_SECONDS.

Only pages of CACHED_PAGES, only for GET requests without a login, without a message waiting
to be shown (flash), without a language chosen on the way (?lang=) and without a change to the
session beyond bookkeeping are kept, never one that holds a CSRF token, sets a cookie or is not
a 200 HTML page. The language chosen earlier in a visit is part of the key. The cache lives in
each process (Flask-Caching's SimpleCache), or in Redis with PAGE_CACHE_REDIS_URL,
so that several workers share it. PAGE_CACHE_SECONDS=0 switches it off (the tests do, except
those of this module)."""

import hashlib

from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import event, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.core import i18n
from app.extensions import db

# Endpoints whose page is the same for every anonymous reader of an address and language.
CACHED_PAGES = frozenset({
    "concepts.home", "concepts.concept", "concepts.topic", "concepts.chapter",
    "concepts.item", "concepts.draft", "concepts.help_page",
    "rounds.index", "rounds.show", "contributions.show", "contributions.history",
    "organisations.index", "organisations.show",
    "versions.index", "versions.show", "versions.diff",
    "implementation.index", "implementation.reports", "implementation.report",
    "participation.show", "participation.round_show",
})
_WROTE = "kw_page_generation_wrote"
_KEY = "kw_page_cache_key"
_SESSION = "kw_page_cache_session"

cache = Cache()


class PageGeneration(db.Model):
    """One row: how many writing transactions have been committed (see the module's doc)."""

    __tablename__ = "page_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)


def enabled() -> bool:
    return current_app.config.get("PAGE_CACHE_SECONDS", 0) > 0


def generation() -> int:
    return db.session.scalar(select(PageGeneration.generation).where(PageGeneration.id == 1)) or 0


# --- raising the generation with every writing transaction -----------------------------------

def _note_write(session, *_args) -> None:
    session.info[_WROTE] = True


def _note_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _raise_generation(session) -> None:
    if not (has_app_context() and enabled()):
        return
    if not (session.info.get(_WROTE) or session.new or session.dirty or session.deleted):
        return
    raised = session.execute(update(PageGeneration).where(PageGeneration.id == 1)
                             .values(generation=PageGeneration.generation + 1))
    if not raised.rowcount:
        session.add(PageGeneration(id=1, generation=1))


def _forget_writes(session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint within it
        session.info.pop(_WROTE, None)


# --- serving and keeping pages ---------------------------------------------------------------

# What a request may change in an anonymous session and still be kept: the CSRF secret a form
# made when it was built (see _session_changed_only_by_bookkeeping) and Flask-Login's marks
# of a session that has no login.
_BOOKKEEPING = frozenset({"csrf_token", "_fresh", "_id"})


def _cacheable_request() -> bool:
    return (request.method in ("GET", "HEAD") and request.endpoint in CACHED_PAGES
            and enabled() and "lang" not in request.args  # a language chosen on the way
            and not current_user.is_authenticated and "_flashes" not in session)


def serve_from_cache():
    """before_request: the kept page, if there is one for this request."""
    if not _cacheable_request():
        return None
    key = f"page:{generation()}:{i18n.current_language()}:{request.full_path}"
    kept = cache.get(key)
    if kept is not None:
        body, headers = kept
        return current_app.response_class(body, 200, headers)
    g.setdefault(_KEY, key)
    g.setdefault(_SESSION, {k: v for k, v in session.items() if k not in _BOOKKEEPING})
    return None


def _session_changed_only_by_bookkeeping(response) -> bool:
    """True if the request changed the session only in _BOOKKEEPING (a form built for a
    reader it is then not shown to makes a CSRF secret) and the page does not hold a CSRF
    token: such a page is the same for every anonymous reader."""
    before = g.get(_SESSION, {})
    changed = {key for key in set(before) | set(session) if before.get(key) != session.get(key)}
    token = g.get("csrf_token")  # Flask-WTF keeps the signed token of this request there
    return changed <= _BOOKKEEPING and (token is None or token.encode()
                                        not in response.get_data())


def keep_page(response):
    """after_request: keep a page rendered for an anonymous reader (see the module's doc)."""
    key = g.get(_KEY)
    if (key is None or response.status_code != 200 or response.mimetype != "text/html"
            or "Set-Cookie" in response.headers or "_flashes" in session
            or current_user.is_authenticated or response.is_streamed
            or (session.modified and not _session_changed_only_by_bookkeeping(response))):
        return response
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in ("content-length", "set-cookie")]
    cache.set(key, (response.get_data(), headers),
              timeout=current_app.config["PAGE_CACHE_SECONDS"])
    return response


# --- pieces of pages kept for every reader -------------------------------------------------------

def keeps_fragments() -> bool:
    """Whether this request may use kept pieces: a GET with the cache on (a request that
    writes renders what it read itself)."""
    return enabled() and has_request_context() and request.method in ("GET", "HEAD")


def fragment_generation() -> int | None:
    """The page generation for `kept_fragment` (None: nothing is kept). Read it before the
    data the fragments show: a fragment then never holds data older than the generation it
    is kept under (a change committed in between makes it newer, which the next generation
    renders anew anyway)."""
    return generation() if keeps_fragments() else None


def kept_fragment(generation: int | None, *key, caller):
    """In a template, `{% call kept_fragment(generation, "name", id, ...) %}…{% endcall %}`:
    the HTML of the block, kept under the page generation, the reader's language and `key`,
    for a piece that is the same for every reader (logged in or not) of that language and
    key: one entry of a list, a list's filter form (keyed by the query string and whether
    the reader is staff), never what depends on who reads it. Any committed write raises the
    generation, so a kept piece is never shown after a change (issue 15: rendering the
    entries and the filter form was more than half of a logged-in list page's time)."""
    if generation is None:
        return caller()
    parts = ":".join(str(part) for part in (generation, i18n.current_language(), *key))
    name = "fragment:" + hashlib.sha256(parts.encode()).hexdigest()  # parts from the address
    html = cache.get(name)
    if html is None:
        html = caller()
        cache.set(name, html, timeout=current_app.config["PAGE_CACHE_SECONDS"])
    return html


def init_app(app) -> None:
    redis_url = app.config.get("PAGE_CACHE_REDIS_URL")
    cache.init_app(app, config={
        "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": app.config.get("PAGE_CACHE_PREFIX", "konzeptwerkstatt:"),
        "CACHE_DEFAULT_TIMEOUT": app.config.get("PAGE_CACHE_SECONDS", 60),
        "CACHE_THRESHOLD": app.config.get("PAGE_CACHE_PAGES", 2000)})
    app.before_request(serve_from_cache)
    app.after_request(keep_page)
    app.add_template_global(kept_fragment)
    if not event.contains(db.session, "before_commit", _raise_generation):
        event.listen(db.session, "after_flush", _note_write)
        event.listen(db.session, "do_orm_execute", _note_statement)
        event.listen(db.session, "before_commit", _raise_generation)
        event.listen(db.session, "after_transaction_end", _forget_writes)
