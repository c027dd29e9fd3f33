"""/rounds/: open rounds first, then upcoming, then closed, the newest first within each;
dates, counts and phase badges with text; a constant number of queries."""

import re
from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.extensions import db
from tests.query_counter import count_queries


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="card__title"[^>]*><a href="/rounds/\d+">([^<]+)</a>', html)


def _shift(round_, opens_days: int, closes_days: int) -> None:
    now = utcnow()
    round_.opens_at = now + timedelta(days=opens_days)
    round_.closes_at = now + timedelta(days=closes_days)


def test_open_first_then_upcoming_then_closed_newest_first(client, make_round):
    rounds = {name: make_round(title=name) for name in (
        "closed old", "open old", "upcoming late", "closed new", "open new", "upcoming soon")}
    _shift(rounds["open old"], -20, 10)
    _shift(rounds["open new"], -2, 10)
    _shift(rounds["upcoming soon"], 3, 30)
    _shift(rounds["upcoming late"], 40, 60)
    _shift(rounds["closed old"], -400, -300)
    _shift(rounds["closed new"], -60, -5)
    db.session.commit()
    html = client.get("/rounds/").get_data(as_text=True)
    assert _titles(html) == ["open new", "open old", "upcoming late", "upcoming soon",
                             "closed new", "closed old"]


def test_cards_show_phase_dates_kind_and_counts(client, login, make_user, make_round,
                                                make_contribution):
    open_round = make_round(title="Jetzt offen")
    open_round.closes_at = open_round.closes_at.replace(year=2031, month=12, day=31, hour=12)
    make_round(title="Bald", phase="upcoming", kind="event")
    make_round(title="Vorbei", phase="closed")
    db.session.commit()
    for status in ("published", "published", "hidden", "withdrawn", "pending"):
        make_contribution(round=open_round, status=status)
    html = client.get("/rounds/").get_data(as_text=True)
    assert '<span class="badge badge--open">offen</span>' in html
    assert '<span class="badge badge--upcoming">demnächst</span>' in html
    assert '<span class="badge badge--muted">abgeschlossen</span>' in html
    assert "offen bis 31.12.2031" in html
    assert "öffnet am" in html and "abgeschlossen seit" in html
    assert "Dialogveranstaltung" in html and "Online-Beteiligung" in html
    assert "3 Themen" in html
    assert "4 Beiträge" in html  # pending ones wait for approval
    assert "wartet auf Freigabe" not in html
    login(make_user(roles={"moderator"}))
    assert "1 wartet auf Freigabe" in client.get("/rounds/").get_data(as_text=True)


def test_intro_and_empty_list(client, make_concept):
    make_concept()
    html = client.get("/rounds/").get_data(as_text=True)
    assert "In einer Beteiligungsrunde" in html
    assert "Gerade gibt es keine Beteiligungsrunde" in html


def test_only_rounds_of_the_current_concept(client, make_concept, make_round):
    first = make_concept()
    other = make_concept()
    make_round(concept=first, title="Integrationsrunde")
    make_round(concept=other, title="Klimarunde")
    html = client.get("/rounds/").get_data(as_text=True)
    assert "Integrationsrunde" in html and "Klimarunde" not in html


# --- query counts ------------------------------------------------------------------------

@pytest.fixture
def populate(make_round, make_contribution, make_user, make_organisation, make_network):
    """n rounds, every third invited-only (with a network of two people and an organisation
    with a member), each with two contributions."""

    def add(n: int, viewer) -> None:
        for i in range(n):
            phase = ("open", "upcoming", "closed")[i % 3]
            if i % 3 == 0:
                round_ = make_round(phase=phase, audience="invited")
                people = [make_user(), make_user()]
                organisation = make_organisation(members=[make_user()])
                round_.networks = [make_network(name=f"Netz {round_.id}", users=people,
                                                organisations=[organisation])]
                round_.organisations = [make_organisation(members=[viewer])]
                db.session.commit()
            else:
                round_ = make_round(phase=phase)
            make_contribution(round=round_)
            make_contribution(round=round_, status="pending")

    return add


@pytest.mark.parametrize("role", [None, "participant", "moderator"])
def test_rounds_list_makes_a_constant_number_of_queries(app, client, login, make_user,
                                                        make_concept, populate, role):
    make_concept()
    viewer = make_user(roles={role} if role and role != "participant" else ())
    if role:
        login(viewer)
    # Anonymous visitors do not see the invited-only third of the rounds.
    expected = {3: 3 if role else 2, 30: 30 if role else 20}
    populate(3, viewer)
    with count_queries(app) as few:
        html = client.get("/rounds/").get_data(as_text=True)
    assert len(_titles(html)) == expected[3]
    populate(27, viewer)
    with count_queries(app) as many:
        html = client.get("/rounds/").get_data(as_text=True)
    assert len(_titles(html)) == expected[30]
    assert len(many) == len(few), f"{len(few)} queries for 3 rounds, {len(many)} for 30"
    print(f"/rounds/ as {role or 'anonymous'}: {len(few)} queries")
