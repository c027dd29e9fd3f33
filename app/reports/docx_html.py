"""Sanitised HTML (app.core.sanitize) to Word paragraphs: paragraphs, headings, bullet and
numbered lists, quotes, bold, italic, code, links and simple tables."""

import re
from html.parser import HTMLParser

from app.reports import ooxml

MONO = "Courier New"


def write_html(container, style_ids: dict, html: str | None, *, style: str = "Normal",
               heading_level: int = 2, continue_style: str | None = None, reuse=None,
               on_heading=None) -> None:
    """Append the sanitised `html` to `container` (the document or a table cell) as
    paragraphs. `style` is the style of plain paragraphs; with `continue_style`, only the first
    paragraph gets `style` and later ones `continue_style` (a bullet item of several
    paragraphs). HTML h2 becomes Word's Heading `heading_level`, h3 the next level, etc.
    `reuse`: an empty paragraph to write the first paragraph into (a new table cell has one).
    `style_ids`: style name -> id, from word._styles()."""
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
            paragraph = ooxml.styled_paragraph(self.container, self.ids, style)
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
        data = ooxml.clean(data)
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
            ooxml.hyperlink(paragraph, href, data, bold=bool(self.bold), italic=bool(self.italic))
            return
        for index, line in enumerate(data.split("\n") if self.pre else [data]):
            run = paragraph.add_run()
            if index:
                run.add_break()
            run.add_text(line)
            run.bold = bool(self.bold) or None
            run.italic = bool(self.italic) or None
            if self.code or self.pre:
                ooxml.set_fonts(run._r.get_or_add_rPr(), MONO)

    def _write_table(self, rows: list[list[str]]) -> None:
        rows = [row for row in rows if row]
        if not rows or not hasattr(self.container, "add_table"):
            for row in rows:  # a table inside a table cell: one line per row
                paragraph = ooxml.styled_paragraph(self.container, self.ids, self._base_style())
                paragraph.add_run(" | ".join(" ".join(c.split()) for c in row))
            return
        width = max(len(row) for row in rows)
        table = self.container.add_table(rows=len(rows), cols=width)
        table._tbl.tblPr.style = self.ids["Table Grid"]
        ooxml.table_look(table)
        ooxml.repeat_as_header(table.rows[0])
        for row_index, (row, cells) in enumerate(zip(rows, table.rows, strict=True)):
            for text, cell in zip(row, cells.cells, strict=False):
                paragraph = cell.paragraphs[0]
                paragraph._p.style = self.ids["Table Text"]
                paragraph.add_run(" ".join(text.split())).bold = row_index == 0 or None
        ooxml.styled_paragraph(self.container, self.ids, "After Table")
        self.paragraph = None
