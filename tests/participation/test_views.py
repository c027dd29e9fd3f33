"""The report's pages and downloads: public, a round at a time, the staff's extras and
introduction, CSV/JSON/DOCX as documented, and a number of queries that does not grow."""

import csv
import io
import json
import re
from io import BytesIO

from docx import Document

from app.contributions.models import Comment, Support
from app.extensions import db
from app.participation import services
from tests.query_counter import queries_for


def test_the_public_report_names_no_one(client, built):
    page = client.get("/report/").get_data(as_text=True)
    assert "Bericht über den Beteiligungsprozess" in page
    assert "weniger als 5" in page
    for person in [*built.volunteers, built.migrant, built.unstated]:
        assert person.display_name not in page
        assert person.email not in page
    assert "Zweite Idee" not in page  # the hidden contribution is counted, never shown
    assert "Tisch Sprache" not in page  # per station: staff only
    assert "Mara Moderation" not in page
    assert '<svg class="chart"' in page and "<title id=" in page


def test_staff_see_stations_and_processing(client, login, built):
    login(built.moderator)
    page = client.get("/report/").get_data(as_text=True)
    assert "Tisch Sprache" in page
    assert "Mara Moderation" in page
    assert "Einleitung schreiben" in page


def test_a_round_page_and_a_round_one_may_not_see(client, built, make_round):
    assert client.get(f"/report/rounds/{built.online.id}").status_code == 200
    invited = make_round(concept=built.concept, audience="invited", title="Geheim")
    refused = client.get(f"/report/rounds/{invited.id}")
    assert refused.status_code == 302 and "/auth/login" in refused.location
    assert client.get("/report/rounds/999999").status_code == 404
    assert "Geheim" not in client.get("/report/").get_data(as_text=True)


def test_csv_has_a_bom_semicolons_and_every_table(client, built):
    response = client.get("/report/participation.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["table", "row_code", "row", "column_code", "column", "value",
                       "fewer_than_5"]
    found = {(r[0], r[1], r[3]): (r[5], r[6]) for r in rows[1:]}
    assert found[("overview", "contributions", "count")] == ("14", "0")
    assert found[("groups", "municipality", "people")] == ("", "1")
    assert found[("groups", "__total__", "people")] == ("9", "0")
    assert {r[0] for r in rows[1:]} >= {"overview", "rounds", "channels", "groups",
                                        "languages", "topics", "topic_matrix", "results",
                                        "weeks", "reasons", "forwarded"}


