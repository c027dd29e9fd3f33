"""What the page, the print view and the downloads show of a report: the titles and
explanations of its tables, the definitions, and its charts. Texts are translated where they
are shown (the page in the reader's language, the documents in the concept's)."""

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.labels import Labels
from app.participation import charts
from app.participation.services import RESULTS, Report
from app.participation.tables import TOTAL, Line, Table

HIDDEN = _l("weniger als 5")

# Every table of the report: its title and what it counts (the key is the CSV's and JSON's).
TABLE_TITLES = Labels(
    overview=_l("Beteiligung insgesamt"),
    states=_l("Beiträge nach Stand"),
    rounds=_l("Beteiligung je Runde"),
    channels=_l("Beiträge je Weg der Beteiligung"),
    groups=_l("Wer sich beteiligt hat"),
    languages=_l("Sprache der Seiten, die die Beteiligten genutzt haben"),
    organisations=_l("Organisationen, die Beiträge eingereicht haben"),
    topics=_l("Beiträge je Thema"),
    topic_matrix=_l("Handlungsfelder und Querschnittsthemen"),
    events=_l("Karten je Dialogveranstaltung"),
    stations=_l("Karten je Thementisch"),
    weeks=_l("Beiträge je Woche"),
    results=_l("Was aus den Beiträgen geworden ist"),
    reasons=_l("Häufigste Gründe, einen Beitrag nicht aufzunehmen"),
    forwarded=_l("Weitergeleitet an"),
    adopted_version=_l("Beiträge im beschlossenen Konzept"),
    processing=_l("Bearbeitungsstand je Person der Geschäftsstelle"),
)

# The documents' sections in their order: a table, with the chart shown before it.
SECTIONS = [("overview", None), ("states", None), ("rounds", None), ("channels", "channels"),
            ("groups", "groups"), ("languages", None), ("organisations", None),
            ("topics", "topics"), ("topic_matrix", None), ("events", None), ("stations", None),
            ("weeks", "weeks"), ("results", "results"), ("reasons", None), ("forwarded", None),
            ("adopted_version", None), ("processing", None)]

DEFINITIONS = [
    (_l("Beitrag"), _l("Ein Vorschlag für ein Ziel, eine Maßnahme, eine Idee für die "
                       "Kommunen oder ein gutes Beispiel: online eingereicht oder von einer "
                       "Karte der Dialogveranstaltung oder aus einer Liste übernommen. Gezählt "
                       "wird jeder eingegangene Beitrag, auch ausgeblendete, zurückgezogene "
                       "und noch nicht freigegebene. Ihr Inhalt erscheint hier nie.")),
    (_l("Anmerkung"), _l("Eine Anmerkung zu einem Ziel oder einer Maßnahme eines Entwurfs, "
                         "zum Beispiel aus einer Netzwerkrunde.")),
    (_l("Beteiligte Person"), _l("Ein Konto, mit dem jemand einen Beitrag, eine Anmerkung "
                                 "oder einen Kommentar geschrieben oder einen Beitrag "
                                 "unterstützt hat. Wer zwei Dinge getan hat, zählt einmal. "
                                 "Karten und Listen haben kein Konto: Sie zählen als Beiträge, "
                                 "nicht als Personen. Die Geschäftsstelle zählt nicht mit.")),
    (_l("Gruppe und Sprache"), _l("So, wie die Person sie bei ihrer ersten Beteiligung "
                                  "angegeben hatte (im Profil oder auf der Karte), auch wenn "
                                  "sie ihr Profil später geändert hat. Die Angabe ist "
                                  "freiwillig.")),
    (_l("Weniger als 5"), _l("Zahlen über weniger als 5 Personen zeigen wir nicht, damit "
                             "niemand erkannt werden kann. Damit man sie nicht aus einer "
                             "Summe zurückrechnen kann, verbergen wir dann auch eine weitere "
                             "Zahl derselben Zeile oder Spalte.")),
    (_l("Was aus einem Beitrag wurde"), _l("Eingeflossen: Er ist in ein Ziel oder eine "
                                           "Maßnahme eingegangen. Zusammengeführt: Er sagt "
                                           "dasselbe wie ein anderer Beitrag. Nicht "
                                           "aufgenommen: mit einer Begründung. "
                                           "Weitergeleitet: an eine zuständige Stelle. Noch "
                                           "offen: noch nicht bearbeitet.")),
]


def cell_text(value) -> str:
    return str(HIDDEN) if value is None else _number(value)


def _number(value) -> str:
    return format_decimal(value, "0.#")


def total_line() -> Line:
    return Line(TOTAL, Labels({TOTAL: _l("Summe")}))


