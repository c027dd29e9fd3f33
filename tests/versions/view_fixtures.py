"""Helpers of the versions view tests: reading pages and flashes, clients per user, editing the
draft between two freezes (plain functions, so that test modules import them explicitly)."""

import html
import re

from app.concepts import services as concepts
from app.extensions import db
from tests.conftest import Login


def text(response) -> str:
    return response.get_data(as_text=True)


def visible(response) -> str:
    """The page's text without tags and with entities decoded (what a reader sees, including
    the visually hidden parts a screen reader reads)."""
    body = re.sub(r"<script.*?</script>", " ", text(response), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def flashes(response) -> str:
    """The flashed messages of a page, joined."""
    return html.unescape(" ".join(
        re.findall(r'<div class="flashes"[^>]*>(.*?)</div>', text(response), re.S)))


def field_errors(response) -> str:
    return html.unescape(" ".join(
        re.findall(r'<p class="field__error"[^>]*>(.*?)</p>', text(response), re.S)))


def fresh(obj):
    """`obj` as the database has it now (requests commit in their own session)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def client_for(app, user):
    """A new test client with `user` logged in (to act as several people in one test)."""
    client = app.test_client()
    Login(client)(user)
    return client


def csrf_token(response, name: str = "csrf_token") -> str:
    """The value of the hidden CSRF field called `name` on a page."""
    quoted = re.escape(f'name="{name}"')
    match = re.search(rf'{quoted}[^>]*value="([^"]+)"|value="([^"]+)"[^>]*{quoted}',
                      text(response))
    assert match, f"no {name} on the page"
    return match.group(1) or match.group(2)


def edit(item, actor, **changes):
    """Edit a draft item through the use case (and commit), keeping the fields not named."""
    item = fresh(item)
    values = {"text": item.text, "responsible": item.responsible, "partners": item.partners,
              "timeframe": item.timeframe, "example_by": item.example_by,
              "example_where": item.example_where, "example_link": item.example_link,
              "parent_id": item.parent_id, "themes": list(item.themes), **changes}
    concepts.edit_item(item, values=values, actor=fresh(actor), lock_version=None)
    db.session.commit()
    return item


def vote_data(target: str, verdict: str, remark: str = "", part: str = "") -> dict:
    """POST data of one verdict form on the review page (its fields carry the target as
    prefix)."""
    return {"target_key": target, "part": part, f"{target}-target": target,
            f"{target}-verdict": verdict, f"{target}-remark": remark}
