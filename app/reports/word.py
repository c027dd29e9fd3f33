"""The concept as a Word document (python-docx): title page, table of contents, chapters, then
per field of action and cross-cutting theme its goals, measures (as tables), municipal ideas
and best practices. A4, Arial, page numbers in the footer; opens in Word and LibreOffice.

Texts are converted from their sanitised HTML by docx_html.py; the low-level OOXML that
python-docx does not offer is in ooxml.py."""

import re
from datetime import datetime
from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from flask_babel import gettext as _

from app.concepts.models import ITEM_KINDS_PLURAL, TOPIC_KINDS_PLURAL
from app.core.time import as_utc
from app.reports import ooxml
from app.reports.docx_html import write_html
from app.reports.services import TitlePage, title_page
from app.versions.document import ConceptDocument

FONT = "Arial"  # LibreOffice shows it with the metric-compatible Liberation Sans
INK = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)  # headings
MUTED = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "DCE3EC"
GOAL_FILL = "EEF2F7"
TEXT_WIDTH = Cm(16)  # A4 (21 cm) minus 2 × 2.5 cm margins
# Maßnahme, Verantwortlich, Kooperationspartner, Zeitrahmen
MEASURE_WIDTHS = (Cm(6.3), Cm(3.3), Cm(4.0), Cm(2.4))
TOC_LEVELS = 2


def concept_docx(document: ConceptDocument) -> bytes:
    """The Word file of a version (or of the draft); run inside document_language()."""
    page = title_page(document.concept, document.version, document.title)
    return _ConceptWord(document, page).build()


