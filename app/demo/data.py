"""The content of the demo. Names of topics and dates follow the county's paper; the texts are
short placeholders written for this project."""

from datetime import date

DEMO_PASSWORD = "demo-password-2026"

CONCEPT = {
    "slug": "integrationskonzept-konstanz",
    "title": "Integrationskonzept für den Landkreis Konstanz",
    "owner": "Landkreis Konstanz, Amt für Migration und Integration",
    "summary": (
        "Der Landkreis Konstanz schreibt sein Integrationskonzept gemeinsam mit den Menschen, "
        "die es betrifft: Ehrenamtliche, Migrantinnen und Migranten, ihre Organisationen, "
        "Kommunen und Kooperationspartner. Hier sammeln wir Ideen für Ziele und Maßnahmen, "
        "fassen sie zusammen und zeigen, was aus jedem Beitrag geworden ist."
    ),
}

# (slug, name, description)
FIELDS = [
    ("sprache", "Sprache",
     "Deutsch lernen öffnet Türen: zu Arbeit, Schule, Ämtern und Nachbarschaft. In diesem "
     "Handlungsfeld geht es um Sprachkurse für alle Lebenslagen, um Kinderbetreuung während der "
     "Kurse und um Hilfe, wenn die Sprache noch nicht reicht."),
    ("arbeit", "Arbeit",
     "Eine Arbeit, die zu den eigenen Fähigkeiten passt, ist für viele der wichtigste Schritt "
     "in ein selbstbestimmtes Leben. Es geht um Anerkennung von Abschlüssen, Praktika, "
     "Ausbildung und um Betriebe, die Neuangekommene einstellen."),
    ("bildung", "Bildung",
     "Von der Kita über die Schule bis zur Weiterbildung: Kinder, Jugendliche und Erwachsene "
     "sollen gleiche Chancen haben. Dazu gehören Elternarbeit, Beratung und Übergänge zwischen "
     "Schule, Ausbildung und Studium."),
    ("wohnen", "Wohnen",
     "Wohnraum ist im Landkreis knapp. Hier geht es um den Weg aus der Gemeinschaftsunterkunft "
     "in eine eigene Wohnung, um Vermieterinnen und Vermieter, die mitmachen, und um gute "
     "Nachbarschaft."),
    ("gesundheit", "Gesundheit",
     "Gesundheit braucht Verständigung: Dolmetschen beim Arzt, Wissen über das "
     "Gesundheitssystem und Hilfe für Menschen, die Belastendes erlebt haben."),
    ("kultur-und-freizeit", "Kultur und Freizeit",
     "Im Verein, beim Sport, in der Bibliothek oder beim Fest lernen sich Menschen am "
     "leichtesten kennen. Es geht um offene Angebote, Begegnung und die Kultur der "
     "Zugewanderten als Teil des Landkreises."),
]

CROSSCUTTING = [
    ("beteiligung", "Beteiligung von Migranten und Migrantinnen",
     "Zugewanderte reden mit, wenn es um sie geht: in Gremien, Beiräten und Beteiligungsrunden "
     "wie dieser."),
    ("ehrenamt", "Ehrenamtliches Engagement",
     "Viele Ehrenamtliche begleiten Geflüchtete im Alltag. Sie brauchen Anerkennung, "
     "Fortbildung und feste Ansprechpersonen."),
    ("kommunen", "Zusammenarbeit mit kreisangehörigen Kommunen",
     "Integration geschieht vor Ort. Landkreis, Städte und Gemeinden stimmen sich ab und "
     "lernen voneinander."),
    ("interkulturelle-oeffnung", "Interkulturelle Öffnung der Verwaltung",
     "Ämter sollen für alle verständlich und erreichbar sein: mit geschultem Personal, "
     "einfacher Sprache und mehrsprachigen Informationen."),
    ("antidiskriminierung", "Antidiskriminierung",
     "Niemand darf wegen Herkunft, Sprache oder Religion benachteiligt werden. Es geht um "
     "Beratung für Betroffene und um Strukturen, die Diskriminierung abbauen."),
]