def extra_tables(report: Report) -> dict[str, Table]:
    """The report's lists as tables too (weeks, reasons, forwarded), for CSV and JSON."""
    count = Line("count", Labels(count=_l("Anzahl")))
    return {
        "weeks": Table("weeks", [Line(w.start.isoformat(), text=w.start.isoformat())
                                 for w in report.weeks], [count],
                       {(w.start.isoformat(), "count"): w.count for w in report.weeks}),
        "reasons": _ranked("reasons", report.reasons, count),
        "forwarded": _ranked("forwarded", report.forwarded, count),
    }


def _ranked(key: str, pairs: list[tuple[str, int]], count: Line) -> Table:
    """(text, count) pairs, most frequent first, as a table numbered 1, 2, ..."""
    return Table(key, [Line(str(n), text=text or "–") for n, (text, _c) in enumerate(pairs, 1)],
                 [count], {(str(n), "count"): c for n, (_t, c) in enumerate(pairs, 1)},
                 totals=False)


def all_tables(report: Report) -> list[Table]:
    tables = dict(report.tables)
    tables.update(extra_tables(report))
    return [tables[key] for key in TABLE_TITLES if key in tables]


def _bars(title: str, table: Table, column: str, rtl: bool, *,
          data_labels: bool = False) -> charts.Chart:
    """A bar per row of `table` (its `column`), described in words by every bar's number.
    Bars named by data (topics: German on every page) are described without their names: a
    chart's description is read as one text in the page's language, and the table under the
    chart has the names, marked with their language, and the numbers."""
    bars = [(row.label, table.value(row.code, column)) for row in table.rows]
    if data_labels:
        description = _("Balkendiagramm; die Namen und Zahlen stehen in der Tabelle darunter.")
    else:
        described = "; ".join(f"{label}: {cell_text(value)}" for label, value in bars)
        description = _("Balkendiagramm: %(parts)s.", parts=described)
    return charts.bar_chart(title, description, bars, hidden_text=str(HIDDEN), rtl=rtl)


def report_charts(report: Report, *, rtl: bool = False) -> dict[str, charts.Chart]:
    """The charts of a report, laid out in the current language."""
    found = {
        "channels": _bars(str(TABLE_TITLES["channels"]), report.channels, "contributions", rtl),
        "groups": _bars(_("Beteiligte Personen nach Gruppe"), report.groups, "people", rtl),
        "topics": _bars(str(TABLE_TITLES["topics"]), report.topics, "count", rtl,
                        data_labels=True),
    }
    results = report.results
    overall = [(code, results.value(TOTAL, code) or 0) for code in RESULTS]
    rows = [(_("Alle Themen"), overall)] + [
        (row.label, [(code, results.value(row.code, code) or 0) for code in RESULTS])
        for row in results.rows if results.value(row.code, TOTAL)]
    total = sum(count for _code, count in overall)
    summary = "; ".join(f"{RESULTS.label(code)}: {count}" for code, count in overall)
    found["results"] = charts.legend(
        charts.stacked_bars(
            str(TABLE_TITLES["results"]),
            ngettext("Gestapelte Balken je Thema. Insgesamt %(num)d Beitrag: %(parts)s.",
                     "Gestapelte Balken je Thema. Insgesamt %(num)d Beiträge: %(parts)s.",
                     total, parts=summary),
            rows, charts.RESULT_COLOURS, rtl=rtl),
        [(charts.RESULT_COLOURS[code], RESULTS.label(code)) for code in RESULTS])
    if report.weeks:
        peak = max(report.weeks, key=lambda w: w.count)
        found["weeks"] = charts.line_chart(
            str(TABLE_TITLES["weeks"]),
            _("Liniendiagramm der Beiträge je Woche vom %(first)s bis %(last)s; die meisten "
              "(%(count)d) in der Woche ab %(peak)s. Die nummerierten Markierungen sind die "
              "Runden (Flächen) und Veranstaltungen (gestrichelt) unter dem Diagramm.",
              first=report.weeks[0].start.strftime("%d.%m.%Y"),
              last=report.weeks[-1].start.strftime("%d.%m.%Y"), count=peak.count,
              peak=peak.start.strftime("%d.%m.%Y")),
            [(w.start, w.count) for w in report.weeks],
            [(m.text, m.start, m.end) for m in report.markers], rtl=rtl)
    return found


def heat_level(value, largest: int) -> int:
    """0 (none) to 4 (the largest): the shade of a cell of the topic matrix; the number in
    the cell says the same."""
    if not value or not largest:
        return 0
    return min(4, 1 + int(3 * value / largest))
