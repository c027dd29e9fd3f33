"""The demo's versions: version 1 of the draft, adopted by the Sozialausschuss and published;
a network round in which partners remark on its items; the draft revised after those remarks;
version 2, internal, under review by the steering group with a few verdicts and an answer.

All texts were written for this project. Everything is done with the use cases staff, partners
and the steering group use in the app, on the day the demo is loaded: the demo's rounds are
dated relative to that day, and so are the freezing (which always happens "now"), the adoption
(on the day of freezing, never in the future) and the review's deadline. load_versions() puts
this into the database; what exists (matched by its natural key) is left alone.

Items of the draft (draft.py) are named by the beginning of their text.
"""

from datetime import date, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Organisation, User, UserRole
from app.concepts.models import Concept, Item
from app.concepts.services import create_item, edit_item, items_of, withdraw_item
from app.contributions.models import Contribution
from app.contributions.services import create_contribution
from app.core.sanitize import render_markdown
from app.core.time import as_utc, utcnow
from app.demo import data, participation
from app.demo.draft import AMI
from app.extensions import db
from app.rounds.models import Network, Round
from app.versions.models import Version
from app.versions.services import (
    answer_remark,
    freeze_version,
    open_review,
    record_adoption,
    record_verdict,
    set_visibility,
    version_items_by_ref,
)

# A second member of the steering group, so that the review matrix has two columns.
# (e-mail, display name); the password is data.DEMO_PASSWORD like every demo account.
SECOND_STEERING_MEMBER = ("steering2@example.org", "Sophie Steuerungsgruppe")

FIRST = {
    "label": "Vorläufige Fassung für den Sozialausschuss",
    "note": (
        "Diese vorläufige Fassung fasst zusammen, was aus der Online-Beteiligung im Frühjahr "
        "und aus der Dialogveranstaltung bisher in Ziele und Maßnahmen eingeflossen ist. Sie "
        "ist die Vorlage für die Vorberatung im **Sozialausschuss**.\n\n"
        "- Noch sind nicht alle Beiträge ausgewertet; was offen ist, fließt in die nächste "
        "Fassung ein.\n"
        "- Die Netzwerke des Amts für Migration und Integration kommentieren danach die Ziele "
        "und Maßnahmen der Handlungsfelder Sprache und Bildung.\n"
        "- Verbindlich wird das Konzept mit dem Beschluss der Steuerungsgruppe Integration."
    ),
    "body": "Sozialausschuss",
    "resolution": (
        "Der Sozialausschuss nimmt die vorläufige Fassung des Integrationskonzepts zustimmend "
        "zur Kenntnis. Er empfiehlt, die Maßnahmen mit den Netzwerken des Amts für Migration "
        "und Integration weiter zu schärfen und die endgültige Fassung der Steuerungsgruppe "
        "Integration zur Verabschiedung vorzulegen."
    ),
    # The year is the year of the meeting (the day the demo is loaded).
    "document_ref": "Drucksache Nr. {year}/118 (Sozialausschuss, öffentliche Sitzung)",
}

ROUND = {
    "title": "Anmerkungen der Netzwerke zur vorläufigen Fassung",
    "topics": ["sprache", "bildung"],
    "closes_in_days": 21,
    # Besides the network of participation.NETWORK (indexes into data.ORGANISATIONS):
    "organisations": [1],
    "description": (
        "Das Netzwerk Sprache und Bildung und der Freundeskreis Asyl am Untersee kommentieren "
        "die Ziele und Maßnahmen der Fassung 1 in den Handlungsfeldern Sprache und Bildung: "
        "Was fehlt, was ist unrealistisch, wer sollte mitmachen?\n\n"
        "- Bitte wählen Sie bei jeder Anmerkung das Ziel oder die Maßnahme, auf die sie sich "
        "bezieht.\n"
        "- Das Amt für Migration und Integration arbeitet die Anmerkungen in die nächste "
        "Fassung ein und sagt bei jeder, was daraus geworden ist."
    ),
}

