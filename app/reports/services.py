"""What every export of the concept shares: which version is exported, its title page, item
texts as plain text, the table of goals and measures ("Anlage 2") as rows, and the open-data
JSON. The Word document, the PDF and the spreadsheets are built in word.py, pdf.py and
spreadsheets.py from these pieces; all of them work on a ConceptDocument
(app.versions.services) and make no queries of their own."""

import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.concepts.models import Concept
from app.core.inputs import parse_int
from app.core.permissions import can
from app.core.sanitize import plain_text
from app.core.time import as_utc
from app.versions.models import Adoption, Version, VersionItem
from app.versions.services import (
    ConceptDocument,
    default_version,
    is_superseded,
    latest_adopted,
    version_by_number,
)

# The open-data format (README.md, "Open data: /export/concept.json"). Raise FORMAT_VERSION
# whenever a field changes its meaning or disappears; adding fields keeps it.
JSON_FORMAT = "konzeptwerkstatt-concept"
JSON_FORMAT_VERSION = 1

DATE_FORMAT = "dd.MM.yyyy"


class NoVersionYet(Exception):
    """No version has been published yet, so there is nothing to export by default."""


# --- which version ------------------------------------------------------------------------

def chosen_version(concept: Concept, number: str | None, user) -> Version | None:
    """The version an export shows: `number` (from ?version=) if the user may read it, else
    the default (versions.default_version: the newest published one). None: no such version,
    or not for this user. Raises NoVersionYet when there is no number and no default."""
    if number not in (None, ""):
        if parse_int(number) is None:
            return None
        version = version_by_number(concept, parse_int(number))
        return version if can("version.read", version, user=user) else None
    version = default_version(concept)
    if version is None or not can("version.read", version, user=user):
        raise NoVersionYet
    return version


@contextmanager
def document_language(concept: Concept):
    """Documents are written in the concept's language, whatever the reader's UI language:
    a German concept gets German headings and dates in its Word file and its tables."""
    with force_locale(concept.language or "de"):
        yield


def export_filename(document: ConceptDocument, suffix: str, extension: str) -> str:
    """E.g. Integrationskonzept-Fassung-2.docx: the first word of the title, ASCII only."""
    words = (document.title or "Konzept").split()
    stem = _ascii(words[0]) if words else ""
    parts = [stem or "Konzept"]
    if document.version is not None:
        parts += ["Fassung", str(document.version.number)]
    if suffix:
        parts.append(suffix)
    return "-".join(parts) + "." + extension


