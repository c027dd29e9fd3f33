"""The dialogue event of the closed demo round: its stations and the cards written there.

The texts are short, card-style placeholders written for this project (not quotes from the
county's real event). Loaded by app.demo.services.load_demo."""

EVENT = {
    "round": "closed",  # a key of participation.ROUNDS
    "title": "Dialogveranstaltung Integrationskonzept",
    "place": "Landratsamt Konstanz, Großer Sitzungssaal",
    "held_days_ago": 90,  # the closed round runs from 120 to 60 days before the load day
}

# Facilitators of some stations (topic slug -> name); the others had none.
FACILITATORS = {
    "sprache": "Ingrid Kessler",
    "arbeit": "Tobias Wehrle",
    "wohnen": "Selin Aydın",
    "gesundheit": "Dr. Petra Lang",
    "beteiligung": "Yusuf Haddad",
    "antidiskriminierung": "Miriam Okafor",
}

# Cards: (station topic slug, kind, credit, text, extras).
# kind: "g" goal, "m" measure, "k" municipal_idea, "b" best_practice.
# credit: "" anonymous; "Name|group" a person; "@Organisation|group" an organisation;
# "|group" anonymous with a group. extras (optional dict): key (to be referred to),
# dup (the key of an earlier card of the same station with nearly the same idea),
# photo (a photo of the card is attached), lang (default "de"), import (came with the
# import of the typed-up cards of the Wohnen table, see IMPORT). More near-duplicates were
# not marked at the event: material for the duplicate hint (Elternabend mit Übersetzung,
# Ansprechperson für Ehrenamtliche, and two more cards asking for evening and Saturday
# courses, so that four cards at the Sprache table share that idea).
KINDS = {"g": "goal", "m": "measure", "k": "municipal_idea", "b": "best_practice"}

