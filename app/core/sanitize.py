"""The one place where user text becomes HTML: Markdown rendered, then cleaned by bleach.

Run at write time; only the sanitised HTML is ever output with `|safe`.
"""

import bleach
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


def render_markdown(text: str | None, profile: str = "rich") -> str:
    """Render Markdown written by a user to HTML that is safe to output."""
    if not text:
        return ""
    rules = PROFILES[profile]
    raw = markdown_lib.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    clean = bleach.clean(raw, tags=rules["tags"], attributes=rules["attributes"],
                         protocols=PROTOCOLS, strip=True)
    linker = Linker(callbacks=[*DEFAULT_CALLBACKS, _nofollow], skip_tags={"pre", "code"})
    return linker.linkify(clean)


def plain_text(html: str | None) -> str:
    """Strip all markup, e.g. for excerpts and search."""
    return bleach.clean(html or "", tags=set(), strip=True)


def safe_html(html: str | None) -> Markup:
    """Mark HTML from `render_markdown` as safe for templates (it was cleaned on save)."""
    return Markup(html or "")  # noqa: S704 - only ever given output of render_markdown
