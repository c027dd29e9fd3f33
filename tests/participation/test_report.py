"""The report of the small participation in conftest.py, every figure worked out by hand.

People: six volunteers (v1-v6), one person with a migration history who used the Arabic
pages, one from a municipality who became a volunteer afterwards, one who stated no group
and used the English pages (only a comment and a support). Contributions: v1-v6 one each in
"Sprache" (v1's on behalf of a verified migrant organisation, with the theme
"Antidiskriminierung"), the migrant and the municipal person one each in "Arbeit", v2 a
second one in "Arbeit" (hidden), v3 a goal in "Sprache" (withdrawn), v4 one in the network
round; three cards at the event's "Sprache" table (two by people with a migration history,
one without a group). The moderator's comment counts as a comment, not as a person."""

from app.participation.services import compute_report, participation_report
from app.participation.tables import TOTAL


def _column(table, column):
    return {row.code: table.value(row.code, column) for row in table.rows}


def test_how_many_took_part(built):
    report = compute_report(built.concept)
    assert _column(report.totals, "count") == {
        "contributions": 14, "remarks": 0, "comments": 2, "supports": 2, "people": 9}
    assert _column(report.statuses, "count") == {
        "pending": 0, "published": 12, "hidden": 1, "withdrawn": 1}
    assert report.statuses.column_total("count") == 14
    online, network = str(built.online.id), str(built.network.id)
    assert report.rounds.value(online, "contributions") == 13
    assert report.rounds.value(online, "people") == 9
    assert report.rounds.value(network, "contributions") == 1
    assert report.rounds.value(network, "people") is None  # one person: fewer than 5
    assert _column(report.channels, "contributions") == {
        "online": 10, "network": 1, "event": 3, "import_": 0}
    assert report.channels.column_total("contributions") == 14


def test_who_took_part_with_the_group_they_had_then(built):
    report = compute_report(built.concept)
    groups = report.groups
    # People: volunteers 6; migration history 1, municipality 1 (not "volunteer", which the
    # person is now), not stated 1: fewer than 5 each. Three hidden in the column: no total
    # gives one of them back.
    assert _column(groups, "people") == {
        "volunteer": 6, "migration_history": None, "partner_staff": 0, "municipality": None,
        "other": 0, "none": None}
    assert groups.column_total("people") == 9
    # Cards: 2 with a migration history, 1 without a group; the total (3) is fewer than 5 too.
    assert _column(groups, "cards") == {
        "volunteer": 0, "migration_history": None, "partner_staff": 0, "municipality": 0,
        "other": 0, "none": None}
    assert groups.column_total("cards") is None
    assert groups.cells[("migration_history", "cards")] == 2
    assert groups.cells[("municipality", "people")] == 1
    assert groups.cells[("volunteer", "people")] == 6
    assert _column(report.languages, "people") == {"de": 7, "en": None, "ar": None,
                                                   "none": 0}
    assert report.languages.column_total("people") == 9
    assert report.organisations.value("migrant_organisation", "verified") == 1
    assert report.organisations.grand_total == 1


def test_where_and_when(built):
    report = compute_report(built.concept)
    sprache, arbeit, theme = (str(t.id) for t in (built.sprache, built.arbeit, built.theme))
    assert report.topics.value(sprache, "count") == 11
    assert report.topics.value(arbeit, "count") == 3
    assert report.topics.value(theme, "count") == 0
    assert report.matrix.value(sprache, theme) == 1
    assert report.matrix.value(sprache, "none") == 10
    assert report.matrix.value(arbeit, "none") == 3
    assert report.events.value(str(built.event.id), "count") == 3
    assert report.stations is None  # staff only
    assert sum(week.count for week in report.weeks) == 14
    assert [m.kind for m in report.markers].count("event") == 1


