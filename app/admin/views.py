"""Administration: users and roles, organisations, topics and chapters, audit log."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts import services as accounts
from app.accounts.models import ORGANISATION_KINDS, ROLES, Membership, Organisation, User
from app.admin.forms import (
    AuditFilterForm,
    ChapterForm,
    IntroductionForm,
    MilestoneForm,
    TopicForm,
    UserRolesForm,
)
from app.admin.queries import search_entries
from app.concepts import services as concepts
from app.concepts.models import Chapter, Milestone, Topic
from app.core import audit, jobs
from app.core.actions import perform
from app.core.forms import ActionForm, choice_list, with_translations
from app.core.inputs import search_text
from app.core.permissions import require
from app.core.translations import REGISTRY, translations_of
from app.extensions import db

admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


@admin_bp.before_request
@login_required
def _staff_only():
    require("admin.access")


def _concept_or_flash():
    """The current concept; without one, None and a message saying how to make one."""
    concept = concepts.current_concept()
    if concept is None:
        flash(_("Es gibt noch kein Konzept. Laden Sie die Demo oder legen Sie eines an."), "error")
    return concept


@admin_bp.get("/")
def index():
    pending_organisations = db.session.scalar(
        select(db.func.count(Organisation.id)).where(Organisation.verified_at.is_(None))
    )
    return render_template("admin/index.html", pending_organisations=pending_organisations)


# --- users ------------------------------------------------------------------------------------

@admin_bp.get("/users/")
def users():
    require("admin.users")
    q, role = search_text(request.args.get("q")), request.args.get("role") or None
    page = db.paginate(accounts.search_users(q, role if role in ROLES else None), per_page=25)
    return render_template("admin/users.html", page=page, q=q, role=role, roles=ROLES)


@admin_bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    require("admin.users")
    user = db.get_or_404(User, user_id)
    form = UserRolesForm()
    if request.method == "GET":
        form.roles.data, form.active.data = sorted(user.roles), user.active
    if form.validate_on_submit():
        def save():
            accounts.set_roles(user, set(form.roles.data or ()), actor=current_user)
            accounts.set_active(user, form.active.data, actor=current_user)

        if perform(save, _("Die Änderungen sind gespeichert.")):
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user.html", user=user, form=form)


# --- organisations ----------------------------------------------------------------------------

@admin_bp.get("/organisations/")
def organisations():
    require("admin.organisations")
    state = request.args.get("state") or None
    query = (select(Organisation)
             .options(selectinload(Organisation.memberships))
             .order_by(Organisation.verified_at.is_not(None), Organisation.name))
    if state == "unverified":
        query = query.where(Organisation.verified_at.is_(None))
    elif state == "verified":
        query = query.where(Organisation.verified_at.is_not(None))
    page = db.paginate(query, per_page=25)
    return render_template("admin/organisations.html", page=page, state=state,
                           kinds=ORGANISATION_KINDS)


@admin_bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    require("admin.organisations")
    organisation = db.get_or_404(Organisation, organisation_id, options=[
        selectinload(Organisation.memberships).joinedload(Membership.user)])
    return render_template("admin/organisation.html", organisation=organisation,
                           action_form=ActionForm())


@admin_bp.post("/organisations/<int:organisation_id>/verify")
def verify_organisation(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require("organisation.verify", organisation)
    if ActionForm().validate_on_submit():
        verified = request.form.get("verified") == "1"
        perform(lambda: accounts.verify_organisation(organisation, verified, actor=current_user),
                _("Die Organisation ist jetzt bestätigt.") if verified
                else _("Die Bestätigung ist zurückgenommen."))
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


@admin_bp.post("/memberships/<int:membership_id>/representative")
def set_representative(membership_id: int):
    membership = db.get_or_404(Membership, membership_id)
    require("organisation.set_representative", membership.organisation)
    if ActionForm().validate_on_submit():
        perform(lambda: accounts.set_representative(membership, request.form.get("value") == "1",
                                                    actor=current_user),
                _("Die Änderung der Vertretung ist gespeichert."))
    return redirect(url_for("admin.organisation", organisation_id=membership.organisation_id))


@admin_bp.post("/memberships/<int:membership_id>/end")
def end_membership(membership_id: int):
    membership = db.get_or_404(Membership, membership_id)
    require("organisation.set_representative", membership.organisation)
    if ActionForm().validate_on_submit():
        perform(lambda: accounts.end_membership(membership, actor=current_user),
                _("Die Mitgliedschaft ist beendet."))
    return redirect(url_for("admin.organisation", organisation_id=membership.organisation_id))


# --- topics and chapters ----------------------------------------------------------------------

@dataclass(frozen=True)
class Structure:
    """How the admin pages handle one part of a concept's structure (topics, chapters)."""

    model: type
    form: type
    values: Callable  # (form) -> the values the use case saves
    save: Callable  # concepts.save_topic / save_chapter
    saved: object  # the flash message (lazily translated)
    field: str  # the form field a refusal is shown at
    name: str  # the part's name in the form template and in its anchor on the list
    plural: str  # the list's endpoint and template: admin.<plural>, admin/<plural>.html

    def list_page(self):
        require("concept.manage")
        return render_template(f"admin/{self.plural}.html", concept=_concept_or_flash(),
                               action_form=ActionForm())

    def form_page(self, part_id: int | None):
        """New (`part_id` None) or existing: on a valid POST save with the form's lock version
        and go back to the list; else the form again, with its errors."""
        require("concept.manage")
        concept = _concept_or_flash()
        if concept is None:
            return redirect(url_for("admin.index"))
        part = db.get_or_404(self.model, part_id) if part_id else None
        form = with_translations(self.form, REGISTRY[self.model.__tablename__])(obj=part)
        if request.method == "GET":
            form.load_translations(translations_of(part))
            if part is not None:
                form.lock_version.data = part.lock_version
        if form.validate_on_submit():
            outcome = perform(lambda: self.save(concept, part, self.values(form),
                                                actor=current_user,
                                                lock_version=form.lock_version.data or None,
                                                translations=form.translations_data()),
                              self.saved, form=form, field=self.field)
            if outcome:
                return redirect(url_for(f"admin.{self.plural}"))
        return render_template(f"admin/{self.name}_form.html", form=form, **{self.name: part})

    def move(self, part_id: int, direction: str, siblings: Callable):
        """Move the part up or down among `siblings(part)`, back to it on the list."""
        require("concept.manage")
        part = db.get_or_404(self.model, part_id)
        if ActionForm().validate_on_submit():
            perform(lambda: concepts.move(part, siblings(part), direction, actor=current_user))
        return redirect(url_for(f"admin.{self.plural}", _anchor=f"{self.name}-{part.id}"))