def _ascii(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


# --- the title page -----------------------------------------------------------------------

@dataclass
class TitlePage:
    owner: str
    title: str
    version_line: str  # "Fassung 2 – Entwurf nach der Dialogveranstaltung"
    date_line: str  # "Stand: 27.11.2017"
    status_lines: list[str] = field(default_factory=list)
    internal: bool = False


# The first word of a body names its gender in German, which picks the article:
# "vom Sozialausschuss", "von der Steuerungsgruppe Integration".
FEMININE_ENDINGS = ("gruppe", "kommission", "konferenz", "versammlung", "runde", "leitung",
                    "verwaltung", "sitzung", "kammer")
MASCULINE_OR_NEUTER_ENDINGS = ("ausschuss", "rat", "tag", "vorstand", "gremium", "plenum",
                               "kollegium", "amt", "kreis")


def adoption_line(adoption: Adoption, mark=None) -> str:
    """"beschlossen vom Sozialausschuss am 27.11.2017" (with the document reference).
    `mark`: for a page in the reader's language, what marks the data (the body, the reference)
    with the concept's language; the line is then HTML (Markup)."""
    on = format_date(adoption.adopted_on, DATE_FORMAT)
    body = adoption.body.strip()
    head = body.split()[0].lower() if body else ""
    # gettext without values gives the message with its placeholders, filled below.
    if head.endswith(FEMININE_ENDINGS):
        message = _("beschlossen von der %(body)s am %(date)s")
    elif head.endswith(MASCULINE_OR_NEUTER_ENDINGS):
        message = _("beschlossen vom %(body)s am %(date)s")
    else:
        message = _("beschlossen am %(date)s (%(body)s)")
    if mark is not None:
        line = escape(message) % {"body": mark(body), "date": on}
        if adoption.document_ref:
            line += Markup(", %s") % mark(adoption.document_ref)
        return line
    line = message % {"body": body, "date": on}
    if adoption.document_ref:
        line += f", {adoption.document_ref}"
    return line


def title_page(concept: Concept, version: Version | None, title: str | None = None, *,
               mark=None) -> TitlePage:
    """Owner, title, version, date and adoption status (`version` None: the current draft);
    `mark`: as for adoption_line(), for a page in the reader's language."""
    if version is None:
        return TitlePage(concept.owner, title or concept.title, _("Aktueller Entwurf"), "",
                         [_("Entwurf, nicht beschlossen")], internal=True)
    version_line = _("Fassung %(n)d", n=version.number)
    if version.label:
        version_line += f" – {version.label}"
    lines = [adoption_line(a, mark) for a in version.adoptions]
    if not lines:
        lines.append(_("Entwurf, nicht beschlossen"))
    # Superseded only by a later version the public can read (an internal one stays unnamed).
    adopted = latest_adopted(concept, user=None) if version.adoptions else None
    if is_superseded(version, adopted):
        lines.append(_("abgelöst durch Fassung %(n)d", n=adopted.number))
    return TitlePage(concept.owner, title or version.title or concept.title, version_line,
                     _("Stand: %(date)s", date=format_date(as_utc(version.frozen_at),
                                                            DATE_FORMAT)),
                     lines, internal=not version.is_published)


# --- texts ----------------------------------------------------------------------------------

def shift_headings(html: str | None, by: int = 1) -> str:
    """Sanitised HTML with its headings moved `by` levels down (h2 -> h3 for by=1), so that
    a chapter's own headings sit below the chapter's title. The sanitiser allows no attributes
    on headings, so the tags are exactly <hN> and </hN>."""
    def lower(match: re.Match) -> str:
        return f"<{match[1]}h{min(int(match[2]) + by, 6)}>"

    return re.sub(r"<(/?)h([1-6])>", lower, html or "")


def theme_slugs(item) -> list[str]:
    if isinstance(item, VersionItem):
        return [slug for slug, _name in item.themes or []]
    return [t.slug for t in item.themes]


# --- "Anlage 2": the table of goals and measures ---------------------------------------------

LEVELS = {
    "main_goal": _l("Oberziel"),
    "sub_goal": _l("Unterziel"),
    "measure": _l("Maßnahme"),
}
MEASURE_COLUMNS = [
    # (heading, width in characters for the XLSX)
    (_l("Thema"), 20),
    (_l("Ebene"), 11),
    (_l("Oberziel"), 40),
    (_l("Unterziel"), 40),
    (_l("Maßnahme"), 50),
    (_l("Verantwortlich"), 26),
    (_l("Kooperationspartner"), 32),
    (_l("Zeitrahmen"), 14),
    (_l("Querschnittsthemen"), 26),
    (_l("Anzahl Beiträge"), 11),
]


@dataclass
class MeasureRow:
    """One row of the table: a main goal, a sub-goal or a measure. Each row repeats the texts
    of the goals above it, so that a filtered or sorted table still says what a measure is
    for; `level` says which of the columns is the row's own item."""

    level: str
    values: list


def measure_rows(document: ConceptDocument) -> list[MeasureRow]:
    """The goals and measures of every topic in the printed order (linear in the items)."""
    rows: list[MeasureRow] = []

    def row(level, topic, item, main="", sub="", measure=None):
        own = plain_text(item.text_html) if item is not None else ""
        is_measure = level == "measure"
        rows.append(MeasureRow(level, [
            topic, str(LEVELS[level]),
            own if level == "main_goal" else main,
            own if level == "sub_goal" else sub,
            own if is_measure else "",
            item.responsible if is_measure else "",
            item.partners if is_measure else "",
            item.timeframe if is_measure else "",
            ", ".join(document.themes(item)),
            document.count(item),
        ]))

    for section in document.sections:
        topic, draft = section.topic.name, section.draft
        main = "\n".join(plain_text(m.text_html) for m in draft.main_goals)
        for goal in draft.main_goals:
            row("main_goal", topic, goal)
        for sub in draft.sub_goals:
            sub_text = plain_text(sub.item.text_html)
            row("sub_goal", topic, sub.item, main)
            for measure in sub.measures:
                row("measure", topic, measure, main, sub_text)
        for measure in draft.unplaced_measures:
            row("measure", topic, measure, main)
    return rows


# --- open data --------------------------------------------------------------------------------

def concept_json(document: ConceptDocument) -> dict:
    """The version as open data (README.md, "Open data: /export/concept.json"): the concept's
    texts and structure and how many contributions each item is based on; no personal data."""
    version = document.version
    concept = document.concept
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "concept": {
            "title": document.title,
            "owner": concept.owner,
            "language": concept.language or "de",
        },
        "version": None if version is None else {
            "number": version.number,
            "label": version.label,
            "frozen_at": _iso(version.frozen_at),
            "published_at": _iso(version.published_at),
            "visibility": version.visibility,
            "adoptions": [{
                "body": a.body,
                "adopted_on": a.adopted_on.isoformat(),
                "resolution": a.resolution,
                "document_ref": a.document_ref,
            } for a in version.adoptions],
        },
        "chapters": [{"slug": c.slug, "title": c.title, "body": c.body}
                     for c in document.chapters],
        "topics": [{
            "slug": s.topic.slug,
            "name": s.topic.name,
            "kind": s.topic.kind,
            "items": [_item_json(document, item) for item in s.draft.items],
        } for s in document.sections],
    }


def _item_json(document: ConceptDocument, item) -> dict:
    sources = getattr(item, "sources", None) or {}
    return {
        "id": document.item_ref(item),
        "kind": item.kind,
        "parent_id": item.parent_id,
        "position": item.position,
        "text": item.text,
        "responsible": item.responsible,
        "partners": item.partners,
        "timeframe": item.timeframe,
        "example_by": item.example_by,
        "example_where": item.example_where,
        "example_link": item.example_link,
        "themes": theme_slugs(item),
        "source_count": document.count(item),
        "sources": {key: int(sources.get(key, 0)) for key in
                    ("online", "event", "import", "organisations", "duplicates")},
    }


def _iso(value) -> str | None:
    return as_utc(value).isoformat() if value else None
