"""The concept as a Word document (python-docx): title page, table of contents, chapters, then
per field of action and cross-cutting theme its goals, measures (as tables), municipal ideas
and best practices. A4, Arial, page numbers in the footer; opens in Word and LibreOffice.

Texts are converted from their sanitised HTML (app.core.sanitize): paragraphs, headings,
bullet and numbered lists, quotes, bold, italic, code, links and simple tables."""

import re
from html.parser import HTMLParser
from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from flask_babel import gettext as _

from app.concepts.models import ITEM_KINDS_PLURAL, TOPIC_KINDS_PLURAL
from app.core.time import as_utc
from app.reports.services import TitlePage, title_page
from app.versions.services import ConceptDocument

FONT = "Arial"  # LibreOffice shows it with the metric-compatible Liberation Sans
MONO = "Courier New"
INK = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)  # headings
MUTED = RGBColor(0x59, 0x59, 0x59)
LINK = RGBColor(0x1F, 0x4E, 0x9A)
HEADER_FILL = "DCE3EC"
GOAL_FILL = "EEF2F7"
BORDER = "A6A6A6"
TEXT_WIDTH = Cm(16)  # A4 (21 cm) minus 2 × 2.5 cm margins
# Maßnahme, Verantwortlich, Kooperationspartner, Zeitrahmen
MEASURE_WIDTHS = (Cm(6.3), Cm(3.3), Cm(4.0), Cm(2.4))
TOC_LEVELS = 2
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def concept_docx(document: ConceptDocument) -> bytes:
    """The Word file of a version (or of the draft); run inside document_language()."""
    page = title_page(document.concept, document.version, document.title)
    return _WordDocument(document, page).build()


