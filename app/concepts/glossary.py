"""The words of the concept, explained in plain language (the help page's glossary; pages
where a term appears link to its entry: /help#begriff-<slug>)."""

from flask_babel import lazy_gettext as _l

# (slug, term, explanation), in the order a reader meets them.
GLOSSARY = [
    ("integrationskonzept", _l("Integrationskonzept"),
     _l("Ein Plan des Landkreises. Er sagt, was der Landkreis für ein gutes Zusammenleben tun "
        "will. Er hat Ziele und Maßnahmen.")),
    ("handlungsfeld", _l("Handlungsfeld"),
     _l("Ein großes Thema des Konzepts, zum Beispiel Sprache, Arbeit oder Wohnen. Das Konzept "
        "hat sechs Handlungsfelder.")),
    ("querschnittsthema", _l("Querschnittsthema"),
     _l("Ein Thema, das in allen Handlungsfeldern wichtig ist, zum Beispiel Schutz vor "
        "Diskriminierung.")),
    ("oberziel", _l("Oberziel"),
     _l("Das große Ziel eines Handlungsfelds. Es sagt, was am Ende besser sein soll.")),
    ("unterziel", _l("Unterziel"),
     _l("Ein kleineres Ziel. Es gehört zu einem Oberziel und sagt genauer, was erreicht "
        "werden soll.")),
    ("massnahme", _l("Maßnahme"),
     _l("Etwas, das jemand konkret tut, damit ein Ziel erreicht wird. Zum Beispiel: ein "
        "Sprachkurs am Abend. Bei jeder Maßnahme steht, wer sie macht.")),
    ("beitrag", _l("Beitrag"),
     _l("Ihre Idee für ein Ziel oder eine Maßnahme. Auch eine Karte von der "
        "Dialogveranstaltung ist ein Beitrag.")),
    ("beteiligungsrunde", _l("Beteiligungsrunde"),
     _l("Eine Zeit, in der alle ihre Ideen schreiben können. Jede Runde hat ein Anfangsdatum "
        "und ein Enddatum.")),
    ("fassung", _l("Fassung"),
     _l("Ein fester Stand des Konzepts. Eine Fassung ändert sich nicht mehr. So kann man "
        "genau sehen, was sich von einer Fassung zur nächsten geändert hat.")),
    ("stellungnahme", _l("Stellungnahme"),
     _l("Die Meinung der Steuerungsgruppe zu einem Ziel oder einer Maßnahme: einverstanden, "
        "einverstanden mit Anmerkungen oder dagegen.")),
]