CARDS = [
    # --- Sprache
    ("sprache", "m", "Hatice D.|migration_history",
     "Sprachkurse auch am Abend und am Samstag. Wer arbeitet, kann nicht morgens lernen.",
     {"key": "sp-abend", "photo": True}),
    ("sprache", "m", "Sonja R.|partner_staff",
     "Kinderbetreuung direkt beim Sprachkurs, sonst kommen die Mütter nicht.", {}),
    ("sprache", "g", "",
     "Jede Person, die neu ankommt, hat nach drei Monaten einen Platz im Sprachkurs.", {}),
    ("sprache", "b", "@Volkshochschule Landkreis Konstanz|partner_staff",
     "Sprachcafé in der Bibliothek Singen: jeden Donnerstag, ohne Anmeldung, kostenlos. "
     "Kommen immer 20 bis 30 Leute.", {}),
    ("sprache", "m", "Oleksandr P.|migration_history",
     "Deutsch lernen am Abend oder am Wochenende anbieten – tagsüber arbeite ich.",
     {"dup": "sp-abend"}),
    ("sprache", "m", "Amal S.|migration_history",
     "Deutschkurs nach der Arbeit!! abends ab 18 uhr oder samstags", {}),
    ("sprache", "m", "",
     "Kurse am Abend + Wochenende. Tagsüber = Arbeit.", {}),
    ("sprache", "k", "|volunteer",
     "Jede Gemeinde braucht einen Raum für Lernpaten. Im Rathaus ist oft abends Platz.", {}),
    ("sprache", "m", "",
     "Einfache Sprache: Kurs für Deutsch im Beruf. Mit Wörtern aus der Pflege und dem Handwerk.",
     {}),
    # --- Arbeit
    ("arbeit", "g", "Ahmad K.|migration_history",
     "Abschlüsse aus dem Heimatland schneller anerkennen. Ich bin Elektriker und warte seit "
     "einem Jahr.", {"key": "ar-anerkennung"}),
    ("arbeit", "m", "@IHK Hochrhein-Bodensee|partner_staff",
     "Eine Sprechstunde zur Anerkennung im Landratsamt, einmal im Monat, mit Termin online.",
     {}),
    ("arbeit", "b", "Jürgen B.|volunteer",
     "Bei uns im Ort gibt es einen Praktikumstag: Betriebe öffnen ihre Türen für einen Tag, "
     "Geflüchtete schauen sich um. Zwei haben danach eine Ausbildung angefangen.", {}),
    ("arbeit", "m", "",
     "Jobmesse nur für Neuangekommene, mit Dolmetschern an den Ständen.", {}),
    ("arbeit", "g", "|migration_history",
     "Die Anerkennung meines Berufsabschlusses soll nicht so lange dauern. Ich möchte endlich "
     "wieder als Krankenpfleger arbeiten.", {"dup": "ar-anerkennung"}),
    ("arbeit", "k", "@Gemeinde Gottmadingen|municipality",
     "Die Gemeinde stellt selbst Praktikumsplätze im Bauhof und im Kindergarten bereit.", {}),
    ("arbeit", "m", "",
     "Arbeitserlaubnis und Jobcenter: ein Formular auf einer Seite erklärt, in vielen "
     "Sprachen.", {}),
    ("arbeit", "m", "Samuel O.|migration_history",
     "Mentoring: one person from a local company helps one newcomer for six months. "
     "Coffee once a week, questions allowed.", {"lang": "en"}),
    # --- Bildung
    ("bildung", "g", "Fatma Y.|migration_history",
     "Eltern verstehen die Schule. Elternbriefe kommen in einfacher Sprache.", {}),
    ("bildung", "m", "Sevgi A.|volunteer",
     "Elternabend mit Dolmetscherin, mindestens einmal im Schuljahr für jede Klasse.",
     {}),
    ("bildung", "b", "Claudia R.|partner_staff",
     "Hausaufgabenhilfe im Jugendhaus Konstanz: Schülerinnen der Oberstufe helfen Kindern aus "
     "den Vorbereitungsklassen. Beide Seiten lernen viel.", {}),
    ("bildung", "m", "",
     "Bei Elternabenden eine Übersetzung anbieten, damit alle Eltern mitreden können.",
     {}),
    ("bildung", "k", "",
     "Kita-Plätze: die Gemeinde erklärt die Anmeldung in mehreren Sprachen und hilft beim "
     "Ausfüllen.", {}),
    ("bildung", "g", "|volunteer",
     "Jugendliche, die mit 16 oder 17 ankommen, bekommen einen Weg zum Schulabschluss.", {}),
    ("bildung", "m", "",
     "Berufsberatung in der Schule auch für die Eltern öffnen.", {}),
    # --- Wohnen (the event's own cards; the imported ones follow further down)
    ("wohnen", "g", "Nadia H.|migration_history",
     "Raus aus der Gemeinschaftsunterkunft nach spätestens einem Jahr.",
     {"key": "wo-raus"}),
    ("wohnen", "m", "@Freundeskreis Asyl Singen|volunteer",
     "Eine Wohnungsbörse für Vermieter, die an Geflüchtete vermieten wollen. Mit fester "
     "Ansprechperson im Landratsamt, wenn es Probleme gibt.", {"photo": True}),
    ("wohnen", "m", "",
     "Schneller aus der Unterkunft ausziehen dürfen – nach einem Jahr muss Schluss sein.",
     {"dup": "wo-raus"}),
    ("wohnen", "b", "Thomas W.|volunteer",
     "In Engen begleiten Wohnungspaten die ersten Monate in der neuen Wohnung: Mülltrennung, "
     "Hausordnung, Nachbarn kennenlernen.", {}),
    ("wohnen", "k", "|municipality",
     "Leerstehende Wohnungen über dem Laden: die Gemeinde fragt die Eigentümer direkt an.",
     {}),
    # --- Gesundheit
    ("gesundheit", "m", "Dr. Elif T.|partner_staff",
     "Telefondolmetschen für Arztpraxen, bezahlt vom Landkreis. Heute übersetzen oft die "
     "Kinder, das ist nicht gut.", {"key": "ge-dolmetschen"}),
    ("gesundheit", "g", "",
     "Beim Arzt verstehe ich, was ich habe. Und der Arzt versteht mich.", {}),
    ("gesundheit", "b", "@Psychosoziales Zentrum Konstanz|partner_staff",
     "Gruppe für Frauen nach Flucht: reden, Tee trinken, Entspannung lernen. Mit "
     "Kinderbetreuung.", {}),
    ("gesundheit", "m", "Roza A.|migration_history",
     "Dolmetscher für den Arztbesuch. Meine Tochter soll nicht mehr übersetzen müssen.",
     {"dup": "ge-dolmetschen"}),
    ("gesundheit", "m", "",
     "Ein Heft: So funktioniert die Krankenversicherung. In Arabisch, Ukrainisch, Türkisch, "
     "Farsi.", {}),
    ("gesundheit", "k", "Markus H.|municipality",
     "Gesundheitstag im Gemeindehaus, einmal im Jahr, mit Ärztinnen, die mehrere Sprachen "
     "sprechen.", {}),
    ("gesundheit", "m", "Grace N.",
     "Waiting for a therapy place takes many months. Please offer short-term support groups "
     "in English and other languages.", {"lang": "en"}),
    # --- Kultur und Freizeit
    ("kultur-und-freizeit", "b", "Giovanni L.|volunteer",
     "Interkulturelles Kochen im Gemeindehaus: jede Woche kocht jemand anderes ein Gericht "
     "aus seiner Heimat.", {}),
    ("kultur-und-freizeit", "m", "",
     "Vereine bekommen Geld, wenn sie Neuangekommene ein Jahr beitragsfrei mitmachen lassen.",
     {}),
    ("kultur-und-freizeit", "g", "Aylin K.|migration_history",
     "Mädchen und Frauen haben eigene Zeiten im Schwimmbad.", {}),
    ("kultur-und-freizeit", "k", "",
     "Jede Gemeinde nennt im Amtsblatt die offenen Sportangebote, mit Uhrzeit und Ort.", {}),
    ("kultur-und-freizeit", "m", "",
     "Museum und Theater: ein Tag im Monat kostenlos für Menschen mit wenig Geld.", {}),
    ("kultur-und-freizeit", "b", "",
     "Unser Fußballverein hat eine Mannschaft aus sechs Ländern. Die Trainer sind selbst "
     "zugewandert.", {}),
    # --- Beteiligung
    ("beteiligung", "g", "Yasmin A.|migration_history",
     "Ein Integrationsbeirat im Landkreis, gewählt von den Menschen mit Migrationsgeschichte.",
     {}),
    ("beteiligung", "m", "",
     "Sitzungen des Kreistags mit Übersetzung anbieten, wenigstens bei Integrationsthemen.",
     {}),
    ("beteiligung", "m", "@Deutsch-Türkischer Verein Singen|migration_history",
     "Migrantenvereine frühzeitig einladen, nicht erst wenn alles fertig ist.", {}),
    ("beteiligung", "k", "Klaus E.|municipality",
     "Ein offener Abend im Rathaus, zu dem Neuangekommene Fragen an den Bürgermeister "
     "stellen.", {}),
    ("beteiligung", "b", "",
     "In Radolfzell gibt es ein Forum der Kulturen. Alle Vereine treffen sich zweimal im Jahr.",
     {}),
    ("beteiligung", "g", "",
     "Ich will mitreden, auch wenn ich noch nicht gut Deutsch spreche.", {}),
    # --- Ehrenamt
    ("ehrenamt", "g", "Gisela H.|volunteer",
     "Ehrenamtliche haben eine feste Ansprechperson in jeder Gemeinde.",
     {}),
    ("ehrenamt", "m", "Ursula N.|volunteer",
     "Fortbildung für Ehrenamtliche: Asylrecht einfach erklärt, zweimal im Jahr.", {}),
    ("ehrenamt", "m", "",
     "Dankeschön-Fest für alle Ehrenamtlichen, mit Ehrenamtskarte für Vergünstigungen.", {}),
    ("ehrenamt", "g", "|volunteer",
     "Wir brauchen in jedem Ort eine Kontaktperson für die Ehrenamtlichen.",
     {}),
    ("ehrenamt", "b", "Walter K.|volunteer",
     "Supervision für Ehrenamtliche in Konstanz: einmal im Monat, hilft sehr bei schweren "
     "Geschichten.", {}),
    ("ehrenamt", "k", "",
     "Die Gemeinde zahlt den Ehrenamtlichen die Fahrtkosten zu Ämtern.", {}),
    ("ehrenamt", "m", "Olena V.|migration_history",
     "Geflüchtete werden selbst Ehrenamtliche. Ich helfe jetzt neuen Familien aus der Ukraine.",
     {}),
    # --- Kommunen
    ("kommunen", "k", "Andrea W.|municipality",
     "Die Integrationsbeauftragten der Gemeinden treffen sich jedes Quartal beim Landkreis.",
     {}),
    ("kommunen", "g", "",
     "Kleine Gemeinden bekommen die gleiche Hilfe wie die großen Städte.", {}),
    ("kommunen", "m", "|municipality",
     "Eine gemeinsame Liste aller Angebote im Landkreis, online und aktuell.", {}),
    ("kommunen", "b", "@Gemeindeverwaltungsverband Höri|municipality",
     "Drei Gemeinden auf der Höri teilen sich eine Integrationsmanagerin. Das klappt gut.",
     {}),
    ("kommunen", "k", "",
     "Neue Familien bekommen in jeder Gemeinde ein Willkommenspaket mit Stadtplan und "
     "wichtigen Adressen.", {}),
    ("kommunen", "m", "Sabine G.|municipality",
     "Verträge zwischen Landkreis und Gemeinden: wer macht was bei der Anschlussunterbringung.",
     {}),
    # --- Interkulturelle Öffnung
    ("interkulturelle-oeffnung", "m", "|partner_staff",
     "Schulung für alle Mitarbeitenden im Landratsamt: interkulturelle Kompetenz, "
     "verpflichtend.", {}),
    ("interkulturelle-oeffnung", "g", "",
     "Briefe vom Amt sind so geschrieben, dass man sie versteht.", {"key": "io-briefe"}),
    ("interkulturelle-oeffnung", "m", "Amira S.|migration_history",
     "Formulare in einfacher Sprache und mit Beispiel, wie man sie ausfüllt.", {}),
    ("interkulturelle-oeffnung", "k", "",
     "Im Bürgerbüro ein Schild: Hier sprechen wir auch Englisch, Arabisch, Russisch.", {}),
    ("interkulturelle-oeffnung", "b", "|partner_staff",
     "Online-Termine bei der Ausländerbehörde haben die Warteschlange am Morgen abgeschafft.",
     {}),
    ("interkulturelle-oeffnung", "g", "Karim B.|migration_history",
     "Mehr Menschen mit Migrationsgeschichte sollen in der Verwaltung arbeiten.", {}),
    ("interkulturelle-oeffnung", "m", "Ruth P.",
     "Please write the letters from the office in a language people can understand, with a "
     "short summary on top.", {"lang": "en"}),
    # --- Antidiskriminierung
    ("antidiskriminierung", "m", "Leyla M.|migration_history",
     "Eine Beratungsstelle gegen Diskriminierung im Landkreis, auch anonym erreichbar.",
     {"key": "an-beratung"}),
    ("antidiskriminierung", "g", "",
     "Niemand wird bei der Wohnungssuche wegen seines Namens abgelehnt.", {}),
    ("antidiskriminierung", "m", "@Caritasverband Singen-Hegau|partner_staff",
     "Ein Meldeportal für Diskriminierung, mit Antwort innerhalb einer Woche.", {}),
    ("antidiskriminierung", "b", "Johannes T.|volunteer",
     "Workshop an der Berufsschule Radolfzell: Azubis spielen Szenen nach und sprechen über "
     "Vorurteile.", {}),
    ("antidiskriminierung", "k", "",
     "Die Gemeinde unterschreibt die Charta der Vielfalt und berichtet jedes Jahr, was sie "
     "getan hat.", {}),
    ("antidiskriminierung", "m", "|migration_history",
     "Wir brauchen eine Stelle, wo man Diskriminierung melden kann. Anonym, ohne Angst.",
     {"dup": "an-beratung"}),
    # --- Wohnen: typed up after the event and imported from a CSV file (see IMPORT)
    ("wohnen", "m", "Serkan Ö.|migration_history",
     "Mietschuldenfreiheitsbescheinigung: Hilfe, wenn man noch keine hat.", {"import": True}),
    ("wohnen", "g", "",
     "Familien wohnen nicht länger als sechs Monate in der Turnhalle.", {"import": True}),
    ("wohnen", "m", "@Mieterbund Bodensee|partner_staff",
     "Mietrecht in einfacher Sprache: ein Abend im Monat, mit Fragen.", {"import": True}),
    ("wohnen", "k", "Bernd L.|municipality",
     "Die Gemeinde mietet Wohnungen selbst an und vermietet sie weiter. So haben Vermieter "
     "Sicherheit.", {"import": True}),
    ("wohnen", "b", "|volunteer",
     "In Stockach hilft ein Umzugsteam aus Ehrenamtlichen und Geflüchteten beim Umzug.",
     {"import": True}),
    ("wohnen", "m", "",
     "Eine Bürgschaft vom Landkreis für die erste Kaution.", {"import": True}),
    ("wohnen", "g", "Reza N.|migration_history",
     "Ich wünsche mir eine Wohnung nah am Bus, damit ich zur Arbeit komme.", {"import": True}),
    ("wohnen", "m", "",
     "Modulare Häuser auf Flächen der Gemeinden bauen, für alle mit wenig Geld.",
     {"import": True}),
    ("wohnen", "k", "|volunteer",
     "Ein Runder Tisch Wohnen in jeder Gemeinde, mit Vermietern, Verwaltung und Ehrenamt.",
     {"import": True}),
    ("wohnen", "m", "Irina K.",
     "Wohnungsanzeigen gibt es fast nur auf Deutsch. Ehrenamtliche könnten mit uns "
     "zusammen suchen.", {"import": True}),
]

# The past import of the Wohnen table's cards: typed up in a spreadsheet after the event.
IMPORT = {
    "filename": "karten-thementisch-wohnen.csv",
    "days_after_event": 3,
    # The skipped row, as it stood in the file, with the importer's error message.
    "error_header": ["Station", "Art", "Text", "Autor/in", "Organisation", "Gruppe"],
    "error_row": ["Thementisch Wohnen", "Wunsch",
                  "Mehr Sozialwohnungen im ganzen Landkreis.", "", "", ""],
    "error": "Unbekannte Art „Wunsch“.",
}
