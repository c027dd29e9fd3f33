"""The participation content of the demo: more participants, a network, three rounds with
contributions, comments, supports and flags. All texts were written for this project; the
people are invented. services.load_participation() puts this into the database.

Authors are named by the local part of their demo e-mail address (`lena` is lena@example.org);
`teilnehmerin`, `verein` and `moderation` are the accounts of data.ACCOUNTS.
"""

# (local part of the e-mail, display name, self-declared group, UI language,
#  index into data.ORGANISATIONS she or he represents, or None)
PARTICIPANTS = [
    ("lena", "Lena M.", "volunteer", "de", None),
    ("mehmet", "Mehmet Y.", "migration_history", "de", None),
    ("rania", "Rania A.", "migration_history", "ar", None),
    ("oksana", "Oksana K.", "migration_history", "de", None),
    ("grace", "Grace O.", "migration_history", "en", None),
    ("juergen", "Jürgen W.", "municipality", "de", None),
    ("fatima", "Fatima H.", "volunteer", "de", None),
    ("sabine", "Sabine R.", "partner_staff", "de", 2),
]

# People who support contributions, in the order they are picked (never the author).
SUPPORTERS = ["teilnehmerin", "verein", "lena", "mehmet", "rania", "oksana", "grace", "juergen",
              "fatima", "sabine"]

NETWORK = {
    "name": "Netzwerk Sprache und Bildung",
    "description": (
        "Kursträger, Migrantenorganisationen und das Amt für Migration und Integration "
        "stimmen Sprach- und Bildungsangebote im Landkreis ab."
    ),
    # indexes into data.ORGANISATIONS, and people by the local part of their e-mail
    "organisations": [0, 2],
    "users": ["moderation"],
}

# Dates are days relative to the day the demo is loaded, so the open round is always open.
ROUNDS = {
    "closed": {
        "title": "Online-Beteiligung Frühjahr: Ideen für das Integrationskonzept",
        "kind": "online",
        "opens_in_days": -120,
        "closes_in_days": -60,
        "audience": "all",
        "topics": "all",
        "accepted_kinds": ["goal", "measure", "municipal_idea", "best_practice"],
        "publish_immediately": True,
        "description": (
            "In der ersten Online-Phase haben wir Ideen für Ziele und Maßnahmen in allen "
            "Handlungsfeldern und Querschnittsthemen gesammelt.\n\n"
            "Die Beteiligung ist abgeschlossen. Das Amt für Migration und Integration wertet "
            "die Beiträge aus; bei jedem Beitrag steht später, was aus ihm geworden ist."
        ),
    },
    "open": {
        "title": "Online-Beteiligung: Ziele und Maßnahmen",
        "kind": "online",
        "opens_in_days": -7,
        "closes_in_days": 30,
        "audience": "all",
        "topics": "all",
        "accepted_kinds": ["goal", "measure", "municipal_idea", "best_practice"],
        "publish_immediately": True,
        "description": (
            "Was soll der Landkreis in den nächsten Jahren erreichen, und was hilft dabei? "
            "Schlagen Sie Ziele und Maßnahmen vor, kommentieren Sie die Ideen anderer und "
            "unterstützen Sie, was Ihnen wichtig ist.\n\n"
            "- Jeder Beitrag gehört zu einem Handlungsfeld oder Querschnittsthema.\n"
            "- Sie können auf Deutsch, Englisch oder in Ihrer Sprache schreiben.\n"
            "- Bitte nennen Sie keine Namen oder Adressen von anderen Personen."
        ),
    },
    "network": {
        "title": "Netzwerkrunde Sprache und Bildung: Maßnahmen schärfen",
        "kind": "network",
        "opens_in_days": -3,
        "closes_in_days": 25,
        "audience": "invited",
        "topics": ["sprache", "bildung"],
        "accepted_kinds": ["measure", "best_practice"],
        "publish_immediately": False,
        "network": True,
        "description": (
            "Die Mitglieder des Netzwerks Sprache und Bildung machen aus den Ideen der "
            "Online-Beteiligung konkrete Maßnahmen: Wer macht was, mit wem, bis wann?"
        ),
    },
}

HIDDEN_PERSONAL_DATA = (
    "Enthielt personenbezogene Daten (Name und Kontakt einer Privatperson). Bitte schreiben "
    "Sie den Beitrag ohne Namen noch einmal, dann bleibt er sichtbar."
)

