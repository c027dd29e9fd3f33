"""Exports of a yearly progress report (implementation.report_services.ReportDocument, read from
its frozen snapshot): a Word document in the look of the concept's (title page, contents,
introduction, the roll-up of the concept, what changed since the previous report, then per
topic its roll-up and a table of measures with their status and the period's entries), the
title page the print view (and so the PDF) shares, and the table as XLSX. No queries here."""

from docx.shared import Cm
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from app.concepts.models import TOPIC_KINDS_PLURAL
from app.core.sanitize import plain_text
from app.implementation.report_services import ReportDocument
from app.reports import ooxml
from app.reports.docx_html import write_html
from app.reports.services import DATE_FORMAT, TitlePage, _ascii, adoption_line
from app.reports.spreadsheets import _save, _sheet
from app.reports.word import MUTED, WordDocument, _text_paragraph

# Maßnahme, Stand, Verantwortlich, Einträge im Berichtszeitraum
REPORT_WIDTHS = (Cm(5.0), Cm(2.5), Cm(2.9), Cm(5.6))
COUNT_WIDTHS = (Cm(8.0), Cm(3.0))
MUTED_HEX = str(MUTED)


def _day(value) -> str:
    return format_date(value, DATE_FORMAT)


def report_title_page(document: ReportDocument) -> TitlePage:
    report, version = document.report, document.report.version
    lines = [_("Zum Integrationskonzept „%(title)s“", title=version.title
               or document.concept.title),
             f"{version.name} – {version.label}" if version.label else version.name]
    lines += [adoption_line(a) for a in version.adoptions]
    return TitlePage(document.concept.owner, report.title,
                     _("Berichtszeitraum %(start)s – %(end)s", start=_day(report.period_start),
                       end=_day(report.period_end)),
                     _("Stand der Maßnahmen: %(date)s", date=_day(report.created_at)),
                     lines, internal=not version.is_published)


def report_filename(document: ReportDocument, extension: str) -> str:
    return f"{_ascii(document.report.title) or 'Umsetzungsbericht'}.{extension}"


def percent_text(percent: int | None) -> str:
    if percent is None:
        return _("noch kein Stand")
    return _("%(percent)d %% umgesetzt", percent=percent)


def topic_basis(parts: int, measures: int) -> str:
    return _("Mittelwert aus %(goals)s; gestützt auf %(measures)s. Aufgegebene Maßnahmen "
             "zählen nicht mit.",
             goals=ngettext("%(num)d Unterziel", "%(num)d Unterzielen", parts),
             measures=ngettext("%(num)d Maßnahme", "%(num)d Maßnahmen", measures))


def concept_basis(parts: int, measures: int) -> str:
    return _("Mittelwert aus %(topics)s mit Maßnahmen; gestützt auf %(measures)s. Aufgegebene "
             "Maßnahmen zählen nicht mit.",
             topics=ngettext("%(num)d Thema", "%(num)d Themen", parts),
             measures=ngettext("%(num)d Maßnahme", "%(num)d Maßnahmen", measures))


def entry_line(entry) -> str:
    """"12.03.2026 · Status: umgesetzt · Fortschritt: 80 %" """
    parts = [_day(entry.happened_on)]
    if entry.status_code:
        parts.append(_("Status:") + " " + entry.status_label)
    if entry.progress is not None:
        parts.append(_("Fortschritt: %(percent)d %%", percent=entry.progress))
    return " · ".join(parts)


def entry_author(entry) -> str:
    name = entry.organisation_name or (entry.author.display_name if entry.author else "")
    return f"{_('von')} {name}" if name else ""


# --- Word --------------------------------------------------------------------------------------

def report_docx(document: ReportDocument) -> bytes:
    """Run inside document_language(): the document is in the concept's language."""
    return _ReportWord(document).build()


