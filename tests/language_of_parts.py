"""German words on an English or Arabic page outside any lang="de" element (WCAG 3.1.2).

The concept's data (topic names, round titles, organisations, item texts, ...) is German; on a
page in another language every piece of it must carry lang="de" so that screen readers switch
their voice. `german_outside_lang(html)` reads a page and returns what it finds: text nodes, and
the attributes a screen reader speaks, that inherit the page's own language (no element between
them and <html> has a lang) and hold a German word. Text inside an element with an explicit
lang other than German (a participant's English text, the language switcher's "العربية") is
taken to be marked correctly and not read, nor is a name marked translate="no".

A German word is one with ä, ö, ü or ß, one of a list of German function words and words of the
integration case's vocabulary that English does not share, or one with a suffix English words
do not end in (-heit, -keit, -schaft, -lich, -isch, and -ung but for young, among, ...). The
page title is not read: it cannot hold a marked part, and naming the topic there is worth more
than its language. Nor are the parts of an image (role="img", the charts' SVG), whose name
(its <title> and <desc>) is what a screen reader says.

Used by the browser tests on every page they visit (tests/e2e/helpers.py `check_page`) and by
the crawl of every role's pages in English and Arabic (tests/core/test_language_of_parts.py).
"""

import re

import lxml.html

# Function words of German that are not English words (not "die", "am", "hat", "war", ...).
FUNCTION_WORDS = {
    "und", "oder", "der", "des", "dem", "den", "das", "ein", "eine", "einen", "einem", "einer",
    "eines", "mit", "von", "vom", "zum", "zur", "zu", "im", "ist", "sind", "nicht", "auf",
    "bei", "beim", "nach", "aus", "wir", "ich", "sich", "auch", "durch", "ohne", "wird",
    "werden", "wurde", "sowie", "zwischen", "noch", "schon", "nur", "alle", "allen", "unser",
    "unsere", "keine", "kein", "wenn", "dass", "weil", "unter", "gegen", "wie", "sie", "ihre",
    "ihr", "ihren", "diese", "dieser", "dieses", "mehr", "sehr", "haben", "kann", "soll",
    "sollen", "muss", "gibt", "geht", "jede", "jeder", "jedes", "neue", "neuen", "eigene",
    "eigenen", "gemeinsam", "vor", "ort", "bis", "seit", "wer", "wo", "wann", "warum", "hier",
    "jetzt", "vorort",
}
# Nouns and adjectives of the integration case that English does not share (lower case).
VOCABULARY = {
    "sprache", "arbeit", "wohnen", "kultur", "freizeit", "ehrenamt", "ehrenamtliche",
    "ehrenamtliches", "ehrenamtlichen", "migranten", "migrantinnen", "kommunen", "interkulturelle",
    "verwaltung", "antidiskriminierung", "landkreis", "landkreises", "landratsamt", "amt",
    "amts", "konzept", "konzepts", "integrationskonzept", "integrationskonzepts", "kapitel",
    "vorwort", "landrats", "handlungsfeld", "handlungsfelder", "querschnittsthema",
    "querschnittsthemen", "thementisch", "thementische", "dialogveranstaltung", "veranstaltung",
    "runde", "beteiligungsrunde", "netzwerk", "netzwerke", "netzwerkrunde", "steuerungsgruppe",
    "sozialausschuss", "kreistag", "ziel", "ziele", "oberziel", "unterziel", "unterziele",
    "fassung", "entwurf", "beitrag", "beiträge", "gemeinde", "gemeinden", "stadt", "städte",
    "verein", "zugewanderte", "geflüchtete", "kinderbetreuung", "sprachkurs", "sprachkurse",
    "ausbildung", "schule", "elternarbeit", "beratung", "nachbarschaft", "wohnung",
    "rahmenkonzept", "zeitleiste", "platzhalter", "drucksache", "anlage", "kita", "kreis",
    "frauencafé", "hausaufgabenhilfe", "freundeskreis", "asyl", "bildungswerk",
    "integrationskonferenz", "umsetzung", "verantwortlich", "zeitrahmen", "kooperationspartner",
    "werkbank", "runden", "fragen", "antworten", "termin", "treffen", "angebote",
    "angebot", "menschen", "kinder", "eltern", "frauen", "familien", "jugendliche", "mütter",
    "vermieter", "vermieterinnen", "ansprechpersonen", "begegnung", "lotsen", "dolmetschen",
    "sprachmittler", "sprachcafé", "mehrsprachige", "mehrsprachigen", "abends", "bessere",
    "besser", "einfache", "einfacher", "leichte", "stelle", "stellen", "hilfe", "weg", "wege",
    "bürgerbüro", "ausländerbehörde", "arbeitsagentur", "volkshochschule",
    "beirat", "integrationsbeirat", "migrationsberatung", "bodensee", "hegau", "untersee",
    "thema", "themen", "raum", "räume", "gruppe", "gruppen", "liste", "tisch", "sitzung",
}
# English words that end like German ones.
ENGLISH_ENDINGS = {"young", "among", "lung", "hung", "sung", "rung", "stung", "swung", "flung",
                   "clung", "strung", "wrung", "slung", "unsung", "cliche"}
