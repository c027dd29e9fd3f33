"""Pages of the yearly progress report on the implementation blueprint: the public list, a
page per report, and the staff form that makes one. The downloads (DOCX, PDF, XLSX) are in
app/reports/progress_views.py."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.actions import perform
from app.core.permissions import may, require
from app.implementation import progress, report_services
from app.implementation.report_forms import ReportForm
from app.implementation.views import _concept, implementation_bp


@implementation_bp.get("/reports/")
def reports():
    concept = _concept()
    return render_template(
        "implementation/reports.html", concept=concept,
        reports=report_services.reports_of(concept, user=current_user),
        may_create=may("implementation.create_report"))


@implementation_bp.route("/reports/new", methods=["GET", "POST"])
@login_required
def new_report():
    require("implementation.create_report")
    concept = _concept()
    version = progress.adopted_version(concept, user=current_user)
    if request.method == "GET":
        start, end = report_services.suggested_period(concept)
        form = ReportForm(formdata=None, title=_("Umsetzungsbericht %(year)d", year=end.year),
                          period_start=start, period_end=end)
    else:
        form = ReportForm()
    status = 200
    if form.validate_on_submit():
        outcome = perform(
            lambda: report_services.create_progress_report(
                concept, title=form.title.data, period_start=form.period_start.data,
                period_end=form.period_end.data, intro=form.intro.data or "",
                actor=current_user),
            _("Der Umsetzungsbericht ist erstellt und veröffentlicht."), form=form,
            field="title")
        if outcome:
            return redirect(url_for("implementation.report", report_id=outcome.value.id))
        status = 400
    elif request.method == "POST":
        status = 400
    return render_template("implementation/report_new.html", concept=concept, form=form,
                           version=version,
                           latest=report_services.latest_report(concept)), status


@implementation_bp.get("/reports/<int:report_id>")
def report(report_id: int):
    concept = _concept()
    row = report_services.report_by_id(concept, report_id)
    if row is None:
        abort(404)
    require("implementation.view_report", row)
    document = report_services.report_document(row, concept)
    return render_template("implementation/report.html", concept=concept, report=row,
                           document=document)
