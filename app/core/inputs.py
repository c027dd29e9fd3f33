"""Hostile input is stopped at the edge, in one place, before a view or the database sees it.

- `<int:...>` in every URL rule takes ASCII digits within PostgreSQL's `integer` only (else 404):
  Python's int() also reads "١٢", and a larger number overflows the id column's type;
- query arguments and form values with control characters (a NUL byte, which PostgreSQL refuses
  in text, or escape sequences) are refused with 400 before any view runs;
- numbers read from query arguments and forms go through `parse_int` / `int_arg` / `page_arg`,
  which answer None (or 404) for anything but a bounded run of ASCII digits.
"""

import re

from flask import abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

# Every id and number column is PostgreSQL's `integer` (SQLite's is larger).
MAX_INT = 2**31 - 1
# Beyond any list we show; keeps OFFSET far inside the database's integer range.
MAX_PAGE = 100_000
# Nobody types a longer search; SQLite refuses LIKE patterns beyond 50,000 characters.
MAX_SEARCH = 200
_DIGITS = re.compile(r"[0-9]{1,10}")
# C0 control characters except tab, line feed and carriage return (typed into text areas).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CONTROL_CHARACTERS_TEXT = _l(
    "Die Anfrage enthält unzulässige Steuerzeichen (zum Beispiel ein Null-Byte). Bitte "
    "entfernen Sie diese aus Ihrer Eingabe und versuchen Sie es noch einmal.")


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """`value` as an int if it is a string of ASCII digits within [minimum, maximum], else
    None ("²" and "١٢" pass str.isdigit() but are not numbers we accept)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def int_arg(name: str, default: int | None = None, *, minimum: int = 0,
            maximum: int = MAX_INT) -> int | None:
    """The query argument `name` as a bounded int; `default` when it is missing or not one."""
    number = parse_int(request.args.get(name), minimum=minimum, maximum=maximum)
    return default if number is None else number


def search_text(value: str | None) -> str:
    """A search term as typed: trimmed, and cut to MAX_SEARCH characters."""
    return (value or "").strip()[:MAX_SEARCH]


def page_arg(args=None, *, error_out: bool = True) -> int:
    """?page= (from `args`, default request.args) for a paginated list: page 1 when missing;
    a page that cannot exist is a 404 (or page 1 with error_out=False), as Flask-SQLAlchemy
    does for a non-numeric one."""
    value = (request.args if args is None else args).get("page")
    if value is None:
        return 1
    page = parse_int(value, minimum=1, maximum=MAX_PAGE)
    if page is None:
        if error_out:
            abort(404)
        return 1
    return page


class IdConverter(IntegerConverter):
    """`<int:...>`: ASCII digits only, at most PostgreSQL's integer; anything else is a 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_control_characters():
    """400 for a control character in the path, a query argument or a form value."""
    texts = [request.path, *_pairs(request.args), *_pairs(request.form)]
    if any(_CONTROL_CHARACTERS.search(text) for text in texts):
        from app.core.errors import render_error

        return render_error(400, text=CONTROL_CHARACTERS_TEXT)
    return None


def _pairs(multidict):
    for key, values in multidict.lists():
        yield key
        yield from values


def init_app(app) -> None:
    """Call before any URL rule is added: rules bind their converters when they are added."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters)