# Remarks on items of version 1: key, author (local part of the e-mail; all write on behalf
# of the organisation they represent), the item (topic slug, beginning of its text), title,
# body (Markdown).
REMARKS = [
    {"key": "frauenkurse", "author": "verein",
     "item": ("sprache", "Wohnortnahe Kurse nur für Frauen"),
     "title": "Frauenkurse: mit Kinderbetreuung und zuerst dort, wo es schon Gruppen gibt",
     "body": "In unserem Frauencafé in Singen warten seit Monaten zwölf Frauen auf einen Kurs "
             "nur für Frauen. Fast alle haben kleine Kinder – ohne Betreuung im selben Haus "
             "kommen sie nicht.\n\n"
             "Unser Vorschlag:\n\n"
             "- die Kinderbetreuung ausdrücklich in die Maßnahme schreiben\n"
             "- in Singen und Radolfzell anfangen, wo es schon Gruppen gibt\n"
             "- alle Raumschaften schaffen die Träger nicht in einem Jahr; lieber ehrlich "
             "zwei Jahre einplanen\n\n"
             "Unsere Räume stellen wir gern zur Verfügung."},
    {"key": "kursberatung", "author": "sabine",
     "item": ("sprache", "Das Amt richtet eine trägerunabhängige Sprachkursberatung ein"),
     "title": "Die Kursübersicht hilft nur mit freien Plätzen",
     "body": "Als Kursträger pflegen wir die Übersicht gern mit. Ohne die freien Plätze hilft "
             "sie aber wenig: Die Beratung schickt sonst Menschen in Kurse, die seit Wochen "
             "voll sind. „Laufend“ schaffen kleinere Träger nicht – einmal im Monat freie "
             "Plätze melden schon.\n\n"
             "Außerdem erreicht eine Beratung nur in Konstanz die Menschen im Hegau kaum. "
             "Eine Sprechstunde in Singen wäre wichtig."},
    {"key": "wartezeit", "author": "sabine",
     "item": ("sprache", "Alle Zugewanderten erfahren an einer Stelle"),
     "title": "Was passiert in der Wartezeit bis zum Kurs?",
     "body": "Auch mit guter Beratung warten viele drei bis vier Monate auf den Kursbeginn, "
             "vor allem auf Kurse mit Kinderbetreuung. In dieser Zeit geht viel verloren. Es "
             "fehlt eine Maßnahme für die Wartezeit, zum Beispiel offene Lerntreffs in den "
             "Stadtbibliotheken. Material dafür können die Kursträger stellen."},
    {"key": "elternmentorinnen", "author": "verein",
     "item": ("bildung", "Geschulte Elternmentorinnen und -mentoren"),
     "title": "Elternmentorinnen aus den Gemeinschaften",
     "body": "Die Mentorinnen sollten aus den Gemeinschaften kommen, die sie begleiten. Bei "
             "uns gibt es Frauen, die Arabisch, Kurdisch und Deutsch sprechen und die Schule "
             "hier aus eigener Erfahrung kennen. Bitte lassen Sie die Migrantenorganisationen "
             "Mentorinnen vorschlagen.\n\n"
             "Die Informationsabende zur Grundschulempfehlung (eine eigene Maßnahme) helfen "
             "nur, wenn dort jemand übersetzt. Beides gehört zusammen."},
    {"key": "hausaufgaben", "author": "verein",
     "item": ("bildung", "In den Gemeinschaftsunterkünften wird ein ruhiger Lernraum"),
     "title": "Hausaufgabenhilfe auch nach dem Auszug aus der Unterkunft",
     "body": "Der Lernraum in den Unterkünften ist gut. Die meisten Familien, die wir kennen, "
             "wohnen aber inzwischen in der Anschlussunterbringung der Gemeinden – dort gibt "
             "es oft keinen ruhigen Platz und kein WLAN. Unsere Hausaufgabenhilfe in Singen "
             "ist voll. Die Maßnahme sollte auch diese Kinder erreichen."},
    {"key": "aufbaukurse", "author": "sabine",
     "item": ("bildung", "Die Volkshochschulen bieten Aufbaukurse B2 und C1 an"),
     "title": "Berufssprachkurse mitdenken",
     "body": "Die Maßnahme nennt nur die Volkshochschulen. Aufbaukurse B2 und C1 gibt es auch "
             "als Berufssprachkurse, die für viele kostenlos sind – wir bieten sie in Konstanz "
             "und Singen an, seit diesem Jahr auch abends. Bitte nehmen Sie die Träger der "
             "Berufssprachkurse auf; dann kann die Maßnahme auch früher beginnen."},
]