TOPICS = Structure(
    Topic, TopicForm,
    lambda form: {"name": form.name.data.strip(), "slug": form.slug.data or "",
                  "kind": form.kind.data, "description": form.description.data or ""},
    concepts.save_topic, _l("Das Thema ist gespeichert."), field="name", name="topic",
    plural="topics")
CHAPTERS = Structure(
    Chapter, ChapterForm,
    lambda form: {"title": form.title.data.strip(), "slug": form.slug.data or "",
                  "body": form.body.data or ""},
    concepts.save_chapter, _l("Das Kapitel ist gespeichert."), field="title", name="chapter",
    plural="chapters")


@admin_bp.get("/topics/")
def topics():
    return TOPICS.list_page()


@admin_bp.route("/topics/new", methods=["GET", "POST"], defaults={"topic_id": None})
@admin_bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
def topic(topic_id: int | None):
    return TOPICS.form_page(topic_id)


@admin_bp.post("/topics/<int:topic_id>/move/<any(up, down):direction>")
def move_topic(topic_id: int, direction: str):
    # A topic moves among the topics of its kind (fields of action, cross-cutting themes).
    return TOPICS.move(topic_id, direction,
                       lambda topic: [t for t in topic.concept.topics if t.kind == topic.kind])


@admin_bp.get("/chapters/")
def chapters():
    return CHAPTERS.list_page()


@admin_bp.route("/chapters/new", methods=["GET", "POST"], defaults={"chapter_id": None})
@admin_bp.route("/chapters/<int:chapter_id>", methods=["GET", "POST"])
def chapter(chapter_id: int | None):
    return CHAPTERS.form_page(chapter_id)


