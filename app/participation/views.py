"""The participation report: /report/ for the whole concept, /report/rounds/<id> for one
round, each with its print view and downloads (DOCX, PDF, CSV, JSON); the staff write the
introduction above it at /report/introduction. Public; staff see a few more figures."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.concepts.services import current_concept_or_404
from app.core import pagecache
from app.core.actions import perform
from app.core.i18n import text_direction
from app.core.permissions import may, require
from app.extensions import db
from app.participation import charts, exports, figures, services
from app.participation.forms import IntroductionForm
from app.participation.tables import TOTAL
from app.reports.services import document_language
from app.reports.views import DOCX_MIMETYPE, _download, cached_pdf, pdf_download
from app.rounds.models import Round
from app.rounds.services import visible_rounds

participation_bp = Blueprint("participation", __name__, url_prefix="/report")

CSV_MIMETYPE = "text/csv; charset=utf-8"


@participation_bp.app_template_global("report_chart")
def report_chart(chart, chart_id: str):
    """A chart of the report as inline SVG (its numbers are in the table after it)."""
    return charts.to_svg(chart, chart_id)


@participation_bp.app_template_global("report_heat")
def report_heat(value, largest) -> int:
    return figures.heat_level(value, largest)
JSON_MIMETYPE = "application/json"


def _round_or_404(concept, round_id: int | None) -> Round | None:
    if round_id is None:
        return None
    round_ = db.session.get(Round, round_id)
    if round_ is None or round_.concept_id != concept.id:
        abort(404)
    require("round.view", round_)
    return round_


def _report(round_id: int | None):
    concept = current_concept_or_404()
    round_ = _round_or_404(concept, round_id)
    staff = may("report.staff_figures")
    report = services.participation_report(
        concept, round_, staff=staff, user=current_user if staff else None)
    return concept, round_, report


def _links(round_id: int | None) -> dict:
    def link(endpoint, **values):
        if round_id is None:
            return url_for(f"participation.{endpoint}", **values)
        return url_for(f"participation.round_{endpoint}", round_id=round_id, **values)

    return {fmt: link("download", fmt=fmt) for fmt in ("docx", "pdf", "csv", "json")} | {
        "print": link("print_view"), "page": link("show")}


def _page(round_id: int | None):
    concept, round_, report = _report(round_id)
    rounds = sorted(visible_rounds(concept, current_user), key=lambda r: (r.opens_at, r.id))
    # The figures' part of the page is the same for every reader of the same report (kept
    # per process until the data changes, see services) and language: kept under the
    # moment the report was computed (core.pagecache.kept_fragment), charts laid out only
    # when it is rendered.
    kept = report.computed_at.isoformat() if pagecache.keeps_fragments() else None
    return render_template(
        "participation/report.html", concept=concept, round=round_, report=report,
        rounds=rounds, kept=kept,
        charts_of=lambda: figures.report_charts(report, rtl=text_direction() == "rtl"),
        titles=figures.TABLE_TITLES,
        definitions=figures.DEFINITIONS, hidden_text=figures.HIDDEN, cell_text=figures.cell_text,
        total=TOTAL, links=_links(round_id),
        introduction=services.introduction(concept))


@participation_bp.get("/")
def show():
    return _page(None)


@participation_bp.get("/rounds/<int:round_id>")
def round_show(round_id: int):
    return _page(round_id)


def _print_html(round_id: int | None, found=None) -> str:
    """The print view; `found`: the (concept, round, report) the caller already has."""
    concept, round_, report = found or _report(round_id)
    with document_language(concept):
        return render_template(
            "participation/print.html", concept=concept, round=round_, report=report,
            charts=figures.report_charts(report), titles=figures.TABLE_TITLES,
            tables={t.key: t for t in figures.all_tables(report)},
            definitions=figures.DEFINITIONS, cell_text=figures.cell_text,
            sections=figures.SECTIONS, page=exports.title_page(report, concept),
            introduction=services.introduction(concept), links=_links(round_id))


@participation_bp.get("/print")
def print_view():
    return _print_html(None)


@participation_bp.get("/rounds/<int:round_id>/print")
def round_print_view(round_id: int):
    return _print_html(round_id)


def _download_report(round_id: int | None, fmt: str):
    found = _report(round_id)
    concept, _round, report = found
    if fmt == "pdf":
        links = _links(round_id)
        return pdf_download(lambda: cached_pdf(_print_html(round_id, found)),
                            exports.report_filename(report, "pdf"), private=report.staff,
                            print_url=links["print"], docx_url=links["docx"],
                            pdf_url=links["pdf"])
    with document_language(concept):
        if fmt == "csv":
            data, mimetype = exports.report_csv(report), CSV_MIMETYPE
        elif fmt == "json":
            data = exports.report_json(report, concept_title=concept.title)
            mimetype = JSON_MIMETYPE
        elif fmt == "docx":
            intro = services.introduction(concept)
            data = exports.report_docx(report, exports.title_page(report, concept),
                                       introduction_text=intro.body if intro else "",
                                       language=concept.language)
            mimetype = DOCX_MIMETYPE
        else:
            abort(404)
        filename = exports.report_filename(report, fmt)
    # Staff's reports hold a few figures the public's do not: not for shared caches.
    return _download(data, mimetype, filename, private=report.staff)


@participation_bp.get("/participation.<fmt>")
def download(fmt: str):
    return _download_report(None, fmt)


@participation_bp.get("/rounds/<int:round_id>/participation.<fmt>")
def round_download(round_id: int, fmt: str):
    return _download_report(round_id, fmt)


@participation_bp.route("/introduction", methods=["GET", "POST"])
def introduction():
    concept = current_concept_or_404()
    require("report.introduce", concept)
    intro = services.introduction(concept)
    form = IntroductionForm(obj=intro)
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.save_introduction(concept, form.body.data, actor=current_user,
                                               lock_version=form.lock_version.data),
            _saved, form=form, field="body")
        if outcome:
            return redirect(url_for("participation.show"))
    return render_template("participation/introduction.html", form=form, concept=concept,
                           intro=intro)


def _saved(_intro) -> str:
    return _("Die Einleitung ist gespeichert.")