# Contributions. Keys: key (for comments and flags), round (a key of ROUNDS), topic (slug),
# kind, author, title, body (Markdown); optional: language (default "de"), themes
# (cross-cutting slugs as a second axis), on_behalf (of the author's organisation),
# status (default "published"), hidden_reason, supports (how many people support it).
CONTRIBUTIONS = [
    # --- Sprache ---------------------------------------------------------------------------
    {"key": "alltagsdeutsch", "round": "closed", "topic": "sprache", "kind": "goal",
     "author": "teilnehmerin", "supports": 3,
     "title": "Nach zwei Jahren im Alltag auf Deutsch zurechtkommen",
     "body": "Wer hier lebt, soll beim Arzt, beim Elternabend und beim Einkaufen ohne Hilfe "
             "zurechtkommen. Das Ziel sollte man messen können, zum Beispiel an der Zahl der "
             "bestandenen B1-Prüfungen im Landkreis."},
    {"key": "kinderbetreuung", "round": "closed", "topic": "sprache", "kind": "measure",
     "author": "fatima", "themes": ["ehrenamt"], "supports": 7,
     "title": "Sprachkurse mit Kinderbetreuung",
     "body": "Viele Mütter können nicht in den Kurs, weil niemand auf die Kinder aufpasst. "
             "Mein Vorschlag:\n\n"
             "- Kinderbetreuung direkt im Kursgebäude\n"
             "- Kurszeiten am Vormittag, solange Kita und Schule offen sind\n"
             "- Ehrenamtliche Betreuerinnen bekommen eine kleine Aufwandsentschädigung"},
    {"key": "abendkurse", "round": "closed", "topic": "sprache", "kind": "measure",
     "author": "oksana", "supports": 2,
     "title": "Deutschkurs am Abend für Menschen mit Arbeit",
     "body": "Ich arbeite am Tag in einer Küche. Die Kurse sind immer am Morgen. Bitte auch "
             "Kurs am Abend oder am Samstag, dann kann ich weiter lernen."},
    {"key": "samstagskurse", "round": "closed", "topic": "sprache", "kind": "measure",
     "author": "fatima", "status": "withdrawn",
     "title": "Sprachkurse auch am Wochenende",
     "body": "Kurse auch samstags anbieten, für alle, die unter der Woche arbeiten."},
    {"key": "sprachcafe", "round": "closed", "topic": "sprache", "kind": "municipal_idea",
     "author": "juergen", "themes": ["kommunen"], "supports": 1,
     "title": "Sprachcafé im Rathaus",
     "body": "Einmal pro Woche öffnet das Foyer des Rathauses für ein Sprachcafé. "
             "Ehrenamtliche und Neuangekommene unterhalten sich bei Kaffee über Alltagsthemen. "
             "Das kostet fast nichts und bringt Verwaltung und Bürgerschaft zusammen."},
    {"key": "lernpaten", "round": "closed", "topic": "sprache", "kind": "best_practice",
     "author": "sabine", "on_behalf": True, "supports": 1,
     "title": "Lernpatenschaften nach dem Integrationskurs",
     "body": "Nach dem Integrationskurs reißt der Kontakt zur Sprache oft ab. Bei uns treffen "
             "sich Absolventinnen und Absolventen ein halbes Jahr lang jede Woche mit einer "
             "Lernpatin oder einem Lernpaten. Seitdem brechen deutlich weniger Menschen die "
             "Folgekurse ab."},
    {"key": "kursberatung", "round": "closed", "topic": "sprache", "kind": "goal",
     "author": "grace", "language": "en", "supports": 1,
     "title": "Clear advice on which language course fits me",
     "body": "When I arrived I did not understand the difference between an integration "
             "course, a job-related language course and the evening classes of the adult "
             "education centre. The concept should aim for one place where everyone can find "
             "out which course fits their situation."},
    {"key": "frauenkurse", "round": "closed", "topic": "sprache", "kind": "measure",
     "author": "rania", "language": "ar", "supports": 1,
     "title": "دورات لغة ألمانية للنساء فقط",
     "body": "كثير من النساء لا يذهبن إلى دورات اللغة المختلطة. نقترح دورات لتعلم اللغة "
             "الألمانية للنساء فقط، مع معلمة، وفي مكان قريب من السكن."},
    {"key": "childcare-en", "round": "closed", "topic": "sprache", "kind": "measure",
     "author": "grace", "language": "en", "status": "withdrawn",
     "title": "Childcare during courses",
     "body": "Courses need childcare, otherwise mothers cannot attend. (Withdrawn: Fatima's "
             "proposal says the same and says it better.)"},

    # --- Arbeit ----------------------------------------------------------------------------
    {"key": "anerkennung", "round": "closed", "topic": "arbeit", "kind": "goal",
     "author": "mehmet", "supports": 6,
     "title": "Schnellere Anerkennung ausländischer Abschlüsse",
     "body": "Ich bin Elektriker mit einem Abschluss aus der Türkei und warte seit vierzehn "
             "Monaten auf die Anerkennung. Ziel: Das Verfahren dauert höchstens sechs Monate, "
             "und man erfährt unterwegs, welche Unterlagen noch fehlen."},
    {"key": "anerkennungslotse", "round": "closed", "topic": "arbeit", "kind": "measure",
     "author": "sabine", "themes": ["interkulturelle-oeffnung"], "supports": 3,
     "title": "Eine Lotsenstelle für die Anerkennung im Landratsamt",
     "body": "Eine feste Anlaufstelle, die\n\n"
             "1. prüft, welche Unterlagen gebraucht werden,\n"
             "2. beim Übersetzen und Beglaubigen hilft,\n"
             "3. Anpassungsqualifizierungen vermittelt, wenn nur ein Teil anerkannt wird."},
    {"key": "mentoring", "round": "closed", "topic": "arbeit", "kind": "measure",
     "author": "lena", "themes": ["ehrenamt"], "supports": 4,
     "title": "Mentoring für Auszubildende mit Fluchtgeschichte",
     "body": "Azubis mit Fluchtgeschichte brechen die Ausbildung oft im ersten Jahr ab – "
             "selten wegen der Arbeit im Betrieb, meistens wegen der Berufsschule. Mentorinnen "
             "und Mentoren im Ruhestand könnten einmal pro Woche beim Lernstoff helfen und "
             "vermitteln, wenn es im Betrieb hakt."},
    {"key": "praktikumsboerse", "round": "closed", "topic": "arbeit", "kind": "municipal_idea",
     "author": "juergen", "themes": ["kommunen"], "supports": 1,
     "title": "Praktikumsbörse der örtlichen Betriebe",
     "body": "Die Gemeinde kennt ihre Betriebe. Eine einfache Liste, welche Firma "
             "Praktikumsplätze anbietet, hilft Neuangekommenen beim ersten Schritt. Der "
             "Gewerbeverein könnte sie pflegen."},
    {"key": "bewerbungstraining", "round": "closed", "topic": "arbeit", "kind": "best_practice",
     "author": "verein", "on_behalf": True, "supports": 2,
     "title": "Bewerbungstraining im Vereinsheim",
     "body": "Jeden zweiten Samstag üben wir mit jungen Leuten Vorstellungsgespräche, auf "
             "Deutsch und zur Not mit Übersetzung. Zwei Personalerinnen aus Singen helfen "
             "ehrenamtlich mit. Im letzten Jahr haben elf Teilnehmende eine Ausbildung "
             "begonnen."},
    {"key": "skills", "round": "closed", "topic": "arbeit", "kind": "goal",
     "author": "grace", "language": "en", "themes": ["antidiskriminierung"], "supports": 2,
     "title": "Work that matches people's skills",
     "body": "Many people with a university degree end up cleaning offices or working in "
             "warehouses because nobody asks what they can do. A goal should be that qualified "
             "people work in their field within a few years, even if they need extra training "
             "first."},
    {"key": "jobcenter", "round": "closed", "topic": "arbeit", "kind": "measure",
     "author": "oksana", "themes": ["interkulturelle-oeffnung"], "supports": 1,
     "title": "Termine im Jobcenter mit Dolmetscher",
     "body": "Beim Jobcenter verstehe ich nicht alles. Die Briefe sind sehr schwer. Ich "
             "wünsche mir: Termin mit Dolmetscher für Ukrainisch, und Briefe mit einer kurzen "
             "Erklärung in einfacher Sprache."},
    {"key": "pflege", "round": "closed", "topic": "arbeit", "kind": "measure",
     "author": "mehmet", "supports": 2,
     "title": "Berufssprachkurs für die Pflege",
     "body": "In der Pflege werden dringend Leute gesucht. Ein Sprachkurs mit dem Wortschatz "
             "der Pflege, zusammen mit einem Praktikum im Pflegeheim, würde zwei Probleme auf "
             "einmal lösen."},

    # --- Bildung ---------------------------------------------------------------------------
    {"key": "uebergang", "round": "closed", "topic": "bildung", "kind": "goal",
     "author": "teilnehmerin", "themes": ["antidiskriminierung"], "supports": 1,
     "title": "Gleiche Chancen beim Wechsel auf die weiterführende Schule",
     "body": "Kinder aus zugewanderten Familien bekommen seltener eine Empfehlung fürs "
             "Gymnasium, auch wenn die Noten passen. Ziel: Die Übergänge gleichen sich an, und "
             "die Eltern verstehen das Schulsystem, bevor die Entscheidung fällt."},
    {"key": "elternabend", "round": "closed", "topic": "bildung", "kind": "measure",
     "author": "rania", "supports": 3,
     "title": "Elternabend mit Übersetzung",
     "body": "Viele Eltern kommen nicht zum Elternabend, weil sie Angst haben, nichts zu "
             "verstehen. Die Schule kann Eltern mit gleicher Sprache zusammen setzen, und ein "
             "Elternmentor übersetzt. In der Schule von meinem Sohn hat das gut funktioniert."},
    {"key": "hausaufgaben", "round": "closed", "topic": "bildung", "kind": "measure",
     "author": "lena", "themes": ["ehrenamt"], "supports": 1,
     "title": "Lernraum und Hausaufgabenhilfe in den Unterkünften",
     "body": "In den Gemeinschaftsunterkünften gibt es keinen ruhigen Platz zum Lernen. Ein "
             "Raum mit Tischen, WLAN und zwei festen Nachmittagen Hausaufgabenhilfe pro Woche "
             "würde viel bewirken."},
    {"key": "kitaplaetze", "round": "closed", "topic": "bildung", "kind": "municipal_idea",
     "author": "fatima", "themes": ["kommunen"], "supports": 2,
     "title": "Kita-Plätze für Familien im Sprachkurs",
     "body": "Die Gemeinden sollten bei der Vergabe von Kita-Plätzen berücksichtigen, wenn "
             "ein Elternteil einen Sprachkurs besucht. Sonst beißt sich die Katze in den "
             "Schwanz: kein Kurs ohne Kita, keine Kita ohne Arbeit."},
    {"key": "brueckenklasse", "round": "closed", "topic": "bildung", "kind": "best_practice",
     "author": "sabine", "supports": 1,
     "title": "Eine Brückenklasse an der Berufsschule",
     "body": "An einer Berufsschule im Landkreis lernen Jugendliche ohne ausreichende "
             "Deutschkenntnisse ein Jahr lang Deutsch und Fachsprache, bevor sie in eine "
             "Ausbildung wechseln. Was sich bewährt hat: kleine Gruppen und eine "
             "Sozialarbeiterin im Team."},
    {"key": "beyond-b1", "round": "closed", "topic": "bildung", "kind": "goal",
     "author": "grace", "language": "en", "supports": 1,
     "title": "Adult education should not stop at B1",
     "body": "Many jobs require B2 or C1. At the moment the funded courses end after the "
             "integration course, and people are left on their own. The concept should aim "
             "for affordable advanced courses for everyone who needs them."},

    # --- Wohnen ----------------------------------------------------------------------------
    {"key": "eigene-wohnung", "round": "closed", "topic": "wohnen", "kind": "goal",
     "author": "mehmet", "supports": 4,
     "title": "Innerhalb eines Jahres raus aus der Gemeinschaftsunterkunft",
     "body": "Wer bleiben darf, soll nicht jahrelang in der Unterkunft wohnen müssen. Ziel: "
             "Die meisten Menschen mit Anerkennung finden innerhalb eines Jahres eine eigene "
             "Wohnung."},
    {"key": "wohnungslotsen", "round": "closed", "topic": "wohnen", "kind": "measure",
     "author": "lena", "themes": ["ehrenamt"], "supports": 6,
     "title": "Wohnungslotsen und eine Mietausfallgarantie",
     "body": "Vermieterinnen und Vermieter haben oft Sorge vor Ärger. Deshalb:\n\n"
             "- Ehrenamtliche Wohnungslotsen begleiten die Suche und die ersten Monate\n"
             "- Der Landkreis übernimmt für zwei Jahre eine Garantie bei Mietausfall\n"
             "- Vermieter haben eine Telefonnummer, wenn es Probleme gibt"},
    {"key": "leerstand", "round": "closed", "topic": "wohnen", "kind": "municipal_idea",
     "author": "juergen", "themes": ["kommunen"], "supports": 1,
     "title": "Leere Wohnungen finden und Eigentümer ansprechen",
     "body": "In vielen Dörfern stehen Einliegerwohnungen leer. Die Gemeinde kann die "
             "Eigentümer gezielt anschreiben und erklären, welche Unterstützung es gibt."},
    {"key": "mietfuehrerschein", "round": "closed", "topic": "wohnen", "kind": "best_practice",
     "author": "teilnehmerin", "supports": 2,
     "title": "Der Mietführerschein",
     "body": "Ein Kurs an zwei Abenden: Mietvertrag, Nebenkosten, Mülltrennung, richtig "
             "lüften, Hausordnung. Wer teilgenommen hat, bekommt eine Bescheinigung. "
             "Vermieter haben uns gesagt, dass ihnen das Vertrauen gibt."},
    {"key": "anzeigen", "round": "closed", "topic": "wohnen", "kind": "measure",
     "author": "oksana", "supports": 1,
     "title": "Wohnungsanzeigen verstehen",
     "body": "Ich suche seit acht Monaten eine Wohnung. Viele Wörter in den Anzeigen verstehe "
             "ich nicht: Kaltmiete, Kaution, WBS. Eine kleine Liste mit Erklärung in vielen "
             "Sprachen wäre gut."},
    {"key": "housing-discrimination", "round": "closed", "topic": "wohnen", "kind": "goal",
     "author": "grace", "language": "en", "themes": ["antidiskriminierung"], "supports": 3,
     "title": "No discrimination when looking for a flat",
     "body": "Friends with German-sounding names get invited to viewings, I get no answer. "
             "The county cannot force landlords, but it can set the goal that discrimination "
             "in the housing market is documented and that people know where to report it."},

    # --- Gesundheit ------------------------------------------------------------------------
    {"key": "dolmetschen", "round": "closed", "topic": "gesundheit", "kind": "measure",
     "author": "rania", "themes": ["interkulturelle-oeffnung"], "supports": 7,
     "title": "Dolmetscherpool für Arztpraxen",
     "body": "Beim Arzt übersetzen oft die Kinder. Das ist nicht gut für die Kinder und "
             "nicht gut für die Patientin. Wir brauchen einen Pool von geschulten "
             "Dolmetscherinnen, die auch am Telefon oder per Video helfen, und die Kosten "
             "soll nicht die Patientin tragen."},
    {"key": "therapie", "round": "closed", "topic": "gesundheit", "kind": "goal",
     "author": "fatima", "supports": 3,
     "title": "Schnelle Hilfe nach Krieg und Flucht",
     "body": "Menschen mit Kriegs- und Fluchterfahrung warten monatelang auf einen "
             "Therapieplatz. Ziel: ein erstes Gespräch innerhalb von vier Wochen, in der "
             "eigenen Sprache oder mit Dolmetschung."},
    {"key": "frauencafe", "round": "closed", "topic": "gesundheit", "kind": "best_practice",
     "author": "verein", "on_behalf": True, "supports": 1,
     "title": "Gesundheitsabende im Frauencafé",
     "body": "Einmal im Monat kommt eine Hebamme oder eine Ärztin in unser Frauencafé und "
             "beantwortet Fragen in ruhiger Runde. Wir übersetzen ins Arabische. Die Frauen "
             "fragen hier Dinge, die sie in der Praxis nie fragen würden."},
    {"key": "notfallkarte", "round": "closed", "topic": "gesundheit", "kind": "municipal_idea",
     "author": "lena", "supports": 1,
     "title": "Eine mehrsprachige Notfallkarte",
     "body": "Eine Karte für den Geldbeutel: Notrufnummern, die nächste Notaufnahme, der "
             "ärztliche Bereitschaftsdienst und ein paar wichtige Sätze auf Deutsch. Die "
             "Gemeinden könnten sie bei der Anmeldung mitgeben."},
    {"key": "health-system", "round": "closed", "topic": "gesundheit", "kind": "measure",
     "author": "grace", "language": "en", "supports": 1,
     "title": "Explain the health system in the first weeks",
     "body": "A short session in several languages: how to find a family doctor, what the "
             "health insurance card covers, when to go to the emergency room and when not. "
             "Many people go to the hospital for small things simply because they know no "
             "other way."},
    {"key": "altenpflege", "round": "closed", "topic": "gesundheit", "kind": "goal",
     "author": "mehmet", "language": "tr", "themes": ["interkulturelle-oeffnung"],
     "supports": 1,
     "title": "Yaşlı göçmenler için kültüre duyarlı bakım",
     "body": "İlk kuşak göçmenler yaşlanıyor. Bakım hizmetleri çoğu zaman onların dilini ve "
             "alışkanlıklarını bilmiyor. Hedef: Bakım kurumları ve bakım danışma merkezleri "
             "Türkçe ve başka dillerde de bilgi vermeli, personel kültürel farklılıklar "
             "konusunda eğitim almalı."},

    # --- Kultur und Freizeit ---------------------------------------------------------------
    {"key": "sportverein", "round": "closed", "topic": "kultur-und-freizeit", "kind": "measure",
     "author": "fatima", "themes": ["ehrenamt"], "supports": 4,
     "title": "Sportvereine öffnen: das erste Vereinsjahr bezahlen",
     "body": "Der Mitgliedsbeitrag ist oft die erste Hürde. Ein Fonds, der Kindern und "
             "Jugendlichen das erste Jahr im Verein bezahlt, und in jedem Verein eine Person, "
             "die neue Mitglieder begleitet."},
    {"key": "dorffest", "round": "closed", "topic": "kultur-und-freizeit",
     "kind": "best_practice", "author": "juergen", "themes": ["kommunen"], "supports": 2,
     "title": "Ein Stand der Nachbarn beim Dorffest",
     "body": "Bei unserem Dorffest gibt es seit zwei Jahren einen Stand, an dem Familien aus "
             "der Unterkunft kochen. Er war beide Male als erster leer gegessen, und aus den "
             "Gesprächen am Tisch sind zwei Patenschaften entstanden."},
    {"key": "bibliothek", "round": "closed", "topic": "kultur-und-freizeit",
     "kind": "municipal_idea", "author": "teilnehmerin", "supports": 1,
     "title": "Bibliotheksausweis zur Begrüßung",
     "body": "Die Bücherei ist ein ruhiger, warmer Ort mit WLAN und Büchern in vielen "
             "Sprachen. Ein kostenloser Ausweis bei der Anmeldung in der Gemeinde wäre ein "
             "kleines Willkommen."},
    {"key": "kulturvereine", "round": "closed", "topic": "kultur-und-freizeit", "kind": "goal",
     "author": "mehmet", "themes": ["beteiligung"], "supports": 1,
     "title": "Die Kultur der Zugewanderten sichtbar machen",
     "body": "Die Kulturen der Zugewanderten gehören zum Landkreis. Ziel: Kulturvereine von "
             "Migrantinnen und Migranten haben Zugang zu Räumen, zu Fördergeld und zu den "
             "großen Festen der Region."},
    {"key": "schwimmen", "round": "closed", "topic": "kultur-und-freizeit", "kind": "measure",
     "author": "oksana", "supports": 3,
     "title": "Schwimmkurse für Kinder und für Frauen",
     "body": "Viele Kinder aus unseren Familien können nicht schwimmen. Am Bodensee ist das "
             "gefährlich! Bitte mehr Schwimmkurse, auch Kurse nur für Frauen."},
    {"key": "garden", "round": "closed", "topic": "kultur-und-freizeit", "kind": "best_practice",
     "author": "grace", "language": "en", "supports": 1,
     "title": "An intercultural garden",
     "body": "In our neighbourhood garden, twelve families from six countries share the "
             "beds. Nobody needs good German to plant tomatoes, and after one season people "
             "talk to each other anyway. Every bigger town could have one."},
    {"key": "fahrradwerkstatt", "round": "closed", "topic": "kultur-und-freizeit",
     "kind": "best_practice", "author": "lena", "supports": 1,
     "title": "Fahrradwerkstatt zum Mitschrauben",
     "body": "Samstags reparieren wir in einer Garage gespendete Fahrräder. Wer ein Rad "
             "braucht, schraubt mit und nimmt es danach mit. Mobil sein heißt: Arbeit, Kurs "
             "und Verein erreichen."},

    # --- Beteiligung -----------------------------------------------------------------------
    {"key": "beirat", "round": "closed", "topic": "beteiligung", "kind": "goal",
     "author": "verein", "on_behalf": True, "supports": 6,
     "title": "Ein Integrationsbeirat für den Landkreis",
     "body": "Migrantenorganisationen sollen nicht nur zum Sommerfest eingeladen werden. "
             "Ziel: ein Beirat, der den Kreistag in allen Fragen berät, die Zugewanderte "
             "betreffen, mit Rederecht im Sozialausschuss."},
    {"key": "sitzungszeiten", "round": "closed", "topic": "beteiligung", "kind": "measure",
     "author": "mehmet", "themes": ["ehrenamt"], "supports": 1,
     "title": "Sitzungen am Abend und eine kleine Entschädigung",
     "body": "Wer ehrenamtlich eine Organisation vertritt, macht das nach der Arbeit. "
             "Sitzungen am Nachmittag und keine Fahrtkosten – so bleiben immer dieselben drei "
             "Leute übrig. Vorschlag: Sitzungen ab 18 Uhr und eine Aufwandsentschädigung."},
    {"key": "migrantenrat", "round": "closed", "topic": "beteiligung", "kind": "municipal_idea",
     "author": "juergen", "themes": ["kommunen"], "supports": 1,
     "title": "Migrantenräte in größeren Gemeinden",
     "body": "Ab einer gewissen Größe könnte jede Gemeinde einen Migrantenrat einrichten oder "
             "eine feste Sprechstunde beim Bürgermeister anbieten. Kleine Gemeinden können "
             "sich zusammentun."},
    {"key": "muttersprache", "round": "closed", "topic": "beteiligung", "kind": "best_practice",
     "author": "rania", "supports": 2,
     "title": "Umfrage in mehreren Sprachen",
     "body": "Bei einer Befragung in unserer Stadt gab es die Fragen auch auf Arabisch, Farsi "
             "und Ukrainisch. Auf einmal haben viel mehr Menschen mitgemacht. Das wäre auch "
             "für dieses Konzept gut."},
    {"key": "rueckmeldung", "round": "closed", "topic": "beteiligung", "kind": "goal",
     "author": "grace", "language": "en", "supports": 4,
     "title": "Tell us what happened to our ideas",
     "body": "People stop taking part if they never hear back. The goal should be that every "
             "contribution gets an answer: taken up, merged with another one, or not taken up "
             "and why."},
    {"key": "umfrage", "round": "closed", "topic": "beteiligung", "kind": "measure",
     "author": "teilnehmerin", "status": "withdrawn",
     "title": "Jährliche Umfrage in den Unterkünften",
     "body": "Jedes Jahr eine kurze Umfrage in allen Unterkünften: Was läuft gut, was nicht?"},

    # --- Ehrenamt --------------------------------------------------------------------------
    {"key": "fortbildung", "round": "closed", "topic": "ehrenamt", "kind": "measure",
     "author": "lena", "supports": 4,
     "title": "Eine Fortbildungsreihe für Ehrenamtliche",
     "body": "Themen, die wir immer wieder brauchen:\n\n"
             "- Asyl- und Aufenthaltsrecht in den Grundzügen\n"
             "- Umgang mit Trauma und mit den eigenen Grenzen\n"
             "- Wohin verweise ich, wenn ich nicht weiterkomme?\n\n"
             "Am besten abends, abwechselnd in Konstanz, Singen und Radolfzell."},
    {"key": "ansprechperson-ehrenamt", "round": "closed", "topic": "ehrenamt", "kind": "goal",
     "author": "fatima", "supports": 3,
     "title": "Ehrenamtliche nicht allein lassen",
     "body": "Viele Helferkreise sind müde. Ziel: Jeder Helferkreis hat eine hauptamtliche "
             "Ansprechperson, die er kennt und die zurückruft."},
    {"key": "zugewanderte-helfen", "round": "closed", "topic": "ehrenamt",
     "kind": "best_practice", "author": "verein", "themes": ["beteiligung"], "supports": 2,
     "title": "Wer Hilfe bekommen hat, hilft heute selbst",
     "body": "In unserem Verein sind inzwischen zwanzig Menschen, die selbst einmal Hilfe "
             "bekommen haben, als Übersetzerinnen und Begleiter aktiv. Wir haben sie einfach "
             "gefragt. Bitte bei der Förderung des Ehrenamts auch an uns denken – nicht nur "
             "als Empfänger von Hilfe."},
    {"key": "ehrenamtskarte", "round": "closed", "topic": "ehrenamt", "kind": "municipal_idea",
     "author": "juergen", "themes": ["kommunen"], "supports": 1,
     "title": "Ehrenamtskarte mit freiem Eintritt",
     "body": "Eine Karte, mit der Engagierte freien Eintritt ins Hallenbad und ins Museum der "
             "Gemeinde bekommen. Das kostet wenig und zeigt Wertschätzung."},
    {"key": "koordination", "round": "closed", "topic": "ehrenamt", "kind": "measure",
     "author": "sabine", "supports": 1,
     "title": "Koordination des Ehrenamts bezahlen",
     "body": "Eine halbe Stelle für die Koordination pro Raumschaft würde die Helferkreise bei "
             "Versicherung, Fortbildung und Vermittlung entlasten. Bisher hängt alles an "
             "einzelnen Personen."},

    # --- Kommunen --------------------------------------------------------------------------
    {"key": "ansprechperson-gemeinde", "round": "closed", "topic": "kommunen", "kind": "goal",
     "author": "juergen", "supports": 4,
     "title": "Eine Ansprechperson für Integration in jeder Gemeinde",
     "body": "Wer in einer kleinen Gemeinde wohnt, weiß oft nicht, an wen er sich wenden "
             "kann. Ziel: In jeder Gemeinde gibt es eine benannte Person für Fragen der "
             "Integration, und der Landkreis bringt diese Personen zusammen."},
    {"key": "jahrestreffen", "round": "closed", "topic": "kommunen", "kind": "measure",
     "author": "sabine", "supports": 1,
     "title": "Ein jährliches Treffen der Integrationsbeauftragten",
     "body": "Einmal im Jahr treffen sich die Integrationsbeauftragten aller Gemeinden mit dem "
             "Amt für Migration und Integration, tauschen sich aus und stellen gute Beispiele "
             "vor."},
    {"key": "geteilte-stelle", "round": "closed", "topic": "kommunen", "kind": "best_practice",
     "author": "lena", "supports": 1,
     "title": "Drei Gemeinden, eine Integrationsmanagerin",
     "body": "Drei kleine Gemeinden in unserer Gegend teilen sich eine Integrationsmanagerin. "
             "Allein hätte sich keine von ihnen die Stelle leisten können."},
    {"key": "willkommensmappe", "round": "closed", "topic": "kommunen", "kind": "municipal_idea",
     "author": "fatima", "themes": ["interkulturelle-oeffnung"], "supports": 3,
     "title": "Willkommensmappe bei der Anmeldung",
     "body": "Beim Einwohnermeldeamt bekommt jede neu zugezogene Familie eine Mappe: "
             "Ansprechpersonen, Kitas, Vereine, Ärztinnen und Ärzte, Sprachkurse – in mehreren "
             "Sprachen und mit einem Ortsplan."},
    {"key": "buergeramt", "round": "closed", "topic": "kommunen", "kind": "measure",
     "author": "mehmet", "status": "hidden", "hidden_reason": HIDDEN_PERSONAL_DATA,
     "title": "Hilfe im Bürgeramt",
     "body": "Wenn es Probleme gibt, einfach Herrn M. aus dem Bürgeramt anrufen, er hilft "
             "immer, privat erreichbar unter 0170 0000000."},

    # --- Interkulturelle Öffnung -----------------------------------------------------------
    {"key": "einfache-sprache", "round": "closed", "topic": "interkulturelle-oeffnung",
     "kind": "goal", "author": "rania", "supports": 6,
     "title": "Briefe vom Amt, die man versteht",
     "body": "Bescheide vom Amt sind für viele Menschen nicht zu verstehen, auch für "
             "Deutsche. Ziel: Wichtige Briefe haben oben eine kurze Zusammenfassung in "
             "einfacher Sprache."},
    {"key": "schulungen", "round": "closed", "topic": "interkulturelle-oeffnung",
     "kind": "measure", "author": "sabine", "themes": ["antidiskriminierung"], "supports": 2,
     "title": "Interkulturelle Schulungen für alle mit Publikumsverkehr",
     "body": "Schulungen für die Beschäftigten im Landratsamt:\n\n"
             "- Kommunikation über kulturelle Unterschiede hinweg\n"
             "- Arbeiten mit Dolmetschenden\n"
             "- Umgang mit Vorurteilen, auch mit den eigenen\n\n"
             "Verpflichtend für neue Mitarbeitende, eine Auffrischung alle drei Jahre."},
    {"key": "multilingual-forms", "round": "closed", "topic": "interkulturelle-oeffnung",
     "kind": "measure", "author": "grace", "language": "en", "supports": 2,
     "title": "Multilingual website and forms",
     "body": "The most visited pages of the district office and the most common forms should "
             "be available in English, Arabic, Ukrainian and Turkish. A machine translation "
             "with a clear note is better than nothing."},
    {"key": "beschilderung", "round": "closed", "topic": "interkulturelle-oeffnung",
     "kind": "municipal_idea", "author": "teilnehmerin", "supports": 1,
     "title": "Schilder im Rathaus, die alle verstehen",
     "body": "Piktogramme und Schilder in mehreren Sprachen, damit man im Rathaus das richtige "
             "Zimmer findet."},
    {"key": "personal", "round": "closed", "topic": "interkulturelle-oeffnung",
     "kind": "best_practice", "author": "juergen", "supports": 3,
     "title": "Auszubildende mit Migrationsgeschichte in der Verwaltung",
     "body": "Unsere Gemeinde hat gezielt junge Leute mit Migrationsgeschichte für eine "
             "Ausbildung in der Verwaltung angesprochen. Heute arbeiten im Bürgerbüro "
             "Kolleginnen, die Türkisch, Russisch und Arabisch sprechen. Es gibt weniger "
             "Missverständnisse, und die Wartezeiten sind kürzer geworden."},

    # --- Antidiskriminierung ---------------------------------------------------------------
    {"key": "beratungsstelle", "round": "closed", "topic": "antidiskriminierung",
     "kind": "measure", "author": "verein", "on_behalf": True, "supports": 7,
     "title": "Eine unabhängige Antidiskriminierungsberatung im Landkreis",
     "body": "Wer Diskriminierung erlebt, bei der Wohnungssuche, am Arbeitsplatz oder auf dem "
             "Amt, weiß oft nicht, wohin. Wir schlagen eine unabhängige Beratungsstelle vor, "
             "die man auch telefonisch und mit Dolmetschung erreicht, mit Sprechstunden in "
             "Singen und Radolfzell."},
    {"key": "faelle-zaehlen", "round": "closed", "topic": "antidiskriminierung", "kind": "goal",
     "author": "teilnehmerin", "supports": 1,
     "title": "Diskriminierung sichtbar machen",
     "body": "Ziel: Der Landkreis erfasst gemeldete Fälle von Diskriminierung und berichtet "
             "jedes Jahr darüber. Was nicht gezählt wird, kommt in der Politik nicht vor."},
    {"key": "schulworkshops", "round": "closed", "topic": "antidiskriminierung",
     "kind": "best_practice", "author": "lena", "supports": 1,
     "title": "Workshops gegen Rassismus in Schulklassen",
     "body": "Jugendliche aus verschiedenen Ländern gehen zu zweit in Schulklassen und "
             "erzählen von ihren Erfahrungen. Die Schülerinnen und Schüler stellen viele "
             "Fragen, und danach wird anders übereinander geredet."},
    {"key": "beschwerdestelle", "round": "closed", "topic": "antidiskriminierung",
     "kind": "municipal_idea", "author": "mehmet", "supports": 1,
     "title": "Beschwerden über Diskriminierung im Rathaus melden",
     "body": "Eine einfache Möglichkeit, Diskriminierung durch Behörden zu melden, auch "
             "anonym. Die Gemeinde antwortet innerhalb eines Monats."},
    {"key": "vermieter", "round": "closed", "topic": "antidiskriminierung", "kind": "measure",
     "author": "oksana", "status": "hidden", "hidden_reason": HIDDEN_PERSONAL_DATA,
     "title": "Vermieter will keine Ausländer",
     "body": "Vermieter Herr K. in der Musterstraße 5 sagt immer, an Ausländer vermietet er "
             "nicht. Man muss etwas gegen solche Leute machen!"},

    # --- the open round --------------------------------------------------------------------
    {"key": "kurswegweiser", "round": "open", "topic": "sprache", "kind": "measure",
     "author": "teilnehmerin", "supports": 1,
     "title": "Ein Wegweiser zu allen Sprachkursen",
     "body": "Eine Karte im Internet mit allen Sprachkursen im Landkreis: Niveau, Uhrzeit, "
             "Kinderbetreuung ja oder nein, freie Plätze. Vieles davon wissen die Kursträger "
             "schon, es muss nur an einem Ort stehen."},
    {"key": "deutsch-im-betrieb", "round": "open", "topic": "sprache", "kind": "measure",
     "author": "mehmet", "supports": 1,
     "title": "Deutsch direkt im Betrieb lernen",
     "body": "Kurze Sprachkurse im Betrieb, eine Stunde vor der Schicht, bezahlt vom "
             "Arbeitgeber. So lernt man die Wörter, die man jeden Tag braucht."},
    {"key": "ausbildungsbetriebe", "round": "open", "topic": "arbeit", "kind": "goal",
     "author": "lena", "supports": 1,
     "title": "Mehr Betriebe, die ausbilden",
     "body": "Ziel: In drei Jahren bilden doppelt so viele Betriebe im Landkreis Jugendliche "
             "mit Fluchtgeschichte aus. Die Handwerkskammer und die IHK sollten mit im Boot "
             "sein."},
    {"key": "lesestunde", "round": "open", "topic": "bildung", "kind": "municipal_idea",
     "author": "rania", "supports": 2,
     "title": "Lesestunde für Mütter und Kinder",
     "body": "In der Gemeindebücherei einmal pro Woche eine Lesestunde, wo Mütter und Kinder "
             "zusammen deutsche Bilderbücher anschauen. Die Kinder lernen schnell, und die "
             "Mütter auch."},
    {"key": "shared-flats", "round": "open", "topic": "wohnen", "kind": "measure",
     "author": "grace", "language": "en", "supports": 1,
     "title": "Shared flats for young people leaving youth care",
     "body": "Young refugees who turn 18 often have to leave youth housing with nowhere to "
             "go. Supervised shared flats for a transition year would give them time to finish "
             "school or training."},
    {"key": "impfberatung", "round": "open", "topic": "gesundheit", "kind": "best_practice",
     "author": "verein", "on_behalf": True, "supports": 1,
     "title": "Gesundheitsinformation in der Muttersprache",
     "body": "Zusammen mit dem Gesundheitsamt haben wir Informationsabende auf Arabisch "
             "gemacht. Es gab viele Fragen, aber danach war die Stimmung ruhiger. So etwas "
             "sollte es für alle Gesundheitsthemen geben."},
    {"key": "musikschule", "round": "open", "topic": "kultur-und-freizeit", "kind": "measure",
     "author": "oksana", "supports": 1,
     "title": "Musikschule für alle Kinder",
     "body": "Meine Tochter hat in Charkiw Klavier gespielt. Hier ist die Musikschule zu "
             "teuer. Vielleicht gibt es eine Ermäßigung für Familien mit wenig Geld?"},
    {"key": "jugendforum", "round": "open", "topic": "beteiligung", "kind": "goal",
     "author": "mehmet", "supports": 1,
     "title": "Junge Zugewanderte reden mit",
     "body": "Nicht nur die Vorstände der Vereine sollen gefragt werden. Ziel: ein "
             "Jugendforum, das einmal im Jahr seine Vorschläge dem Kreistag vorstellt."},
    {"key": "dankeschoen", "round": "open", "topic": "ehrenamt", "kind": "measure",
     "author": "fatima", "supports": 1,
     "title": "Ein Dankeschön-Abend für Ehrenamtliche",
     "body": "Einmal im Jahr ein Abend, an dem der Landrat den Helferkreisen dankt, mit "
             "Essen und Musik. Klingt klein, aber es motiviert."},
    {"key": "buergermeister", "round": "open", "topic": "kommunen", "kind": "municipal_idea",
     "author": "juergen", "supports": 1,
     "title": "Bürgermeister lernen voneinander",
     "body": "Bürgermeisterinnen und Bürgermeister aus Gemeinden mit guten Erfahrungen "
             "erzählen den anderen, was funktioniert hat, zum Beispiel bei der Suche nach "
             "Wohnungen."},
    {"key": "videodolmetschen", "round": "open", "topic": "interkulturelle-oeffnung",
     "kind": "measure", "author": "sabine", "supports": 1,
     "title": "Dolmetschen per Video im Landratsamt",
     "body": "Für seltene Sprachen findet sich nicht immer jemand vor Ort. Ein "
             "Videodolmetschdienst, den alle Abteilungen buchen können, wäre schnell "
             "eingeführt."},
    {"key": "know-your-rights", "round": "open", "topic": "antidiskriminierung", "kind": "goal",
     "author": "grace", "language": "en", "supports": 1,
     "title": "Everyone knows their rights",
     "body": "The goal: every newcomer hears in the first months what discrimination is, "
             "that it is against the law, and where to get help. Most people I know had no "
             "idea that such a law exists."},

    # --- the network round (invited) -------------------------------------------------------
    {"key": "kursplaetze", "round": "network", "topic": "sprache", "kind": "measure",
     "author": "sabine", "on_behalf": True, "supports": 1,
     "title": "Freie Kursplätze gemeinsam planen",
     "body": "Die Kursträger melden dem Amt einmal im Monat ihre freien Plätze und "
             "Wartelisten. So sehen wir gemeinsam, wo Kurse fehlen, und können Wartezeiten "
             "verkürzen."},
    {"key": "elternmentorinnen", "round": "network", "topic": "bildung", "kind": "measure",
     "author": "verein", "on_behalf": True, "supports": 1,
     "title": "Elternmentorinnen ausbilden",
     "body": "Unser Verein würde zehn Elternmentorinnen stellen, die Familien bei "
             "Elterngesprächen und Schulanmeldungen begleiten. Dafür bräuchten wir eine "
             "Schulung und eine kleine Aufwandsentschädigung."},
    {"key": "kita-eltern", "round": "network", "topic": "bildung", "kind": "best_practice",
     "author": "sabine", "on_behalf": True, "status": "pending",
     "title": "Sprachförderung in der Kita gemeinsam mit den Eltern",
     "body": "Kitas, in denen Eltern einmal pro Woche mit in die Sprachförderung kommen, "
             "berichten von schnelleren Fortschritten der Kinder – und die Eltern lernen mit."},
]

