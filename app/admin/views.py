"""Administration: users and roles, organisations, topics and chapters, audit log."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts import services as accounts
from app.accounts.models import ORGANISATION_KINDS, ROLES, Membership, Organisation, User
from app.admin.forms import AuditFilterForm, ChapterForm, TopicForm, UserRolesForm
from app.admin.queries import search_entries
from app.concepts import services as concepts
from app.concepts.models import Chapter, Topic
from app.core import audit
from app.core.actions import perform
from app.core.forms import ActionForm, choice_list
from app.core.inputs import search_text
from app.core.permissions import require
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

def _structure_list(template: str):
    require("concept.manage")
    return render_template(template, concept=_concept_or_flash(), action_form=ActionForm())


def _structure_form(model, part_id: int | None, form_class, values, save, saved, *, field: str,
                    back: str, template: str, name: str):
    """The form page of a topic or chapter, new (`part_id` None) or existing: on a valid POST
    `save(concept, part, values(form), ...)` with the form's lock version, then back to the list
    `back`; else the form again, with its errors, as `template` with the part as `name`."""
    require("concept.manage")
    concept = _concept_or_flash()
    if concept is None:
        return redirect(url_for("admin.index"))
    part = db.get_or_404(model, part_id) if part_id else None
    form = form_class(obj=part)
    if part is not None and request.method == "GET":
        form.lock_version.data = part.lock_version
    if form.validate_on_submit():
        outcome = perform(lambda: save(concept, part, values(form), actor=current_user,
                                       lock_version=form.lock_version.data or None),
                          saved, form=form, field=field)
        if outcome:
            return redirect(url_for(back))
    return render_template(template, form=form, **{name: part})


def _move(part, siblings, direction: str, *, back: str, anchor: str):
    if ActionForm().validate_on_submit():
        perform(lambda: concepts.move(part, siblings(), direction, actor=current_user))
    return redirect(url_for(back, _anchor=anchor))


@admin_bp.get("/topics/")
def topics():
    return _structure_list("admin/topics.html")


@admin_bp.route("/topics/new", methods=["GET", "POST"], defaults={"topic_id": None})
@admin_bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
def topic(topic_id: int | None):
    return _structure_form(
        Topic, topic_id, TopicForm,
        lambda form: {"name": form.name.data.strip(), "slug": form.slug.data or "",
                      "kind": form.kind.data, "description": form.description.data or ""},
        concepts.save_topic, _("Das Thema ist gespeichert."), field="name",
        back="admin.topics", template="admin/topic_form.html", name="topic")


@admin_bp.post("/topics/<int:topic_id>/move/<any(up, down):direction>")
def move_topic(topic_id: int, direction: str):
    require("concept.manage")
    topic = db.get_or_404(Topic, topic_id)
    return _move(topic, lambda: [t for t in topic.concept.topics if t.kind == topic.kind],
                 direction, back="admin.topics", anchor=f"topic-{topic.id}")


@admin_bp.get("/chapters/")
def chapters():
    return _structure_list("admin/chapters.html")


@admin_bp.route("/chapters/new", methods=["GET", "POST"], defaults={"chapter_id": None})
@admin_bp.route("/chapters/<int:chapter_id>", methods=["GET", "POST"])
def chapter(chapter_id: int | None):
    return _structure_form(
        Chapter, chapter_id, ChapterForm,
        lambda form: {"title": form.title.data.strip(), "slug": form.slug.data or "",
                      "body": form.body.data or ""},
        concepts.save_chapter, _("Das Kapitel ist gespeichert."), field="title",
        back="admin.chapters", template="admin/chapter_form.html", name="chapter")


@admin_bp.post("/chapters/<int:chapter_id>/move/<any(up, down):direction>")
def move_chapter(chapter_id: int, direction: str):
    require("concept.manage")
    chapter = db.get_or_404(Chapter, chapter_id)
    return _move(chapter, lambda: list(chapter.concept.chapters), direction,
                 back="admin.chapters", anchor=f"chapter-{chapter.id}")


# --- audit log --------------------------------------------------------------------------------

@admin_bp.get("/audit/")
def audit_log():
    require("admin.audit")
    form = AuditFilterForm(request.args)
    form.object_type.choices = choice_list(
        [("", _("alle")), *((t, t) for t in audit.object_types())]
    )
    filters = {}
    if form.validate():
        filters = {"action": form.action.data, "object_type": form.object_type.data or None,
                   "actor": form.actor.data, "object_id": form.object_id.data,
                   "since": form.since.data, "until": form.until.data}
    page = db.paginate(search_entries(**filters), per_page=50)
    return render_template("admin/audit.html", form=form, page=page)