# (slug, title, placeholder body) in the order of the county's paper.
CHAPTERS = [
    ("vorwort", "Vorwort des Landrats",
     "*Platzhalter:* Hier steht das Vorwort des Landrats: warum Integration den ganzen "
     "Landkreis angeht und wem für die Mitarbeit am Konzept zu danken ist."),
    ("wozu", "Wozu ein Integrationskonzept?",
     "*Platzhalter:* Dieses Kapitel erklärt, welche Ziele das Konzept verfolgt, warum der "
     "Landkreis das Rahmenkonzept für Geflüchtete weiterentwickelt und was ein gemeinsam "
     "erarbeitetes Konzept gegenüber einem Papier aus der Verwaltung gewinnt."),
    ("beteiligungsprozess", "Beteiligungsprozess zur Erstellung des Integrationskonzepts",
     "*Platzhalter:* Hier wird beschrieben, wie das Konzept entstanden ist: von der Gründung "
     "der Steuerungsgruppe über die Dialogveranstaltung bis zur Verabschiedung. Die Zeitleiste "
     "auf der Startseite zeigt die einzelnen Schritte."),
    ("zahlen-daten-fakten", "Zahlen, Daten, Fakten",
     "*Platzhalter:* Hier folgen Zahlen zur Ausgangslage: wie viele Menschen mit "
     "Migrationsgeschichte im Landkreis leben, woher sie kommen und wie sie untergebracht sind."),
    ("strukturen-und-netzwerke", "Strukturen und Netzwerke im Bereich Integration",
     "*Platzhalter:* Dieses Kapitel stellt das Amt für Migration und Integration, seine "
     "thematischen Netzwerke und die Gremien vor, in denen am Konzept gearbeitet wird."),
    ("integrationsverstaendnis", "Unser Integrationsverständnis",
     "*Platzhalter:* Hier steht, was der Landkreis unter Integration versteht: einen "
     "langfristigen Prozess, an dem Zugewanderte und Aufnahmegesellschaft gleichermaßen "
     "beteiligt sind, mit gleichen Rechten und Pflichten."),
    ("handlungsfelder", "Zentrale Handlungsfelder im Bereich Integration",
     "*Platzhalter:* Für jedes der sechs Handlungsfelder folgen ein Oberziel, Unterziele, "
     "Maßnahmen auf Landkreisebene, Ideen für die Kommunen und Beispiele guter Praxis."),
    ("querschnittsthemen", "Querschnittsthemen im Bereich Integration",
     "*Platzhalter:* Die fünf Querschnittsthemen betreffen alle Handlungsfelder. Auch für sie "
     "werden Ziele und Maßnahmen formuliert."),
    ("umsetzung", "Und jetzt? – Umsetzung des Integrationskonzepts",
     "*Platzhalter:* Zum Schluss: wie die Maßnahmen umgesetzt werden, wer sie verfolgt und "
     "wie das Konzept jedes Jahr bei der Integrationskonferenz überprüft wird."),
]

# (title, description, starts_on, ends_on) — month precision, dates from the county's paper.
MILESTONES = [
    ("Gründung der Steuerungsgruppe Integration",
     "Eine Steuerungsgruppe begleitet den Prozess von Anfang an.", date(2016, 3, 1), None),
    ("Festlegung der Handlungsfelder und Querschnittsthemen",
     "Sechs Handlungsfelder und fünf Querschnittsthemen geben dem Konzept seine Gliederung.",
     date(2016, 3, 1), None),
    ("Rahmenkonzept zur Integration von Geflüchteten und Asylsuchenden",
     "Das Rahmenkonzept wird erstellt und verabschiedet; es ist der Ausgangspunkt.",
     date(2016, 7, 1), None),
    ("Aufbau der Netzwerke des Amts für Migration und Integration",
     "Thematische Netzwerke mit Partnern entstehen und arbeiten regelmäßig zusammen.",
     date(2016, 5, 1), date(2017, 7, 1)),
    ("Beteiligungsstruktur für Ehrenamtliche",
     "Ehrenamtliche bekommen feste Wege, sich einzubringen.", date(2017, 2, 1), None),
    ("Beteiligungsstruktur für Migrantinnen und Migranten",
     "Zugewanderte und ihre Organisationen werden dauerhaft beteiligt.", date(2017, 4, 1), None),
    ("Dialogveranstaltung",
     "Eine große Veranstaltung mit breiter Beteiligung: an Thementischen entstehen "
     "Integrationsziele.", date(2017, 6, 1), None),
    ("Ziele schärfen, Maßnahmen formulieren",
     "Die Netzwerke bearbeiten die Ziele weiter und formulieren Maßnahmen, in Rücksprache mit "
     "weiteren Kooperationspartnern.", date(2017, 7, 1), date(2017, 10, 1)),
    ("Vorberatung im Sozialausschuss",
     "Der Sozialausschuss berät das vorläufige Konzept und empfiehlt es zur Annahme.",
     date(2017, 11, 1), None),
    ("Verabschiedung durch die Steuerungsgruppe Integration",
     "Die Steuerungsgruppe verabschiedet das Integrationskonzept.", date(2017, 12, 1), None),
    ("Druck und Vorstellung des Konzepts",
     "Das Konzept wird gedruckt und Kommunen, Partnern, Initiativen und Organisationen "
     "vorgestellt.", date(2018, 2, 1), date(2018, 3, 1)),
]

# (name, kind, place, description)
ORGANISATIONS = [
    ("Brückenschlag – Verein syrischer und irakischer Familien e. V.", "migrant_organisation",
     "Singen (Hohentwiel)",
     "Wir sind Familien aus Syrien und dem Irak, die sich gegenseitig beim Ankommen helfen: "
     "Hausaufgabenhilfe, Frauencafé und Übersetzungen für Neuangekommene."),
    ("Freundeskreis Asyl am Untersee", "volunteer_initiative", "Radolfzell am Bodensee",
     "Rund vierzig Ehrenamtliche begleiten Geflüchtete zu Ämtern, geben Deutschnachhilfe und "
     "organisieren eine Fahrradwerkstatt."),
    ("Bildungswerk Hegau-Bodensee", "partner", "Konstanz",
     "Träger von Integrations- und Berufssprachkursen mit Kinderbetreuung."),
    ("Gemeinde Gottmadingen", "municipality", "Gottmadingen",
     "Eine kreisangehörige Gemeinde als Beispiel (Demodaten)."),
]

# (email, display name, roles, group, organisation index or None)
ACCOUNTS = [
    ("admin@example.org", "Admin Landratsamt", {"admin"}, None, None),
    ("moderation@example.org", "Mara Moderation",
     {"moderator"}, None, None),
    ("steering@example.org", "Stefan Steuerungsgruppe", {"steering"}, None, None),
    ("teilnehmerin@example.org", "Amina T.", set(), "migration_history", None),
    ("verein@example.org", "Yusuf K. (Brückenschlag e. V.)", set(), "migration_history", 0),
]