HIDDEN_COMMENT_REASON = (
    "Enthielt personenbezogene Daten (Telefonnummer einer Privatperson)."
)

# Comments. Keys: key, on (key of a contribution), parent (key of a comment or None),
# author, body; optional hidden_reason (the comment is hidden by the moderation).
COMMENTS = [
    {"key": "k1", "on": "kinderbetreuung", "parent": None, "author": "teilnehmerin",
     "body": "Genau das! Ich musste meinen ersten Kurs abbrechen, weil meine Tochter keinen "
             "Kita-Platz hatte."},
    {"key": "k2", "on": "kinderbetreuung", "parent": "k1", "author": "fatima",
     "body": "Das hören wir im Frauencafé ständig. Hast du später einen Kurs mit Betreuung "
             "gefunden?"},
    {"key": "k3", "on": "kinderbetreuung", "parent": "k2", "author": "teilnehmerin",
     "body": "Ja, ein Jahr später beim Bildungswerk. Aber ein Jahr ist viel Zeit."},
    {"key": "k4", "on": "kinderbetreuung", "parent": None, "author": "sabine",
     "body": "Wir bieten das an zwei Standorten an. Das Problem ist weniger das Geld als "
             "passende Räume und Betreuungspersonen. Vielleicht können die Gemeinden Räume "
             "stellen?"},
    {"key": "k5", "on": "kinderbetreuung", "parent": "k4", "author": "juergen",
     "body": "Bei uns stehen vormittags die Räume des Jugendhauses leer. Ich nehme das mit in "
             "die nächste Gemeinderatssitzung."},
    {"key": "k6", "on": "kinderbetreuung", "parent": None, "author": "moderation",
     "body": "Danke für die vielen Rückmeldungen! Die Hinweise zu Räumen nehmen wir in die "
             "Auswertung des Handlungsfelds Sprache mit."},
    {"key": "a1", "on": "anerkennung", "parent": None, "author": "oksana",
     "body": "Bei mir ist es genauso. Ich bin Lehrerin, aber seit einem Jahr höre ich nichts."},
    {"key": "a2", "on": "anerkennung", "parent": None, "author": "sabine",
     "body": "Ein Tipp: Manche Stellen erkennen Teile schon an, bevor alle Unterlagen da sind. "
             "Fragen Sie nach einem Teilbescheid."},
    {"key": "a3", "on": "anerkennung", "parent": "a2", "author": "mehmet",
     "body": "Danke, das wusste ich nicht. Wo fragt man danach?"},
    {"key": "a4", "on": "anerkennung", "parent": "a3", "author": "moderation",
     "body": "Welche Stelle zuständig ist, hängt vom Beruf ab. Die Anerkennungsberatung im "
             "Landratsamt hilft beim Herausfinden – die Sprechzeiten stehen auf der Seite des "
             "Amts für Migration und Integration."},
    {"key": "m1", "on": "mentoring", "parent": None, "author": "juergen",
     "body": "Als ehemaliger Ausbildungsleiter würde ich mich sofort melden. Gibt es schon "
             "eine Stelle, die Mentoren vermittelt?"},
    {"key": "m2", "on": "mentoring", "parent": "m1", "author": "lena",
     "body": "Noch nicht im ganzen Landkreis. Deshalb ja der Vorschlag :-)"},
    {"key": "m3", "on": "mentoring", "parent": None, "author": "grace",
     "body": "In my experience the vocational school is the hardest part. A mentor who knows "
             "the technical vocabulary is worth a lot."},
    {"key": "d1", "on": "dolmetschen", "parent": None, "author": "lena",
     "body": "Sehr wichtig. Ich habe erlebt, dass ein zwölfjähriger Junge seiner Mutter eine "
             "schwere Diagnose übersetzen musste."},
    {"key": "d2", "on": "dolmetschen", "parent": "d1", "author": "rania",
     "body": "Ja, genau das meine ich. Die Kinder tragen das dann allein."},
    {"key": "d3", "on": "dolmetschen", "parent": None, "author": "mehmet",
     "body": "Wer bezahlt die Dolmetscher? Die Krankenkasse zahlt das doch nicht, oder?"},
    {"key": "d4", "on": "dolmetschen", "parent": "d3", "author": "moderation",
     "body": "Das ist tatsächlich eine offene Frage: Die Kassen übernehmen die Kosten bisher "
             "in der Regel nicht. Wir nehmen die Finanzierung als Prüfauftrag in die Auswertung "
             "mit."},
    {"key": "d5", "on": "dolmetschen", "parent": "d4", "author": "mehmet",
     "body": "Danke für die ehrliche Antwort."},
    {"key": "w1", "on": "wohnungslotsen", "parent": None, "author": "juergen",
     "body": "Die Garantie bei Mietausfall halte ich für den wichtigsten Punkt. Das überzeugt "
             "Vermieter mehr als jede Broschüre."},
    {"key": "w2", "on": "wohnungslotsen", "parent": None, "author": "oksana",
     "body": "Ich hätte gern einen Wohnungslotsen. Allein ist es sehr schwer."},
    {"key": "w3", "on": "wohnungslotsen", "parent": "w2", "author": "lena",
     "body": "Melden Sie sich gern beim Freundeskreis Asyl am Untersee, zwei unserer "
             "Lotsinnen haben noch Zeit."},
    {"key": "w4", "on": "wohnungslotsen", "parent": "w2", "author": "fatima",
     "hidden_reason": HIDDEN_COMMENT_REASON,
     "body": "Ruf einfach Frau S. an, 0170 0000001, die kennt jeden Vermieter im Ort."},
    {"key": "b1", "on": "beirat", "parent": None, "author": "teilnehmerin",
     "body": "Wichtig ist, dass im Beirat nicht nur Vereinsvorsitzende sitzen, sondern auch "
             "Frauen und junge Leute."},
    {"key": "b2", "on": "beirat", "parent": "b1", "author": "verein",
     "body": "Da hast du recht. Wir könnten eine Quote vorschlagen."},
    {"key": "b3", "on": "beirat", "parent": "b2", "author": "mehmet",
     "body": "Eine Quote ja, aber so, dass die Plätze auch wirklich besetzt werden können."},
    {"key": "b4", "on": "beirat", "parent": None, "author": "grace",
     "body": "Would the council be open to people without German citizenship? For many of us "
             "that is the whole point."},
    {"key": "b5", "on": "beirat", "parent": "b4", "author": "moderation",
     "body": "Yes – the idea is exactly that people without the right to vote get a voice. "
             "How members are chosen is still open; suggestions are welcome."},
    {"key": "r1", "on": "beratungsstelle", "parent": None, "author": "rania",
     "body": "Gut, dass man auch anrufen kann. Nicht alle können nach Konstanz fahren."},
    {"key": "r2", "on": "beratungsstelle", "parent": None, "author": "sabine",
     "body": "Wichtig wäre, dass die Beratung unabhängig vom Landratsamt arbeitet, sonst "
             "trauen sich Betroffene bei Problemen mit Behörden nicht hin."},
    {"key": "r3", "on": "beratungsstelle", "parent": "r2", "author": "verein",
     "body": "Genau, deshalb steht im Vorschlag „unabhängig“. Ein freier Träger wäre gut."},
    {"key": "f1", "on": "rueckmeldung", "parent": None, "author": "moderation",
     "body": "Das sehen wir genauso. Bei jedem Beitrag steht später ein Ergebnis: "
             "eingeflossen, zusammengeführt oder nicht aufgenommen – mit Begründung."},
    {"key": "f2", "on": "rueckmeldung", "parent": "f1", "author": "grace",
     "body": "Great, thank you! That makes me want to contribute more."},
    {"key": "s1", "on": "sportverein", "parent": None, "author": "juergen",
     "body": "Unser Fußballverein macht das schon so, bezahlt aus einer Spende der örtlichen "
             "Bank. Funktioniert gut."},
    {"key": "s2", "on": "sportverein", "parent": None, "author": "oksana",
     "body": "Mein Sohn möchte Fußball spielen, aber Beitrag und Schuhe sind teuer. Diese "
             "Idee finde ich sehr gut."},
    {"key": "e1", "on": "einfache-sprache", "parent": None, "author": "juergen",
     "body": "In der Verwaltung sind wir oft an Formulierungen gebunden. Eine Zusammenfassung "
             "oben drüber ist aber machbar."},
    {"key": "e2", "on": "einfache-sprache", "parent": "e1", "author": "rania",
     "body": "Eine Zusammenfassung reicht schon. Danke!"},
    {"key": "p1", "on": "pflege", "parent": None, "author": "fatima",
     "body": "Meine Nachbarin hat so einen Kurs gemacht und arbeitet jetzt im Pflegeheim. "
             "Es geht!"},
    {"key": "o1", "on": "kurswegweiser", "parent": None, "author": "sabine",
     "body": "Wir würden unsere Kurse dort eintragen. Die freien Plätze müssen aber aktuell "
             "sein, sonst ist die Enttäuschung groß."},
    {"key": "o2", "on": "kurswegweiser", "parent": "o1", "author": "teilnehmerin",
     "body": "Vielleicht einmal pro Woche aktualisieren? Das wäre schon viel besser als jetzt."},
    {"key": "o3", "on": "musikschule", "parent": None, "author": "lena",
     "body": "Die Musikschule in Radolfzell hat einen Sozialtarif, soweit ich weiß. Es lohnt "
             "sich, nachzufragen."},
    {"key": "o4", "on": "musikschule", "parent": "o3", "author": "oksana",
     "body": "Danke, ich frage dort!"},
    {"key": "o5", "on": "know-your-rights", "parent": None, "author": "mehmet",
     "body": "Agree. Ich habe erst nach vier Jahren vom Gleichbehandlungsgesetz gehört."},
]

