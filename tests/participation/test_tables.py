"""The privacy rule of tables about people: counts from 1 to 4 hidden, and as many more as
it takes that no row or column total gives a hidden count back."""

from app.core.labels import Labels
from app.participation.tables import TOTAL, Line, Table, protected_cells

ROWS = Labels(a="A", b="B", c="C")
COLUMNS = Labels(x="X", y="Y")


def _table(cells, **options):
    return Table("t", [Line(r, ROWS) for r in ROWS], [Line(c, COLUMNS) for c in COLUMNS],
                 dict(cells), people=True, **options)


def test_a_single_small_cell_takes_the_smallest_other_of_its_lines_with_it():
    #        X   Y | sum
    #   A   10   3 |  13
    #   B    8  20 |  28
    #   C    6   7 |  13
    #  sum  24  30 |  54
    table = _table({("a", "x"): 10, ("a", "y"): 3, ("b", "x"): 8, ("b", "y"): 20,
                    ("c", "x"): 6, ("c", "y"): 7})
    # A/Y (3) is hidden; row A then hides A/X (10) as well, column Y its smallest other
    # (C/Y, 7), and column X (now with A/X hidden) its smallest other (C/X, 6). Row C has two
    # hidden, every line has 0 or 2: done.
    assert table.hidden == {("a", "y"), ("a", "x"), ("c", "y"), ("c", "x")}
    assert table.value("a", "y") is None
    assert table.row_total("a") == 13
    assert table.grand_total == 54
    for line in ("a", "b", "c"):
        assert sum(table.value(line, c) is None for c in ("x", "y")) != 1


def test_a_small_total_is_hidden_and_so_is_another_total():
    #        X   Y | sum
    #   A    2   2 |   4   <- everything in A is fewer than 5
    #   B    9  11 |  20
    #   C    0   0 |   0
    table = _table({("a", "x"): 2, ("a", "y"): 2, ("b", "x"): 9, ("b", "y"): 11})
    assert {("a", "x"), ("a", "y"), (TOTAL_ROW := ("a", TOTAL))} <= table.hidden
    # Columns X and Y each have one hidden cell (A): B's cells go too; then the totals'
    # column has A's total hidden alone: B's total is hidden with it.
    assert ("b", "x") in table.hidden and ("b", "y") in table.hidden
    assert ("b", TOTAL) in table.hidden
    assert TOTAL_ROW in table.hidden
    assert table.value("c", "x") == 0
    assert table.grand_total == 24


def test_nothing_small_hides_nothing_and_zeros_are_shown():
    table = _table({("a", "x"): 5, ("a", "y"): 0, ("b", "x"): 7, ("b", "y"): 12})
    assert table.hidden == set()
    assert table.value("a", "y") == 0


def test_without_row_totals_only_the_columns_count():
    cells = {("a", "x"): 1, ("b", "x"): 9, ("c", "x"): 8, ("a", "y"): 6}
    hidden = protected_cells(
        {**cells, (TOTAL, "x"): 18, (TOTAL, "y"): 6}, ["a", "b", "c"], ["x", "y"],
        across=False)
    # A/X hidden, then C/X (the smallest other of column X); column Y has nothing small.
    assert hidden == {("a", "x"), ("c", "x")}


def test_tables_not_about_people_show_every_count():
    table = Table("t", [Line(r, ROWS) for r in ROWS], [Line(c, COLUMNS) for c in COLUMNS],
                  {("a", "x"): 1})
    assert table.hidden == set()
    assert table.value("a", "x") == 1
