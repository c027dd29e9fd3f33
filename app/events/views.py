"""Pages of offline events for staff: create and edit events, the event page, the capture
form with its similarity hint, undo, and the photos of cards."""

import io

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.contributions.models import CONTRIBUTION_KINDS, Contribution
from app.core.actions import perform
from app.core.forms import ActionForm, choice_list, content_choices
from app.core.inputs import parse_int
from app.core.permissions import may, require
from app.core.storage import storage
from app.core.translations import (
    Localized,
    localized_row,
    localized_together,
    translations_by_id,
    translations_of,
)
from app.events import services
from app.events.forms import CaptureForm, EventForm, translated_event_form
from app.events.models import Event
from app.extensions import db
from app.rounds.models import Round
from app.similarity.services import Suggestion, similar_contributions

events_bp = Blueprint("events", __name__)


@events_bp.app_template_global()
def event_titles() -> dict[int, str]:
    """Titles of all events by id, loaded once per request (for credit lines in lists)."""
    from flask import g

    if "event_titles" not in g:
        g.event_titles = {
            event_id: localized_row(Event.__tablename__, event_id, "title", title)
            for event_id, title in db.session.execute(select(Event.id, Event.title))}
    return g.event_titles


@events_bp.app_template_global()
def round_events(round_: Round) -> list[Event]:
    return services.events_of(round_)


# --- events -----------------------------------------------------------------------------------

def _event_form(round_: Round, event: Event | None) -> EventForm:
    form = translated_event_form()()
    form.set_topics(services.topic_choices(round_))
    if request.method == "GET" and event is not None:
        form.title.data, form.held_on.data, form.place.data = (event.title, event.held_on,
                                                               event.place)
        form.load_translations(translations_of(event))
        station_translations = translations_by_id(event.stations)
        for entry, station in zip(form.stations, event.stations, strict=False):
            entry.form.load_translations(station_translations[station.id])
            entry.form.id.data = str(station.id)
            entry.form.topic.data = str(station.topic_id)
            entry.form.name.data = station.name
            entry.form.facilitator.data = station.facilitator
    return form


def _station_values(form: EventForm, round_: Round) -> list[dict] | None:
    """The filled rows; None if a row is half filled (an error is set on it)."""
    topics = {str(t.id): t for t in services.topic_choices(round_)}
    stations, ok = [], True
    for entry in form.stations:
        row = entry.form
        name = (row.name.data or "").strip()
        if not name and not row.topic.data:
            continue
        if not name or row.topic.data not in topics:
            row.name.errors = [*row.name.errors,
                               _("Bitte geben Sie für jeden Tisch ein Thema und einen Namen an.")]
            ok = False
            continue
        station_id = parse_int(row.id.data)
        stations.append({"id": station_id, "topic": topics[row.topic.data], "name": name,
                         "facilitator": row.facilitator.data or "",
                         "translations": row.translations_data()})
    return stations if ok else None


def _save_event(round_: Round, event: Event | None):
    form = _event_form(round_, event)
    if form.validate_on_submit():
        stations = _station_values(form, round_)
        if stations is not None:
            outcome = perform(
                lambda: services.save_event(round_, event, title=form.title.data,
                                            held_on=form.held_on.data, place=form.place.data,
                                            stations=stations, actor=current_user,
                                            translations=form.translations_data()),
                _("Die Veranstaltung ist gespeichert."), form=form, field="title")
            if outcome:
                return redirect(url_for("events.show", event_id=outcome.value.id))
    return render_template("events/form.html", form=form, round=round_, event=event), (
        400 if request.method == "POST" else 200)


@events_bp.route("/rounds/<int:round_id>/events/new", methods=["GET", "POST"])
def create(round_id: int):
    require("event.manage")
    return _save_event(db.get_or_404(Round, round_id), None)