def test_json_is_the_same_figures(client, built):
    response = client.get(f"/report/rounds/{built.online.id}/participation.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert data["round"] == {"id": built.online.id, "title": "Online-Runde"}
    cells = {(c["row"], c["column"]): c for c in data["tables"]["overview"]["cells"]}
    assert cells[("contributions", "count")]["value"] == 13
    groups = {(c["row"], c["column"]): c for c in data["tables"]["groups"]["cells"]}
    assert groups[("migration_history", "people")] == {
        "row": "migration_history", "column": "people", "value": None, "fewer_than_5": True}
    assert data["definitions"] and data["computed_at"]


def test_docx_is_the_annex_with_charts_and_tables(client, built, login):
    response = client.get("/report/participation.docx?lang=en")
    assert response.status_code == 200
    document = Document(BytesIO(response.get_data()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Bericht über den Beteiligungsprozess" in text  # the concept's language
    assert "Was aus den Beiträgen geworden ist" in text
    assert len(document.inline_shapes) >= 4  # channels, groups, topics, results, weeks
    cells = [cell.text for table in document.tables for row in table.rows
             for cell in row.cells]
    assert "weniger als 5" in cells
    assert "Tisch Sprache" not in cells


def test_only_staff_write_the_introduction(client, login, built, participant):
    assert "/auth/login" in client.get("/report/introduction").location
    login(participant)
    assert client.get("/report/introduction").status_code == 403
    client.post("/auth/logout")
    login(built.moderator)
    response = client.post("/report/introduction",
                           data={"body": "Danke an *alle*, die mitgemacht haben."})
    assert response.status_code == 302
    page = client.get("/report/").get_data(as_text=True)
    assert "Danke an <em>alle</em>" in page
    intro = services.introduction(built.concept)
    # A save on an older state is refused and keeps what was typed.
    response = client.post("/report/introduction",
                           data={"body": "Alte Fassung", "lock_version": intro.lock_version - 1})
    assert response.status_code == 200
    assert "Alte Fassung" in response.get_data(as_text=True)
    assert services.introduction(built.concept).body.startswith("Danke")
    too_long = client.post("/report/introduction", data={"body": "x" * 5000})
    assert too_long.status_code == 200
    assert "Danke" in services.introduction(built.concept).body


def test_queries_do_not_grow_with_the_number_of_contributions(app, client, login, built,
                                                              make_user):
    login(built.moderator)
    pages = ["/report/", f"/report/rounds/{built.online.id}"]
    before = {}
    for page in pages:
        services.forget_reports()
        before[page] = queries_for(app, client, page)
    people = [make_user(group=g) for g in ("volunteer", "other", None) * 4]
    for n, person in enumerate(people):
        contribution = built.cards[n % 3]
        db.session.add(Comment(contribution_id=contribution.id, author_id=person.id,
                               body="Ja.", body_html="<p>Ja.</p>", participant_group=person.group))
        db.session.add(Support(contribution_id=built.first.id, user_id=person.id))
    db.session.commit()
    for page in pages:
        services.forget_reports()
        assert queries_for(app, client, page) == before[page], page


def test_print_view_is_in_the_concepts_language(client, built):
    page = client.get("/report/print?lang=en").get_data(as_text=True)
    assert '<html lang="de"' in page
    assert "Bericht über den Beteiligungsprozess" in page
    assert page.count('class="report-section"') >= 10
    assert "Back to the report" in page or "Zurück zum Bericht" in page


def test_unknown_formats_and_rounds_are_not_found(client, built):
    for path in ["/report/participation.exe", "/report/participation.PDF",
                 f"/report/rounds/{built.online.id}/participation.xlsx",
                 "/report/rounds/2147483647/participation.csv",
                 "/report/rounds/0/participation.pdf", "/report/rounds/99999/print"]:
        assert client.get(path).status_code == 404, path


def test_kept_figures_follow_the_report_and_the_reader(app, client, login, built,
                                                       monkeypatch):
    """With the page cache on, the figures' part of the page is kept per computed report,
    language and staff: a logged-in reader sees new figures as soon as the report is
    computed anew, staff never get the public figures and the public never staff's."""
    from app.contributions import services as contributions
    from app.core import pagecache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    pagecache.cache.clear()
    clock = [1000.0]
    monkeypatch.setattr(services, "_clock", lambda: clock[0])
    staff = app.test_client()
    login.client = staff
    login(built.moderator)
    staff.get("/me/profile")
    reader = app.test_client()
    login.client = reader
    login(built.volunteers[1])
    reader.get("/me/profile")
    first = reader.get("/report/").get_data(as_text=True)
    assert "Tisch Sprache" not in first and "Tisch Sprache" in staff.get(
        "/report/").get_data(as_text=True)
    assert "Tisch Sprache" not in reader.get("/report/").get_data(as_text=True)
    assert '<svg class="chart"' in first and "Abmelden" in first
    contributions.create_contribution(
        built.online, author=built.volunteers[5], kind="goal", topic=built.arbeit,
        title="Noch eine", body="Neu.")
    db.session.commit()
    clock[0] += services.REFRESH_SECONDS
    second = reader.get("/report/").get_data(as_text=True)
    contributions_figure = re.compile(r"<dt>Beiträge</dt><dd>(\d+)</dd>")
    assert contributions_figure.findall(first) == ["14"]
    assert contributions_figure.findall(second) == ["15"]