@admin_bp.post("/chapters/<int:chapter_id>/move/<any(up, down):direction>")
def move_chapter(chapter_id: int, direction: str):
    return CHAPTERS.move(chapter_id, direction, lambda chapter: list(chapter.concept.chapters))


# --- the home page: introduction and process timeline -----------------------------------------

@admin_bp.route("/introduction", methods=["GET", "POST"])
def introduction():
    """The concept's title and introduction, and the steps of the timeline, as the home page
    shows them; each with its translations."""
    require("concept.manage")
    concept = _concept_or_flash()
    if concept is None:
        return redirect(url_for("admin.index"))
    form = with_translations(IntroductionForm, REGISTRY["concepts"])(obj=concept)
    if request.method == "GET":
        form.load_translations(translations_of(concept))
    if form.validate_on_submit():
        values = {"title": form.title.data, "summary": form.summary.data}
        if perform(lambda: concepts.save_introduction(concept, values, actor=current_user,
                                                      translations=form.translations_data()),
                   _("Die Startseite ist gespeichert."), form=form, field="title"):
            return redirect(url_for("admin.introduction"))
    return render_template("admin/introduction.html", form=form, concept=concept)


@admin_bp.route("/milestones/new", methods=["GET", "POST"], defaults={"milestone_id": None})
@admin_bp.route("/milestones/<int:milestone_id>", methods=["GET", "POST"])
def milestone(milestone_id: int | None):
    require("concept.manage")
    concept = _concept_or_flash()
    if concept is None:
        return redirect(url_for("admin.index"))
    milestone = db.get_or_404(Milestone, milestone_id) if milestone_id else None
    form = with_translations(MilestoneForm, REGISTRY["milestones"])(obj=milestone)
    if request.method == "GET":
        form.load_translations(translations_of(milestone))
    if form.validate_on_submit():
        values = {"title": form.title.data, "description": form.description.data,
                  "starts_on": form.starts_on.data, "ends_on": form.ends_on.data}
        if perform(lambda: concepts.save_milestone(concept, milestone, values,
                                                   actor=current_user,
                                                   translations=form.translations_data()),
                   _("Der Schritt ist gespeichert."), form=form, field="title"):
            return redirect(url_for("admin.introduction", _anchor="timeline"))
    return render_template("admin/milestone_form.html", form=form, milestone=milestone)


# --- audit log --------------------------------------------------------------------------------

@admin_bp.get("/audit/")
def audit_log():
    require("admin.audit")
    form = AuditFilterForm(request.args)
    form.object_type.choices = choice_list(
        [("", _("alle")), *sorted(((t, audit.type_label(t)) for t in audit.object_types()),
                                  key=lambda choice: str(choice[1]).casefold())]
    )
    filters = {}
    if form.validate():
        filters = {"action": form.action.data, "object_type": form.object_type.data or None,
                   "actor": form.actor.data, "object_id": form.object_id.data,
                   "since": form.since.data, "until": form.until.data}
    page = db.paginate(search_entries(**filters), per_page=50)
    return render_template("admin/audit.html", form=form, page=page)


# --- background jobs --------------------------------------------------------------------------

@admin_bp.get("/jobs/")
def jobs_page():
    require("admin.jobs")
    state = request.args.get("state") or None
    if state not in jobs.STATE_LABELS:
        state = None
    page = db.paginate(jobs.listing(state), per_page=25)
    return render_template("admin/jobs.html", page=page, state=state, counts=jobs.counts(),
                           states=jobs.STATE_LABELS, periodic=jobs.periodic(),
                           runtime=jobs.runtime(), label_of=jobs.label_of,
                           subjects=jobs.subject_labels(
                               job.subject for job in page.items if job.subject),
                           format_timedelta=format_timedelta,
                           action_form=ActionForm())


@admin_bp.post("/jobs/<int:job_id>/retry")
def retry_job(job_id: int):
    require("admin.jobs")
    job = db.get_or_404(jobs.Job, job_id)
    if ActionForm().validate_on_submit():
        perform(lambda: jobs.retry(job, actor=current_user),
                _("Die Aufgabe ist wieder eingereiht; sie läuft, sobald ein Worker frei ist."))
    return redirect(url_for("admin.jobs_page"))