@events_bp.route("/moderation/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    require("event.manage")
    event = db.get_or_404(Event, event_id)
    return _save_event(event.round, event)


@events_bp.get("/moderation/events/<int:event_id>")
def show(event_id: int):
    require("event.manage")
    event = db.get_or_404(Event, event_id, options=[services.stations_with_topics()])
    return render_template("events/show.html", event=event,
                           counts=services.station_counts(event))


# --- capture ----------------------------------------------------------------------------------

def station_choice_label(station) -> Localized:
    """The topic first, so that typing its first letters in the select picks the table:
    "Sprache – Thementisch" for a table named "Thementisch Sprache", "Sprache – Tisch 3". In
    the reader's language where both the table and its topic are translated, else as written
    (one option cannot mix two languages)."""
    topic, name = localized_together((station.topic, "name"), (station, "name"))
    rest = " ".join(" ".join(name.split()).replace(topic, " ").split()).strip(" :–-()")
    return Localized(f"{topic} – {rest}" if rest else topic, topic.lang)


def _capture_form(event: Event) -> CaptureForm:
    form = CaptureForm()
    form.station.choices = choice_list([("", _("Bitte wählen"))]) + content_choices(
        (str(s.id), station_choice_label(s)) for s in event.stations)
    form.kind.choices = choice_list((k, CONTRIBUTION_KINDS[k])
                                    for k in services.kind_choices(event.round))
    if request.method == "GET":
        # Station and kind are kept from the last card (PRG: they come back as query args).
        form.station.data = request.args.get("station", "")
        form.kind.data = request.args.get("kind") or services.kind_choices(event.round)[0]
        if len(event.stations) == 1:
            form.station.data = str(event.stations[0].id)
    if not form.station.data:  # the table first; once chosen (kept for the next card), the text
        form.station.render_kw = {"autofocus": True}
    return form


def _station(event: Event, station_id) -> object | None:
    return next((s for s in event.stations if str(s.id) == str(station_id or "")), None)


def _suggestions(event: Event, station_id, text: str) -> list:
    station = _station(event, station_id)
    if station is None or not (text or "").strip():
        return []
    return similar_contributions(station.topic_id, text, limit=5)


def _set_duplicate_choices(form: CaptureForm, suggestions) -> None:
    form.duplicate_of.choices = choice_list(
        [("", _("Nein, eine neue Idee")),
         *((str(s.contribution_id), _("Gleiche Idee wie %(ref)s", ref=s.reference))
           for s in suggestions)])


def _with_chosen(suggestions: list, chosen: str | None) -> list:
    if parse_int(chosen) is None or any(str(s.contribution_id) == chosen
                                        for s in suggestions):
        return suggestions
    other = db.session.get(Contribution, parse_int(chosen))
    if other is None:
        return suggestions
    return [*suggestions, Suggestion(other.id, other.title, other.body, 0.0)]


def _suggestions_for(event: Event, form: CaptureForm, chosen: list) -> list:
    """Similar cards for the text typed so far, plus the one already chosen (if any)."""
    suggestions = _suggestions(event, form.station.data, form.body.data)
    for extra in chosen:
        suggestions = _with_chosen(suggestions, str(extra.contribution_id))
    _set_duplicate_choices(form, suggestions)
    return suggestions


def _capture_page(event: Event, form: CaptureForm, suggestions, status=200):
    return render_template(
        "events/capture.html", event=event, form=form, suggestions=suggestions,
        recent=services.recent_captures(event), action_form=ActionForm(),
        can_see_photos=may("event.photo")), status


@events_bp.route("/moderation/events/<int:event_id>/capture", methods=["GET", "POST"])
def capture(event_id: int):
    require("event.capture")
    event = db.get_or_404(Event, event_id, options=[services.stations_with_topics()])
    form = _capture_form(event)
    # A chosen "same as" stays a valid choice even if the suggestions changed with the text.
    chosen = _with_chosen([], form.duplicate_of.data if request.method == "POST" else "")
    if request.method == "POST" and form.find_similar.data:
        # No JavaScript: show the suggestions, keep everything typed (a chosen photo has to
        # be chosen again: browsers never refill a file field).
        return _capture_page(event, form, _suggestions_for(event, form, chosen))
    _set_duplicate_choices(form, chosen)
    if form.validate_on_submit():
        station = _station(event, form.station.data)
        duplicate = None
        if form.duplicate_of.data:
            duplicate = db.session.get(Contribution, int(form.duplicate_of.data))
        upload = form.photo.data
        stored: list[str] = []

        def capture_card():
            if station is None:
                raise services.EventError(_("Bitte wählen Sie einen Tisch."))
            if upload and getattr(upload, "filename", ""):
                stored.append(services.store_photo(upload.read(services.MAX_PHOTO_BYTES + 1)))
            return services.capture_card(
                event, station, actor=current_user, kind=form.kind.data, body=form.body.data,
                title=form.title.data, credited_name=form.credited_name.data,
                credited_organisation=form.credited_organisation.data,
                credited_group=form.credited_group.data, language=form.language.data,
                duplicate_of=duplicate, photo_name=stored[0] if stored else None)

        outcome = perform(capture_card,
                          lambda card: _("Karte %(ref)s ist gespeichert.", ref=card.reference),
                          form=form, field="body")
        if outcome:
            return redirect(url_for("events.capture", event_id=event.id,
                                    station=station.id, kind=form.kind.data))
        for photo_name in stored:  # nothing was saved: the photo goes too (a folder keeps it)
            storage().delete(services.photo_key(photo_name))
            db.session.commit()
    suggestions = _suggestions_for(event, form, chosen) if request.method == "POST" else []
    return _capture_page(event, form, suggestions, 400 if request.method == "POST" else 200)


@events_bp.get("/moderation/events/<int:event_id>/similar")
def similar(event_id: int):
    """The similarity hint as an HTML fragment, for the capture form's script."""
    require("event.capture")
    event = db.get_or_404(Event, event_id)
    text = (request.args.get("text") or "")[:2000]
    suggestions = _suggestions(event, request.args.get("station"), text)
    form = CaptureForm(formdata=None)
    _set_duplicate_choices(form, suggestions)
    return render_template("events/_similar.html", form=form, suggestions=suggestions)


@events_bp.post("/moderation/events/<int:event_id>/captured/<int:contribution_id>/undo")
def undo(event_id: int, contribution_id: int):
    require("event.capture")
    event = db.get_or_404(Event, event_id)
    contribution = db.get_or_404(Contribution, contribution_id)
    if contribution.event_id != event.id:
        abort(404)
    if ActionForm().validate_on_submit():
        perform(lambda: services.undo_capture(contribution, actor=current_user),
                lambda _result: _("Die Erfassung von %(ref)s ist rückgängig gemacht; die Karte "
                                  "ist ausgeblendet, nicht gelöscht.", ref=contribution.reference))
    # Back to the form with its station and kind, if they are valid ones: anything else
    # would be copied into the Location header as it came.
    station = _station(event, request.form.get("station"))
    kind = request.form.get("kind", "")
    return redirect(url_for("events.capture", event_id=event.id,
                            station=station.id if station else None,
                            kind=kind if kind in services.kind_choices(event.round) else None))


@events_bp.get("/moderation/photos/<int:contribution_id>")
def photo(contribution_id: int):
    require("event.photo")
    contribution = db.get_or_404(Contribution, contribution_id)
    data = services.photo_data(contribution)
    if data is None:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype="image/jpeg", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
