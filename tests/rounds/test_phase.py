"""The phase of a round is derived from its dates: upcoming before opening, open from the
opening instant up to (not including) the closing instant, closed from then on."""

from datetime import UTC, datetime, timedelta

import pytest

from app.rounds.models import Round

OPENS = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize("now, phase", [
    (OPENS - timedelta(days=30), "upcoming"),
    (OPENS - TICK, "upcoming"),
    (OPENS, "open"),
    (OPENS + TICK, "open"),
    (CLOSES - TICK, "open"),
    (CLOSES, "closed"),
    (CLOSES + timedelta(days=365), "closed"),
])
def test_phase_at_the_boundaries(now, phase):
    assert Round(opens_at=OPENS, closes_at=CLOSES).phase(now) == phase


def test_naive_datetimes_from_sqlite_count_as_utc():
    round_ = Round(opens_at=OPENS.replace(tzinfo=None), closes_at=CLOSES.replace(tzinfo=None))
    assert round_.phase(OPENS - TICK) == "upcoming"
    assert round_.phase(OPENS) == "open"
    assert round_.phase(CLOSES) == "closed"


def test_phase_of_stored_rounds(db, make_round):
    assert make_round(phase="open").is_open
    upcoming, closed = make_round(phase="upcoming"), make_round(phase="closed")
    db.session.expire_all()  # read the dates back as the database returns them
    assert upcoming.phase() == "upcoming" and not upcoming.is_open
    assert closed.phase() == "closed" and closed.phase_label == "abgeschlossen"
