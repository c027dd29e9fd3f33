"""/implementation/, the staff table and a measure page make as many SQL queries with many
measures, entries, sources and organisations as with few."""

from datetime import date, timedelta

from app.contributions.models import Support
from app.extensions import db
from app.implementation import progress, services
from app.workbench.services import link_contributions
from tests.implementation.conftest import adopt, build_draft
from tests.query_counter import queries_for


def _grow(concept, moderator, measure, make_contribution, make_organisation, make_user, round_,
          *, entries, sources):
    """Entries, sources (every third hidden) and two organisations on `measure`."""
    for i in range(sources):
        contribution = make_contribution(round=round_)
        db.session.add(Support(contribution_id=contribution.id, user_id=make_user().id))
        link_contributions([contribution], measure, actor=moderator)
        if i % 3 == 2:
            contribution.status, contribution.hidden_reason = "hidden", "Beleidigend"
    db.session.commit()
    state = progress.measure_state(concept, measure, user=moderator)
    organisations = [make_organisation(verified=True, representatives=[make_user()])
                     for _ in range(2)]
    services.edit_record(state, actor=moderator, responsible="Amt", partners="",
                         starts_on=None, ends_on=None, organisations=organisations,
                         progress_override=None)
    codes = ["in_progress", "paused", "in_progress", "done"]
    for i in range(entries):
        services.post_entry(state, actor=moderator, text=f"Bericht {i}",
                            happened_on=date.today() - timedelta(days=entries - i),
                            status=services.status_by_code(codes[i % len(codes)]),
                            check_dates=False)
    db.session.commit()


def test_pages_make_the_same_number_of_queries(app, client, login, concept, moderator,
                                               make_contribution, make_organisation,
                                               make_user, make_round):
    round_ = make_round(concept=concept)
    few = build_draft(concept, moderator, measures_per_goal=1)
    adopt(concept, moderator)
    measure = few.measures[0]
    _grow(concept, moderator, measure, make_contribution, make_organisation, make_user, round_,
          entries=1, sources=1)
    pages = ["/implementation/", "/implementation/?topic=sprache&status=in_progress",
             f"/implementation/measures/{measure.id}"]
    public_before = {p: queries_for(app, client, p) for p in pages}

    more = build_draft(concept, moderator, measures_per_goal=4)
    for other in more.measures[:6]:
        state = progress.measure_state(concept, other, user=moderator)
        if state is not None:
            services.post_entry(state, actor=moderator, text="Stand")
    adopt(concept, moderator, label="Zweite Fassung", adopted_on=date.today())
    for other in more.measures[:6]:
        state = progress.measure_state(concept, other, user=moderator)
        services.post_entry(state, actor=moderator, status=services.status_by_code("done"))
    db.session.commit()
    _grow(concept, moderator, measure, make_contribution, make_organisation, make_user, round_,
          entries=12, sources=7)
    public_after = {p: queries_for(app, client, p) for p in pages}
    assert public_after == public_before

    login(moderator)
    staff_pages = ["/implementation/manage", "/implementation/manage?stale=y",
                   f"/implementation/measures/{measure.id}", "/implementation/"]
    staff_after = {p: queries_for(app, client, p) for p in staff_pages}
    extra = build_draft(concept, moderator, measures_per_goal=2)
    adopt(concept, moderator, label="Dritte Fassung", adopted_on=date.today())
    _grow(concept, moderator, extra.measures[0], make_contribution, make_organisation,
          make_user, round_, entries=5, sources=3)
    assert {p: queries_for(app, client, p) for p in staff_pages} == staff_after
    print("queries", public_after, staff_after)


def _sheet_queries(app, client, concept, moderator) -> tuple[int, int]:
    """Statements of downloading the sheet and of the preview of it filled in (a note and a
    status on every measure, every measure with entries)."""
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.query_counter import count_queries

    for state in progress.overview(concept, user=moderator).measures:
        services.post_entry(state, actor=moderator, text="Stand",
                            status=services.status_by_code("in_progress"))
    db.session.commit()
    with count_queries(app) as download:
        response = client.get("/implementation/manage/sheet.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.data))
    for cells in workbook.active.iter_rows(min_row=2):
        cells[3].value, cells[6].value = "umgesetzt", f"Fertig {cells[0].value}"
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    with count_queries(app) as preview:
        response = client.post("/implementation/manage/sheet", data={"file": (out, "m.xlsx")},
                               content_type="multipart/form-data")
    assert response.status_code == 200 and "Fehler:" not in response.get_data(as_text=True)
    return len(download), len(preview)


def test_the_sheet_makes_the_same_number_of_queries(app, client, login, concept, moderator):
    build_draft(concept, moderator, measures_per_goal=1)
    adopt(concept, moderator)
    login(moderator)
    few = _sheet_queries(app, client, concept, moderator)
    build_draft(concept, moderator, measures_per_goal=5)
    adopt(concept, moderator, label="Zweite Fassung", adopted_on=date.today())
    many = _sheet_queries(app, client, concept, moderator)
    print("sheet queries (download, preview)", few, many)
    assert many == few