# What staff changed after the remarks: item (topic slug, beginning of its text) -> the
# fields that change. Small changes of wording, so that the diff shows them word by word.
EDITS = [
    (("sprache", "Wohnortnahe Kurse nur für Frauen"), {
        "text": "Wohnortnahe Kurse nur für Frauen, geleitet von einer Kursleiterin und mit "
                "Kinderbetreuung im selben Haus, werden zuerst in Singen und Radolfzell, "
                "danach in jeder Raumschaft angeboten.",
        "partners": AMI + ", Migrantenorganisationen, Familienzentren",
        "timeframe": "2018–2019"}),
    (("sprache", "Das Amt richtet eine trägerunabhängige Sprachkursberatung ein"), {
        "text": "Das Amt richtet eine trägerunabhängige Sprachkursberatung ein, mit einer "
                "Sprechstunde auch in Singen. Grundlage ist eine Übersicht aller Kurse im "
                "Landkreis mit Niveau, Uhrzeit, freien Plätzen und Kinderbetreuung, die die "
                "Kursträger jeden Monat aktualisieren."}),
    (("bildung", "Geschulte Elternmentorinnen und -mentoren"), {
        "text": "Geschulte Elternmentorinnen und -mentoren oder Dolmetschende begleiten "
                "Elternabende und Elterngespräche, auch die Informationsabende vor der "
                "Grundschulempfehlung; das Amt schult die Mentorinnen, die auch "
                "Migrantenorganisationen vorschlagen, und vermittelt sie an die Schulen."}),
    (("bildung", "Die Volkshochschulen bieten Aufbaukurse B2 und C1 an"), {
        "text": "Die Volkshochschulen und die Träger der Berufssprachkurse bieten Aufbaukurse "
                "B2 und C1 an, auch am Abend; für Menschen mit geringem Einkommen gibt es "
                "eine Ermäßigung.",
        "responsible": "Volkshochschulen, Träger der Berufssprachkurse",
        "timeframe": "ab 2018"}),
]

# New measures: the sub-goal they belong to (topic slug, beginning of its text) and values.
NEW_MEASURES = [
    (("sprache", "Alle Zugewanderten erfahren an einer Stelle"), {
        "text": "Wer auf einen Kursplatz wartet, kann bis zum Kursbeginn offene Lerntreffs in "
                "den Stadtbibliotheken besuchen; Ehrenamtliche begleiten sie mit Material der "
                "Kursträger.",
        "responsible": "Kursträger",
        "partners": "Stadtbibliotheken, Helferkreise, " + AMI,
        "timeframe": "ab 2019",
        "themes": ["ehrenamt"]}),
    (("bildung", "Kinder und Jugendliche, die neu ankommen"), {
        "text": "Auch Kinder in der Anschlussunterbringung bekommen Hausaufgabenhilfe: in "
                "Räumen der Gemeinden, gemeinsam mit Migrantenorganisationen, die auch in der "
                "Herkunftssprache beim Lernen helfen.",
        "responsible": AMI,
        "partners": "Städte und Gemeinden, Migrantenorganisationen, Helferkreise",
        "timeframe": "ab 2019",
        "themes": ["kommunen", "ehrenamt"]}),
]

