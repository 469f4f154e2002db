"""The 17 Sustainable Development Goals of the United Nations, with their official German names
(Bundesregierung): a measure may name the one it serves most."""

SDGS = {
    1: "Keine Armut",
    2: "Kein Hunger",
    3: "Gesundheit und Wohlergehen",
    4: "Hochwertige Bildung",
    5: "Geschlechtergleichheit",
    6: "Sauberes Wasser und Sanitäreinrichtungen",
    7: "Bezahlbare und saubere Energie",
    8: "Menschenwürdige Arbeit und Wirtschaftswachstum",
    9: "Industrie, Innovation und Infrastruktur",
    10: "Weniger Ungleichheiten",
    11: "Nachhaltige Städte und Gemeinden",
    12: "Nachhaltige/r Konsum und Produktion",
    13: "Maßnahmen zum Klimaschutz",
    14: "Leben unter Wasser",
    15: "Leben an Land",
    16: "Frieden, Gerechtigkeit und starke Institutionen",
    17: "Partnerschaften zur Erreichung der Ziele",
}

SDG_CHOICES = [(number, f"SDG {number}: {name}") for number, name in SDGS.items()]


def sdg_label(number: int | None) -> str:
    return f"SDG {number}: {SDGS[number]}" if number in SDGS else ""