class WordDocument:
    """What every Word export shares: A4 page, styles, document properties, a footer with the
    running title and page numbers, the title page, the table of contents and headings.
    Subclasses write their body in `_body()`."""

    def __init__(self, page: TitlePage, *, language: str | None, running_title: str,
                 created: datetime | None = None):
        self.page = page
        self.language = language
        self.running_title = running_title
        self.created = created
        self.doc = Document()
        self.headings: list[tuple[int, str]] = []  # for the table of contents

    # -- the whole ----------------------------------------------------------------------------
    def build(self) -> bytes:
        _page_setup(self.doc)
        self.ids = _styles(self.doc)
        self._properties()
        self._footer()
        self._title_page()
        toc_anchor = self._toc_page()
        self._body()
        self._table_of_contents(toc_anchor)
        ooxml.document_settings(self.doc)
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _body(self) -> None:
        raise NotImplementedError

    def _properties(self) -> None:
        props = self.doc.core_properties
        props.title = self.page.title
        props.subject = self.page.version_line
        props.author = props.last_modified_by = self.page.owner or self.page.title
        props.language = _language_tag(self.language)
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        if self.created is not None:
            props.created = props.modified = as_utc(self.created).replace(tzinfo=None)

    def _footer(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True  # no footer on the title page
        paragraph = section.footer.paragraphs[0]
        paragraph._p.style = self.ids["Footer"]
        paragraph.add_run(ooxml.clean(self.running_title) + "\t")
        # "Seite 3 von 40" with fields that Word and LibreOffice fill in (in whatever order
        # the translation puts them).
        label = _("Seite %(page)s von %(pages)s", page="\x00", pages="\x01")
        for part in re.split("(\x00|\x01)", label):
            if part == "\x00":
                ooxml.field(paragraph, "PAGE", "1")
            elif part == "\x01":
                ooxml.field(paragraph, "NUMPAGES", "1")
            elif part:
                paragraph.add_run(part)

    # -- title page and contents ---------------------------------------------------------------
    def _title_page(self) -> None:
        page = self.page
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_before = Cm(3.5)
        if page.owner:
            _text_paragraph(self.doc, page.owner, size=13, color=MUTED, after=18)
        title = _text_paragraph(self.doc, page.title, size=28, bold=True, color=ACCENT,
                                after=24)
        title.paragraph_format.line_spacing = 1.05
        ooxml.bottom_rule(title)
        _text_paragraph(self.doc, page.version_line, size=15, after=6)
        if page.date_line:
            _text_paragraph(self.doc, page.date_line, size=12, color=MUTED, after=36)
        for line in page.status_lines:
            _text_paragraph(self.doc, line, size=12, bold=True, after=4)
        if page.internal:
            _text_paragraph(self.doc, _("Interne Fassung – nicht veröffentlicht"), size=12,
                            color=MUTED, after=4, before=12)
        self.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def _toc_page(self):
        _text_paragraph(self.doc, _("Inhalt"), size=18, bold=True, color=ACCENT, after=12)
        anchor = self.doc.add_paragraph()  # the table of contents goes before this paragraph
        return anchor

    def _table_of_contents(self, anchor) -> None:
        """A TOC field that Word updates on opening (with page numbers); its stored result is
        the list of headings, which is what LibreOffice and viewers show."""
        entries = [(level, text) for level, text in self.headings if level <= TOC_LEVELS]
        if not entries:
            entries = [(1, _("(Das Inhaltsverzeichnis wird beim Öffnen aktualisiert.)"))]
        paragraphs = []
        for level, text in entries:
            paragraph = ooxml.styled_paragraph(self.doc, self.ids, f"toc {level}")
            anchor._p.addprevious(paragraph._p)
            paragraphs.append((paragraph, text))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        ooxml.field_char(first, "begin")
        ooxml.instruction(first, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
        ooxml.field_char(first, "separate")
        for paragraph, text in paragraphs:
            paragraph.add_run(ooxml.clean(text))
        ooxml.field_char(last, "end")
        anchor.add_run().add_break(WD_BREAK.PAGE)

    def _heading(self, text: str, level: int, *, new_page: bool = False):
        paragraph = ooxml.styled_paragraph(self.doc, self.ids, f"Heading {level}")
        paragraph.add_run(ooxml.clean(text))
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        self.headings.append((level, text))
        return paragraph

    # -- tables -----------------------------------------------------------------------------------
    def _table(self, headers, widths):
        """A table with grey hairlines and a shaded header row, repeated on every page."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table._tbl.tblPr.style = self.ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        ooxml.table_look(table)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        ooxml.repeat_as_header(header)
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            cell.width = width
            ooxml.shade(cell, HEADER_FILL)
            paragraph = cell.paragraphs[0]
            paragraph._p.style = self.ids["Table Text"]
            paragraph.add_run(text).bold = True
        return table

    def _row(self, table, widths) -> list:
        """The cells of a new row, which is kept on one page."""
        row = table.add_row()
        ooxml.keep_row_together(row)
        cells = row.cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        return cells

    def _cell_text(self, cell, text: str):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = self.ids["Table Text"]
        ooxml.add_lines(paragraph, text)
        return paragraph



class _ConceptWord(WordDocument):
    """The concept: chapters, then per field of action and cross-cutting theme its goals,
    measures, municipal ideas and best practices."""

    def __init__(self, document: ConceptDocument, page: TitlePage):
        running = page.title
        if document.version is not None:
            running += " · " + _("Fassung %(n)d", n=document.version.number)
        super().__init__(page, language=document.concept.language, running_title=running,
                         created=document.version.frozen_at if document.version else None)
        self.source = document

    def _body(self) -> None:
        self._chapters()
        self._topics()

    # -- chapters -------------------------------------------------------------------------------
    def _chapters(self) -> None:
        for chapter in self.source.chapters:
            self._heading(chapter.title, 1)
            write_html(self.doc, self.ids, chapter.body_html, heading_level=2,
                       on_heading=lambda level, text: self.headings.append((level, text)))

    # -- fields of action and cross-cutting themes ---------------------------------------------
    def _topics(self) -> None:
        for kind, sections in (("field", self.source.fields),
                               ("crosscutting", self.source.crosscutting)):
            if not sections:
                continue
            self._heading(str(TOPIC_KINDS_PLURAL[kind]), 1, new_page=True)
            for index, section in enumerate(sections):
                self._topic(section, first=index == 0)

    def _topic(self, section, *, first: bool) -> None:
        topic, draft = section.topic, section.draft
        self._heading(topic.name, 2, new_page=not first)
        write_html(self.doc, self.ids, topic.description_html, style="Topic Intro",
                   heading_level=4)
        if draft.is_empty:
            _text_paragraph(self.doc, _("Noch keine Ziele und Maßnahmen."), color=MUTED)
            return
        if draft.main_goals:
            self._heading(str(ITEM_KINDS_PLURAL["main_goal"]), 3)
            for goal in draft.main_goals:
                write_html(self.doc, self.ids, goal.text_html, style="Main Goal")
        if draft.sub_goals:
            self._heading(str(ITEM_KINDS_PLURAL["sub_goal"]), 3)
            for number, sub in enumerate(draft.sub_goals, start=1):
                self._heading(_("Unterziel %(n)d", n=number), 4)
                # Heading, text and themes stay on the page where the measures begin.
                write_html(self.doc, self.ids, sub.item.text_html, style="Sub Goal")
                self._themes_line(sub.item, style="Sub Goal Meta")
                if sub.measures:
                    self._measures_table(sub.measures)
        if draft.unplaced_measures:
            self._heading(_("Weitere Maßnahmen"), 3)
            self._measures_table(draft.unplaced_measures)
        if draft.municipal_ideas:
            self._heading(str(ITEM_KINDS_PLURAL["municipal_idea"]), 3)
            for idea in draft.municipal_ideas:
                write_html(self.doc, self.ids, idea.text_html, style="List Bullet",
                           continue_style="List Continue")
        if draft.best_practices:
            self._heading(str(ITEM_KINDS_PLURAL["best_practice"]), 3)
            for example in draft.best_practices:
                self._best_practice(example)

    def _themes_line(self, item, container=None, style="Item Meta") -> None:
        themes = self.source.themes(item)
        if themes:
            paragraph = ooxml.styled_paragraph(container or self.doc, self.ids, style)
            paragraph.add_run(ooxml.clean(_("Querschnittsthemen: %(names)s",
                                            names=", ".join(themes))))

    def _best_practice(self, example) -> None:
        write_html(self.doc, self.ids, example.text_html, style="List Bullet",
                   continue_style="List Continue")
        facts = [(_("Wer:"), example.example_by), (_("Wo:"), example.example_where)]
        facts = [(label, value) for label, value in facts if value]
        if not facts and not example.example_link:
            return
        paragraph = ooxml.styled_paragraph(self.doc, self.ids, "Example Meta")
        for index, (label, value) in enumerate(facts):
            if index:
                paragraph.add_run(" · ")
            paragraph.add_run(label + " ").bold = True
            paragraph.add_run(ooxml.clean(value))
        if example.example_link:
            if facts:
                paragraph.add_run(" · ")
            paragraph.add_run(_("Link:") + " ").bold = True
            ooxml.hyperlink(paragraph, example.example_link, example.example_link)

    def _measures_table(self, measures) -> None:
        table = self._table((_("Maßnahme"), _("Verantwortlich"), _("Kooperationspartner"),
                             _("Zeitrahmen")), MEASURE_WIDTHS)
        for measure in measures:
            cells = self._row(table, MEASURE_WIDTHS)
            write_html(cells[0], self.ids, measure.text_html, style="Table Text",
                       reuse=cells[0].paragraphs[0])
            self._themes_line(measure, container=cells[0], style="Table Meta")
            for cell, value in zip(cells[1:], (measure.responsible, measure.partners,
                                               measure.timeframe), strict=True):
                self._cell_text(cell, value)
        ooxml.styled_paragraph(self.doc, self.ids, "After Table")


def _language_tag(language: str | None) -> str:
    return {"de": "de-DE", "en": "en-GB", "ar": "ar-SA"}.get(language or "de", language or "de")


def _text_paragraph(container, text: str, *, size: float | None = None, bold: bool = False,
                    color: RGBColor | None = None, after: float | None = None,
                    before: float | None = None):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(ooxml.clean(text))
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    return paragraph


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)
    section.footer_distance = Cm(1.1)


def _styles(doc) -> dict:
    """Fonts, sizes and spacing of the styles used, the styles of our own; returns the ids
    of all styles by name."""
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_fonts(rpr, FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "de-DE")
    lang.set(qn("w:eastAsia"), "de-DE")

    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    for level, (size, before, after) in enumerate(
            [(20, 24, 10), (16, 18, 8), (13, 16, 6), (11.5, 12, 4)], start=1):
        style = styles[f"Heading {level}"]
        ooxml.set_fonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        ooxml.plain_color(style, ACCENT if level < 4 else INK)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True

    footer = styles["Footer"]
    footer.font.size = Pt(8.5)
    footer.font.color.rgb = MUTED
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    ooxml.top_rule(footer.element.get_or_add_pPr())

    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Cm(0.8)
    ooxml.plain_color(quote, MUTED)

    for level in (1, 2):  # the names Word's TOC field uses when it updates the table
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(4 if level == 1 else 2)
        style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        style.font.bold = level == 1

    def paragraph_style(name, *, size=None, color=None, italic=None, after=None, before=None,
                        line=None):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        if size:
            style.font.size = Pt(size)
        if color is not None:
            style.font.color.rgb = color
        style.font.italic = italic
        if after is not None:
            style.paragraph_format.space_after = Pt(after)
        if before is not None:
            style.paragraph_format.space_before = Pt(before)
        if line:
            style.paragraph_format.line_spacing = line
        return style

    paragraph_style("Topic Intro", color=MUTED, italic=True, after=10)
    main_goal = paragraph_style("Main Goal", size=11.5, after=10)
    main_goal.font.bold = True
    ppr = main_goal.element.get_or_add_pPr()
    ooxml.paragraph_shading(ppr, GOAL_FILL)
    ooxml.left_rule(ppr, "1F3A5F")
    main_goal.paragraph_format.left_indent = Cm(0.3)
    main_goal.paragraph_format.right_indent = Cm(0.3)
    paragraph_style("Sub Goal", after=4).paragraph_format.keep_with_next = True
    paragraph_style("Item Meta", size=9, color=MUTED, after=6)
    paragraph_style("Sub Goal Meta", size=9, color=MUTED, after=4
                    ).paragraph_format.keep_with_next = True
    paragraph_style("Example Meta", size=9, color=MUTED, after=10).paragraph_format.left_indent \
        = Cm(0.63)
    paragraph_style("Table Text", size=9, after=2, line=1.0)
    paragraph_style("Table Meta", size=8, color=MUTED, italic=True, after=0, before=2, line=1.0)
    paragraph_style("After Table", size=6, after=6, line=1.0)
    return {style.name: style.style_id for style in styles}
