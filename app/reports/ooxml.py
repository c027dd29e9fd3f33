"""Low-level OOXML for python-docx: what its API does not offer (fields, hyperlinks, borders,
shading, table and row properties, document settings), with the child elements in the order
Word's schema demands, and text made safe for XML."""

import re

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LINK = RGBColor(0x1F, 0x4E, 0x9A)  # hyperlinks
BORDER = "A6A6A6"  # table hairlines and the footer's rule


def styled_paragraph(container, style_ids: dict, style: str):
    """A new paragraph in `style`. Setting the style's id directly: python-docx looks a style
    up by name through every style of the document, for each paragraph."""
    paragraph = container.add_paragraph()
    paragraph._p.style = style_ids[style]
    return paragraph


def clean(text: str) -> str:
    """XML cannot hold most control characters; a pasted text may contain them."""
    return CONTROL_CHARACTERS.sub("", text or "")


def add_lines(paragraph, text: str) -> None:
    for index, line in enumerate(clean(text).split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line.strip())


def set_fonts(rpr, name: str) -> None:
    """Use `name` for every script; theme fonts (which would win) are removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def plain_color(style, color: RGBColor) -> None:
    style.font.color.rgb = color
    element = style.element.rPr.find(qn("w:color"))
    for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
        element.attrib.pop(qn(attribute), None)


def field(paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a placeholder result."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def field_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recalculates it
    run._r.append(char)


def instruction(paragraph, text: str) -> None:
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


def document_settings(doc) -> None:
    """Word hyphenates (German compounds in narrow table columns) and updates the fields
    (the table of contents) when the file is opened."""
    settings = doc.settings.element
    for tag in ("w:autoHyphenation", "w:updateFields"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        _insert_before(settings, element, SETTINGS_ORDER[SETTINGS_ORDER.index(tag) + 1:])


def hyperlink(paragraph, url: str, text: str, *, bold: bool = False,
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
    element.text = clean(text)
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


def top_rule(ppr) -> None:
    _paragraph_borders(ppr).append(_border("w:top", BORDER, 4, 6))


def left_rule(ppr, color: str) -> None:
    _paragraph_borders(ppr).append(_border("w:left", color, 24, 8))


def bottom_rule(paragraph) -> None:
    _paragraph_borders(paragraph._p.get_or_add_pPr()).append(
        _border("w:bottom", "1F3A5F", 12, 8))


def paragraph_shading(ppr, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    _insert_before(ppr, shading, PPR_AFTER_SHADING)


def shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row) -> None:
    """Word and LibreOffice repeat this row at the top of every page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    keep_row_together(row)


def keep_row_together(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    trpr.insert(0, cant_split)


def table_look(table) -> None:
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


_P, _PPR, _PSTYLE, _R, _RPR, _T, _BR = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r",
                                                       "w:rPr", "w:t", "w:br"))
_B, _I, _COLOR, _VAL, _SPACE = (qn(t) for t in ("w:b", "w:i", "w:color", "w:val", "xml:space"))


def quick_paragraph(parent, style_id: str, runs, *, reuse=None) -> None:
    """A paragraph of plain runs written straight into the XML, for long tables where
    python-docx's run API (which searches the schema order for every property) takes most of
    the time. `runs`: (text, bold, italic, colour as "RRGGBB" or None, line break before);
    `parent`: a cell's or the body's element; `reuse`: an empty paragraph element to fill."""
    if reuse is not None:
        paragraph = reuse
        ppr = paragraph.find(_PPR)
        if ppr is None:
            ppr = etree.SubElement(paragraph, _PPR)
    else:
        paragraph = etree.SubElement(parent, _P)
        ppr = etree.SubElement(paragraph, _PPR)
    style = ppr.find(_PSTYLE)
    if style is None:
        style = etree.Element(_PSTYLE)
        ppr.insert(0, style)
    style.set(_VAL, style_id)
    for text, bold, italic, color, break_before in runs:
        run = etree.SubElement(paragraph, _R)
        if bold or italic or color:
            rpr = etree.SubElement(run, _RPR)
            if bold:
                etree.SubElement(rpr, _B)
            if italic:
                etree.SubElement(rpr, _I)
            if color:
                etree.SubElement(rpr, _COLOR).set(_VAL, color)
        if break_before:
            etree.SubElement(run, _BR)
        element = etree.SubElement(run, _T)
        element.set(_SPACE, "preserve")
        element.text = clean(text)
