"""The demo's implementation: every measure of the adopted version gets a state and two to four
progress entries spread over two years before the day the demo is loaded; some measures name
the Bildungswerk as responsible, and its representative writes part of their entries; some
have had no entry for longer than the configured months ("Stand veraltet").

All texts were written for this project. The demo adopts its version on the day it is loaded,
so its entries lie before that adoption; they are posted with the dates checked off, which
nothing but this loader does. What exists (a measure with a record) is left alone. One yearly
progress report, for the year up to a month before the load day, is made from these entries."""

from datetime import date, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Membership, Organisation, User, UserRole
from app.concepts.models import Concept
from app.core.time import utcnow
from app.demo import data
from app.extensions import db
from app.implementation import progress, report_services, services

PARTNER_NAME = "Bildungswerk Hegau-Bodensee"
# The partner's representative: (e-mail, display name); the password is data.DEMO_PASSWORD.
PARTNER_REPRESENTATIVE = ("bildungswerk@example.org", "Birgit Bildungswerk")

# Stories of a measure: (days before the load day, new status code or None, text, written by
# the partner's representative when the partner is responsible).
STORIES = [
    [(690, "in_progress", "Auftakt mit den Kooperationspartnern: Zuständigkeiten, Zeitplan und "
                          "Ansprechpersonen sind abgestimmt.", False),
     (430, None, "Die ersten Angebote laufen in Konstanz und Singen; die Nachfrage ist höher "
                 "als erwartet, eine zweite Gruppe ist in Planung.", True),
     (75, "done", "Die Maßnahme ist umgesetzt und geht in den Regelbetrieb über. Ein kurzer "
                  "Bericht liegt dem Sozialausschuss vor.", False)],
    [(640, "in_progress", "Das Konzept für die Umsetzung ist mit den Gemeinden abgestimmt.",
      False),
     (300, None, "Zwischenstand: In acht von 25 Gemeinden gibt es feste Ansprechpersonen.",
      True)],
    [(520, "in_progress", "Start mit einer Pilotgruppe im Hegau.", True),
     (390, "paused", "Pausiert, bis die Finanzierung für das nächste Haushaltsjahr geklärt "
                     "ist.", False),
     (110, "in_progress", "Die Finanzierung steht; es geht mit zwei Gruppen weiter.", True),
     (25, None, "Zwischenbericht für die Integrationskonferenz: 34 Teilnehmende, davon 20 "
                "Frauen.", True)],
    [(610, None, "Bedarfserhebung in den Gemeinden begonnen.", False),
     (400, "dropped", "Aufgegeben: Ein Landesprogramm deckt den Bedarf inzwischen ab; die "
                      "Mittel fließen in die Sprachmittlung.", False)],
    [(230, "in_progress", "Die Stelle ist besetzt, die Arbeit hat begonnen.", False),
     (40, None, "Die ersten Beratungen haben stattgefunden; Termine gibt es jetzt auch "
                "abends.", True)],
    [(700, None, "Gespräch mit den Trägern über Bedarf und Räume.", False),
     (560, "in_progress", "Die Vorbereitung läuft; Räume in Radolfzell sind gefunden.", True),
     (240, None, "Erste Rückmeldungen der Teilnehmenden sind gut; Wartezeiten bleiben.",
      True)],
]


def _representative(added) -> User | None:
    partner = db.session.scalar(select(Organisation).where(Organisation.name == PARTNER_NAME))
    if partner is None:
        return None
    email, display_name = PARTNER_REPRESENTATIVE
    user = accounts.find_user_by_email(email)
    if user is None:
        user = User(email=email, display_name=display_name, group="partner_staff",
                    language="de", email_confirmed_at=utcnow(), privacy_accepted_at=utcnow(),
                    notify_email="daily")
        user.set_password(data.DEMO_PASSWORD)
        user.role_rows.append(UserRole(role="participant"))
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user=user, organisation=partner, status=Membership.ACTIVE,
                                  is_representative=True, decided_at=utcnow()))
        db.session.flush()
        added["partner_representatives"] += 1
    return user


def load_implementation(concept: Concept, *, today: date | None = None) -> dict:
    """Give the adopted version's measures their states and entries; returns counts."""
    today = today or date.today()
    added = dict.fromkeys(("implementation_statuses", "implementation_records",
                           "progress_entries", "partner_representatives", "progress_reports"),
                          0)
    moderator = accounts.find_user_by_email("moderation@example.org")
    overview = progress.overview(concept, user=moderator, today=today)
    if moderator is None or overview.version is None or not overview.measures:
        return added
    added["implementation_statuses"] = services.ensure_statuses()
    representative = _representative(added)
    partner = representative.memberships[0].organisation if representative else None
    for index, state in enumerate(overview.measures):
        if state.record is not None:
            continue
        story = STORIES[index % len(STORIES)]
        with_partner = partner is not None and index % 3 != 1
        services.edit_record(state, actor=moderator, responsible=state.responsible,
                             partners=state.partners, starts_on=None, ends_on=None,
                             organisations=[partner] if with_partner else [],
                             progress_override=None)
        added["implementation_records"] += 1
        for days, code, text, by_partner in story:
            author = representative if by_partner and with_partner else moderator
            services.post_entry(state, actor=author, text=text,
                                happened_on=today - timedelta(days=days + index % 7),
                                status=services.status_by_code(code) if code else None,
                                today=today, check_dates=False)
            added["progress_entries"] += 1
    db.session.flush()
    if report_services.latest_report(concept) is None:
        _yearly_report(concept, moderator, today)
        added["progress_reports"] += 1
    return added


REPORT_INTRO = """Dieser Bericht hält für die Integrationskonferenz fest, wie weit die Maßnahmen des
Integrationskonzepts umgesetzt sind und was im Berichtszeitraum geschehen ist.

Die Zahlen je Handlungsfeld sind Mittelwerte über die Unterziele; aufgegebene Maßnahmen zählen
nicht mit. Die Verantwortlichen und die Kooperationspartner haben ihre Einträge selbst
geschrieben. **Wir freuen uns auf die Diskussion auf der Konferenz.**"""


def _yearly_report(concept: Concept, moderator: User, today: date) -> None:
    """The year up to a month before the load day, published."""
    end = today - timedelta(days=30)
    report_services.create_progress_report(
        concept, title=f"Umsetzungsbericht {end.year}", period_start=end - timedelta(days=364),
        period_end=end, intro=REPORT_INTRO, actor=moderator, today=today)
