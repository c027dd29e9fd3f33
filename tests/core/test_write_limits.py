"""Limits on writing, per account and per client address, and the 429 page that keeps the text.

The limits are switched on here explicitly (TestingConfig has them off) with small values.
"""

import re
from html.parser import HTMLParser
from uuid import uuid4

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app import create_app
from app.contributions.models import Comment
from app.extensions import db, limiter
from config import TestingConfig
from tests.contributions.conftest import form_data
from tests.factories import PASSWORD
from tests.shared import redis_url

TYPED = "Mein langer Kommentar:\nAbendkurse <b>wären</b> gut & wichtig."
OTHER_ADDRESS = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.fixture
def limited(database_url):
    """Build an app with rate limits on; keyword arguments override settings."""
    def build(**settings):
        return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                          RATELIMIT_ENABLED=True, **settings)

    yield build
    if limiter.enabled:
        limiter.reset()
    limiter.enabled = False  # the limiter is shared; switch it back off for the other tests


class FormReader(HTMLParser):
    """The fields of the page's "send again" form, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self._textarea, self._in_form = None, [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "logout" not in attrs["action"]:
            self.action, self._in_form = attrs["action"], True
        elif self._in_form and tag == "input" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif self._in_form and tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # as browsers do: one newline right after <textarea> is not part of the value
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def resubmit_form(html: str):
    reader = FormReader()
    reader.feed(html)
    return reader.action, reader.fields


def csrf_token(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                     client.get(path).get_data(as_text=True)).group(1)


def log_in(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def comment_path(contribution):
    return f"/contributions/{contribution.id}/comments"


# --- per account, per address, staff ---------------------------------------------------------

def test_comments_are_limited_per_account(limited, make_user, make_contribution):
    app = limited(COMMENT_RATE_LIMIT_ACCOUNT="3 per hour", COMMENT_RATE_LIMIT_IP="100 per hour")
    contribution = make_contribution()
    first, second = app.test_client(), app.test_client()
    log_in(first, make_user())
    log_in(second, make_user())
    for n in range(3):
        assert first.post(comment_path(contribution),
                          data={"body": f"Kommentar {n}"}).status_code == 302
    refused = first.post(comment_path(contribution), data={"body": TYPED})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    # someone else in the same hall (same address) may still write
    assert second.post(comment_path(contribution), data={"body": "Auch ich"}).status_code == 302


def test_comments_are_limited_per_address_generously(limited, make_user, make_contribution):
    app = limited(COMMENT_RATE_LIMIT_ACCOUNT="3 per hour", COMMENT_RATE_LIMIT_IP="5 per hour")
    contribution = make_contribution()
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        log_in(client, make_user())
    statuses = [client.post(comment_path(contribution), data={"body": f"Kommentar {n}"}).status_code
                for n, client in enumerate([*clients[:2], *clients[:2], clients[2], clients[2]])]
    assert statuses == [302, 302, 302, 302, 302, 429]
    # from another address the same person is not held back by the hall's budget
    elsewhere = app.test_client()
    elsewhere.environ_base.update(OTHER_ADDRESS)
    log_in(elsewhere, make_user())
    assert elsewhere.post(comment_path(contribution), data={"body": "Von zu Hause"}).status_code \
        == 302


def test_staff_capturing_are_never_limited(limited, make_user, make_contribution):
    app = limited(COMMENT_RATE_LIMIT_ACCOUNT="2 per hour", COMMENT_RATE_LIMIT_IP="2 per hour",
                  CONTRIBUTE_RATE_LIMIT_ACCOUNT="2 per hour", CONTRIBUTE_RATE_LIMIT_IP="2 per hour")
    contribution = make_contribution()
    client = app.test_client()
    log_in(client, make_user(roles={"moderator"}))
    for n in range(5):
        assert client.post(comment_path(contribution),
                           data={"body": f"Kommentar {n}"}).status_code == 302
        assert client.post(f"/rounds/{contribution.round_id}/contribute",
                           data=form_data(contribution.round, title=f"Karte {n}")).status_code \
            == 302


def _contribute(contribution, n):
    round_ = contribution.round
    return f"/rounds/{round_.id}/contribute", form_data(round_, title=f"Vorschlag {n}")


def _support(contribution, n):
    return f"/contributions/{contribution.id}/support", {}


def _flag(contribution, n):
    # flagging a contribution and a comment spend one budget
    comment = db.session.scalar(select(Comment))
    target = (f"/comments/{comment.id}/flag" if n % 2 else
              f"/contributions/{contribution.id}/flag")
    return target, {"reason": f"Grund {n}"}


@pytest.mark.parametrize("action, request_for", [
    ("CONTRIBUTE", _contribute), ("SUPPORT", _support), ("FLAG", _flag),
])
def test_each_kind_of_writing_is_limited(limited, make_user, make_contribution, action,
                                         request_for):
    app = limited(**{f"{action}_RATE_LIMIT_ACCOUNT": "2 per hour",
                     f"{action}_RATE_LIMIT_IP": "100 per hour"})
    contribution = make_contribution()
    author = make_user()
    db.session.add(Comment(contribution=contribution, author=author, body="Hallo",
                           body_html="<p>Hallo</p>"))
    db.session.commit()
    client = app.test_client()
    log_in(client, make_user())
    for n in range(2):
        path, data = request_for(contribution, n)
        assert client.post(path, data=data).status_code in (302, 200), path
    path, data = request_for(contribution, 2)
    assert client.post(path, data=data).status_code == 429
    assert client.get(path).status_code != 429  # reading is never limited


def test_registration_is_limited_per_address_and_never_echoes_the_password(limited):
    app = limited(REGISTER_RATE_LIMIT_ACCOUNT="2 per hour", REGISTER_RATE_LIMIT_IP="3 per hour")
    client = app.test_client()

    def register(email):
        return client.post("/auth/register", data={
            "display_name": "Amira Haddad", "email": email, "password": "geheimes Passwort 123",
            "password_repeat": "geheimes Passwort 123", "language": "de", "privacy": "y",
            "csrf_token": "nicht-zeigen-123"})

    assert register("a@example.org").status_code != 429
    client.post("/auth/logout")
    assert register("a@example.org").status_code != 429
    client.post("/auth/logout")
    refused = register("a@example.org")  # the same address a third time
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Amira Haddad" in html and "a@example.org" in html
    assert "geheimes Passwort" not in html and "nicht-zeigen-123" not in html
    client.post("/auth/logout")
    # the address's budget is spent; the hall's (3 per hour) is spent by the next one
    assert register("b@example.org").status_code != 429
    client.post("/auth/logout")
    assert register("c@example.org").status_code == 429


def test_password_reset_is_limited_per_address(limited, make_user):
    app = limited(PASSWORD_RESET_RATE_LIMIT_ACCOUNT="2 per hour",
                  PASSWORD_RESET_RATE_LIMIT_IP="100 per hour")
    user = make_user()
    client = app.test_client()
    for _ in range(2):
        assert client.post("/auth/forgot", data={"email": user.email}).status_code == 302
    assert client.post("/auth/forgot", data={"email": user.email}).status_code == 429
    assert client.post("/auth/forgot", data={"email": "other@example.org"}).status_code == 302
    for _ in range(2):
        assert client.post("/auth/reset/some-link", data={"password": "x"}).status_code != 429
    assert client.post("/auth/reset/some-link", data={"password": "x"}).status_code == 429


# --- the 429 page keeps what was typed --------------------------------------------------------

def test_refused_comment_keeps_the_text_and_sends_it_again(limited, make_user,
                                                           make_contribution):
    app = limited(COMMENT_RATE_LIMIT_ACCOUNT="1 per hour", WTF_CSRF_ENABLED=True)
    contribution = make_contribution()
    user = make_user()
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD,
                                                "csrf_token": csrf_token(client, "/auth/login")})
    assert response.status_code == 302
    token = csrf_token(client, f"/contributions/{contribution.id}")
    assert client.post(comment_path(contribution),
                       data={"body": "Erster", "csrf_token": token}).status_code == 302

    refused = client.post(comment_path(contribution) + "?lang=en",
                          data={"body": TYPED, "parent_id": "", "csrf_token": token})
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Too many attempts" in html  # in the user's language
    assert "Abendkurse &lt;b&gt;wären&lt;/b&gt; gut &amp; wichtig." in html  # escaped, kept
    assert "readonly" in html
    action, fields = resubmit_form(html)
    assert action == comment_path(contribution) + "?lang=en"
    values = dict(fields)
    assert values["body"] == TYPED and "parent_id" in values
    # one token, made for this page (the posted one is never echoed; see the registration test)
    assert [name for name, _ in fields].count("csrf_token") == 1 and values["csrf_token"]

    limiter.reset()  # the wait is over
    again = client.post(action, data=MultiDict(fields))
    assert again.status_code == 302
    assert db.session.scalar(select(Comment).where(Comment.body == TYPED)) is not None


def test_login_limit_page_names_the_wait(limited, make_user):
    app = limited(LOGIN_RATE_LIMIT="1 per hour")
    user = make_user()
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": "falsch"})
    refused = client.post("/auth/login?lang=en", data={"email": user.email, "password": "falsch"})
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "falsch" not in html and user.email in html
    assert re.search(r"(60 minutes|1 hour)", html)


# --- several workers share the counts through Redis -------------------------------------------

def test_workers_share_the_limits_through_redis(limited):
    import redis

    url = redis_url("the rate limits")
    # Keys of this run only: the fixture's reset() then leaves other test processes sharing
    # this Redis database (xdist workers, SQLite and PostgreSQL runs at once) alone.
    settings = {"RATELIMIT_STORAGE_URI": url,
                "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"LIMITS-{uuid4().hex}"},
                "PASSWORD_RESET_RATE_LIMIT_ACCOUNT": "3 per hour",
                "PASSWORD_RESET_RATE_LIMIT_IP": "100 per hour"}
    email = f"{uuid4().hex}@example.org"  # a budget no earlier run has touched
    first_worker = limited(**settings)
    for _ in range(2):
        assert first_worker.test_client().post("/auth/forgot",
                                               data={"email": email}).status_code == 302
    # A second app, as in another worker process: it connects to the store afresh and
    # sees what the first one counted.
    second_worker = limited(**settings)
    assert type(limiter.storage).__name__ == "RedisStorage"
    assert second_worker.test_client().post("/auth/forgot",
                                            data={"email": email}).status_code == 302
    refused = second_worker.test_client().post("/auth/forgot", data={"email": email})
    assert refused.status_code == 429
    assert email in refused.get_data(as_text=True)
    assert any(redis.Redis.from_url(url).scan_iter("LIMITS*", count=1000))


def test_writing_goes_on_when_redis_is_away(limited, make_user):
    app = limited(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",  # nothing listens there
                  PASSWORD_RESET_RATE_LIMIT_ACCOUNT="1 per hour")
    client = app.test_client()
    try:
        assert client.post("/auth/forgot", data={"email": "a@example.org"}).status_code == 302
        # counted in the worker's memory meanwhile
        assert client.post("/auth/forgot", data={"email": "a@example.org"}).status_code == 429
    finally:
        # The limiter is shared by the apps of the other tests: back to a store that answers.
        limiter._storage_dead = False
        limited()


def test_the_submit_button_is_not_shown_as_typed_text(limited, make_user):
    app = limited(PASSWORD_RESET_RATE_LIMIT_ACCOUNT="1 per hour",
                  PASSWORD_RESET_RATE_LIMIT_IP="100 per hour")
    client = app.test_client()
    data = {"email": "jemand@example.org", "submit": "Link zum Zurücksetzen senden"}
    client.post("/auth/forgot", data=data)
    page = client.post("/auth/forgot", data=data).get_data(as_text=True)
    assert "jemand@example.org</textarea>" in page
    assert "Link zum Zurücksetzen senden</textarea>" not in page
