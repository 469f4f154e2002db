"""Create a complete demo strategy for trying the application: `manage.py seed_demo`.

Idempotent: users, Kommune and memberships are created when missing; the demo strategy
process is created once with all its content and left alone afterwards (people may have
edited it), so running the command again changes nothing.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from fields.models import ActionField, CatalogueField, FieldCatalogue, Goal
from measures.models import (
    Dependency,
    Level,
    Measure,
    Milestone,
    ProjectPlan,
    Stakeholder,
    Task,
)
from workshops import live, voting
from workshops.logo import reencode
from workshops.models import (
    Contribution,
    CouncilStep,
    DotVote,
    Kommune,
    KommuneLogo,
    Leitsatz,
    LiveSession,
    Membership,
    Method,
    NextStep,
    OfflineParticipation,
    Participant,
    Reference,
    Workshop,
    Zielbild,
)

PASSWORD = "werkstatt-demo"
HIGH, LOW = Stakeholder.Level.HIGH, Stakeholder.Level.LOW

KOMMUNE = {
    "slug": "musterland",
    "name": "Verbandsgemeinde Musterland",
    "kind": Kommune.Kind.VERBANDSGEMEINDE,
    "state": "Rheinland-Pfalz",
    "ags": "07999001",
    "publisher": "Verbandsgemeindeverwaltung Musterland",
    "contact": "Marktplatz 1, 56999 Musterland\nTelefon 06599 123-0\ndigital@musterland.example",
}

USERS = [
    ("moderation", "Petra", "Lange", Membership.Role.FACILITATOR),
    ("redaktion", "Jonas", "Becker", Membership.Role.EDITOR),
    ("lesen", "Helga", "Weber", Membership.Role.VIEWER),
]

TITLE = "Digitalstrategie 2030"

# The finished live session of the demo: the Strategiestarter evening in the Bürgerhaus.
LIVE_PLACE = "Bürgerhaus Musterdorf, großer Saal"
LIVE_NAMES = ["Anna", "Bernd", "", "Carla", "", "Dieter", "Elif", "", "Frank", "", "Gül", ""]
# Contributions: kind, text, author's index, what became of it; for the accepted ones the rank of
# the measure or the number of the Leitsatz they became.
LIVE_CONTRIBUTIONS = [
    ("leitsatz", "Digitalisierung dient den Menschen – nicht umgekehrt.", 0, ("leitsatz", 1)),
    ("leitsatz", "Digitales muss den Menschen dienen", 4, ("merged", 0)),
    (
        "leitsatz",
        "Wir gestalten gemeinsam mit Bürgerschaft, Vereinen und Wirtschaft.",
        3,
        ("leitsatz", 3),
    ),
    ("measure", "Freies WLAN an Dorfplätzen, Bürgerhäusern und Schulen", 1, ("measure", 3)),
    ("measure", "WLAN im Bürgerhaus", 7, ("merged", 3)),
    ("measure", "Digitale Sprechstunde im Bürgerhaus", 5, ("measure", 8)),
    ("measure", "Alles sofort digitalisieren!", 9, ("hidden", None)),
]
# Participation held without the app, as Löffingen did: format, title, date, people, summary.
OFFLINE = [
    (
        "survey",
        "Online-Umfrage „Digitales Musterland“",
        datetime.date(2026, 3, 2),
        214,
        "Vier Wochen online und auf Papier in den Rathäusern. Am häufigsten gewünscht: "
        "Termine und Anträge online, freies WLAN in den Ortskernen, Hilfe für Ältere.",
    ),
    (
        "interviews",
        "Gespräche mit Schulen, Feuerwehr und Gewerbeverein",
        datetime.date(2026, 3, 20),
        9,
        "Neun leitfadengestützte Interviews; Schwerpunkte Breitband, Schul-IT und eine "
        "gemeinsame Plattform für Vereine.",
    ),
    (
        "world_cafe",
        "Thementische im Jugendzentrum",
        datetime.date(2026, 4, 8),
        31,
        "Jugendliche und Eltern an vier Thementischen; Ideen für den Makerspace und die Dorf-App.",
    ),
]
# The dots the room gave the measures, by rank: they confirmed the order worked out before.
LIVE_DOTS = [7, 6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1]

# The Fahrplan agreed at the end of the workshop: what, who, by when.
FAHRPLAN = [
    (
        "Präsentation der Ergebnisse im Verbandsgemeinderat",
        "Bürgermeisterin",
        datetime.date(2026, 12, 10),
    ),
    ("Steuerungsgruppe benennen und erstmals einladen", "Hauptamt", datetime.date(2027, 1, 31)),
    ("Förderantrag für das Bürgerportal stellen", "Digitallotsin", datetime.date(2027, 3, 31)),
    ("Strategieentwurf öffentlich auslegen", "Digitallotsin", None),
]

VISION = (
    "Die Verbandsgemeinde Musterland nutzt die Digitalisierung, um das Leben in ihren "
    "14 Ortsgemeinden einfacher, vernetzter und lebenswerter zu machen. Bis 2030 erledigen "
    "Bürgerinnen und Bürger ihre Verwaltungsangelegenheiten rund um die Uhr online, jeder "
    "Haushalt kann schnelles Internet nutzen, und niemand bleibt zurück: Wer Unterstützung "
    "braucht, findet sie vor Ort.\n\n"
    "Digitalisierung ist für uns kein Selbstzweck. Sie dient dem Miteinander, dem Ehrenamt "
    "und einer starken Wirtschaft im ländlichen Raum."
)

# The document's own texts (Markdown), written for the demo.
DOCUMENT_TEXTS = {
    "foreword": (
        "Liebe Bürgerinnen und Bürger,\n\n"
        "die Digitalisierung verändert, wie wir arbeiten, lernen und miteinander leben – auch "
        "in unseren 14 Ortsgemeinden. Mit dieser Strategie legen wir fest, wohin wir wollen "
        "und mit welchen Schritten wir dorthin kommen.\n\n"
        "Sie ist kein Papier der Verwaltung allein: Mehr als 60 Menschen haben im Workshop, "
        "in der Umfrage und im World Café mitgearbeitet. **Herzlichen Dank** dafür.\n\n"
        "*Ihre Bürgermeisterin der Verbandsgemeinde Musterland*"
    ),
    "situation": (
        "Die Verbandsgemeinde Musterland zählt rund 18.000 Einwohnerinnen und Einwohner in "
        "14 Ortsgemeinden. Der Glasfaserausbau hat 2025 begonnen; heute erreichen 40 % der "
        "Haushalte mindestens 100 Mbit/s.\n\n"
        "# Stärken\n\n"
        "- engagiertes Ehrenamt und aktive Vereine\n"
        "- erste Online-Dienste im Bürgerbüro\n"
        "- gute Zusammenarbeit mit dem Landkreis\n\n"
        "# Schwächen\n\n"
        "- Funklöcher in den Außenorten\n"
        "- viele Abläufe in der Verwaltung noch auf Papier\n"
        "- wenig Unterstützung für Menschen ohne digitale Erfahrung"
    ),
    "approach": (
        "Die Strategie entstand in drei Schritten: einer Umfrage unter den Bürgerinnen und "
        "Bürgern, einem öffentlichen Strategieworkshop im Bürgerhaus und der Ausarbeitung durch "
        "die Steuerungsgruppe. Die Ergebnisse jedes Schritts sind in dieses Dokument "
        "eingeflossen."
    ),
    "context": (
        "Die Strategie fügt sich in die Planungen von Land und Kreis ein und setzt das "
        "Onlinezugangsgesetz vor Ort um. Sie ergänzt das Dorfentwicklungskonzept der "
        "Verbandsgemeinde."
    ),
    "organisation": (
        "Die **Digitallotsin** der Verbandsgemeinde koordiniert die Umsetzung. Sie ist "
        "Ansprechpartnerin für Verwaltung, Ortsgemeinden und Bürgerschaft.\n\n"
        "Die **Steuerungsgruppe** trifft sich vierteljährlich. Ihr gehören an:\n\n"
        "- die Bürgermeisterin (Vorsitz)\n"
        "- die Digitallotsin\n"
        "- je eine Vertretung der Fraktionen im Verbandsgemeinderat\n"
        "- zwei Ortsbürgermeister\n"
        "- eine Vertretung der Vereine\n\n"
        "Der Verbandsgemeinderat erhält einmal im Jahr einen Umsetzungsbericht."
    ),
    "monitoring": (
        "Für jedes Ziel ist ein Indikator mit Zielwert festgelegt. Die Digitallotsin erhebt "
        "die Werte jährlich und legt sie der Steuerungsgruppe vor.\n\n"
        "Alle zwei Jahre wird die Strategie mit einer öffentlichen Veranstaltung überprüft "
        "und fortgeschrieben."
    ),
    "outlook": (
        "Nach dem Beschluss im Verbandsgemeinderat beginnen die Maßnahmen mit dem höchsten "
        "Rang. Über den Fortschritt informieren wir auf der Internetseite der "
        "Verbandsgemeinde und im Amtsblatt."
    ),
}

# The Sustainable Development Goal each measure serves most, by rank (measures/sdgs.py).
SDG_BY_RANK = {1: 16, 2: 10, 3: 9, 4: 10, 5: 9, 6: 16, 7: 4, 8: 11, 9: 11, 10: 11, 11: 3}

# Which measures build on which (by rank): sensors need the fibre, the E-Akte trained staff, the
# council information system the E-Akte.
REQUIRES_BY_RANK = {12: [5], 6: [11], 14: [6]}

# Ranks whose costs the budget already plans (the Beschlussvorlage shows them apart).
BUDGETED = {1, 3}

# The Beschlussvorlage's header and its Beratungsfolge: body, session date, role.
COUNCIL_PAPER = {
    "paper_number": "VG/0142/2027",
    "paper_lead": "Fachbereich 1 – Zentrale Dienste, Digitallotsin",
    "paper_coverage": (
        "Die Mittel für 2027 sind im Haushalt unter dem Produkt 1.1.4 „Informationstechnik“ "
        "veranschlagt. Die weiteren Jahre werden in den Haushaltsentwurf 2028 aufgenommen; "
        "Förderanträge werden zum jeweils nächsten Stichtag gestellt."
    ),
}
COUNCIL_STEPS = [
    ("Haupt- und Finanzausschuss", (2027, 2, 9), "preliminary"),
    ("Verbandsgemeinderat", (2027, 2, 25), "decision"),
]

# Implementation and cost by rank: lead, (start year, quarter), (end year, quarter), one-off and
# running cost in euros, funding programme and rate. Ranks 12 to 14 have no estimate yet.
COSTS = {
    1: (
        "Fachbereich 1 – Bürgerbüro",
        (2027, 1),
        (2028, 2),
        180_000,
        24_000,
        "OZG-Umsetzung Land",
        50,
    ),
    2: ("Digitallotsin mit Seniorenbeirat", (2027, 1), (2027, 3), 12_000, 3_000, "", None),
    3: (
        "Fachbereich 3 – Bauen und Infrastruktur",
        (2027, 1),
        (2027, 4),
        84_000,
        9_800,
        "WiFi4EU",
        45,
    ),
    4: ("Digitallotsin", (2027, 2), (2028, 1), 35_000, 6_000, "LEADER", 65),
    5: ("Büro der Bürgermeisterin", (2027, 1), (2030, 4), 60_000, 0, "Gigabit-Förderung Bund", 90),
    6: ("Fachbereich 1 – Organisation und IT", (2027, 3), (2029, 2), 220_000, 30_000, "", None),
    7: (
        "Schulträger, Fachbereich 2",
        (2027, 3),
        (2028, 2),
        96_000,
        12_000,
        "DigitalPakt Schule",
        90,
    ),
    8: ("Digitallotsin", (2027, 1), (2027, 2), 2_500, 1_200, "", None),
    9: ("Jugendpflege", (2028, 1), (2028, 4), 28_000, 4_500, "LEADER", 65),
    10: ("Fachbereich 3 – Bauen und Infrastruktur", (2028, 1), (2028, 4), 18_000, 5_000, "", None),
    11: ("Personalabteilung", (2027, 2), (2027, 4), 15_000, 5_000, "", None),
}

# The higher-level plans the strategy refers to: title, publisher, year, link.
REFERENCES = [
    ("Digitalstrategie Rheinland-Pfalz", "Land Rheinland-Pfalz", 2023, ""),
    ("Kreisentwicklungskonzept", "Landkreis Musterkreis", 2022, ""),
    (
        "Onlinezugangsgesetz (OZG)",
        "Bund",
        2017,
        "https://www.gesetze-im-internet.de/ozg/",
    ),
    ("Dorfentwicklungskonzept Musterland", "Verbandsgemeinde Musterland", 2021, ""),
]

ZIELBILDER = [
    (
        "Vernetzte Verbandsgemeinde",
        "Schnelles Internet und offenes WLAN an öffentlichen Orten sind die Grundlage für "
        "Arbeit, Bildung und Teilhabe – in der Stadt wie im kleinsten Ortsteil.",
    ),
    (
        "Verwaltung ohne Wartezeit",
        "Die wichtigsten Leistungen der Verwaltung sind online verfügbar, Abläufe sind digital "
        "und nachvollziehbar, und die Mitarbeitenden arbeiten sicher mit digitalen Werkzeugen.",
    ),
    (
        "Digital dabei – in jedem Alter",
        "Junge und ältere Menschen erwerben digitale Kompetenzen; Vereine und Nachbarschaften "
        "nutzen gemeinsame digitale Angebote.",
    ),
]

LEITSAETZE = [
    "Digitalisierung dient den Menschen – nicht umgekehrt.",
    "Wir lassen niemanden zurück: Jedes digitale Angebot hat auch einen analogen Zugang.",
    "Wir gestalten gemeinsam mit Bürgerschaft, Vereinen und Wirtschaft.",
    "Wir arbeiten offen, sicher und datensparsam.",
    "Wir denken interkommunal und lernen von guten Beispielen.",
]

# The monitoring of some goals, by goal key: baseline and its year, target value and its year
# (replacing the target in FIELDS), data source and who reports the value.
INDICATORS = {
    "glasfaser": ("38 %", 2025, "100 %", 2028, "Breitbandatlas des Bundes", "Fachbereich 3"),
    "wlan": ("4 Standorte", 2026, "28 Standorte", 2028, "Standortliste WiFi4EU", "Fachbereich 3"),
    "online": ("9 Leistungen", 2026, "30 Leistungen", 2027, "OZG-Dashboard", "Digitallotsin"),
    "kompetenzen": ("20 %", 2026, "100 %", 2027, "Schulungsnachweise", "Fachbereich 1"),
    "grundschulen": ("2 von 6", 2026, "6 von 6", 2028, "Medienentwicklungspläne", "Schulträger"),
    "mobil": (
        "120 Fahrten",
        2026,
        "400 Fahrten",
        2029,
        "Buchungssystem Bürgerbus",
        "Bürgermeisterin",
    ),
}

# Handlungsfelder from the Digital-Werkstatt catalogue: name, WARUM, WAS, WER, WANN & WIE, and the
# field's goals as {key: (goal, indicator, target value)}. Measures name their goal by its key, so
# each measure serves a goal of its own field.
FIELDS = [
    (
        "Digitale Infrastruktur",
        "Ohne schnelles Internet gibt es keine digitale Teilhabe. In mehreren Ortsgemeinden "
        "liegen die Bandbreiten noch unter 50 Mbit/s; Homeoffice, Unterricht und Betriebe "
        "stoßen an Grenzen. Öffentliche Orte bieten bisher kaum freies WLAN, und nach dem "
        "Starkregen 2024 fehlten verlässliche Messwerte zu den Pegelständen der Bäche.",
        "Wir begleiten den Glasfaserausbau aktiv, schaffen freies WLAN an zentralen Orten und "
        "bauen ein Sensornetz auf, das Daten für bessere kommunale Entscheidungen liefert.",
        "Fachbereich 3 (Bauen und Infrastruktur), die Ortsgemeinden, der Landkreis als "
        "Koordinator des Breitbandausbaus sowie Netzbetreiber und der Freifunk-Verein.",
        "Der Glasfaserausbau läuft bis 2028 in zwei Bauabschnitten. Das WLAN-Projekt startet "
        "2027 mit Fördermitteln; das Sensornetz wird ab 2028 erprobt.",
        {
            "glasfaser": (
                "Bis 2028 können alle Haushalte und Betriebe einen Glasfaseranschluss nutzen.",
                "Anteil der Haushalte mit Glasfaseranschluss",
                "100 % bis 2028",
            ),
            "wlan": (
                "An allen zentralen öffentlichen Orten gibt es freies WLAN.",
                "Zahl der WLAN-Standorte",
                "28 Standorte",
            ),
            "messdaten": (
                "Pegelstände und Straßenbeleuchtung werden mit eigenen Messdaten überwacht "
                "und gesteuert.",
                "Messpunkte im Sensornetz",
                "40 Messpunkte bis 2030",
            ),
        },
    ),
    (
        "Kommunale Verwaltung",
        "Bürgerinnen und Bürger erwarten Verwaltungsleistungen, die sie von zu Hause aus "
        "erledigen können. Gleichzeitig gehen in den nächsten Jahren viele erfahrene "
        "Mitarbeitende in den Ruhestand; digitale Abläufe entlasten das Team.",
        "Wir bauen ein Bürgerportal auf, führen die E-Akte ein, machen die Ratsarbeit "
        "transparent und stärken die digitalen Kompetenzen der Mitarbeitenden.",
        "Die Verwaltungsleitung, alle Fachbereiche, der Personalrat, der kommunale "
        "IT-Dienstleister und die Digitallotsin als Koordinatorin.",
        "Schrittweise bis 2028: zuerst die meistgenutzten Leistungen, dann die internen "
        "Abläufe. Jedes Jahr wird im Haupt- und Finanzausschuss berichtet.",
        {
            "online": (
                "Die 30 meistgenutzten Verwaltungsleistungen sind bis Ende 2027 vollständig "
                "online nutzbar.",
                "Online verfügbare Leistungen",
                "30 Leistungen",
            ),
            "e-akte": (
                "Alle Fachbereiche arbeiten papierarm mit der E-Akte.",
                "Fachbereiche mit E-Akte",
                "4 von 4",
            ),
            "kompetenzen": (
                "Alle Mitarbeitenden arbeiten sicher und souverän mit digitalen Werkzeugen.",
                "Mitarbeitende mit abgeschlossener Grundschulung",
                "100 % bis Ende 2027",
            ),
            "ratsarbeit": (
                "Die Arbeit von Rat und Ausschüssen ist für alle offen und nachvollziehbar.",
                "Öffentliche Sitzungsunterlagen, die online stehen",
                "100 % ab 2027",
            ),
        },
    ),
    (
        "Bildung und Jugend",
        "Kinder und Jugendliche wachsen digital auf, doch Ausstattung und Konzepte an den "
        "Grundschulen sind sehr unterschiedlich. Jugendliche wünschen sich Orte, an denen sie "
        "selbst gestalten und ausprobieren können.",
        "Wir statten die Grundschulen nach gemeinsamen Medienkonzepten aus und schaffen im "
        "Jugendzentrum einen offenen Makerspace.",
        "Die Verbandsgemeinde als Schulträger, die Schulleitungen, die Jugendpflege und "
        "Partner aus Handwerk und Vereinen.",
        "Die Medienkonzepte entstehen im Schuljahr 2026/27; die Ausstattung folgt über den "
        "DigitalPakt. Der Makerspace öffnet 2028.",
        {
            "grundschulen": (
                "Alle Grundschulen nutzen digitale Medien nach einem abgestimmten Medienkonzept.",
                "Grundschulen mit Medienkonzept",
                "6 von 6",
            ),
            "selbst-gestalten": (
                "Jugendliche probieren digitale Technik in einem offenen Angebot selbst aus.",
                "Jugendliche, die den Makerspace regelmäßig nutzen",
                "60 pro Jahr",
            ),
        },
    ),
    (
        "Silberne Gesellschaft",
        "Ein Drittel der Einwohnerinnen und Einwohner ist älter als 60 Jahre. Viele möchten "
        "digitale Angebote nutzen, trauen sich aber nicht oder haben niemanden, der hilft.",
        "Wir bauen ein Netz von Digitalbotschafterinnen und -botschaftern auf und bieten "
        "regelmäßige Sprechstunden in den Ortsgemeinden an.",
        "Die Seniorenbeauftragte, der Seniorenbeirat, die Volkshochschule und ehrenamtlich "
        "Engagierte aus den Ortsgemeinden.",
        "Start 2027 mit der Gewinnung und Schulung der Ehrenamtlichen; danach dauerhaftes "
        "Angebot mit jährlicher Auswertung.",
        {
            "selbstbestimmt": (
                "Ältere Menschen nutzen digitale Angebote selbstbestimmt und sicher.",
                "Teilnehmende an Digitalsprechstunden pro Jahr",
                "300",
            ),
        },
    ),
    (
        "Dorf- und Stadtentwicklung",
        "Das Leben in den Ortsgemeinden lebt von Vereinen, Nachbarschaft und kurzen Wegen. "
        "Informationen sind heute über viele Kanäle verstreut, Mobilität ohne eigenes Auto ist "
        "schwierig, und Leerstand nimmt in einigen Ortskernen zu.",
        "Wir schaffen eine gemeinsame Dorf-App, verbessern die Buchung von Bürgerbus und "
        "Mitfahrangeboten und machen Leerstände und Bauflächen digital sichtbar.",
        "Die Ortsgemeinden, Vereine, die Wirtschaftsförderung, der Bürgerbus-Verein und die "
        "Verbandsgemeindeverwaltung.",
        "Die Dorf-App startet 2027 in drei Pilotgemeinden und wird danach auf alle "
        "Ortsgemeinden ausgeweitet. Das Leerstandskataster folgt 2028.",
        {
            "vernetzt": (
                "Vereine, Nachbarschaft und Nahversorgung sind über eine gemeinsame Plattform "
                "vernetzt.",
                "Ortsgemeinden, in denen die Dorf-App genutzt wird",
                "14 von 14 bis 2029",
            ),
            "mobil": (
                "Auch ohne eigenes Auto kommen alle verlässlich in die Nachbarorte.",
                "Gebuchte Fahrten mit Bürgerbus und Mitfahrbänken pro Monat",
                "400 Fahrten",
            ),
            "ortskerne": (
                "Leerstehende Gebäude und freie Bauflächen in den Ortskernen finden schnell neue "
                "Nutzer.",
                "Leerstehende Gebäude in den Ortskernen",
                "ein Viertel weniger bis 2030",
            ),
        },
    ),
]

S, M, L = Measure.Timeframe.SHORT, Measure.Timeframe.MEDIUM, Measure.Timeframe.LONG
LOW_, MEDIUM_, HIGH_ = Level.LOW, Level.MEDIUM, Level.HIGH

# In rank order: field index, goal key, title, description, timeframe, effort, impact.
# The Verwaltung's measures grouped, as the seeds' "Smarte Kommune" groups its measures.
GROUPS = {
    "Bürgerportal mit Online-Terminvergabe und digitalen Anträgen": "Digitale Bürgerservices",
    "Ratsinformationssystem mit Livestream der Ratssitzungen": "Digitale Bürgerservices",
    "Einführung der E-Akte in allen Fachbereichen": "Moderne Verwaltung",
    "Fortbildungsprogramm „Digitale Kompetenzen“ für die Verwaltung": "Moderne Verwaltung",
}

MEASURES = [
    (
        1,
        "online",
        "Bürgerportal mit Online-Terminvergabe und digitalen Anträgen",
        "Die meistgenutzten Leistungen werden online beantragt und bezahlt; Termine im "
        "Bürgerbüro werden online vergeben.",
        M,
        HIGH_,
        HIGH_,
    ),
    (
        3,
        "selbstbestimmt",
        "Digitalbotschafterinnen und -botschafter für Seniorinnen und Senioren",
        "Geschulte Ehrenamtliche begleiten ältere Menschen beim Umgang mit Smartphone, Tablet "
        "und Online-Diensten.",
        S,
        LOW_,
        HIGH_,
    ),
    (
        0,
        "wlan",
        "Freies WLAN an Dorfplätzen, Bürgerhäusern und Schulen",
        "Datenschutzkonformes, freies WLAN an 28 öffentlichen Orten in allen Ortsgemeinden.",
        S,
        MEDIUM_,
        HIGH_,
    ),
    (
        4,
        "vernetzt",
        "Dorf-App für Vereine, Veranstaltungen und Nachbarschaftshilfe",
        "Eine gemeinsame App bündelt Termine, Neuigkeiten der Ortsgemeinden, Vereinsleben und "
        "Angebote der Nachbarschaftshilfe.",
        M,
        MEDIUM_,
        HIGH_,
    ),
    (
        0,
        "glasfaser",
        "Glasfaserausbau in den unterversorgten Ortsgemeinden begleiten",
        "Die Verbandsgemeinde koordiniert Bauabschnitte, informiert die Haushalte und nutzt "
        "Tiefbauarbeiten für Leerrohre.",
        L,
        HIGH_,
        HIGH_,
    ),
    (
        1,
        "e-akte",
        "Einführung der E-Akte in allen Fachbereichen",
        "Schriftgut wird digital geführt; Vorgänge sind ortsunabhängig bearbeitbar und "
        "nachvollziehbar.",
        M,
        HIGH_,
        MEDIUM_,
    ),
    (
        2,
        "grundschulen",
        "Medienkonzepte und Tablet-Klassensätze für die Grundschulen",
        "Jede Grundschule erarbeitet ein Medienkonzept; der Schulträger stattet die Schulen "
        "passend dazu aus.",
        M,
        MEDIUM_,
        HIGH_,
    ),
    (
        3,
        "selbstbestimmt",
        "Digitale Sprechstunde im Bürgerhaus",
        "Einmal im Monat beantworten Mitarbeitende der Verwaltung Fragen älterer Menschen zu "
        "Online-Diensten direkt vor Ort.",
        S,
        LOW_,
        MEDIUM_,
    ),
    (
        2,
        "selbst-gestalten",
        "Jugend-Makerspace im Jugendzentrum",
        "Eine offene Werkstatt mit 3D-Drucker, Lasercutter und Programmierkursen, betreut von "
        "der Jugendpflege und Partnern aus dem Handwerk.",
        M,
        MEDIUM_,
        MEDIUM_,
    ),
    (
        4,
        "mobil",
        "Bürgerbus und Mitfahrbänke per App und Telefon buchen",
        "Fahrten des Bürgerbusses und private Mitfahrangebote lassen sich online oder über "
        "eine Telefonzentrale buchen.",
        M,
        MEDIUM_,
        MEDIUM_,
    ),
    (
        1,
        "kompetenzen",
        "Fortbildungsprogramm „Digitale Kompetenzen“ für die Verwaltung",
        "Alle Mitarbeitenden erhalten Schulungen zu E-Akte, Videokonferenzen und "
        "Informationssicherheit.",
        S,
        LOW_,
        MEDIUM_,
    ),
    (
        0,
        "messdaten",
        "LoRaWAN-Sensornetz für Pegelstände und Straßenbeleuchtung",
        "Ein funkbasiertes Sensornetz misst Pegelstände an Bächen und steuert die "
        "Straßenbeleuchtung bedarfsgerecht.",
        L,
        MEDIUM_,
        MEDIUM_,
    ),
    (
        4,
        "ortskerne",
        "Leerstandskataster und digitale Vermarktung von Bauflächen",
        "Leerstände und freie Bauflächen werden mit den Ortsgemeinden erfasst und auf einer "
        "Karte für Kauf- und Mietinteressierte veröffentlicht.",
        M,
        LOW_,
        MEDIUM_,
    ),
    (
        1,
        "ratsarbeit",
        "Ratsinformationssystem mit Livestream der Ratssitzungen",
        "Sitzungsunterlagen sind online einsehbar; öffentliche Ratssitzungen werden live "
        "übertragen.",
        S,
        MEDIUM_,
        MEDIUM_,
    ),
]

# Project plans of the top three measures, by rank. Tasks: (task, owner, due date).
PLANS = {
    1: {
        "result": (
            "Ein Bürgerportal auf der Website der Verbandsgemeinde, über das die 30 "
            "meistgenutzten Leistungen – etwa Meldebescheinigung, Gewerbeanmeldung, "
            "Hundesteuer und Sperrmüll – online beantragt und bezahlt werden können. Termine "
            "im Bürgerbüro werden online vergeben, und Antragstellende sehen den "
            "Bearbeitungsstand."
        ),
        "target_group": (
            "Alle Einwohnerinnen und Einwohner sowie Gewerbetreibende der Verbandsgemeinde, "
            "besonders Berufspendelnde, die das Bürgerbüro zu den Öffnungszeiten schwer "
            "erreichen."
        ),
        "responsible": (
            "Fachbereich 1 (Zentrale Dienste) mit der Digitallotsin als Projektleitung; "
            "technische Umsetzung durch den kommunalen IT-Dienstleister."
        ),
        "resources_financial": (
            "Rund 60.000 € für Einrichtung und Anbindung der Fachverfahren, 12.000 € jährlich "
            "für den Betrieb. Förderung über das Landesprogramm wird geprüft."
        ),
        "resources_personnel": (
            "Projektleitung mit einer halben Stelle für 18 Monate; je Fachbereich eine "
            "Ansprechperson mit etwa zwei Stunden pro Woche."
        ),
        "resources_organisational": (
            "Lenkungsgruppe aus Bürgermeister, Büroleitung und Personalrat; frühzeitige "
            "Abstimmung mit dem Datenschutzbeauftragten."
        ),
        "stakeholders": [
            ("Bürgermeister", "Auftraggeber, entscheidet über Prioritäten", HIGH, HIGH),
            ("Kommunaler IT-Dienstleister", "Technische Umsetzung und Betrieb", HIGH, HIGH),
            ("Personalrat", "Beteiligung bei geänderten Arbeitsabläufen", HIGH, LOW),
            ("Seniorenbeirat", "Prüft Verständlichkeit und Barrierefreiheit", LOW, HIGH),
        ],
        "tasks": [
            (
                "Leistungen nach Fallzahlen priorisieren",
                "Bürgerbüro mit der Digitallotsin",
                datetime.date(2027, 1, 29),
            ),
            (
                "Portallösung auswählen (Landeslösung oder Rahmenvertrag)",
                "Digitallotsin und Lenkungsgruppe",
                datetime.date(2027, 3, 31),
            ),
            (
                "Fachverfahren anbinden und Formulare digitalisieren",
                "Kommunaler IT-Dienstleister",
                datetime.date(2027, 10, 29),
            ),
            (
                "Mitarbeitende schulen und Abläufe anpassen",
                "Fachbereich 1 (Zentrale Dienste)",
                datetime.date(2027, 11, 30),
            ),
            (
                "Start des Portals im Amtsblatt und online bekannt machen",
                "Presse- und Öffentlichkeitsarbeit",
                datetime.date(2027, 12, 15),
            ),
        ],
        "milestones": [
            ("Portallösung ausgewählt", datetime.date(2027, 3, 31)),
            ("Online-Terminvergabe im Bürgerbüro in Betrieb", datetime.date(2027, 7, 1)),
            ("30 Leistungen online verfügbar", datetime.date(2027, 12, 15)),
        ],
    },
    2: {
        "result": (
            "Ein Netz von mindestens zwölf ehrenamtlichen Digitalbotschafterinnen und "
            "-botschaftern, die in allen Ortsgemeinden regelmäßige Sprechstunden anbieten und "
            "ältere Menschen beim Umgang mit Smartphone, Tablet, Videotelefonie und "
            "Online-Diensten begleiten."
        ),
        "target_group": (
            "Menschen ab 65 Jahren, besonders Alleinlebende und Menschen ohne Angehörige vor "
            "Ort; außerdem die Ehrenamtlichen selbst, die neue Kenntnisse erwerben."
        ),
        "responsible": (
            "Die Seniorenbeauftragte der Verbandsgemeinde koordiniert das Netz; die "
            "Volkshochschule schult die Ehrenamtlichen."
        ),
        "resources_financial": (
            "8.000 € jährlich für Schulungen, Leihgeräte und Aufwandsentschädigungen; "
            "Materialien der Landesinitiative Digital-Botschafter werden genutzt."
        ),
        "resources_personnel": (
            "Koordination mit fünf Wochenstunden; zwölf Ehrenamtliche mit je etwa zwei "
            "Stunden pro Woche."
        ),
        "resources_organisational": (
            "Räume in Bürgerhäusern und Gemeindezentren; Versicherung der Ehrenamtlichen über "
            "die Verbandsgemeinde."
        ),
        "stakeholders": [
            ("Volkshochschule", "Schult die Ehrenamtlichen", HIGH, HIGH),
            ("Seniorenbeirat", "Wirbt für das Angebot und bringt Bedarfe ein", LOW, HIGH),
            (
                "Ortsbürgermeisterinnen und Ortsbürgermeister",
                "Stellen Räume bereit und sprechen Ehrenamtliche an",
                HIGH,
                LOW,
            ),
        ],
        "tasks": [
            (
                "Ehrenamtliche gewinnen (Aufruf im Amtsblatt, Vereine ansprechen)",
                "Seniorenbeauftragte",
                datetime.date(2027, 2, 26),
            ),
            (
                "Leihgeräte beschaffen und einrichten",
                "Fachbereich 1 (IT)",
                datetime.date(2027, 4, 30),
            ),
            (
                "Schulungsreihe mit der Volkshochschule durchführen",
                "Volkshochschule",
                datetime.date(2027, 5, 14),
            ),
            (
                "Sprechstundenplan für alle Ortsgemeinden aufstellen",
                "Seniorenbeauftragte mit den Ortsgemeinden",
                datetime.date(2027, 5, 31),
            ),
        ],
        "milestones": [
            ("Zwölf Ehrenamtliche gewonnen", datetime.date(2027, 2, 28)),
            ("Schulung abgeschlossen, erste Sprechstunden", datetime.date(2027, 5, 31)),
            ("Sprechstunden in allen Ortsgemeinden", datetime.date(2027, 10, 31)),
        ],
    },
    3: {
        "result": (
            "Freies, datenschutzkonformes WLAN an 28 öffentlichen Orten: Dorfplätze, "
            "Bürgerhäuser, Grundschulen, Sportplätze und die Tourist-Information."
        ),
        "target_group": (
            "Einwohnerinnen und Einwohner, Gäste und Vereine; Schulen und Veranstaltungen in "
            "den Bürgerhäusern."
        ),
        "responsible": ("Fachbereich 3 (Bauen und Infrastruktur) gemeinsam mit den Ortsgemeinden."),
        "resources_financial": (
            "Rund 45.000 € für Hardware und Installation, 6.000 € jährlich für den Betrieb; "
            "Fördermittel werden beantragt."
        ),
        "resources_personnel": (
            "Projektverantwortung im Fachbereich 3 mit etwa vier Wochenstunden für zwölf Monate."
        ),
        "resources_organisational": (
            "Standortvereinbarungen mit den Ortsgemeinden; Betrieb durch einen Dienstleister "
            "oder den Freifunk-Verein."
        ),
        "stakeholders": [
            ("Ortsgemeinden", "Eigentümer der Standorte", HIGH, HIGH),
            ("Freifunk Musterland e. V.", "Möglicher Betreiber mit Erfahrung", LOW, HIGH),
            ("Schulleitungen", "Abstimmung mit dem Schulnetz", LOW, LOW),
        ],
        "tasks": [
            (
                "Standorte mit den Ortsgemeinden festlegen",
                "Fachbereich 3 (Bauen und Infrastruktur)",
                datetime.date(2027, 1, 29),
            ),
            (
                "Fördermittel beantragen",
                "Fachbereich 3 mit der Kämmerei",
                datetime.date(2027, 2, 26),
            ),
            (
                "Ausschreibung und Vergabe",
                "Zentrale Vergabestelle",
                datetime.date(2027, 6, 30),
            ),
            (
                "Installation und Inbetriebnahme",
                "Beauftragter Dienstleister mit Fachbereich 3",
                datetime.date(2027, 9, 30),
            ),
        ],
        "milestones": [
            ("Standortliste beschlossen", datetime.date(2027, 1, 31)),
            ("Förderbescheid liegt vor", datetime.date(2027, 4, 30)),
            ("Alle 28 Standorte in Betrieb", datetime.date(2027, 9, 30)),
        ],
    },
}


class Command(BaseCommand):
    help = "Create demo users and a complete demo strategy (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        kommune, created = Kommune.objects.get_or_create(
            slug=KOMMUNE["slug"], defaults={k: v for k, v in KOMMUNE.items() if k != "slug"}
        )
        if created:
            logo = reencode(ContentFile(demo_wappen(), name="wappen.png"))
            KommuneLogo.objects.create(
                kommune=kommune, png=logo.png, width=logo.width, height=logo.height
            )
        for username, first_name, last_name, role in USERS:
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"first_name": first_name, "last_name": last_name}
            )
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, kommune=kommune, defaults={"role": role})

        if Workshop.objects.filter(kommune=kommune, title=TITLE).exists():
            if options["verbosity"]:
                self.stdout.write(_("The demo data already exist."))
            return
        workshop = create_demo_strategy(kommune)
        create_demo_live_session(workshop, get_user_model().objects.get(username="moderation"))
        if options["verbosity"]:
            self.stdout.write(
                _("Demo strategy “%(title)s” created for %(kommune)s (log in as moderation).")
                % {"title": TITLE, "kommune": kommune.name}
            )


def _indicator(goal_key: str) -> dict:
    if goal_key not in INDICATORS:
        return {}
    baseline, baseline_year, target, target_year, source, responsible = INDICATORS[goal_key]
    return {
        "baseline": baseline,
        "baseline_year": baseline_year,
        "target_value": target,
        "target_year": target_year,
        "data_source": source,
        "responsible": responsible,
    }


def create_demo_strategy(kommune: Kommune) -> Workshop:
    catalogue = FieldCatalogue.objects.filter(slug="digital-werkstatt").first()
    entries = {e.name: e for e in CatalogueField.objects.filter(catalogue=catalogue)}
    workshop = Workshop.objects.create(
        kommune=kommune,
        title=TITLE,
        catalogue=catalogue,
        # All steps: the demo shows every page (the shipped methods, `catalogue.py`).
        method=Method.objects.filter(slug="eigener-ablauf", kommune=None).first(),
        vision=VISION,
        deep_plan_count=len(PLANS),
        document_version="0.9",
        **DOCUMENT_TEXTS,
        **COUNCIL_PAPER,
    )
    CouncilStep.objects.bulk_create(
        CouncilStep(workshop=workshop, body=body, date=datetime.date(*date), role=role, position=n)
        for n, (body, date, role) in enumerate(COUNCIL_STEPS, start=1)
    )
    Reference.objects.bulk_create(
        Reference(
            workshop=workshop, title=title, publisher=publisher, year=year, url=url, position=n
        )
        for n, (title, publisher, year, url) in enumerate(REFERENCES, start=1)
    )
    Zielbild.objects.bulk_create(
        Zielbild(workshop=workshop, title=title, text=text, position=number)
        for number, (title, text) in enumerate(ZIELBILDER, start=1)
    )
    Leitsatz.objects.bulk_create(
        Leitsatz(workshop=workshop, text=text, position=number)
        for number, text in enumerate(LEITSAETZE, start=1)
    )
    NextStep.objects.bulk_create(
        NextStep(workshop=workshop, title=title, owner=owner, due=due, position=number)
        for number, (title, owner, due) in enumerate(FAHRPLAN, start=1)
    )

    fields, goals = [], []  # goals: per field, {key: Goal}
    for number, (name, why, what, who, when_how, field_goals) in enumerate(FIELDS, start=1):
        field = ActionField.objects.create(
            workshop=workshop,
            source=entries.get(name),
            name=name,
            why=why,
            what=what,
            who=who,
            when_how=when_how,
            position=number,
        )
        fields.append(field)
        goals.append(
            {
                key: Goal.objects.create(
                    action_field=field,
                    title=title,
                    position=position,
                    **{"indicator": indicator, "target_value": target, **_indicator(key)},
                )
                for position, (key, (title, indicator, target)) in enumerate(
                    field_goals.items(), start=1
                )
            }
        )

    measures = Measure.objects.bulk_create(
        Measure(
            workshop=workshop,
            action_field=fields[field_index],
            goal=goals[field_index][goal_key],
            title=title,
            description=description,
            timeframe=timeframe,
            effort=effort,
            impact=impact,
            rank=rank,
            group=GROUPS.get(title, ""),
        )
        for rank, (field_index, goal_key, title, description, timeframe, effort, impact) in (
            enumerate(MEASURES, start=1)
        )
    )
    Measure.objects.confirm_ranking(workshop.pk)
    for rank, (lead, start, end, one_off, running, programme, rate) in COSTS.items():
        Measure.objects.filter(pk=measures[rank - 1].pk).update(
            lead=lead,
            start_year=start[0],
            start_quarter=start[1],
            end_year=end[0],
            end_quarter=end[1],
            one_off_cost=one_off,
            running_cost=running,
            funding_programme=programme,
            funding_rate=rate,
            budgeted=rank in BUDGETED,
            sdg=SDG_BY_RANK.get(rank),
        )
    Dependency.objects.bulk_create(
        Dependency(measure=measures[rank - 1], requires=measures[required - 1])
        for rank, required_ranks in REQUIRES_BY_RANK.items()
        for required in required_ranks
    )

    for rank, plan_data in PLANS.items():
        plan = ProjectPlan.objects.create(
            measure=measures[rank - 1],
            **{
                key: value
                for key, value in plan_data.items()
                if key not in {"stakeholders", "tasks", "milestones"}
            },
        )
        Stakeholder.objects.bulk_create(
            Stakeholder(
                plan=plan, name=name, role=role, influence=influence, interest=interest, position=n
            )
            for n, (name, role, influence, interest) in enumerate(plan_data["stakeholders"], 1)
        )
        Task.objects.bulk_create(
            Task(plan=plan, title=title, owner=owner, due=due, position=n)
            for n, (title, owner, due) in enumerate(plan_data["tasks"], 1)
        )
        Milestone.objects.bulk_create(
            Milestone(plan=plan, title=title, due=due, position=n)
            for n, (title, due) in enumerate(plan_data["milestones"], 1)
        )
    return workshop


def create_demo_live_session(workshop: Workshop, facilitator) -> LiveSession:
    """A finished live session: who took part, what they wrote and what became of it, and the
    dot vote that set the ranking."""
    OfflineParticipation.objects.bulk_create(
        OfflineParticipation(
            workshop=workshop, format=kind, title=title, held_on=date, people=people, summary=text
        )
        for kind, title, date, people, text in OFFLINE
    )
    session = live.start(workshop, facilitator, LIVE_PLACE)
    for item in LiveSession.Item.values:
        live.open_item(session, item)
    people = Participant.objects.bulk_create(
        Participant(session=session, display_name=name) for name in LIVE_NAMES
    )
    leitsaetze = list(Leitsatz.objects.filter(workshop=workshop).order_by("position"))
    measures = list(Measure.objects.filter(workshop=workshop).order_by("rank"))
    made = []
    for number, (kind, text, author, (fate, target)) in enumerate(LIVE_CONTRIBUTIONS):
        contribution = Contribution.objects.create(
            session=session,
            participant=people[author],
            kind=kind,
            text=text,
            token=f"00000000-0000-4000-8000-{number:012d}",
            status={"leitsatz": "accepted", "measure": "accepted"}.get(fate, fate),
            merged_into=made[target] if fate == "merged" else None,
            decided_by=facilitator,
        )
        made.append(contribution)
        if fate == "leitsatz":
            Leitsatz.objects.filter(pk=leitsaetze[target - 1].pk).update(origin=contribution)
        elif fate == "measure":
            Measure.objects.filter(pk=measures[target - 1].pk).update(origin=contribution)

    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    budget = {person.pk: vote.dots for person in people}
    turn = 0
    for measure, dots in zip(measures, LIVE_DOTS, strict=False):
        given = {}
        while dots:
            person = people[turn % len(people)]
            turn += 1
            if budget[person.pk] and given.get(person.pk, 0) < vote.per_item:
                budget[person.pk] -= 1
                given[person.pk] = given.get(person.pk, 0) + 1
                dots -= 1
        for pk, count in given.items():
            voting.set_dots(vote.pk, Participant(pk=pk, session=session), measure.pk, count)
    voting.close(vote.pk, session)
    live.end(session)
    return session


def demo_wappen() -> bytes:
    """A simple Wappen for the demo Kommune, drawn here: a blue shield with a silver wavy
    band (a river through the Verbandsgemeinde), as PNG."""
    from PIL import Image, ImageDraw

    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(30, 20), (210, 20), (210, 130), (120, 225), (30, 130)]
    draw.polygon(shield, fill=(27, 42, 158), outline=(15, 20, 80), width=6)
    for offset in (0, 22):
        points = [
            (34 + x, 105 + offset + (10 if (x // 22) % 2 else -10)) for x in range(0, 173, 22)
        ]
        draw.line(points, fill=(235, 238, 248), width=10, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