class _WordDocument:
    def __init__(self, document: ConceptDocument, page: TitlePage):
        self.source = document
        self.page = page
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
        self._chapters()
        self._topics()
        self._table_of_contents(toc_anchor)
        _document_settings(self.doc)
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _properties(self) -> None:
        props = self.doc.core_properties
        props.title = self.page.title
        props.subject = self.page.version_line
        props.author = props.last_modified_by = self.page.owner or self.page.title
        props.language = _language_tag(self.source.concept.language)
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        if self.source.version is not None:
            frozen = as_utc(self.source.version.frozen_at).replace(tzinfo=None)
            props.created = props.modified = frozen

    def _footer(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True  # no footer on the title page
        paragraph = section.footer.paragraphs[0]
        paragraph._p.style = self.ids["Footer"]
        left = self.page.title
        if self.source.version is not None:
            left += " · " + _("Fassung %(n)d", n=self.source.version.number)
        paragraph.add_run(_clean(left) + "\t")
        # "Seite 3 von 40" with fields that Word and LibreOffice fill in (in whatever order
        # the translation puts them).
        label = _("Seite %(page)s von %(pages)s", page="\x00", pages="\x01")
        for part in re.split("(\x00|\x01)", label):
            if part == "\x00":
                _field(paragraph, "PAGE", "1")
            elif part == "\x01":
                _field(paragraph, "NUMPAGES", "1")
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
        _bottom_rule(title)
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
            paragraph = _paragraph(self.doc, self.ids, f"toc {level}")
            anchor._p.addprevious(paragraph._p)
            paragraphs.append((paragraph, text))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        _field_char(first, "begin")
        _instruction(first, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
        _field_char(first, "separate")
        for paragraph, text in paragraphs:
            paragraph.add_run(_clean(text))
        _field_char(last, "end")
        anchor.add_run().add_break(WD_BREAK.PAGE)

    def _heading(self, text: str, level: int, *, new_page: bool = False):
        paragraph = _paragraph(self.doc, self.ids, f"Heading {level}")
        paragraph.add_run(_clean(text))
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        self.headings.append((level, text))
        return paragraph

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
            paragraph = _paragraph(container or self.doc, self.ids, style)
            paragraph.add_run(_clean(_("Querschnittsthemen: %(names)s",
                                       names=", ".join(themes))))

    def _best_practice(self, example) -> None:
        write_html(self.doc, self.ids, example.text_html, style="List Bullet",
                   continue_style="List Continue")
        facts = [(_("Wer:"), example.example_by), (_("Wo:"), example.example_where)]
        facts = [(label, value) for label, value in facts if value]
        if not facts and not example.example_link:
            return
        paragraph = _paragraph(self.doc, self.ids, "Example Meta")
        for index, (label, value) in enumerate(facts):
            if index:
                paragraph.add_run(" · ")
            paragraph.add_run(label + " ").bold = True
            paragraph.add_run(_clean(value))
        if example.example_link:
            if facts:
                paragraph.add_run(" · ")
            paragraph.add_run(_("Link:") + " ").bold = True
            _hyperlink(paragraph, example.example_link, example.example_link)

    def _measures_table(self, measures) -> None:
        headers = (_("Maßnahme"), _("Verantwortlich"), _("Kooperationspartner"),
                   _("Zeitrahmen"))
        table = self.doc.add_table(rows=1, cols=len(headers))
        table._tbl.tblPr.style = self.ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_look(table)
        for column, width in zip(table.columns, MEASURE_WIDTHS, strict=True):
            column.width = width
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, text, width in zip(header.cells, headers, MEASURE_WIDTHS, strict=True):
            cell.width = width
            _shade(cell, HEADER_FILL)
            paragraph = cell.paragraphs[0]
            paragraph._p.style = self.ids["Table Text"]
            paragraph.add_run(text).bold = True
        for measure in measures:
            row = table.add_row()
            _keep_row_together(row)
            cells = row.cells
            for cell, width in zip(cells, MEASURE_WIDTHS, strict=True):
                cell.width = width
            write_html(cells[0], self.ids, measure.text_html, style="Table Text",
                       reuse=cells[0].paragraphs[0])
            self._themes_line(measure, container=cells[0], style="Table Meta")
            for cell, value in zip(cells[1:], (measure.responsible, measure.partners,
                                               measure.timeframe), strict=True):
                paragraph = cell.paragraphs[0]
                paragraph._p.style = self.ids["Table Text"]
                _add_lines(paragraph, value)
        _paragraph(self.doc, self.ids, "After Table")


# --- HTML to paragraphs -----------------------------------------------------------------------

def write_html(container, style_ids: dict, html: str | None, *, style: str = "Normal",
               heading_level: int = 2, continue_style: str | None = None, reuse=None,
               on_heading=None) -> None:
    """Append the sanitised `html` to `container` (the document or a table cell) as
    paragraphs. `style` is the style of plain paragraphs; with `continue_style`, only the first
    paragraph gets `style` and later ones `continue_style` (a bullet item of several
    paragraphs). HTML h2 becomes Word's Heading `heading_level`, h3 the next level, etc.
    `reuse`: an empty paragraph to write the first paragraph into (a new table cell has one).
    `style_ids`: style name -> id, from _styles()."""
    if not html:
        return
    writer = _HtmlWriter(container, style_ids, style=style, heading_level=heading_level,
                         continue_style=continue_style, reuse=reuse, on_heading=on_heading)
    writer.feed(html)
    writer.close()


class _HtmlWriter(HTMLParser):
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    BLOCKS = {"p", "div", "blockquote", "pre", "hr"} | HEADINGS

    def __init__(self, container, style_ids, *, style, heading_level, continue_style, reuse,
                 on_heading):
        super().__init__(convert_charrefs=True)
        self.container = container
        self.ids = style_ids
        self.style = style
        self.continue_style = continue_style
        self.heading_level = heading_level
        self.reuse = reuse
        self.on_heading = on_heading
        self.paragraph = None
        self.pending_style: str | None = None
        self.written = 0
        self.bold = self.italic = self.code = self.pre = self.quote = 0
        self.links: list[str] = []
        self.lists: list[list] = []  # [tag, items so far, paragraphs in the current item]
        self.heading: list | None = None  # [level, texts]
        self.table: list | None = None  # rows of [cell texts]

    # -- structure --
    def _base_style(self) -> str:
        if self.continue_style and self.written:
            return self.continue_style
        return self.style

    def _list_style(self) -> str:
        depth = min(len(self.lists), 3)
        tag, _count, paragraphs = self.lists[-1]
        suffix = "" if depth == 1 else f" {depth}"
        if paragraphs:
            return "List Continue" + suffix
        return ("List" if tag == "ol" else "List Bullet") + suffix

    def _start_block(self, style: str | None = None) -> None:
        self.paragraph = None
        self.pending_style = style

    def _ensure_paragraph(self):
        if self.paragraph is not None:
            return self.paragraph
        style = self.pending_style or (
            self._list_style() if self.lists else "Quote" if self.quote else self._base_style())
        if self.reuse is not None:
            paragraph, self.reuse = self.reuse, None
            paragraph._p.style = self.ids[style]
        else:
            paragraph = _paragraph(self.container, self.ids, style)
        self.paragraph = paragraph
        self.written += 1
        if self.lists and self.heading is None:
            item = self.lists[-1]
            if item[0] == "ol" and item[2] == 0:
                paragraph.add_run(f"{item[1]}.\t")
            item[2] += 1
        return paragraph

    def handle_starttag(self, tag, attrs):
        if self.table is not None:
            if tag == "tr":
                self.table.append([])
            elif tag in ("td", "th") and self.table:
                self.table[-1].append("")
            return
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0, 0])
            self._start_block()
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            self.lists[-1][2] = 0
            self._start_block(self._list_style())
        elif tag in self.HEADINGS:
            level = self.heading_level + max(int(tag[1]) - 2, 0)
            self.heading = [min(level, 9), []]
            self._start_block(f"Heading {min(level, 9)}")
        elif tag == "blockquote":
            self.quote += 1
            self._start_block()
        elif tag in ("p", "div", "pre"):
            if tag == "pre":
                self.pre += 1
            # A paragraph inside a list item continues the item.
            self._start_block(self._list_style() if self.lists else None)
        elif tag == "hr":
            self._start_block()
        elif tag == "br":
            if self.paragraph is not None:
                self.paragraph.add_run().add_break()
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        elif tag == "table":
            self._start_block()
            self.table = []

    def handle_endtag(self, tag):
        if tag == "table" and self.table is not None:
            rows, self.table = self.table, None
            self._write_table(rows)
            return
        if self.table is not None:
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._start_block()
        elif tag in self.HEADINGS and self.heading is not None:
            level, texts = self.heading
            self.heading = None
            if self.on_heading:
                self.on_heading(level, " ".join("".join(texts).split()))
            self._start_block()
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
            self._start_block()
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
            self._start_block()
        elif tag in self.BLOCKS or tag == "li":
            self._start_block()
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "code":
            self.code = max(self.code - 1, 0)
        elif tag == "a" and self.links:
            self.links.pop()

    # -- text --
    def handle_data(self, data):
        data = _clean(data)
        if self.table is not None:
            if self.table and self.table[-1]:
                self.table[-1][-1] += data
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self.paragraph is None or not self.paragraph.text:
                data = data.lstrip()
        if not data:
            return
        paragraph = self._ensure_paragraph()
        if self.heading is not None:
            self.heading[1].append(data)
        href = self.links[-1] if self.links else ""
        if href.startswith(("http://", "https://", "mailto:")):
            _hyperlink(paragraph, href, data, bold=bool(self.bold), italic=bool(self.italic))
            return
        for index, line in enumerate(data.split("\n") if self.pre else [data]):
            run = paragraph.add_run()
            if index:
                run.add_break()
            run.add_text(line)
            run.bold = bool(self.bold) or None
            run.italic = bool(self.italic) or None
            if self.code or self.pre:
                _set_fonts(run._r.get_or_add_rPr(), MONO)

    def _write_table(self, rows: list[list[str]]) -> None:
        rows = [row for row in rows if row]
        if not rows or not hasattr(self.container, "add_table"):
            for row in rows:  # a table inside a table cell: one line per row
                paragraph = _paragraph(self.container, self.ids, self._base_style())
                paragraph.add_run(" | ".join(" ".join(c.split()) for c in row))
            return
        width = max(len(row) for row in rows)
        table = self.container.add_table(rows=len(rows), cols=width)
        table._tbl.tblPr.style = self.ids["Table Grid"]
        _table_look(table)
        _repeat_as_header(table.rows[0])
        for row_index, (row, cells) in enumerate(zip(rows, table.rows, strict=True)):
            for text, cell in zip(row, cells.cells, strict=False):
                paragraph = cell.paragraphs[0]
                paragraph._p.style = self.ids["Table Text"]
                paragraph.add_run(" ".join(text.split())).bold = row_index == 0 or None
        _paragraph(self.container, self.ids, "After Table")
        self.paragraph = None


