"""The consolidated draft of the demo: what the moderation made of the closed round so far.

For every topic: the main goal (Oberziel), two or three sub-goals (Unterziele) with their
measures at county level (Maßnahmen auf Landkreisebene), ideas for the municipalities, best
practice examples from the county, and the outcomes of contributions that did not become
part of an item (not taken up, forwarded elsewhere, duplicates). All texts were written for
this project in the spirit of the county's integration concept; the bodies named as
responsible or partners are plausible examples, not commitments.

A source is either the key of a contribution of participation.CONTRIBUTIONS (published, in
the closed round) or "card:" followed by the exact beginning (at least 25 characters) of the
text of exactly one card of event_cards.CARDS; resolve_source() turns it into one of those.
Part of every topic's contributions and cards is left unreferenced on purpose: they are
still waiting for consolidation. At the Sprache table no card is referenced at all (a
browser test consolidates them).
"""

from app.demo.event_cards import CARDS
from app.demo.participation import CONTRIBUTIONS

CARD_PREFIX = "card:"
MIN_CARD_PREFIX = 25

AMI = "Amt für Migration und Integration"

DRAFT: dict[str, dict] = {
    # --- Sprache: from the online contributions only ----------------------------------------
    "sprache": {
        "main_goal": {
            "text": "Neu Zugewanderte lernen so früh wie möglich Deutsch und kommen damit "
                    "im Alltag, in der Ausbildung und im Beruf ohne fremde Hilfe zurecht.",
            "sources": ["alltagsdeutsch"],
        },
        "sub_goals": [
            {"text": "Alle Zugewanderten erfahren an einer Stelle, welcher Sprachkurs zu "
                     "ihrer Lage passt, und finden ohne lange Wartezeit einen Platz.",
             "sources": ["kursberatung"],
             "measures": [
                 {"text": "Das Amt richtet eine trägerunabhängige Sprachkursberatung ein. "
                          "Grundlage ist eine Übersicht aller Kurse im Landkreis mit Niveau, "
                          "Uhrzeit und Kinderbetreuung, die die Kursträger laufend pflegen.",
                  "responsible": AMI,
                  "partners": "Volkshochschulen, Kursträger, Jobcenter Landkreis Konstanz, "
                              "Agentur für Arbeit",
                  "timeframe": "ab 2018",
                  "sources": ["kursberatung"]},
             ]},
            {"text": "Sprachkurse sind so organisiert, dass auch Eltern kleiner Kinder und "
                     "Berufstätige sie regelmäßig besuchen können.",
             "sources": ["kinderbetreuung"],
             "measures": [
                 {"text": "Kurse mit Kinderbetreuung im selben Gebäude werden ausgebaut. Die "
                          "Gemeinden stellen Räume, geschulte Ehrenamtliche übernehmen die "
                          "Betreuung gegen eine Aufwandsentschädigung.",
                  "responsible": AMI,
                  "partners": "Kursträger, Städte und Gemeinden, Helferkreise",
                  "timeframe": "2018–2020",
                  "sources": ["kinderbetreuung"],
                  "themes": ["ehrenamt", "kommunen"]},
                 # Evening and Saturday courses: left to the browser test, which builds a
                 # sub-goal and a measure from the four evening cards and "abendkurse".
                 {"text": "Wohnortnahe Kurse nur für Frauen, geleitet von einer Kursleiterin, "
                          "werden in jeder Raumschaft angeboten.",
                  "responsible": "Kursträger",
                  "partners": AMI + ", Migrantenorganisationen",
                  "timeframe": "2018",
                  "sources": ["frauenkurse"]},
             ]},
            {"text": "Zugewanderte sprechen auch außerhalb des Kurses Deutsch und lernen nach "
                     "dem Integrationskurs weiter.",
             "sources": ["alltagsdeutsch", "lernpaten"],
             "themes": ["ehrenamt"],
             "measures": [
                 {"text": "Wer den Integrationskurs abschließt, bekommt auf Wunsch für ein "
                          "halbes Jahr eine Lernpatin oder einen Lernpaten vermittelt, mit "
                          "einem wöchentlichen Treffen.",
                  "responsible": AMI,
                  "partners": "Kursträger, Helferkreise, Volkshochschulen",
                  "timeframe": "ab 2019",
                  "sources": ["lernpaten"],
                  "themes": ["ehrenamt"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Ein wöchentliches Sprachcafé im Rathaus, in dem sich Ehrenamtliche und "
                     "Neuangekommene bei Kaffee über den Alltag unterhalten.",
             "sources": ["sprachcafe"]},
        ],
        "best_practices": [
            {"text": "Lernpatenschaften nach dem Integrationskurs: Absolventinnen und "
                     "Absolventen treffen sich ein halbes Jahr lang jede Woche mit einer "
                     "ehrenamtlichen Lernpatin; seither brechen weniger die Folgekurse ab.",
             "who": "Bildungswerk Hegau-Bodensee", "where": "Konstanz", "link": "",
             "sources": ["lernpaten"]},
        ],
        "not_taken_up": [],
        "forwarded": [],
        "duplicates": [],
    },
    # --- Arbeit -------------------------------------------------------------------------------
    "arbeit": {
        "main_goal": {
            "text": "Zugewanderte arbeiten oder lernen in einem Beruf, der ihren Fähigkeiten "
                    "und Abschlüssen entspricht, und sichern ihren Lebensunterhalt selbst.",
            "sources": ["skills", "anerkennung"],
        },
        "sub_goals": [
            {"text": "Ausländische Berufsabschlüsse werden zügig geprüft, und wer einen "
                     "Antrag stellt, weiß jederzeit, welche Unterlagen noch fehlen.",
             "sources": ["anerkennung", "card:Abschlüsse aus dem Heimatland schneller"],
             "themes": ["interkulturelle-oeffnung"],
             "measures": [
                 {"text": "Eine Anerkennungslotsin im Landratsamt prüft die Unterlagen, hilft "
                          "beim Übersetzen und Beglaubigen und vermittelt "
                          "Anpassungsqualifizierungen. Einmal im Monat gibt es eine "
                          "Sprechstunde mit Terminvergabe im Internet.",
                  "responsible": AMI,
                  "partners": "IHK Hochrhein-Bodensee, Handwerkskammer Konstanz, "
                              "Agentur für Arbeit",
                  "timeframe": "ab 2018",
                  "sources": ["anerkennungslotse",
                              "card:Eine Sprechstunde zur Anerkennung im Landratsamt"]},
                 {"text": "Für Berufe mit großem Fachkräftebedarf, zuerst die Pflege, werden "
                          "Berufssprachkurse mit einem begleitenden Praktikum verbunden.",
                  "responsible": "Agentur für Arbeit",
                  "partners": "Jobcenter Landkreis Konstanz, Pflegeschulen, Kursträger",
                  "timeframe": "2018–2020",
                  "sources": ["pflege"]},
             ]},
            {"text": "Junge Geflüchtete beginnen eine Ausbildung und schließen sie erfolgreich "
                     "ab.",
             "sources": ["mentoring"],
             "themes": ["ehrenamt"],
             "measures": [
                 {"text": "Ehrenamtliche Mentorinnen und Mentoren aus Betrieben oder im "
                          "Ruhestand begleiten Auszubildende ein Jahr lang, helfen wöchentlich "
                          "beim Stoff der Berufsschule und vermitteln bei Konflikten im "
                          "Betrieb.",
                  "responsible": AMI,
                  "partners": "Berufliche Schulen, IHK Hochrhein-Bodensee, Handwerkskammer "
                              "Konstanz, Helferkreise",
                  "timeframe": "ab 2019",
                  "sources": ["mentoring", "card:Mentoring: one person from a local company"],
                  "themes": ["ehrenamt"]},
             ]},
            {"text": "Neu Zugewanderte verstehen, wie Jobcenter und Agentur für Arbeit "
                     "arbeiten, und können ihre Anliegen dort selbst klären.",
             "sources": ["jobcenter"],
             "themes": ["interkulturelle-oeffnung"],
             "measures": [
                 {"text": "Für Beratungstermine kann eine Dolmetschung gebucht werden; "
                          "wichtige Schreiben erhalten ein Begleitblatt in einfacher Sprache.",
                  "responsible": "Jobcenter Landkreis Konstanz",
                  "partners": AMI + ", Sprachmittlerpool",
                  "timeframe": "ab 2018",
                  "sources": ["jobcenter"],
                  "themes": ["interkulturelle-oeffnung"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Die Gemeinde sammelt zusammen mit dem Gewerbeverein, welche örtlichen "
                     "Betriebe Praktikumsplätze anbieten, und hält die Liste aktuell.",
             "sources": ["praktikumsboerse"]},
        ],
        "best_practices": [
            {"text": "Bewerbungstraining im Vereinsheim: jeden zweiten Samstag üben junge "
                     "Leute Vorstellungsgespräche, unterstützt von ehrenamtlichen "
                     "Personalerinnen; im letzten Jahr begannen elf eine Ausbildung.",
             "who": "Brückenschlag – Verein syrischer und irakischer Familien e. V.",
             "where": "Singen (Hohentwiel)", "link": "",
             "sources": ["bewerbungstraining"]},
        ],
        "not_taken_up": [
            ("card:Jobmesse nur für Neuangekommene",
             "Eine eigene Messe nur für Neuangekommene würde sie eher von den übrigen "
             "Bewerberinnen und Bewerbern trennen. Stattdessen sollen die bestehenden "
             "Ausbildungsmessen Sprachmittlung an den Ständen ermöglichen."),
        ],
        "forwarded": [],
        "duplicates": [],
    },
    # --- Bildung ------------------------------------------------------------------------------
    "bildung": {
        "main_goal": {
            "text": "Kinder, Jugendliche und Erwachsene mit Migrationsgeschichte haben von der "
                    "Kita bis zur Weiterbildung dieselben Bildungschancen wie alle anderen.",
            "sources": ["uebergang"],
        },
        "sub_goals": [
            {"text": "Eltern kennen das Schulsystem und begleiten die Schullaufbahn ihrer "
                     "Kinder aktiv, besonders vor dem Wechsel auf die weiterführende Schule.",
             "sources": ["uebergang", "card:Eltern verstehen die Schule. Elternbriefe"],
             "themes": ["antidiskriminierung"],
             "measures": [
                 {"text": "Geschulte Elternmentorinnen und -mentoren oder Dolmetschende "
                          "begleiten Elternabende und Elterngespräche; das Amt schult die "
                          "Mentorinnen und vermittelt sie an die Schulen.",
                  "responsible": AMI,
                  "partners": "Staatliches Schulamt Konstanz, Schulsozialarbeit, "
                              "Migrantenorganisationen",
                  "timeframe": "ab 2018",
                  "sources": ["elternabend",
                              "card:Elternabend mit Dolmetscherin, mindestens"]},
                 {"text": "Vor der Grundschulempfehlung gibt es jedes Jahr Informationsabende "
                          "zu den weiterführenden Schulen in mehreren Sprachen.",
                  "responsible": "Staatliches Schulamt Konstanz",
                  "partners": AMI + ", Elternbeiräte, Migrantenorganisationen",
                  "timeframe": "jährlich ab 2019",
                  "sources": ["uebergang"]},
             ]},
            {"text": "Kinder und Jugendliche, die neu ankommen, bekommen die Unterstützung, die "
                     "sie für einen Schulabschluss brauchen, auch wenn sie erst mit 16 oder 17 "
                     "Jahren kommen.",
             "sources": ["card:Jugendliche, die mit 16 oder 17 ankommen", "hausaufgaben"],
             "measures": [
                 {"text": "Die beruflichen Schulen des Landkreises bieten Klassen zum Erwerb "
                          "von Deutschkenntnissen mit Fachsprache und Praktika an und führen "
                          "sie zu einem Abschluss.",
                  "responsible": "Landratsamt Konstanz als Schulträger der beruflichen "
                                 "Schulen",
                  "partners": "Berufliche Schulen, Agentur für Arbeit, "
                              "Jugendmigrationsdienst",
                  "timeframe": "2018–2020",
                  "sources": ["card:Jugendliche, die mit 16 oder 17 ankommen"]},
                 {"text": "In den Gemeinschaftsunterkünften wird ein ruhiger Lernraum mit WLAN "
                          "eingerichtet, mit Hausaufgabenhilfe an zwei festen Nachmittagen "
                          "pro Woche.",
                  "responsible": AMI,
                  "partners": "Helferkreise, Integrationsmanagement, Schulen vor Ort",
                  "timeframe": "ab 2018",
                  "sources": ["hausaufgaben"],
                  "themes": ["ehrenamt"]},
             ]},
            {"text": "Erwachsene können nach dem Integrationskurs bezahlbar bis zu den "
                     "Sprachniveaus weiterlernen, die ihr Beruf verlangt.",
             "sources": ["beyond-b1"],
             "measures": [
                 {"text": "Die Volkshochschulen bieten Aufbaukurse B2 und C1 an; für Menschen "
                          "mit geringem Einkommen gibt es eine Ermäßigung.",
                  "responsible": "Volkshochschulen",
                  "partners": AMI + ", Agentur für Arbeit, Jobcenter Landkreis Konstanz",
                  "timeframe": "ab 2019",
                  "sources": ["beyond-b1"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Bei der Vergabe von Kita-Plätzen berücksichtigt die Gemeinde, dass ein "
                     "Elternteil einen Sprachkurs besucht.",
             "sources": ["kitaplaetze"]},
        ],
        "best_practices": [
            {"text": "Eine Brückenklasse an einer Berufsschule: ein Jahr Deutsch und "
                     "Fachsprache in kleinen Gruppen, mit einer Sozialarbeiterin im Team, "
                     "vor dem Wechsel in die Ausbildung.",
             "who": "Eine berufliche Schule im Landkreis", "where": "Landkreis Konstanz",
             "link": "", "sources": ["brueckenklasse"]},
        ],
        "not_taken_up": [],
        "forwarded": [
            ("card:Berufsberatung in der Schule auch für",
             "Agentur für Arbeit",
             "Die Berufsberatung an den Schulen verantwortet die Agentur für Arbeit; sie "
             "prüft, wie Eltern in ihre Sprechstunden einbezogen werden können."),
        ],
        "duplicates": [],
    },
    # --- Wohnen -------------------------------------------------------------------------------
    "wohnen": {
        "main_goal": {
            "text": "Zugewanderte mit Bleibeperspektive wohnen in eigenem, bezahlbarem "
                    "Wohnraum und sind in ihrer Nachbarschaft zu Hause.",
            "sources": ["eigene-wohnung"],
        },
        "sub_goals": [
            {"text": "Wer anerkannt ist, zieht innerhalb eines Jahres aus der "
                     "Gemeinschaftsunterkunft in eine eigene Wohnung.",
             "sources": ["eigene-wohnung",
                         "card:Raus aus der Gemeinschaftsunterkunft nach"],
             "themes": ["kommunen"],
             "measures": [
                 {"text": "Vermieterinnen und Vermieter bekommen im Landratsamt eine feste "
                          "Ansprechperson mit eigener Telefonnummer; für zwei Jahre übernimmt "
                          "der Landkreis eine Garantie bei Mietausfall.",
                  "responsible": AMI,
                  "partners": "Städte und Gemeinden, Haus- und Grundbesitzervereine, "
                              "Wohnungsbaugesellschaften",
                  "timeframe": "2018–2020",
                  "sources": ["wohnungslotsen",
                              "card:Eine Wohnungsbörse für Vermieter, die an"]},
             ]},
            {"text": "Wohnungssuchende kennen ihre Rechte und Pflichten als Mieterinnen und "
                     "Mieter und finden sich auf dem Wohnungsmarkt zurecht.",
             "sources": ["anzeigen", "card:Wohnungsanzeigen gibt es fast nur auf Deutsch"],
             "measures": [
                 {"text": "In jeder Raumschaft gibt es zweimal im Jahr einen "
                          "Mietführerschein an zwei Abenden: Mietvertrag, Nebenkosten, "
                          "Hausordnung; wer teilnimmt, erhält eine Bescheinigung.",
                  "responsible": AMI,
                  "partners": "Mieterbund Bodensee, Volkshochschulen, Integrationsmanagement",
                  "timeframe": "ab 2019",
                  "sources": ["mietfuehrerschein",
                              "card:Mietrecht in einfacher Sprache: ein Abend"]},
                 {"text": "Ehrenamtliche Wohnungslotsen suchen gemeinsam mit den Familien; "
                          "ein mehrsprachiges Glossar erklärt die Begriffe der "
                          "Wohnungsanzeigen von Kaltmiete bis Kaution.",
                  "responsible": AMI,
                  "partners": "Helferkreise, Freundeskreis Asyl am Untersee, "
                              "Integrationsmanagement",
                  "timeframe": "2018",
                  "sources": ["anzeigen", "wohnungslotsen",
                              "card:Wohnungsanzeigen gibt es fast nur auf Deutsch"],
                  "themes": ["ehrenamt"]},
             ]},
            {"text": "Niemand wird bei der Wohnungssuche wegen seiner Herkunft oder seines "
                     "Namens benachteiligt.",
             "sources": ["housing-discrimination"],
             "themes": ["antidiskriminierung"],
             "measures": [
                 {"text": "Benachteiligungen auf dem Wohnungsmarkt werden bei der "
                          "Antidiskriminierungsberatung erfasst; Vermieterinnen und Vermieter "
                          "erhalten Informationen zum Gleichbehandlungsgesetz.",
                  "responsible": AMI,
                  "partners": "Antidiskriminierungsberatung, Mieterbund Bodensee, Haus- und "
                              "Grundbesitzervereine",
                  "timeframe": "ab 2019",
                  "sources": ["housing-discrimination"],
                  "themes": ["antidiskriminierung"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Die Gemeinde schreibt Eigentümerinnen und Eigentümer leerstehender "
                     "Wohnungen gezielt an und erklärt, welche Unterstützung es beim "
                     "Vermieten gibt.",
             "sources": ["leerstand", "card:Leerstehende Wohnungen über dem Laden"]},
        ],
        "best_practices": [
            {"text": "Wohnungspatinnen und -paten begleiten Familien in den ersten Monaten "
                     "in der neuen Wohnung: Mülltrennung, Hausordnung, Kontakt zu den "
                     "Nachbarn.",
             "who": "Helferkreis", "where": "Engen", "link": "",
             "sources": ["card:In Engen begleiten Wohnungspaten"]},
            {"text": "Der Mietführerschein: ein Kurs an zwei Abenden mit Bescheinigung, die "
                     "Vermietern Vertrauen gibt.",
             "who": "Ehrenamtliche Initiative", "where": "Landkreis Konstanz",
             "link": "https://example.org/mietfuehrerschein",
             "sources": ["mietfuehrerschein"]},
        ],
        "not_taken_up": [
            ("card:Ich wünsche mir eine Wohnung nah am Bus",
             "Ein verständlicher Wunsch, aber kein Ziel, das der Landkreis erreichen kann: "
             "wo eine Wohnung liegt, hängt vom Angebot des Wohnungsmarkts ab."),
        ],
        "forwarded": [
            ("card:Modulare Häuser auf Flächen der Gemeinden",
             "Bürgermeisterdienstversammlung des Landkreises",
             "Über Bauflächen und Wohnungsbau entscheiden die Städte und Gemeinden; der "
             "Vorschlag wird dort beraten."),
        ],
        "duplicates": [
            ("card:Schneller aus der Unterkunft ausziehen",
             "card:Raus aus der Gemeinschaftsunterkunft nach"),
        ],
    },
    # --- Gesundheit ---------------------------------------------------------------------------
    "gesundheit": {
        "main_goal": {
            "text": "Zugewanderte haben gleichberechtigten Zugang zur gesundheitlichen "
                    "Versorgung und können sich mit Ärztinnen und Ärzten verständigen.",
            "sources": ["card:Beim Arzt verstehe ich, was ich habe"],
        },
        "sub_goals": [
            {"text": "Bei Arztbesuchen müssen keine Kinder mehr übersetzen; bei Bedarf stehen "
                     "geschulte Sprachmittlerinnen und Sprachmittler bereit.",
             "sources": ["dolmetschen", "card:Telefondolmetschen für Arztpraxen"],
             "themes": ["interkulturelle-oeffnung"],
             "measures": [
                 {"text": "Ein Pool geschulter Sprachmittlerinnen und Sprachmittler für das "
                          "Gesundheitswesen wird aufgebaut, auch per Telefon und Video. Wie "
                          "die Kosten getragen werden, klärt das Gesundheitsamt mit den "
                          "Krankenkassen.",
                  "responsible": "Gesundheitsamt",
                  "partners": AMI + ", Kreisärzteschaft, Krankenkassen, Kliniken im "
                              "Landkreis",
                  "timeframe": "ab 2019",
                  "sources": ["dolmetschen", "card:Telefondolmetschen für Arztpraxen"],
                  "themes": ["interkulturelle-oeffnung"]},
             ]},
            {"text": "Neu Zugewanderte wissen, wie das Gesundheitssystem funktioniert und wo "
                     "sie im Krankheitsfall Hilfe bekommen.",
             "sources": ["health-system"],
             "measures": [
                 {"text": "In den ersten Wochen nach der Ankunft gibt es mehrsprachige "
                          "Informationsabende: Hausarztpraxis, Versichertenkarte, "
                          "Bereitschaftsdienst und Notaufnahme.",
                  "responsible": "Gesundheitsamt",
                  "partners": "Integrationsmanagement, Migrantenorganisationen, Frauencafés",
                  "timeframe": "ab 2018",
                  "sources": ["health-system"]},
                 {"text": "Ein kurzes Faltblatt erklärt die Krankenversicherung in den am "
                          "häufigsten gesprochenen Sprachen.",
                  "responsible": "Gesundheitsamt",
                  "partners": "Krankenkassen, " + AMI,
                  "timeframe": "2018",
                  "sources": ["card:Ein Heft: So funktioniert die Krankenversicherung"]},
             ]},
            {"text": "Menschen mit Kriegs- und Fluchterfahrung erhalten rasch "
                     "psychosoziale Unterstützung.",
             "sources": ["therapie", "card:Waiting for a therapy place takes"],
             "measures": [
                 {"text": "Mehrsprachige Stabilisierungsgruppen überbrücken die Wartezeit auf "
                          "einen Therapieplatz; ein erstes Gespräch findet innerhalb von vier "
                          "Wochen statt.",
                  "responsible": "Gesundheitsamt",
                  "partners": "Psychosoziales Zentrum Konstanz, Sozialpsychiatrischer Dienst, "
                              "niedergelassene Psychotherapeutinnen und -therapeuten",
                  "timeframe": "2019–2020",
                  "sources": ["therapie", "card:Waiting for a therapy place takes"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Bei der Anmeldung gibt die Gemeinde eine mehrsprachige Notfallkarte "
                     "für den Geldbeutel mit: Notrufnummern, Bereitschaftsdienst, nächste "
                     "Notaufnahme.",
             "sources": ["notfallkarte"]},
        ],
        "best_practices": [
            {"text": "Gesundheitsabende im Frauencafé: einmal im Monat beantworten eine "
                     "Hebamme oder eine Ärztin Fragen, übersetzt ins Arabische.",
             "who": "Brückenschlag – Verein syrischer und irakischer Familien e. V.",
             "where": "Singen (Hohentwiel)", "link": "",
             "sources": ["frauencafe"]},
        ],
        "not_taken_up": [],
        "forwarded": [
            ("altenpflege", "Pflegestützpunkt Landkreis Konstanz",
             "Kultursensible Pflege älterer Zugewanderter gehört in die Kreispflegeplanung; "
             "der Pflegestützpunkt nimmt die Anregung dort auf."),
        ],
        "duplicates": [],
    },
    # --- Kultur und Freizeit ------------------------------------------------------------------
    "kultur-und-freizeit": {
        "main_goal": {
            "text": "Zugewanderte nehmen selbstverständlich am kulturellen Leben, am Sport und "
                    "am Vereinsleben im Landkreis teil und bringen ihre eigene Kultur ein.",
            "sources": ["kulturvereine"],
        },
        "sub_goals": [
            {"text": "Kinder, Jugendliche und Erwachsene finden ohne finanzielle Hürden den "
                     "Weg in die Sportvereine.",
             "sources": ["sportverein", "card:Vereine bekommen Geld, wenn sie"],
             "themes": ["ehrenamt"],
             "measures": [
                 {"text": "Ein Fonds übernimmt für Kinder und Jugendliche den Beitrag im "
                          "ersten Vereinsjahr.",
                  "responsible": AMI,
                  "partners": "Sportkreis Konstanz, Sportvereine, Bürgerstiftungen",
                  "timeframe": "2018–2020",
                  "sources": ["sportverein", "card:Vereine bekommen Geld, wenn sie"]},
                 {"text": "Teilnehmende Vereine benennen eine Vereinslotsin oder einen "
                          "Vereinslotsen, die neue Mitglieder begleiten; der Sportkreis "
                          "schult sie.",
                  "responsible": "Sportkreis Konstanz",
                  "partners": AMI + ", Sportvereine",
                  "timeframe": "ab 2019",
                  "sources": ["sportverein"],
                  "themes": ["ehrenamt"]},
             ]},
            {"text": "Alle Kinder im Landkreis lernen schwimmen, und Frauen finden geschützte "
                     "Schwimmangebote.",
             "sources": ["schwimmen", "card:Mädchen und Frauen haben eigene Zeiten"],
             "measures": [
                 {"text": "In den Sommerferien gibt es Schwimmkurse für Kinder und ganzjährig "
                          "Kurse für Frauen mit Schwimmlehrerinnen.",
                  "responsible": AMI,
                  "partners": "DLRG-Ortsgruppen, Bäder der Städte und Gemeinden, Schulen",
                  "timeframe": "ab Sommer 2018",
                  "sources": ["schwimmen", "card:Mädchen und Frauen haben eigene Zeiten"]},
             ]},
            {"text": "Kulturvereine von Migrantinnen und Migranten haben Zugang zu Räumen, "
                     "Fördermitteln und den großen Veranstaltungen der Region.",
             "sources": ["kulturvereine"],
             "themes": ["beteiligung"],
             "measures": [
                 {"text": "Das Amt berät Kulturvereine zu Fördermöglichkeiten und lädt sie "
                          "zur Mitgestaltung der Veranstaltungen des Landkreises ein.",
                  "responsible": AMI,
                  "partners": "Kulturamt des Landkreises, Migrantenorganisationen, Städte "
                              "und Gemeinden",
                  "timeframe": "ab 2019",
                  "sources": ["kulturvereine"],
                  "themes": ["beteiligung"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Wer sich in der Gemeinde anmeldet, erhält als Willkommen einen "
                     "kostenlosen Ausweis für die Bücherei.",
             "sources": ["bibliothek"]},
        ],
        "best_practices": [
            {"text": "Beim Dorffest kochen Familien aus der Unterkunft an einem eigenen Stand; "
                     "aus den Gesprächen am Tisch sind Patenschaften entstanden.",
             "who": "Gemeinde und Vereine", "where": "Eine Gemeinde im Hegau", "link": "",
             "sources": ["dorffest"]},
            {"text": "Eine Fahrradwerkstatt zum Mitschrauben: wer ein Rad braucht, repariert "
                     "eines der gespendeten Räder mit und nimmt es mit.",
             "who": "Freundeskreis Asyl am Untersee", "where": "Radolfzell am Bodensee",
             "link": "", "sources": ["fahrradwerkstatt"]},
        ],
        "not_taken_up": [],
        "forwarded": [
            ("card:Museum und Theater: ein Tag im Monat",
             "Stadt Konstanz",
             "Über die Eintrittspreise von Museen und Theater entscheiden ihre Träger; die "
             "Anregung ging an die Kulturverwaltung der Stadt."),
        ],
        "duplicates": [],
    },
    # --- Beteiligung --------------------------------------------------------------------------
    "beteiligung": {
        "main_goal": {
            "text": "Menschen mit Migrationsgeschichte gestalten die Integrationspolitik des "
                    "Landkreises mit, auch wenn sie nicht wählen dürfen oder noch wenig "
                    "Deutsch sprechen.",
            "sources": ["beirat", "card:Ich will mitreden, auch wenn ich noch"],
        },
        "sub_goals": [
            {"text": "Migrantinnen und Migranten haben eine dauerhafte, gewählte Vertretung, "
                     "die Kreistag und Verwaltung berät.",
             "sources": ["beirat", "card:Ein Integrationsbeirat im Landkreis, gewählt"],
             "measures": [
                 {"text": "Ein Integrationsbeirat wird eingerichtet; seine Satzung mit Regeln "
                          "zur Zusammensetzung und einem Rederecht im Sozialausschuss entsteht "
                          "gemeinsam mit den Migrantenorganisationen.",
                  "responsible": AMI,
                  "partners": "Migrantenorganisationen, Sozialausschuss des Kreistags",
                  "timeframe": "2018–2019",
                  "sources": ["beirat", "card:Ein Integrationsbeirat im Landkreis, gewählt"]},
                 {"text": "Gremien mit ehrenamtlichen Mitgliedern tagen ab 18 Uhr; "
                          "Fahrtkosten und eine Aufwandsentschädigung werden erstattet.",
                  "responsible": AMI,
                  "partners": "Kreistag, Migrantenorganisationen",
                  "timeframe": "ab 2019",
                  "sources": ["sitzungszeiten"],
                  "themes": ["ehrenamt"]},
             ]},
            {"text": "Migrantenorganisationen werden früh und verständlich beteiligt, und "
                     "alle erfahren, was aus ihren Beiträgen geworden ist.",
             "sources": ["rueckmeldung", "card:Migrantenvereine frühzeitig einladen"],
             "measures": [
                 {"text": "Befragungen und Einladungen des Amts erscheinen in mehreren "
                          "Sprachen; jeder Beitrag erhält eine begründete Rückmeldung.",
                  "responsible": AMI,
                  "partners": "Migrantenorganisationen, Sprachmittlerpool",
                  "timeframe": "laufend",
                  "sources": ["muttersprache", "rueckmeldung"]},
                 {"text": "Zu Jahresbeginn erhalten die Migrantenorganisationen eine Übersicht "
                          "der geplanten Vorhaben und können sich melden, bevor Entwürfe "
                          "entstehen.",
                  "responsible": AMI,
                  "partners": "Integrationsbeirat, Migrantenorganisationen",
                  "timeframe": "ab 2018",
                  "sources": ["card:Migrantenvereine frühzeitig einladen"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Größere Gemeinden richten einen Migrantenrat oder eine feste "
                     "Sprechstunde beim Bürgermeister ein; kleine Gemeinden tun sich dafür "
                     "zusammen.",
             "sources": ["migrantenrat"]},
        ],
        "best_practices": [
            {"text": "Eine städtische Befragung mit Fragebögen auch auf Arabisch, Farsi und "
                     "Ukrainisch: die Beteiligung stieg deutlich.",
             "who": "Stadtverwaltung", "where": "Landkreis Konstanz", "link": "",
             "sources": ["muttersprache"]},
        ],
        "not_taken_up": [],
        "forwarded": [],
        "duplicates": [],
    },
    # --- Ehrenamt -----------------------------------------------------------------------------
    "ehrenamt": {
        "main_goal": {
            "text": "Ehrenamtlich Engagierte, zunehmend auch Zugewanderte selbst, werden "
                    "verlässlich begleitet, weitergebildet und wertgeschätzt.",
            "sources": ["ansprechperson-ehrenamt"],
        },
        "sub_goals": [
            {"text": "Jeder Helferkreis hat eine hauptamtliche Ansprechperson, die er kennt "
                     "und die zurückruft.",
             "sources": ["ansprechperson-ehrenamt",
                         "card:Ehrenamtliche haben eine feste Ansprechperson"],
             "themes": ["kommunen"],
             "measures": [
                 {"text": "Für jede Raumschaft gibt es eine halbe Stelle zur Koordination des "
                          "Ehrenamts, die bei Versicherung, Fortbildung und Vermittlung "
                          "unterstützt.",
                  "responsible": AMI,
                  "partners": "Städte und Gemeinden, Wohlfahrtsverbände, Helferkreise",
                  "timeframe": "2018–2020",
                  "sources": ["koordination"],
                  "themes": ["kommunen"]},
             ]},
            {"text": "Ehrenamtliche haben das Wissen und die Unterstützung, die sie brauchen, "
                     "ohne sich zu überlasten.",
             "sources": ["fortbildung", "card:Fortbildung für Ehrenamtliche: Asylrecht"],
             "measures": [
                 {"text": "Eine Fortbildungsreihe mit Abendterminen im Wechsel in Konstanz, "
                          "Singen und Radolfzell: Aufenthaltsrecht, Umgang mit Belastungen "
                          "und Trauma, Beratungsangebote zum Weiterverweisen.",
                  "responsible": AMI,
                  "partners": "Volkshochschulen, Psychosoziales Zentrum Konstanz, "
                              "Flüchtlingsberatung der Wohlfahrtsverbände",
                  "timeframe": "ab 2018",
                  "sources": ["fortbildung", "card:Fortbildung für Ehrenamtliche: Asylrecht"]},
             ]},
            {"text": "Zugewanderte engagieren sich selbst ehrenamtlich und werden dafür gezielt "
                     "angesprochen und unterstützt.",
             "sources": ["zugewanderte-helfen", "card:Geflüchtete werden selbst Ehrenamtliche"],
             "themes": ["beteiligung"],
             "measures": [
                 {"text": "Die Ehrenamtsbörse spricht Zugewanderte in mehreren Sprachen an; "
                          "Förderprogramme für das Ehrenamt stehen ausdrücklich auch "
                          "Migrantenorganisationen offen.",
                  "responsible": AMI,
                  "partners": "Migrantenorganisationen, Freiwilligenagenturen, Helferkreise",
                  "timeframe": "ab 2019",
                  "sources": ["zugewanderte-helfen",
                              "card:Geflüchtete werden selbst Ehrenamtliche"],
                  "themes": ["beteiligung"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Eine Ehrenamtskarte gewährt Engagierten freien Eintritt in Hallenbad "
                     "und Museum der Gemeinde.",
             "sources": ["ehrenamtskarte"]},
        ],
        "best_practices": [
            {"text": "Monatliche Supervision für Ehrenamtliche hilft, belastende Geschichten "
                     "zu verarbeiten.",
             "who": "Helferkreise", "where": "Konstanz", "link": "",
             "sources": ["card:Supervision für Ehrenamtliche in Konstanz"]},
        ],
        "not_taken_up": [],
        "forwarded": [],
        "duplicates": [],
    },
    # --- Kommunen -----------------------------------------------------------------------------
    "kommunen": {
        "main_goal": {
            "text": "Landkreis, Städte und Gemeinden stimmen ihre Integrationsarbeit ab, "
                    "sodass Zugewanderte in jedem Ort gleich gute Unterstützung finden.",
            "sources": ["card:Kleine Gemeinden bekommen die gleiche Hilfe"],
        },
        "sub_goals": [
            {"text": "Jede Gemeinde benennt eine Ansprechperson für Integration, und diese "
                     "Personen sind untereinander und mit dem Landkreis vernetzt.",
             "sources": ["ansprechperson-gemeinde"],
             "measures": [
                 {"text": "Die kommunalen Integrationsbeauftragten treffen sich halbjährlich "
                          "beim Amt, tauschen Erfahrungen aus und stellen gute Beispiele vor.",
                  "responsible": AMI,
                  "partners": "Städte und Gemeinden, Integrationsmanagement",
                  "timeframe": "ab 2018",
                  "sources": ["jahrestreffen",
                              "card:Die Integrationsbeauftragten der Gemeinden"]},
             ]},
            {"text": "Die Aufgaben von Landkreis und Gemeinden bei Anschlussunterbringung und "
                     "Integration sind klar verteilt.",
             "sources": ["card:Verträge zwischen Landkreis und Gemeinden"],
             "measures": [
                 {"text": "Landkreis und Gemeinden schließen Vereinbarungen darüber, wer bei "
                          "der Anschlussunterbringung und im Integrationsmanagement welche "
                          "Aufgabe übernimmt.",
                  "responsible": AMI,
                  "partners": "Städte und Gemeinden, Bürgermeisterdienstversammlung",
                  "timeframe": "2018–2019",
                  "sources": ["card:Verträge zwischen Landkreis und Gemeinden"]},
                 {"text": "Kleine Gemeinden werden beraten, wie sie sich Stellen im "
                          "Integrationsmanagement teilen können.",
                  "responsible": AMI,
                  "partners": "Gemeindeverwaltungsverbände, Städte und Gemeinden",
                  "timeframe": "ab 2019",
                  "sources": ["card:Kleine Gemeinden bekommen die gleiche Hilfe",
                              "geteilte-stelle"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Bei der Anmeldung erhält jede neu zugezogene Familie eine mehrsprachige "
                     "Willkommensmappe mit Ansprechpersonen, Kitas, Vereinen, Arztpraxen und "
                     "einem Ortsplan.",
             "sources": ["willkommensmappe"]},
        ],
        "best_practices": [
            {"text": "Drei kleine Gemeinden teilen sich eine Integrationsmanagerin, die sich "
                     "keine allein hätte leisten können.",
             "who": "Gemeindeverwaltungsverband", "where": "Höri", "link": "",
             "sources": ["geteilte-stelle"]},
        ],
        "not_taken_up": [],
        "forwarded": [],
        "duplicates": [],
    },
    # --- Interkulturelle Öffnung --------------------------------------------------------------
    "interkulturelle-oeffnung": {
        "main_goal": {
            "text": "Die Kreisverwaltung ist für alle Einwohnerinnen und Einwohner gleich gut "
                    "zugänglich und verständlich, und ihr Personal spiegelt die Vielfalt der "
                    "Bevölkerung.",
            "sources": ["einfache-sprache"],
        },
        "sub_goals": [
            {"text": "Schreiben, Formulare und Internetseiten des Landratsamts sind "
                     "verständlich und in den wichtigsten Sprachen verfügbar.",
             "sources": ["einfache-sprache", "card:Please write the letters from the office"],
             "measures": [
                 {"text": "Wichtige Bescheide erhalten oben eine kurze Zusammenfassung in "
                          "einfacher Sprache; die Vorlagen werden Schritt für Schritt "
                          "überarbeitet.",
                  "responsible": "Landratsamt Konstanz, Haupt- und Personalamt",
                  "partners": AMI + ", Ämter mit Publikumsverkehr",
                  "timeframe": "2018–2020",
                  "sources": ["einfache-sprache",
                              "card:Please write the letters from the office"]},
                 {"text": "Die meistbesuchten Internetseiten und die häufigsten Formulare gibt "
                          "es in mehreren Sprachen, jeweils mit einem Ausfüllbeispiel.",
                  "responsible": "Landratsamt Konstanz, Internetredaktion",
                  "partners": AMI + ", Ausländerbehörde",
                  "timeframe": "ab 2019",
                  "sources": ["multilingual-forms"]},
             ]},
            {"text": "Beschäftigte mit Publikumsverkehr verfügen über interkulturelle "
                     "Kompetenz.",
             "sources": ["schulungen", "card:Schulung für alle Mitarbeitenden im"],
             "themes": ["antidiskriminierung"],
             "measures": [
                 {"text": "Neue Beschäftigte mit Publikumsverkehr besuchen eine Schulung zu "
                          "interkultureller Kommunikation, zur Arbeit mit Dolmetschenden und "
                          "zum Umgang mit Vorurteilen; alle drei Jahre folgt eine "
                          "Auffrischung.",
                  "responsible": "Landratsamt Konstanz, Haupt- und Personalamt",
                  "partners": AMI + ", externe Trainerinnen und Trainer",
                  "timeframe": "ab 2018",
                  "sources": ["schulungen", "card:Schulung für alle Mitarbeitenden im"],
                  "themes": ["antidiskriminierung"]},
             ]},
            {"text": "Mehr Menschen mit Migrationsgeschichte arbeiten und lernen im "
                     "Landratsamt.",
             "sources": ["card:Mehr Menschen mit Migrationsgeschichte sollen"],
             "measures": [
                 {"text": "Stellen- und Ausbildungsanzeigen sprechen junge Menschen mit "
                          "Migrationsgeschichte gezielt an; das Landratsamt bietet "
                          "Schulpraktika in der Verwaltung an.",
                  "responsible": "Landratsamt Konstanz, Haupt- und Personalamt",
                  "partners": "Berufliche Schulen, Migrantenorganisationen, Agentur für "
                              "Arbeit",
                  "timeframe": "ab 2019",
                  "sources": ["personal",
                              "card:Mehr Menschen mit Migrationsgeschichte sollen"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Piktogramme und mehrsprachige Schilder helfen, im Rathaus das richtige "
                     "Zimmer zu finden.",
             "sources": ["beschilderung"]},
        ],
        "best_practices": [
            {"text": "Eine Gemeinde hat junge Leute mit Migrationsgeschichte gezielt für eine "
                     "Ausbildung in der Verwaltung geworben; heute spricht das Bürgerbüro "
                     "mehrere Sprachen und die Wartezeiten sind kürzer.",
             "who": "Gemeindeverwaltung", "where": "Landkreis Konstanz", "link": "",
             "sources": ["personal"]},
        ],
        "not_taken_up": [],
        "forwarded": [],
        "duplicates": [],
    },
    # --- Antidiskriminierung ------------------------------------------------------------------
    "antidiskriminierung": {
        "main_goal": {
            "text": "Im Landkreis Konstanz wird niemand wegen Herkunft, Sprache, Religion oder "
                    "Aussehen benachteiligt, und wer Diskriminierung erlebt, findet Hilfe.",
            "sources": ["beratungsstelle"],
        },
        "sub_goals": [
            {"text": "Betroffene finden eine unabhängige und leicht erreichbare Beratung bei "
                     "Diskriminierung.",
             "sources": ["beratungsstelle",
                         "card:Eine Beratungsstelle gegen Diskriminierung"],
             "measures": [
                 {"text": "Ein freier Träger richtet eine unabhängige "
                          "Antidiskriminierungsberatung ein, die telefonisch und mit "
                          "Dolmetschung erreichbar ist und Sprechstunden in Singen und "
                          "Radolfzell anbietet.",
                  "responsible": AMI,
                  "partners": "Freie Träger der Wohlfahrtspflege, Migrantenorganisationen",
                  "timeframe": "2018–2019",
                  "sources": ["beratungsstelle",
                              "card:Eine Beratungsstelle gegen Diskriminierung"]},
             ]},
            {"text": "Gemeldete Fälle von Diskriminierung werden erfasst und öffentlich "
                     "gemacht, damit Politik und Verwaltung handeln können.",
             "sources": ["faelle-zaehlen"],
             "measures": [
                 {"text": "Die Beratungsstelle legt dem Sozialausschuss jedes Jahr einen "
                          "anonymisierten Bericht über die gemeldeten Fälle vor.",
                  "responsible": AMI,
                  "partners": "Antidiskriminierungsberatung, Sozialausschuss des Kreistags",
                  "timeframe": "ab 2019",
                  "sources": ["faelle-zaehlen"]},
             ]},
            {"text": "Kinder und Jugendliche lernen früh, Vorurteile zu erkennen und ihnen zu "
                     "widersprechen.",
             "sources": ["schulworkshops"],
             "measures": [
                 {"text": "Tandems junger Zugewanderter gestalten Workshops gegen Rassismus "
                          "in Schulklassen; das Amt schult und vermittelt sie.",
                  "responsible": AMI,
                  "partners": "Staatliches Schulamt Konstanz, Berufliche Schulen, "
                              "Jugendmigrationsdienst",
                  "timeframe": "ab 2018",
                  "sources": ["schulworkshops"]},
             ]},
        ],
        "municipal_ideas": [
            {"text": "Im Rathaus kann man Diskriminierung durch Behörden auch anonym melden; "
                     "die Gemeinde antwortet innerhalb eines Monats.",
             "sources": ["beschwerdestelle"]},
        ],
        "best_practices": [
            {"text": "Auszubildende spielen in einem Workshop an der Berufsschule Szenen "
                     "nach und sprechen über Vorurteile.",
             "who": "Berufsschule", "where": "Radolfzell am Bodensee", "link": "",
             "sources": ["card:Workshop an der Berufsschule Radolfzell"]},
        ],
        "not_taken_up": [],
        "forwarded": [],
        "duplicates": [
            ("card:Wir brauchen eine Stelle, wo man Diskriminierung",
             "card:Eine Beratungsstelle gegen Diskriminierung"),
        ],
    },
}


def resolve_source(source: str) -> tuple[str, str | int]:
    """("contribution", key) for the key of a published contribution of the closed round, or
    ("card", index into event_cards.CARDS) for "card:" + the beginning of exactly one card's
    text. Raises ValueError for anything else."""
    if source.startswith(CARD_PREFIX):
        prefix = source[len(CARD_PREFIX):]
        if len(prefix) < MIN_CARD_PREFIX:
            raise ValueError(f"card prefix shorter than {MIN_CARD_PREFIX} characters: {source}")
        matches = [index for index, card in enumerate(CARDS) if card[3].startswith(prefix)]
        if len(matches) != 1:
            raise ValueError(f"{len(matches)} cards begin with {prefix!r}")
        return ("card", matches[0])
    matches = [c for c in CONTRIBUTIONS if c["key"] == source]
    if len(matches) != 1:
        raise ValueError(f"{len(matches)} contributions have the key {source!r}")
    contribution = matches[0]
    if contribution["round"] != "closed":
        raise ValueError(f"contribution {source!r} is not in the closed round")
    if contribution.get("status", "published") != "published":
        raise ValueError(f"contribution {source!r} is not published")
    return ("contribution", source)
