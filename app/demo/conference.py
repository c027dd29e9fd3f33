"""The demo's next cycle: a round for the integration conference, opened by staff on the
adopted version on the day the demo is loaded, open to everyone, with a few
remarks on the progress of measures and one proposal of a new measure.

All texts were written for this project. The remarks go with the stories the demo's
implementation gives the measures (implementation.STORIES, by the measure's position in the
overview), so what people write fits the state they comment on. Loading again adds nothing."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.concepts.models import Concept, Item
from app.contributions.services import create_contribution
from app.core.time import utcnow
from app.extensions import db
from app.implementation import cycle, progress
from app.rounds.models import Round

ROUND = {
    # The year is the year the demo is loaded.
    "title": "Integrationskonferenz {year}: Wie weit sind die Maßnahmen?",
    "kind": "online",
    "closes_in_days": 42,
    "description": (
        "Einmal im Jahr schauen alle, die im Landkreis an der Integration mitwirken, gemeinsam "
        "auf das Konzept: Welche Maßnahmen sind umgesetzt, wo hakt es, welche Ziele sind "
        "erreicht? Diese Runde begleitet die Integrationskonferenz.\n\n"
        "- Bei jeder Maßnahme auf der Seite **Stand der Umsetzung** finden Sie den Link "
        "„Zum Stand dieser Maßnahme beitragen“.\n"
        "- Neue Maßnahmen können Sie hier ebenfalls vorschlagen.\n"
        "- Das Amt für Migration und Integration nimmt alle Beiträge in die Fortschreibung "
        "des Konzepts mit."
    ),
}

# Remarks on progress: (position of the measure in the overview, author by the local part of
# the e-mail, on behalf of the author's organisation, title, body).
REMARKS = [
    (0, "lena", False, "Eine zweite Gruppe auch im Hegau?",
     "Schön, dass die Angebote in Konstanz und Singen so gut angenommen werden. Aus Engen und "
     "Aach sind die Leute aber über eine Stunde mit dem Bus unterwegs. Könnte die geplante "
     "zweite Gruppe im Hegau stattfinden?"),
    (1, "juergen", False, "Kleine Gemeinden brauchen eine gemeinsame Lösung",
     "In unseren kleinen Gemeinden fehlt für eine eigene Ansprechperson schlicht die Zeit. "
     "Eine Stelle, die sich drei oder vier Gemeinden teilen, wäre für uns ein realistischer "
     "nächster Schritt."),
    (2, "sabine", True, "Die Mittel über mehr als ein Jahr sichern",
     "Während der Pause haben wir Teilnehmerinnen verloren, die danach nicht zurückgekommen "
     "sind. Wir bitten darum, die Mittel für beide Gruppen gleich für zwei Haushaltsjahre "
     "einzuplanen."),
    (4, "rania", False, "Abendtermine helfen berufstätigen Eltern",
     "Die Termine am Abend sind für Familien, in denen beide arbeiten, eine große "
     "Erleichterung. Bitte auch in den Ferien anbieten, dann ist die Kinderbetreuung "
     "leichter zu organisieren."),
]

# A new measure proposed in the round: (author, topic slug, title, body).
PROPOSAL = ("mehmet", "arbeit", "Sprachpatenschaften in Ausbildungsbetrieben",
            "Betriebe, die Geflüchtete ausbilden, stellen eine erfahrene Kollegin oder einen "
            "Kollegen als Sprachpatin oder Sprachpaten frei. Das Amt berät die Betriebe und "
            "lädt die Patinnen und Paten einmal im Jahr zum Austausch ein.")


def _email(local_part: str) -> str:
    return f"{local_part}@example.org"


def load_conference(concept: Concept, *, today: date | None = None,
                    now: datetime | None = None) -> dict:
    """Open the conference round on the adopted version and add its contributions; returns
    counts. Nothing is added when a conference round exists already."""
    today, now = today or date.today(), now or utcnow()
    added = {"conference_rounds": 0, "conference_contributions": 0}
    moderator = accounts.find_user_by_email(_email("moderation"))
    adoption = cycle.latest_adoption(concept, user=moderator) if moderator else None
    exists = db.session.scalar(select(Round.id).where(Round.concept_id == concept.id,
                                                      Round.adoption_id.is_not(None)))
    if adoption is None or exists is not None:
        return added
    round_ = cycle.open_conference_round(adoption, {
        "title": ROUND["title"].format(year=today.year), "description": ROUND["description"],
        "kind": ROUND["kind"], "opens_at": now - timedelta(minutes=1),
        "closes_at": now + timedelta(days=ROUND["closes_in_days"]), "audience": "all",
        "accepted_kinds": ["remark", "measure"], "publish_immediately": True,
        "topics": list(concept.topics), "networks": [],
        "organisations": []}, actor=moderator)
    added["conference_rounds"] += 1
    measures = progress.overview(concept, user=moderator, today=today).measures
    topics = {t.slug: t for t in concept.topics}
    for position, local_part, on_behalf, title, body in REMARKS:
        author = accounts.find_user_by_email(_email(local_part))
        if author is None or position >= len(measures):
            continue
        item = db.session.get(Item, measures[position].item_id)
        organisation = next((m.organisation for m in author.active_memberships
                             if m.is_representative), None) if on_behalf else None
        create_contribution(round_, author=author, kind="remark", topic=item.topic,
                            title=title, body=body, organisation=organisation, item=item)
        added["conference_contributions"] += 1
    local_part, slug, title, body = PROPOSAL
    author = accounts.find_user_by_email(_email(local_part))
    if author is not None and slug in topics:
        create_contribution(round_, author=author, kind="measure", topic=topics[slug],
                            title=title, body=body)
        added["conference_contributions"] += 1
    db.session.flush()
    return added