WITHDRAWN = (
    ("bildung", "Vor der Grundschulempfehlung gibt es jedes Jahr Informationsabende"),
    "Mit der Maßnahme zu den Elternmentorinnen zusammengelegt: Die Mentorinnen begleiten jetzt "
    "auch die Informationsabende vor der Grundschulempfehlung (Anmerkung aus der "
    "Netzwerkrunde).",
)

SECOND = {
    "label": "Entwurf nach der Netzwerkrunde",
    "note": (
        "Diese Fassung arbeitet die Anmerkungen aus der Netzwerkrunde zur vorläufigen Fassung "
        "ein:\n\n"
        "- **Sprache:** Frauenkurse mit Kinderbetreuung, zuerst in Singen und Radolfzell; die "
        "Kursübersicht zeigt freie Plätze; neu ist eine Maßnahme für die Wartezeit bis zum "
        "Kursbeginn.\n"
        "- **Bildung:** Die Elternmentorinnen begleiten auch die Informationsabende (die "
        "eigene Maßnahme dazu entfällt); Hausaufgabenhilfe auch in der "
        "Anschlussunterbringung; Aufbaukurse auch bei den Trägern der Berufssprachkurse.\n\n"
        "Die Netzwerkrunde läuft noch; was dort weiter eingeht, fließt in die nächste Fassung "
        "ein."
    ),
    "review_days": 14,
    "review_message": (
        "Bitte prüfen Sie die Fassung 2 bis zur Frist. Geändert haben sich vor allem Maßnahmen "
        "der Handlungsfelder Sprache und Bildung; der Vergleich mit Fassung 1 zeigt jede "
        "Änderung."
    ),
}

# Verdicts on version 2: member (e-mail) -> the topics whose items she or he has reviewed so
# far (everything else is agreed to), and the exceptions: (topic slug, beginning of the
# item's text, verdict, remark).
VERDICTS = {
    "steering@example.org": {
        "topics": ["sprache", "bildung"],
        "exceptions": [
            ("sprache", "Das Amt richtet eine trägerunabhängige Sprachkursberatung ein",
             "agree_with_remarks",
             "Einverstanden. Bitte noch festhalten, wer die Kursübersicht technisch betreibt – "
             "das Amt oder einer der Kursträger? Sonst pflegt am Ende niemand die freien "
             "Plätze."),
        ],
    },
    SECOND_STEERING_MEMBER[0]: {
        "topics": ["bildung"],
        "exceptions": [
            ("bildung", "Auch Kinder in der Anschlussunterbringung", "agree_with_remarks",
             "Gute Ergänzung. Die Gemeinden sollten früh eingebunden werden, am besten über "
             "die Bürgermeisterdienstversammlung, denn sie stellen die Räume."),
            ("bildung", "Die Volkshochschulen und die Träger der Berufssprachkurse", "object",
             "Eine Ermäßigung für Menschen mit geringem Einkommen kann der Landkreis nicht "
             "allein zusagen. Solange der Kreistag keine Mittel dafür beschlossen hat, sollte "
             "die Maßnahme das nicht versprechen. Bitte Kostenträger und Umfang klären."),
        ],
    },
}

# Staff's answer to one remark: (member's e-mail, beginning of the item's text, kind, answer).
ANSWER = (
    "steering@example.org", "Das Amt richtet eine trägerunabhängige Sprachkursberatung ein",
    "explained",
    "Die Kursübersicht betreibt das Amt für Migration und Integration auf der Website des "
    "Landkreises; die Kursträger tragen ihre Kurse und freien Plätze selbst ein. Das regelt "
    "die Vereinbarung mit den Trägern, deshalb steht es nicht eigens im Konzept.",
)


def _email(local_part: str) -> str:
    return f"{local_part}@example.org"


