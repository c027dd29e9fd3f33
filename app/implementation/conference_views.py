"""The page on which staff open a round for the integration conference on the adopted version
(app/implementation/cycle.py), registered on the implementation blueprint."""

from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.concepts.services import current_concept
from app.core.actions import perform
from app.core.permissions import require
from app.implementation import cycle
from app.implementation.forms import ConferenceRoundForm
from app.implementation.views import implementation_bp
from app.rounds import services as rounds
from app.rounds.forms import local_zone


@implementation_bp.route("/conference/new", methods=["GET", "POST"])
def open_conference():
    require("round.open_conference")
    concept = current_concept() or abort(404)
    adoption = cycle.latest_adoption(concept, user=current_user) or abort(404)
    networks, organisations = rounds.all_networks(), rounds.all_organisations()
    form = ConferenceRoundForm(concept=concept, networks=networks, organisations=organisations)
    if request.method == "GET":
        form.fill_conference(date.today(), adoption)
    if form.validate_on_submit():
        values = form.values(concept, networks, organisations)
        outcome = perform(lambda: cycle.open_conference_round(adoption, values,
                                                              actor=current_user),
                          _("Die Runde zur Integrationskonferenz ist eröffnet."), form=form,
                          field="title")
        if outcome:
            return redirect(url_for("rounds.show", round_id=outcome.value.id))
    # an open or coming conference round is named, so that staff do not open a second by mistake
    running = [r for r in cycle.conference_rounds(concept, user=current_user)
               if r.phase() != "closed"]
    return render_template("rounds/form.html", form=form, round=None, conference=adoption,
                           running=running, concept=concept, zone=local_zone().key)
