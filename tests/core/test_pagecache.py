"""Public pages kept for anonymous readers (app/core/pagecache.py, issue 15): served again
without rendering while nothing was written, rendered anew after any change, never kept for
someone logged in, for a language chosen on the way or with a message waiting."""

import re

import pytest

from app.core import pagecache
from app.extensions import db
from tests.conftest import Login
from tests.query_counter import count_queries


@pytest.fixture
def kept(app, monkeypatch):
    """The page cache switched on (the suite runs without it), empty before and after."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    pagecache.cache.clear()
    yield
    pagecache.cache.clear()


def _get(app, client, path):
    with count_queries(app) as statements:
        response = client.get(path)
    return response, len(statements)


def test_an_anonymous_page_is_served_again_with_one_statement(app, client, kept,
                                                              make_contribution):
    contribution = make_contribution(title="Sprachcafé am Abend")
    db.session.commit()
    path = f"/contributions/{contribution.id}"
    first, rendering = _get(app, client, path)
    second, serving = _get(app, client, path)
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert "Sprachcafé am Abend" in second.get_data(as_text=True)
    assert serving == 1 < rendering  # the page generation only
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_any_write_renders_the_page_anew(app, client, kept, make_contribution):
    contribution = make_contribution(title="Sprachcafé am Abend")
    db.session.commit()
    path = f"/contributions/{contribution.id}"
    client.get(path)
    before = pagecache.generation()
    contribution.title = "Sprachcafé am Samstag"
    db.session.commit()
    assert pagecache.generation() == before + 1
    html = client.get(path).get_data(as_text=True)
    assert "Sprachcafé am Samstag" in html and "Sprachcafé am Abend" not in html


def test_a_comment_posted_through_the_app_shows_to_anonymous_readers(
        app, client, kept, login, make_contribution, make_user):
    contribution = make_contribution()
    db.session.commit()
    path = f"/contributions/{contribution.id}"
    reader = app.test_client()
    assert "Gute Idee, ich helfe mit" not in reader.get(path).get_data(as_text=True)
    login(make_user())
    response = client.post(f"{path}/comments", data={"body": "Gute Idee, ich helfe mit."})
    assert response.status_code == 302
    assert "Gute Idee, ich helfe mit" in reader.get(path).get_data(as_text=True)


def test_reading_writes_nothing_and_keeps_the_generation(app, client, kept, make_contribution):
    contribution = make_contribution()
    db.session.commit()
    before = pagecache.generation()
    for path in ("/", f"/contributions/{contribution.id}", "/rounds/", "/concept/"):
        client.get(path)
    assert pagecache.generation() == before


def test_a_logged_in_reader_never_gets_a_kept_page(app, client, kept, login, make_user,
                                                   make_contribution):
    contribution = make_contribution()
    db.session.commit()
    path = f"/contributions/{contribution.id}"
    anonymous = app.test_client()
    anonymous.get(path)  # kept for anonymous readers
    login(make_user(display_name="Ada Lovelace"))
    client.get("/me/profile")  # shows the "logged in" message: none is waiting now
    assert "Ada Lovelace" in client.get(path).get_data(as_text=True)
    pagecache.cache.clear()
    assert "Ada Lovelace" in client.get(path).get_data(as_text=True)  # not kept for others
    assert "Ada Lovelace" not in anonymous.get(path).get_data(as_text=True)


def test_languages_are_kept_apart(app, client, kept, make_contribution):
    contribution = make_contribution()
    db.session.commit()
    path = f"/contributions/{contribution.id}"
    german = client.get(path).get_data(as_text=True)
    assert '<html lang="de"' in german
    # Choosing English changes the session: that page is not served from or into the cache.
    assert '<html lang="en"' in client.get(f"{path}?lang=en").get_data(as_text=True)
    _, statements = _get(app, client, path)  # English from now on, rendered once, then kept
    english, serving = _get(app, client, path)
    assert '<html lang="en"' in english.get_data(as_text=True)
    assert serving == 1 < statements
    other = app.test_client()
    assert '<html lang="de"' in other.get(path).get_data(as_text=True)


def test_a_waiting_message_is_shown_not_a_kept_page(app, client, kept, login, make_user):
    client.get("/")  # kept
    login(make_user())
    response = client.post("/auth/logout", follow_redirects=True)
    assert response.status_code == 200
    assert "abgemeldet" in response.get_data(as_text=True)


def test_pages_not_on_the_list_and_errors_are_not_kept(app, client, kept, make_round):
    make_round()
    db.session.commit()
    for path in ("/report/print", "/contributions/999999"):
        client.get(path)
        _, statements = _get(app, client, path)
        assert statements > 1, path
    assert "participation.print_view" not in pagecache.CACHED_PAGES


def test_switched_off_nothing_is_kept_and_nothing_counted(app, client, make_contribution):
    assert app.config["PAGE_CACHE_SECONDS"] == 0
    contribution = make_contribution()
    db.session.commit()
    assert pagecache.generation() == 0
    client.get(f"/contributions/{contribution.id}")
    _, statements = _get(app, client, f"/contributions/{contribution.id}")
    assert statements > 1


def test_list_entries_kept_for_logged_in_readers_follow_every_change(
        app, client, kept, login, make_user, make_contribution, moderator):
    """The entries and the filter form of a list are kept for every reader (they are the same
    for all); the page around them is rendered for each. A committed change, another
    language, another list or a staff reader never gets a kept piece that is not theirs."""
    first = make_contribution(title="Sprachcafé am Abend")
    second = make_contribution(round=first.round, title="Lernpatenschaften")
    db.session.commit()
    round_path, topic_path = f"/rounds/{first.round_id}", f"/topics/{first.topic.slug}"
    login(make_user(display_name="Ada Lovelace"))
    client.get("/me/profile")  # shows the "logged in" message: none is waiting now
    for path in (round_path, topic_path):
        html = client.get(path).get_data(as_text=True)
        assert "Sprachcafé am Abend" in html and "Ada Lovelace" in html
    assert any(str(key).startswith("fragment:")
               for key in pagecache.cache.cache._cache)
    first.title = "Sprachcafé am Samstag"
    second.status = "hidden"
    db.session.commit()
    for path in (round_path, topic_path):
        html = client.get(path).get_data(as_text=True)
        assert "Sprachcafé am Samstag" in html and "Sprachcafé am Abend" not in html
        assert "Lernpatenschaften" not in html  # hidden: a placeholder line now
    # Entries on a round page name their topic; on the topic page they do not.
    assert "badge--theme" not in client.get(topic_path).get_data(as_text=True)
    # Another language: the entries' dates in its format, not the German ones kept before.
    german = client.get(round_path).get_data(as_text=True)
    english = client.get(f"{round_path}?lang=en").get_data(as_text=True)
    date = re.compile(r'contribution-item__date">([^<]+)<')
    assert date.findall(german) and date.findall(english)
    assert not set(date.findall(german)) & set(date.findall(english))
    # The filter form: staff may filter by every status, others only by the public ones
    # (logged in first: a login writes, which would give the next page a new generation).
    staff = app.test_client()
    Login(staff)(moderator)
    staff.get("/me/profile")
    reader = app.test_client()
    generation = pagecache.generation()
    reader_html = reader.get(round_path).get_data(as_text=True)
    staff_html = staff.get(round_path).get_data(as_text=True)
    assert pagecache.generation() == generation
    assert 'value="pending"' in staff_html and 'value="pending"' not in reader_html
    assert "Ada Lovelace" not in staff_html


def test_workers_share_kept_pages_through_redis(app, database_url, make_contribution):
    """Two apps, as two worker processes: a page one of them kept is served by the other;
    a change made through either is seen by both."""
    from uuid import uuid4

    from app import create_app
    from config import TestingConfig
    from tests.shared import redis_url

    settings = {"SQLALCHEMY_DATABASE_URI": database_url, "PAGE_CACHE_SECONDS": 60,
                "PAGE_CACHE_REDIS_URL": redis_url("kept pages"),
                # keys of this test only: other test processes share the Redis database
                "PAGE_CACHE_PREFIX": f"kw-test-{uuid4().hex}:"}
    workers = [create_app(TestingConfig, **settings) for _ in range(2)]
    contribution = make_contribution(title="Sprachcafé am Abend")
    db.session.commit()
    path = f"/contributions/{contribution.id}"
    try:
        first, second = (worker.test_client() for worker in workers)
        assert "Sprachcafé am Abend" in first.get(path).get_data(as_text=True)
        response, statements = _get(workers[1], second, path)
        assert statements == 1 and "Sprachcafé am Abend" in response.get_data(as_text=True)
        with workers[1].app_context():
            db.session.get(type(contribution), contribution.id).title = "Sprachcafé am Samstag"
            db.session.commit()
        assert "Sprachcafé am Samstag" in first.get(path).get_data(as_text=True)
    finally:
        for worker in workers:
            with worker.app_context():
                pagecache.cache.clear()
                db.session.remove()
                db.engine.dispose()


def test_every_public_page_of_the_demo_is_kept_for_anonymous_readers(app, client, kept,
                                                                      monkeypatch):
    """With CSRF protection on, as in production: a page that builds a form for someone who
    may not send it makes a token, changes the session and could never be kept."""
    from tests.demo_copy import load_demo_copy

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    load_demo_copy()
    from sqlalchemy import select

    from app.concepts.models import Item
    from app.contributions.models import Contribution
    from app.rounds.models import Round

    contribution = db.session.scalar(select(Contribution.id).where(
        Contribution.status == "published").order_by(Contribution.id))
    round_id = db.session.scalar(select(Round.id).order_by(Round.id))
    item = db.session.scalar(select(Item.id).order_by(Item.id))
    paths = ["/", "/help", "/concept/", "/concept/draft", "/concept/versions/",
             "/concept/versions/1", f"/concept/items/{item}",
             "/topics/sprache", "/rounds/", f"/rounds/{round_id}",
             f"/contributions/{contribution}", f"/contributions/{contribution}/history",
             "/organisations/", "/implementation/", "/implementation/reports/", "/report/"]
    not_kept = []
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        response, statements = _get(app, client, path)
        if statements > 1 or response.get_data() != first.get_data():
            not_kept.append(f"{path}: {statements} statements")
    assert not not_kept, not_kept