def load_versions(concept: Concept, *, today: date | None = None) -> dict:
    """Add the version story of this module to the demo concept (after its draft was loaded);
    returns counts of what was added."""
    today = today or date.today()
    added = dict.fromkeys(("steering_members", "versions", "adoptions", "rounds", "remarks",
                           "items", "item_edits", "withdrawn_items", "reviews", "verdicts",
                           "answers"), 0)
    moderator = accounts.find_user_by_email(_email("moderation"))
    network = db.session.scalar(select(Network).where(
        Network.name == participation.NETWORK["name"]))
    if moderator is None or network is None or not items_of([t.id for t in concept.topics]):
        return added
    _load_steering_member(added)

    first = _version(concept, FIRST["label"])
    if first is None:
        first = freeze_version(concept, label=FIRST["label"], note=FIRST["note"],
                               actor=moderator)
        record_adoption(first, body=FIRST["body"], adopted_on=today,
                        resolution=FIRST["resolution"],
                        document_ref=FIRST["document_ref"].format(year=today.year),
                        actor=moderator)
        set_visibility(first, "published", actor=moderator)
        added["versions"] += 1
        added["adoptions"] += 1
    round_ = _load_round(concept, first, network, moderator, added)
    _load_remarks(concept, round_, first, added)

    if _version(concept, SECOND["label"]) is None:
        _revise_draft(concept, moderator, added)
        second = freeze_version(concept, label=SECOND["label"], note=SECOND["note"],
                                actor=moderator)
        added["versions"] += 1
        review = open_review(second, deadline=today + timedelta(days=SECOND["review_days"]),
                             message=SECOND["review_message"], actor=moderator)
        added["reviews"] += 1
        _load_verdicts(concept, review, second, moderator, added)
    db.session.flush()
    return added


def _version(concept: Concept, label: str) -> Version | None:
    return db.session.scalar(select(Version).where(Version.concept_id == concept.id,
                                                   Version.label == label)
                             .order_by(Version.number).limit(1))


def _load_steering_member(added) -> None:
    email, display_name = SECOND_STEERING_MEMBER
    if accounts.find_user_by_email(email) is not None:
        return
    user = User(email=email, display_name=display_name, language="de",
                email_confirmed_at=utcnow(), privacy_accepted_at=utcnow())
    user.set_password(data.DEMO_PASSWORD)
    user.role_rows.extend(UserRole(role=r) for r in ("participant", "steering"))
    db.session.add(user)
    db.session.flush()
    added["steering_members"] += 1


def _items(concept: Concept, *, include_withdrawn: bool = False) -> dict[str, list[Item]]:
    """Topic slug -> its items."""
    by_slug: dict[str, list[Item]] = {t.slug: [] for t in concept.topics}
    slugs = {t.id: t.slug for t in concept.topics}
    for item in items_of(list(slugs), include_withdrawn=include_withdrawn):
        by_slug[slugs[item.topic_id]].append(item)
    return by_slug


def _find(items: dict[str, list], ref: tuple[str, str]):
    """The item (or version item) of a topic whose text begins with the given words."""
    slug, start = ref
    return next((i for i in items.get(slug, []) if i.text.startswith(start)), None)


def _load_round(concept, version, network, moderator, added) -> Round:
    """The network round on version 1: open from the moment it was frozen (so that its
    remarks can be tried), for the network and one more organisation."""
    round_ = db.session.scalar(select(Round).where(Round.concept_id == concept.id,
                                                   Round.title == ROUND["title"]))
    if round_ is not None:
        return round_
    opens_at = as_utc(version.frozen_at) or utcnow()
    round_ = Round(concept=concept, title=ROUND["title"], kind="network",
                   description=ROUND["description"],
                   description_html=render_markdown(ROUND["description"]),
                   opens_at=opens_at, closes_at=opens_at + timedelta(days=ROUND["closes_in_days"]),
                   audience="invited", accepted_kinds=["remark"], publish_immediately=True,
                   created_by_id=moderator.id, created_at=opens_at, version_id=version.id)
    round_.topics = [t for t in concept.topics if t.slug in ROUND["topics"]]
    round_.networks = [network]
    names = [data.ORGANISATIONS[i][0] for i in ROUND["organisations"]]
    round_.organisations = list(db.session.scalars(
        select(Organisation).where(Organisation.name.in_(names))))
    db.session.add(round_)
    db.session.flush()
    added["rounds"] += 1
    return round_