# --- low-level helpers ------------------------------------------------------------------------

def _paragraph(container, style_ids: dict, style: str):
    """A new paragraph in `style`. Setting the style's id directly: python-docx looks a style
    up by name through every style of the document, for each paragraph."""
    paragraph = container.add_paragraph()
    paragraph._p.style = style_ids[style]
    return paragraph


def _clean(text: str) -> str:
    """XML cannot hold most control characters; a pasted text may contain them."""
    return CONTROL_CHARACTERS.sub("", text or "")


def _language_tag(language: str | None) -> str:
    return {"de": "de-DE", "en": "en-GB", "ar": "ar-SA"}.get(language or "de", language or "de")


def _add_lines(paragraph, text: str) -> None:
    for index, line in enumerate(_clean(text).split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line.strip())


def _text_paragraph(container, text: str, *, size: float | None = None, bold: bool = False,
                    color: RGBColor | None = None, after: float | None = None,
                    before: float | None = None):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(_clean(text))
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


def _set_fonts(rpr, name: str) -> None:
    """Use `name` for every script; theme fonts (which would win) are removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _plain_color(style, color: RGBColor) -> None:
    style.font.color.rgb = color
    element = style.element.rPr.find(qn("w:color"))
    for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
        element.attrib.pop(qn(attribute), None)


def _styles(doc) -> dict:
    """Fonts, sizes and spacing of the styles used, the styles of our own; returns the ids
    of all styles by name."""
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FONT)
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
        _set_fonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        _plain_color(style, ACCENT if level < 4 else INK)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True

    footer = styles["Footer"]
    footer.font.size = Pt(8.5)
    footer.font.color.rgb = MUTED
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _top_rule(footer.element.get_or_add_pPr())

    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Cm(0.8)
    _plain_color(quote, MUTED)

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
    _paragraph_shading(ppr, GOAL_FILL)
    _left_rule(ppr, "1F3A5F")
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


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a placeholder result."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _field_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recalculates it
    run._r.append(char)


def _instruction(paragraph, text: str) -> None:
    run = paragraph.add_run()
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run._r.append(instruction)


# CT_Settings is a sequence; these are its elements from autoHyphenation on, in order.
SETTINGS_ORDER = (
    "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
    "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
    "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
    "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator")


def _document_settings(doc) -> None:
    """Word hyphenates (German compounds in narrow table columns) and updates the fields
    (the table of contents) when the file is opened."""
    settings = doc.settings.element
    for tag in ("w:autoHyphenation", "w:updateFields"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        _insert_before(settings, element, SETTINGS_ORDER[SETTINGS_ORDER.index(tag) + 1:])


def _hyperlink(paragraph, url: str, text: str, *, bold: bool = False,
               italic: bool = False) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = _clean(text)
    run.append(element)
    link.append(run)
    paragraph._p.append(link)


# The children of a paragraph's properties that come after its borders and shading.
PPR_AFTER_SHADING = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                     "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                     "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                     "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                     "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                     "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                     "w:pPrChange")


def _border(tag: str, color: str, size: int, space: int = 4):
    border = OxmlElement(tag)
    border.set(qn("w:val"), "single")
    border.set(qn("w:sz"), str(size))
    border.set(qn("w:space"), str(space))
    border.set(qn("w:color"), color)
    return border


def _paragraph_borders(ppr):
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert_before(ppr, borders, ("w:shd", *PPR_AFTER_SHADING))
    return borders


def _top_rule(ppr) -> None:
    _paragraph_borders(ppr).append(_border("w:top", BORDER, 4, 6))


def _left_rule(ppr, color: str) -> None:
    _paragraph_borders(ppr).append(_border("w:left", color, 24, 8))


def _bottom_rule(paragraph) -> None:
    _paragraph_borders(paragraph._p.get_or_add_pPr()).append(
        _border("w:bottom", "1F3A5F", 12, 8))


def _paragraph_shading(ppr, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    _insert_before(ppr, shading, PPR_AFTER_SHADING)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    """Word and LibreOffice repeat this row at the top of every page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    _keep_row_together(row)


def _keep_row_together(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    trpr.insert(0, cant_split)


def _table_look(table) -> None:
    """Grey hairlines instead of black borders, and some padding in the cells."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{edge}", BORDER, 4, 0))
    _insert_before(tblpr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                    "w:tblCaption", "w:tblDescription"))
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 60), ("left", 90), ("bottom", 60), ("right", 90)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _insert_before(tblpr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))


def _insert_before(parent, element, successors) -> None:
    """Word insists on the schema's order of child elements: put `element` before the first
    of `successors` that exists."""
    anchor = next((parent.find(qn(tag)) for tag in successors
                   if parent.find(qn(tag)) is not None), None)
    if anchor is not None:
        anchor.addprevious(element)
    else:
        parent.append(element)

