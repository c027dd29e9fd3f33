"""Pages of rounds: staff forms and networks. The list of rounds and one round with its
contributions are views of app/contributions/views.py, registered on this blueprint so their
addresses stay."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.concepts.services import current_concept
from app.core.actions import perform
from app.core.forms import ActionForm, with_translations
from app.core.inputs import parse_int
from app.core.permissions import require
from app.core.translations import REGISTRY, translations_of
from app.extensions import db
from app.rounds import services
from app.rounds.forms import NetworkForm, PeopleSearchForm, RoundForm, local_zone
from app.rounds.models import Network

rounds_bp = Blueprint("rounds", __name__, url_prefix="/rounds")


# --- staff: create and edit rounds ------------------------------------------------------------

@rounds_bp.route("/new", methods=["GET", "POST"], defaults={"round_id": None},
                 endpoint="create")
@rounds_bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
def edit(round_id: int | None):
    require("round.manage")
    round_ = (services.get_round(round_id) or abort(404)) if round_id else None
    concept = round_.concept if round_ is not None else current_concept()
    if concept is None:
        flash(_("Es gibt noch kein Konzept. Laden Sie die Demo oder legen Sie eines an."),
              "error")
        return redirect(url_for("rounds.index"))
    networks, organisations = services.all_networks(), services.all_organisations()
    form = with_translations(RoundForm, REGISTRY["rounds"])(
        concept=concept, networks=networks, organisations=organisations,
        versions=services.version_choices(concept, user=current_user))
    if request.method == "GET":
        form.load_translations(translations_of(round_))
        if round_ is not None:
            form.fill_from(round_)
        else:
            form.fill_defaults(date.today())
    if form.validate_on_submit():
        values = {**form.values(concept, networks, organisations),
                  "translations": form.translations_data()}
        outcome = perform(lambda: services.save_round(concept, round_, values, actor=current_user,
                                                      lock_version=form.lock_version.data or None),
                          _("Die Runde ist gespeichert."), form=form, field="title")
        if outcome:
            return redirect(url_for("rounds.show", round_id=outcome.value.id))
    return render_template("rounds/form.html", form=form, round=round_,
                           zone=local_zone().key)


# --- staff: networks --------------------------------------------------------------------------

@rounds_bp.get("/networks/")
def networks():
    require("network.manage")
    return render_template("rounds/networks.html", networks=services.all_networks())


@rounds_bp.route("/networks/new", methods=["GET", "POST"], defaults={"network_id": None},
                 endpoint="network_create")
@rounds_bp.route("/networks/<int:network_id>/edit", methods=["GET", "POST"])
def network_edit(network_id: int | None):
    require("network.manage")
    network = db.get_or_404(Network, network_id) if network_id else None
    organisations = services.all_organisations()
    form = NetworkForm(organisations=organisations)
    if request.method == "GET" and network is not None:
        form.name.data, form.description.data = network.name, network.description
        form.organisations.data = [o.id for o in network.organisations]
    if form.validate_on_submit():
        users, unknown = services.users_by_email(form.emails)
        if unknown:
            form.add_emails.errors = [*form.add_emails.errors, _(
                "Zu diesen Adressen gibt es kein Konto: %(emails)s", emails=", ".join(unknown))]
        else:
            wanted = set(form.organisations.data or ())
            values = {"name": form.name.data, "description": form.description.data,
                      "organisations": [o for o in organisations if o.id in wanted],
                      "add_users": users}
            outcome = perform(lambda: services.save_network(network, values, actor=current_user),
                              _("Das Netzwerk ist gespeichert."), form=form, field="name")
            if outcome:
                return redirect(url_for("rounds.network_edit", network_id=outcome.value.id))
    search = PeopleSearchForm(request.args)
    found = services.find_users(search.q.data) if network is not None else []
    return render_template("rounds/network_form.html", form=form, network=network,
                           search=search, found=found, action_form=ActionForm())


@rounds_bp.post("/networks/<int:network_id>/members")
def network_add_member(network_id: int):
    require("network.manage")
    network = db.get_or_404(Network, network_id)
    user_id = parse_int(request.form.get("user_id"))
    user = db.get_or_404(User, user_id) if user_id else abort(404)
    if ActionForm().validate_on_submit():
        perform(lambda: services.add_network_member(network, user, actor=current_user),
                lambda added: _("%(name)s gehört jetzt zum Netzwerk.", name=user.display_name)
                if added else (_("%(name)s gehört schon zum Netzwerk.",
                                 name=user.display_name), "info"))
    return redirect(url_for("rounds.network_edit", network_id=network.id, _anchor="people"))


@rounds_bp.post("/networks/<int:network_id>/members/<int:user_id>/remove")
def network_remove_member(network_id: int, user_id: int):
    require("network.manage")
    network = db.get_or_404(Network, network_id)
    user = db.get_or_404(User, user_id)
    if ActionForm().validate_on_submit():
        perform(lambda: services.remove_network_member(network, user, actor=current_user),
                lambda removed: _("%(name)s gehört nicht mehr zum Netzwerk.",
                                  name=user.display_name) if removed else None)
    return redirect(url_for("rounds.network_edit", network_id=network.id, _anchor="people"))