def test_what_became_of_it(built):
    report = compute_report(built.concept)
    sprache, arbeit = str(built.sprache.id), str(built.arbeit.id)
    results = report.results
    assert {code: results.value(sprache, code) for code in
            ("incorporated", "duplicate", "not_taken_up", "forwarded", "pending", "hidden",
             "withdrawn")} == {"incorporated": 1, "duplicate": 0, "not_taken_up": 2,
                               "forwarded": 1, "pending": 6, "hidden": 0, "withdrawn": 1}
    assert {code: results.value(arbeit, code) for code in
            ("incorporated", "duplicate", "not_taken_up", "forwarded", "pending", "hidden",
             "withdrawn")} == {"incorporated": 0, "duplicate": 1, "not_taken_up": 0,
                               "forwarded": 0, "pending": 1, "hidden": 1, "withdrawn": 0}
    assert results.value(TOTAL, TOTAL) == 14
    assert report.reasons == [("Zuständigkeit des Landes", 2)]
    assert report.forwarded == [("Jobcenter", 1)]
    assert report.adopted is None  # nothing adopted yet


def test_a_round_of_its_own(built):
    report = compute_report(built.concept, built.network)
    assert report.totals.value("contributions", "count") == 1
    assert report.totals.value("people", "count") is None
    assert report.rounds is None
    assert _column(report.channels, "contributions")["network"] == 1


def test_staff_see_stations_and_who_processed_what(built):
    report = compute_report(built.concept, staff=True, user=built.moderator)
    assert report.stations.value(str(built.station.id), "count") == 3
    moderator = str(built.moderator.id)
    assert report.processing.value(moderator, "not_taken_up") == 2
    assert report.processing.value(moderator, "forwarded") == 1
    # v1 and the migrant were set by hand, without a person: counted as nobody's.
    assert report.processing.value("none", "incorporated") == 1



def _after_a_new_contribution(built, first):
    """The report after a volunteer added a contribution (14 before): computed anew."""
    from app.contributions import services as contributions
    from app.extensions import db

    contributions.create_contribution(
        built.online, author=built.volunteers[5], kind="goal", topic=built.arbeit,
        title="Noch eine", body="Neu.")
    db.session.commit()
    second = participation_report(built.concept)
    assert second is not first
    assert second.totals.value("contributions", "count") == 15
    return second

def test_cached_until_a_contribution_or_an_outcome_changes(built, monkeypatch):
    from app.extensions import db
    from app.participation import services
    from app.workbench import services as workbench

    clock = [1000.0]
    monkeypatch.setattr(services, "_clock", lambda: clock[0])
    first = participation_report(built.concept)
    clock[0] += 30
    assert participation_report(built.concept) is first  # nothing changed
    second = _after_a_new_contribution(built, first)
    workbench.decide([built.in_network], "not_taken_up", reason="Zuständigkeit des Landes",
                     actor=built.moderator)
    db.session.commit()
    # Computed a moment ago: the change waits for REFRESH_SECONDS, then shows.
    assert participation_report(built.concept) is second
    clock[0] += services.REFRESH_SECONDS
    third = participation_report(built.concept)
    assert third.reasons == [("Zuständigkeit des Landes", 3)]
    # What the fingerprint does not see (an organisation confirmed) shows within a minute.
    clock[0] += services.CACHE_SECONDS - 1
    assert participation_report(built.concept) is third
    clock[0] += 1
    assert participation_report(built.concept) is not third


def test_with_the_page_cache_on_the_page_generation_says_what_changed(app, built,
                                                                      monkeypatch):
    """Issue 15: with the page cache on (production's default) the report asks only the page
    generation whether anything changed, one row read by its key (the counts over all
    contributions and supports took 60 ms per request at 20,000 contributions), and sees
    every committed change, also those the counts did not see."""
    from app.extensions import db
    from app.participation import services
    from tests.query_counter import count_queries

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    clock = [1000.0]
    monkeypatch.setattr(services, "_clock", lambda: clock[0])
    first = participation_report(built.concept)
    clock[0] += services.REFRESH_SECONDS
    with count_queries(app) as statements:
        assert participation_report(built.concept) is first  # nothing changed
    assert len(statements) == 1
    assert "contributions" not in statements[0] and "supports" not in statements[0]
    second = _after_a_new_contribution(built, first)
    # The moderator renamed: a change the counts did not see, the generation does.
    clock[0] += services.REFRESH_SECONDS
    db.session.merge(built.moderator).display_name = "Moderation Landratsamt"
    db.session.commit()
    assert participation_report(built.concept) is not second