class _ReportWord(WordDocument):
    def __init__(self, document: ReportDocument):
        page = report_title_page(document)
        super().__init__(page, language=document.concept.language,
                         running_title=f"{page.title} · {page.version_line}",
                         created=document.report.created_at)
        self.source = document

    def _body(self) -> None:
        report = self.source.report
        if report.intro_html:
            self._heading(_("Einleitung"), 1)
            write_html(self.doc, self.ids, report.intro_html, heading_level=2,
                       on_heading=lambda level, text: self.headings.append((level, text)))
        self._overall()
        self._changes()
        for kind, sections in (("field", self.source.fields),
                               ("crosscutting", self.source.crosscutting)):
            if sections:
                self._heading(str(TOPIC_KINDS_PLURAL[kind]), 1, new_page=True)
                for index, section in enumerate(sections):
                    self._topic(section, first=index == 0)
        if self.source.withdrawn:
            self._heading(_("Nicht mehr Teil des beschlossenen Konzepts"), 1, new_page=True)
            for m in self.source.withdrawn:
                paragraph = ooxml.styled_paragraph(self.doc, self.ids, "List Bullet")
                paragraph.add_run(ooxml.clean(plain_text(m.text_html) or m.text))
                if m.withdrawn_reason:
                    paragraph.add_run(ooxml.clean(" – " + _("Grund:") + " "
                                                  + m.withdrawn_reason)).italic = True

    def _figure(self, label: str, percent: int | None, basis: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(label + ": ").bold = True
        paragraph.add_run(percent_text(percent))
        paragraph.paragraph_format.keep_with_next = True
        ooxml.styled_paragraph(self.doc, self.ids, "Item Meta").add_run(ooxml.clean(basis))

    def _overall(self) -> None:
        report = self.source.report
        self._heading(_("Das Konzept insgesamt"), 1)
        self._figure(_("Gesamtstand"), report.percent,
                     concept_basis(report.parts, report.measures))
        table = self._table((_("Status"), _("Maßnahmen")), COUNT_WIDTHS)
        for _code, label, count in self.source.status_counts():
            cells = self._row(table, COUNT_WIDTHS)
            self._cell_text(cells[0], label)
            self._cell_text(cells[1], str(count))
        ooxml.styled_paragraph(self.doc, self.ids, "After Table")
        _text_paragraph(self.doc, ngettext("%(num)d Eintrag im Berichtszeitraum.",
                                           "%(num)d Einträge im Berichtszeitraum.",
                                           self.source.entry_count))

    def _changes(self) -> None:
        changes = self.source.changes
        self._heading(_("Was sich seit dem letzten Bericht geändert hat"), 1)
        if changes.previous is None:
            _text_paragraph(self.doc, _("Dies ist der erste Umsetzungsbericht; es gibt noch "
                                        "keinen früheren zum Vergleich."))
            return
        _text_paragraph(self.doc, _("Verglichen mit „%(title)s“ (%(start)s – %(end)s).",
                                    title=changes.previous.title,
                                    start=_day(changes.previous.period_start),
                                    end=_day(changes.previous.period_end)))
        if changes.is_empty:
            _text_paragraph(self.doc, _("Seitdem hat sich am Status der Maßnahmen nichts "
                                        "geändert."))
        groups = ((_("Statusänderungen"), changes.status_changes),
                  (_("Neue Maßnahmen"), changes.new),
                  (_("Umgesetzte Maßnahmen"), changes.finished),
                  (_("Nicht mehr Teil des Konzepts"), changes.withdrawn))
        for title, rows in groups:
            if not rows:
                continue
            self._heading(f"{title} ({len(rows)})", 2)
            for row in rows:
                measure = getattr(row, "measure", row)
                paragraph = ooxml.styled_paragraph(self.doc, self.ids, "List Bullet")
                paragraph.add_run(ooxml.clean(_short(measure.text)))
                before = getattr(row, "before", None)
                if before is not None:
                    paragraph.add_run(": " + before.status_label + " → ")
                    paragraph.add_run(measure.status_label).bold = True

    def _topic(self, section, *, first: bool) -> None:
        topic = section.topic
        self._heading(topic.name, 2, new_page=not first)
        if section.goals:
            self._figure(_("Stand"), topic.percent, topic_basis(topic.parts, topic.measures))
        if topic.tagged_measures:
            self._figure(_("Maßnahmen mit diesem Querschnittsthema"), topic.tagged_percent,
                         ngettext("Mittelwert aus %(num)d Maßnahme anderer Handlungsfelder, "
                                  "die dieses Thema betrifft.",
                                  "Mittelwert aus %(num)d Maßnahmen anderer Handlungsfelder, "
                                  "die dieses Thema betreffen.", topic.tagged_measures))
        for number, goal in enumerate(section.goals, start=1):
            if not goal.measures:
                continue
            heading = (_("Unterziel %(n)d", n=number) if goal.item_id
                       else _("Maßnahmen ohne Unterziel"))
            self._heading(f"{heading}: {percent_text(goal.percent)}", 3)
            if goal.text:
                _text_paragraph(self.doc, goal.text).paragraph_format.keep_with_next = True
            meta = ooxml.styled_paragraph(self.doc, self.ids, "Sub Goal Meta")
            meta.add_run(ngettext("Mittelwert aus %(num)d Maßnahme",
                                  "Mittelwert aus %(num)d Maßnahmen", goal.measure_count)
                         if goal.measure_count else
                         _("Keine Maßnahme zählt mit: Aufgegebene Maßnahmen zählen nicht."))
            self._measures(goal.measures)

    def _measures(self, measures) -> None:
        table = self._table((_("Maßnahme"), _("Stand"), _("Verantwortlich"),
                             _("Einträge im Berichtszeitraum")), REPORT_WIDTHS)
        entries = self.source.entries
        for m in measures:
            cells = self._row(table, REPORT_WIDTHS)
            write_html(cells[0], self.ids, m.text_html, style="Table Text",
                       reuse=cells[0].paragraphs[0])
            status = self._cell_text(cells[1], m.status_label)
            status.runs[0].bold = True
            status.add_run().add_break()
            status.add_run(_("%(percent)d %%", percent=m.progress))
            self._cell_text(cells[2], "\n".join(filter(None, [m.responsible,
                                                              m.organisations])))
            own = entries.get(m.item_id, [])
            cell = cells[3]._tc
            first = cells[3].paragraphs[0]._p
            style = self.ids["Table Text"]
            if not own:
                ooxml.quick_paragraph(cell, style, [(_("keine Einträge im Berichtszeitraum"),
                                                     False, False, MUTED_HEX, False)],
                                      reuse=first)
            for index, entry in enumerate(own):
                runs = [(entry_line(entry), True, False, None, False)]
                text = plain_text(entry.text_html)
                if text:
                    runs.append((text, False, False, None, True))
                author = entry_author(entry)
                if author:
                    runs.append((author, False, True, MUTED_HEX, True))
                ooxml.quick_paragraph(cell, style, runs, reuse=first if index == 0 else None)
        ooxml.styled_paragraph(self.doc, self.ids, "After Table")


def _short(text: str, length: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


# --- XLSX ----------------------------------------------------------------------------------------

MEASURE_COLUMNS = [
    (_l("Thema"), 20), (_l("Unterziel"), 36), (_l("Maßnahme"), 50), (_l("Status"), 14),
    (_l("Fortschritt in Prozent"), 11), (_l("Verantwortlich"), 26),
    (_l("Verantwortliche Organisationen"), 26), (_l("Letzter Eintrag"), 12),
    (_l("Einträge im Berichtszeitraum"), 11), (_l("Teil des beschlossenen Konzepts"), 22),
]
ENTRY_COLUMNS = [
    (_l("Thema"), 20), (_l("Maßnahme"), 44), (_l("Datum"), 12), (_l("Neuer Status"), 14),
    (_l("Fortschritt in Prozent"), 11), (_l("Was ist geschehen?"), 60), (_l("Link"), 30),
    (_l("von"), 24),
]
DATE_CELL = "DD.MM.YYYY"


def report_xlsx(document: ReportDocument) -> bytes:
    """The measures with their state and the period's entries: two sheets."""
    topic_names = {t.topic.topic_id: t.topic.name for t in document.topics}
    goal_texts = {g.item_id: g.text for t in document.topics for g in t.goals if g.item_id}
    measures = document.measures + document.withdrawn
    rows = [[
        topic_names.get(m.topic_id, ""), goal_texts.get(m.sub_goal_item_id, ""),
        plain_text(m.text_html) or m.text, m.status_label, m.progress, m.responsible,
        m.organisations, m.last_entry_on, len(document.entries.get(m.item_id, [])),
        _("ja") if m.in_concept else " – ".join(filter(None, [_("nein"), m.withdrawn_reason])),
    ] for m in measures]
    entry_rows = [[
        topic_names.get(m.topic_id, ""), _short(m.text, 300), e.happened_on,
        e.status_label if e.status_code else "", e.progress, plain_text(e.text_html), e.link,
        e.organisation_name or (e.author.display_name if e.author else ""),
    ] for m in measures for e in document.entries.get(m.item_id, [])]
    workbook = Workbook(write_only=True)
    workbook.properties.title = document.report.title
    workbook.properties.creator = document.concept.owner or document.concept.title
    _sheet(workbook, _("Maßnahmen"), MEASURE_COLUMNS, rows, formats={7: DATE_CELL})
    _sheet(workbook, _("Einträge"), ENTRY_COLUMNS, entry_rows, formats={2: DATE_CELL})
    return _save(workbook)