# Open reports for the moderation queue: (reporter, contribution key, comment key or None,
# reason).
FLAGS = [
    ("rania", "shared-flats", None,
     "Ich glaube, das gehört eher zum Handlungsfeld Bildung als zu Wohnen."),
    ("mehmet", "sportverein", "s1", "Ist das Werbung für eine Bank?"),
]

# -- word lists for the synthetic data of `flask demo generate` -----------------------------

GENERATED_ACTORS = [
    "Der Landkreis", "Die Gemeinde", "Das Landratsamt", "Die Stadt", "Der Helferkreis",
    "Die Volkshochschule", "Das Jobcenter", "Die Schule", "Der Sportverein",
    "Das Amt für Migration und Integration", "Die Migrantenorganisation", "Der Kreistag",
]
GENERATED_MODALS = ["sollte", "könnte", "muss", "soll"]
# (infinitive, infinitive with "zu")
GENERATED_VERBS = [
    ("anbieten", "anzubieten"), ("einrichten", "einzurichten"), ("fördern", "zu fördern"),
    ("ausbauen", "auszubauen"), ("finanzieren", "zu finanzieren"),
    ("organisieren", "zu organisieren"), ("bekannter machen", "bekannter zu machen"),
    ("dauerhaft sichern", "dauerhaft zu sichern"),
]
GENERATED_PLACES = [
    "in Konstanz", "in Singen", "in Radolfzell", "in Engen", "in Stockach", "in Gottmadingen",
    "in Allensbach", "auf der Höri", "im ganzen Landkreis", "in den Gemeinschaftsunterkünften",
    "in kleinen Gemeinden", "am Untersee", "im Hegau",
]
GENERATED_REASONS = [
    "weil viele Familien sonst keinen Zugang haben", "damit niemand lange warten muss",
    "weil die Nachfrage seit Jahren steigt", "denn bisher fehlt ein festes Angebot",
    "weil Ehrenamtliche das nicht allein schaffen",
    "damit Neuangekommene schneller selbstständig werden",
    "weil es in anderen Landkreisen gut funktioniert", "denn das spart später Kosten",
]
GENERATED_DETAILS = [
    "feste Termine", "Kinderbetreuung", "Übersetzung in mehrere Sprachen", "kostenlos",
    "barrierefrei", "gut mit Bus und Bahn erreichbar", "am Abend", "am Wochenende",
    "in einfacher Sprache", "mit einer festen Ansprechperson", "auch online",
]
# What generated contributions are about, per topic (accusative objects).
GENERATED_OBJECTS = {
    "sprache": ["mehr Sprachkurse mit Kinderbetreuung", "Abendkurse für Berufstätige",
                "Sprachcafés", "Lernpatenschaften", "Deutschkurse für Frauen"],
    "arbeit": ["Beratung zur Anerkennung von Abschlüssen", "Patenschaften für Auszubildende",
               "Praktikumsplätze", "Bewerbungstrainings", "Berufssprachkurse"],
    "bildung": ["Hausaufgabenhilfe", "Elternabende mit Übersetzung", "Brückenklassen",
                "Lernräume für Schulkinder", "Beratung zum Schulsystem"],
    "wohnen": ["Wohnungslotsen", "eine Mietausfallgarantie", "Mietführerscheine",
               "Wohngemeinschaften für junge Erwachsene", "eine Vermieter-Hotline"],
    "gesundheit": ["Dolmetscherinnen und Dolmetscher beim Arzt", "Gesundheitsabende",
                   "mehrsprachige Notfallkarten", "Therapieplätze für Geflüchtete",
                   "Beratung zur Krankenversicherung"],
    "kultur-und-freizeit": ["Schwimmkurse für Kinder", "Begegnungsfeste",
                            "offene Sportangebote", "interkulturelle Gärten",
                            "Fahrradkurse für Frauen"],
    "beteiligung": ["einen Integrationsbeirat", "Versammlungen in mehreren Sprachen",
                    "ein Jugendforum", "Sitzungen am Abend", "Rückmeldungen zu jeder Idee"],
    "ehrenamt": ["Fortbildungen für Ehrenamtliche", "eine Ehrenamtskarte",
                 "Koordinationsstellen für Helferkreise", "Dankeschön-Abende",
                 "Supervision für Engagierte"],
    "kommunen": ["eine Ansprechperson für Integration", "Willkommensmappen",
                 "Treffen der Integrationsbeauftragten", "gemeinsame Stellen kleiner Gemeinden",
                 "Sprechstunden im Rathaus"],
    "interkulturelle-oeffnung": ["Schulungen zur interkulturellen Kompetenz",
                                 "mehrsprachige Formulare", "Briefe in einfacher Sprache",
                                 "Videodolmetschen im Amt", "Beschilderung mit Piktogrammen"],
    "antidiskriminierung": ["Beratung bei Diskriminierung", "Workshops gegen Rassismus",
                            "eine Beschwerdestelle", "einen jährlichen Bericht über Fälle",
                            "Informationen zum Gleichbehandlungsgesetz"],
}
GENERATED_ENGLISH = [
    "The county should offer more support for newcomers {place}.",
    "It would help a lot to have advice in several languages {place}.",
    "Please make sure that courses {place} come with childcare.",
    "Volunteers {place} need a contact person who calls back.",
]
GENERATED_FIRST_NAMES = [
    "Anna", "Jonas", "Leonie", "Felix", "Ayşe", "Emre", "Zeynep", "Murat", "Omar", "Layla",
    "Yousef", "Nour", "Olena", "Taras", "Iryna", "Andrii", "Sarah", "James", "Emily", "Daniel",
    "Hamid", "Parisa", "Tigist", "Samuel",
]
GENERATED_COMMENT_OPENERS = [
    "Gute Idee!", "Das sehe ich genauso.", "Da bin ich nicht ganz sicher.", "Danke dafür.",
    "Wichtiger Punkt.", "Das gibt es bei uns schon.", "Wer soll das bezahlen?",
    "Bitte unbedingt umsetzen.", "Ich würde mitmachen.", "Das reicht nicht.",
]
GENERATED_COMMENT_ENDINGS = [
    "Bei uns fehlt so etwas seit Jahren.", "Wichtig wären feste Termine.",
    "Man müsste die Gemeinden mit ins Boot holen.", "Vielleicht mit Hilfe der Vereine?",
    "Am besten in mehreren Sprachen.", "Das hilft vor allem Familien mit Kindern.",
    "Ich kenne viele, die darauf warten.", "Vielleicht erst als Versuch in einer Gemeinde.",
]
GENERATED_HIDDEN_REASON = "Synthetische Daten: ausgeblendet, um Platzhalter zu zeigen."