GERMAN_SUFFIX = re.compile(r"(?:(?:heit|keit|schaft|ung)(?:en)?|(?:lich|isch)(?:e|em|en|er|es)?)$")
UMLAUT = re.compile(r"[äöüÄÖÜß]")
WORD = re.compile(r"[^\W\d_]+")
NOT_WORDS = re.compile(r"\S*[@/]\S*|\S+\.(?:csv|xlsx|docx|pdf|json|png|jpe?g)\b")
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "aria-placeholder",
                     "aria-roledescription", "aria-valuetext")
NOT_READ = {"script", "style", "template", "head", "noscript"}


def german_words(text: str) -> list[str]:
    """The words of `text` that are German by the rules above (e-mail addresses, paths and
    file names left out)."""
    found = []
    for word in WORD.findall(NOT_WORDS.sub(" ", text)):
        lower = word.lower()
        if (UMLAUT.search(word) or lower in FUNCTION_WORDS or lower in VOCABULARY
                or (len(lower) > 5 and GERMAN_SUFFIX.search(lower)
                    and lower not in ENGLISH_ENDINGS)):
            found.append(word)
    return found


def _path(element) -> str:
    """A short CSS-like path of the element for the report."""
    parts = []
    node = element
    while node is not None and node.tag not in ("body", "html") and len(parts) < 4:
        name = node.tag
        if node.get("id"):
            name += "#" + node.get("id")
        elif node.get("class"):
            name += "." + ".".join(node.get("class").split()[:2])
        parts.append(name)
        node = node.getparent()
    return " > ".join(reversed(parts))


def page_language(lang: str | None) -> str:
    """The language of a page by the lang of its <html>: German where it names none."""
    return (lang or "").split("-")[0].lower() or "de"


def german_outside_lang(html: str) -> list[str]:
    """Findings on a page whose language is not German: each German word outside lang="de",
    with the element it stands in and its text. An empty list on German pages."""
    root = lxml.html.document_fromstring(html)
    if page_language(root.get("lang")) == "de":
        return []
    findings = []
    # One walk in document order that carries down what an element inherits: whether it is
    # inside an image (role="img"). Below an element with a lang of its own, or a name
    # (translate="no"), nothing is read; nor below the elements of NOT_READ.
    stack = [(root, False)]
    while stack:
        element, in_image = stack.pop()
        if not isinstance(element.tag, str) or element.tag in NOT_READ:
            continue
        if element.tag != "html" and (element.get("lang") is not None
                                      or element.get("translate") == "no"):
            continue
        if not in_image or element.tag in ("title", "desc"):
            _read(element, findings)  # an image's parts are not read, only its name
        below_image = in_image or element.get("role") == "img"
        stack.extend((child, below_image) for child in reversed(element))
    return findings


def _read(element, findings: list[str]) -> None:
    """The German words of the element's own text, spoken attributes and text after its
    children (lxml's tail)."""
    texts = [("text", element.text)]
    texts += [(name, element.get(name)) for name in SPOKEN_ATTRIBUTES]
    if element.tag == "input" and element.get("type") in ("submit", "button", "reset"):
        texts.append(("value", element.get("value")))
    texts += [("text", child.tail) for child in element if child.tag not in NOT_READ]
    for where, text in texts:
        words = german_words(text or "")
        if words:
            findings.append(f"{_path(element)} {where}: {', '.join(words)} in "
                            f"{' '.join(text.split())[:120]!r}")
