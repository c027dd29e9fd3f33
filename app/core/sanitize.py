"""The one place where user text becomes HTML: Markdown rendered, then cleaned by bleach.

Run at write time; only the sanitised HTML is ever output with `|safe`.
"""

import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import bleach
import bleach.sanitizer
import markdown as markdown_lib
from bleach.linkifier import DEFAULT_CALLBACKS, Linker
from markupsafe import Markup

# Named profiles: what a kind of user text may contain once rendered.
PROFILES = {
    "rich": {
        "tags": {
            "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
            "a", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
        },
        "attributes": {"a": ["href", "title", "rel"], "th": ["scope"]},
    },
    "basic": {
        "tags": {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"},
        "attributes": {"a": ["href", "title", "rel"]},
    },
}
PROTOCOLS = {"http", "https", "mailto"}


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


class _Renderers(threading.local):
    """The Markdown converter, cleaners and linker, built once per thread (building them
    cost more than most texts take to render; none of them may be shared between threads)."""

    def __init__(self):
        self.markdown = markdown_lib.Markdown(extensions=["sane_lists", "tables"],
                                              output_format="html")
        self.cleaners = {
            name: bleach.sanitizer.Cleaner(tags=rules["tags"], attributes=rules["attributes"],
                                           protocols=PROTOCOLS, strip=True)
            for name, rules in PROFILES.items()}
        self.linker = Linker(callbacks=[*DEFAULT_CALLBACKS, _nofollow],
                             skip_tags={"pre", "code"})


_renderers = _Renderers()


def render_markdown(text: str | None, profile: str = "rich") -> str:
    """Render Markdown written by a user to HTML that is safe to output."""
    if not text:
        return ""
    return _render(text, profile)


@lru_cache(maxsize=256)
def _render(text: str, profile: str) -> str:
    # Cached: one note given to many measures at once is rendered once.
    renderers = _renderers
    raw = renderers.markdown.reset().convert(text)
    return renderers.linker.linkify(renderers.cleaners[profile].clean(raw))


class _PlainText(HTMLParser):
    """Sanitised HTML (app.core.sanitize) as plain text: a line per paragraph, list items
    with a bullet or their number, cells of a table separated by " | "."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "tr",
              "table", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list] = []  # [tag, items so far]
        self.cells = 0
        self.pre = 0

    def _at_line_start(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")

    def _newline(self) -> None:
        if not self._at_line_start():
            self.parts.append("\n")

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._newline()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._newline()
            kind, count = self.lists[-1] if self.lists else ("ul", 0)
            if self.lists:
                self.lists[-1][1] += 1
            marker = f"{count + 1}. " if kind == "ol" else "• "
            self.parts.append("  " * max(len(self.lists) - 1, 0) + marker)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag in self.BLOCKS:
            self._newline()
            if tag == "tr":
                self.cells = 0
            if tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._newline()
        elif tag in self.BLOCKS or tag == "li":
            if tag == "pre":
                self.pre = max(self.pre - 1, 0)
            self._newline()

    def handle_data(self, data):
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self._at_line_start():
                data = data.lstrip()
        if data:
            self.parts.append(data)

    def text(self) -> str:
        lines = [line.rstrip() for line in "".join(self.parts).split("\n")]
        return "\n".join(line for line in lines if line.strip()).strip()


def plain_text(html: str | None) -> str:
    """The text of sanitised HTML without markup (Markdown is rendered first, on save)."""
    if not html:
        return ""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return parser.text()


def safe_html(html: str | None) -> Markup:
    """Mark HTML from `render_markdown` as safe for templates (it was cleaned on save)."""
    return Markup(html or "")  # noqa: S704 - only ever given output of render_markdown