def _load_remarks(concept, round_, version, added) -> None:
    existing = {(c.author_id, c.title) for c in db.session.scalars(
        select(Contribution).where(Contribution.round_id == round_.id))}
    version_items = version_items_by_ref(version)
    items = _items(concept, include_withdrawn=True)
    # The item as it read in version 1: later edits of the draft must not lose the remark.
    items = {slug: [i for i in found if i.id in version_items] for slug, found in items.items()}
    frozen = {slug: [version_items[i.id] for i in found] for slug, found in items.items()}
    topics = {t.slug: t for t in concept.topics}
    for spec in REMARKS:
        author = accounts.find_user_by_email(_email(spec["author"]))
        frozen_item = _find(frozen, spec["item"])
        if author is None or frozen_item is None or (author.id, spec["title"]) in existing:
            continue
        item = db.session.get(Item, frozen_item.item_id)
        organisation = next((m.organisation for m in author.active_memberships
                             if m.is_representative), None)
        create_contribution(round_, author=author, kind="remark",
                            topic=topics[spec["item"][0]], title=spec["title"],
                            body=spec["body"], organisation=organisation, item=item)
        added["remarks"] += 1


def _revise_draft(concept, moderator, added) -> None:
    """What staff changed after the remarks: edits, new measures, one measure withdrawn.
    Each step is skipped when it has been done (or the item is gone)."""
    items = _items(concept)
    for ref, changes in EDITS:
        item = _find(items, ref)
        if item is None or item.text == changes["text"]:
            continue
        values = dict(item.snapshot(), themes=list(item.themes), **changes)
        edit_item(item, values=values, actor=moderator, lock_version=item.lock_version)
        added["item_edits"] += 1
    themes = {t.slug: t for t in concept.crosscutting}
    for ref, spec in NEW_MEASURES:
        parent = _find(items, ref)
        if parent is None or _find(items, (ref[0], spec["text"])) is not None:
            continue
        values = dict(spec, parent_id=parent.id, themes=[themes[s] for s in spec["themes"]])
        create_item(parent.topic, kind="measure", values=values, actor=moderator)
        added["items"] += 1
    ref, reason = WITHDRAWN
    item = _find(items, ref)
    if item is not None:
        withdraw_item(item, reason=reason, actor=moderator)
        added["withdrawn_items"] += 1


def _load_verdicts(concept, review, version, moderator, added) -> None:
    version_items = list(version_items_by_ref(version).values())
    slugs = {t.id: t.slug for t in concept.topics}
    by_slug: dict[str, list] = {}
    for item in sorted(version_items, key=lambda i: i.position):
        by_slug.setdefault(slugs[item.topic_id], []).append(item)
    verdicts = {}
    for email, spec in VERDICTS.items():
        member = accounts.find_user_by_email(email)
        if member is None:
            continue
        exceptions = {(slug, start): (verdict, remark)
                      for slug, start, verdict, remark in spec["exceptions"]}
        for slug in spec["topics"]:
            for item in by_slug.get(slug, []):
                verdict, remark = next(
                    (found for (s, start), found in exceptions.items()
                     if s == slug and item.text.startswith(start)), ("agree", ""))
                row = record_verdict(review, member, verdict=verdict, remark=remark,
                                     version_item=item)
                verdicts[(email, item.id)] = row
                added["verdicts"] += 1
    email, start, kind, answer = ANSWER
    item = next((i for i in version_items if i.text.startswith(start)), None)
    verdict = verdicts.get((email, item.id)) if item is not None else None
    if verdict is not None and verdict.remark:
        answer_remark(verdict, answer=answer, kind=kind, actor=moderator)
        added["answers"] += 1
