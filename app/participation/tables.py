"""The report's figures as tables: rows, columns, cells, totals, and the privacy rule for
tables about people.

A table about people never shows a count of fewer than 5 (but more than 0): such a cell is
shown as "fewer than 5". Hiding it alone is not enough where a total is shown, because the
total minus the other cells would give it back; so in every line (a row with its row total, a
column with its column total, and the totals with the grand total) that would have exactly
one hidden figure, the smallest other figure of that line is hidden too, until no line has
exactly one. What stays visible can then never be subtracted down to a hidden count."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.labels import Labels

THRESHOLD = 5
TOTAL = "__total__"


@dataclass(frozen=True)
class Line:
    """A row or column: its code, and either the labels its code is shown with (translated
    when shown) or the text it is shown as (data written in the concept's language)."""

    code: str
    labels: Labels | None = None
    text: str = ""

    @property
    def label(self) -> str:
        return self.labels.label(self.code) if self.labels is not None else self.text

    @property
    def is_data(self) -> bool:
        """Staff-written text (a topic, a round, a station): German, marked as such."""
        return self.labels is None


@dataclass
class Table:
    """Counts in rows × columns, with row totals, column totals and a grand total where the
    cells add up (`totals`). `people`: the cells count people, so the privacy rule applies."""

    key: str
    rows: list[Line]
    columns: list[Line]
    cells: dict[tuple[str, str], int]
    totals: bool = True
    people: bool = False
    # Row totals too (False where the columns count different things: people and cards).
    across: bool = True
    hidden: set = field(default_factory=set)

    def __post_init__(self):
        if self.totals:
            self.across = self.across and len(self.columns) > 1
            for row in self.rows if self.across else ():
                self.cells[(row.code, TOTAL)] = sum(
                    self.cells.get((row.code, c.code), 0) for c in self.columns)
            for column in self.columns:
                self.cells[(TOTAL, column.code)] = sum(
                    self.cells.get((r.code, column.code), 0) for r in self.rows)
            self.cells[(TOTAL, TOTAL)] = sum(self.cells[(TOTAL, c.code)] for c in self.columns)
        if self.people:
            self.hidden = protected_cells(self.cells, [r.code for r in self.rows],
                                          [c.code for c in self.columns], totals=self.totals,
                                          across=self.across)

    def value(self, row: str, column: str) -> int | None:
        """The count, or None where it is hidden ("fewer than 5")."""
        if (row, column) in self.hidden:
            return None
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int | None:
        return self.value(row, TOTAL)

    def column_total(self, column: str) -> int | None:
        return self.value(TOTAL, column)

    @property
    def grand_total(self) -> int | None:
        return self.value(TOTAL, TOTAL)

    @property
    def is_empty(self) -> bool:
        return not any(self.cells.get((r.code, c.code)) for r in self.rows for c in self.columns)

    def column(self, column: str) -> list[tuple[Line, int | None]]:
        return [(row, self.value(row.code, column)) for row in self.rows]


def _lines(rows: list[str], columns: list[str], totals: bool,
           across: bool) -> Iterable[list[tuple]]:
    """Groups of cells that add up to a shown total: each with its total as the last one."""
    if not totals:
        return
    if across:
        for row in [*rows, TOTAL]:
            yield [(row, c) for c in columns] + [(row, TOTAL)]
    for column in [*columns, TOTAL] if across else columns:
        yield [(r, column) for r in rows] + [(TOTAL, column)]


def protected_cells(cells: dict, rows: list[str], columns: list[str], *,
                    totals: bool = True, across: bool = True,
                    threshold: int = THRESHOLD) -> set:
    """The cells to show as "fewer than `threshold`": every count from 1 to threshold - 1,
    and then, line by line, as many more as it takes that no line has exactly one hidden
    figure (see the module's docstring)."""
    every = [(r, c) for r in rows for c in columns]
    if totals:
        every += [(TOTAL, c) for c in columns]
        if across:
            every += [(r, TOTAL) for r in rows] + [(TOTAL, TOTAL)]
    hidden = {key for key in every if 0 < cells.get(key, 0) < threshold}
    lines = list(_lines(rows, columns, totals, across))
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(key in hidden for key in line) != 1:
                continue
            # Hide the smallest other figure of the line, a count before a zero and a cell
            # before the total (a total hidden is a figure less for everyone).
            candidates = [key for key in line if key not in hidden]
            if not candidates:
                continue
            choice = min(candidates, key=lambda key: (
                key == line[-1], cells.get(key, 0) == 0, cells.get(key, 0)))
            hidden.add(choice)
            changed = True
    return hidden
