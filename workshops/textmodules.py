"""Text modules (Textbausteine): placeholders such as {Kommune} filled in for one process.

A placeholder is a name in curly braces. A name we do not know, or one that has no value where
the text goes ({Handlungsfeld} outside a field of action, {Bundesland} of a Kommune without
one), is reported and the text is not inserted: a raw placeholder is never printed.

{Kommune} is the bare name. In a sentence the Kommune needs its article and case, which depend
on its kind (die Gemeinde, der Landkreis): {die Kommune} (Nominativ), {der Kommune} (Genitiv),
{der Kommune (Dativ)} and {die Kommune (Akkusativ)} give „die Verbandsgemeinde Musterland“,
„des Landkreises Musterkreis“, „dem Landkreis Musterkreis“, „den Landkreis Musterkreis“;
written with a capital ({Die Kommune}), they begin a sentence. {Rat} is its council.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Kommune, TextModule

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,40})\}")
# The German names of the kinds of Kommune, whatever the interface language.
KIND_NAMES = {
    Kommune.Kind.GEMEINDE: "Gemeinde",
    Kommune.Kind.STADT: "Stadt",
    Kommune.Kind.VERBANDSGEMEINDE: "Verbandsgemeinde",
    Kommune.Kind.LANDKREIS: "Landkreis",
}
# The articles in the four cases: Nominativ, Genitiv, Dativ, Akkusativ.
FEMININE = ("die", "der", "der", "die")
MASCULINE = ("der", "des", "dem", "den")
# Per kind: its articles, the words a name may begin with to say the kind itself („Ortsgemeinde
# Beispiel“, „Hansestadt Beispiel“, „Rhein-Sieg-Kreis“: the last part of a hyphenated word
# counts), and its council.
KIND_GRAMMAR = {
    Kommune.Kind.GEMEINDE: (
        FEMININE,
        {"gemeinde", "ortsgemeinde", "marktgemeinde", "einheitsgemeinde"},
        "Gemeinderat",
    ),
    Kommune.Kind.STADT: (
        FEMININE,
        {"stadt", "hansestadt", "landeshauptstadt", "kreisstadt"},
        "Stadtrat",
    ),
    Kommune.Kind.VERBANDSGEMEINDE: (
        FEMININE,
        {"verbandsgemeinde", "samtgemeinde", "verwaltungsgemeinschaft"},
        "Verbandsgemeinderat",
    ),
    Kommune.Kind.LANDKREIS: (MASCULINE, {"landkreis", "kreis"}, "Kreistag"),
}
# The placeholders of the Kommune with its article, one per case, in the order of the articles.
CASES = ("die Kommune", "der Kommune", "der Kommune (Dativ)", "die Kommune (Akkusativ)")
FIELD_TARGETS = {
    TextModule.Target.FIELD_WHY: "why",
    TextModule.Target.FIELD_WHAT: "what",
    TextModule.Target.FIELD_WHO: "who",
    TextModule.Target.FIELD_WHEN_HOW: "when_how",
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


PLACEHOLDER_NAMES = (
    "Kommune",
    *CASES,
    *(_capital(name) for name in CASES),
    "Rat",
    "Kommunenart",
    "Bundesland",
    "Strategie",
    "Jahr",
    "Handlungsfeld",
    "AnzahlHandlungsfelder",
    "AnzahlMassnahmen",
)


class PlaceholderError(ValueError):
    def __init__(self, names):
        self.names = names
        super().__init__(
            _("The text module contains placeholders that cannot be filled in: %(names)s.")
            % {"names": ", ".join(f"{{{name}}}" for name in names)}
        )


def values(workshop, field=None) -> dict[str, str]:
    """The placeholders' values for `workshop` (and `field`, a field of action); a placeholder
    without a value is missing."""
    kommune = workshop.kommune
    found = {
        "Kommune": kommune.name,
        **_with_article(kommune),
        "Rat": KIND_GRAMMAR[kommune.kind][2] if kommune.kind in KIND_GRAMMAR else "",
        "Kommunenart": KIND_NAMES.get(kommune.kind, ""),
        "Bundesland": kommune.state,
        "Strategie": workshop.title,
        "Jahr": str(timezone.localdate().year),
        "AnzahlHandlungsfelder": str(workshop.action_fields.count()),
        "AnzahlMassnahmen": str(workshop.measures.count()),
    }
    if field is not None:
        found["Handlungsfeld"] = field.name
    return {name: value for name, value in found.items() if value}


def _with_article(kommune) -> dict[str, str]:
    """The placeholders of `CASES` (and their capitalised forms) for `kommune`. A name that
    says its kind („Verbandsgemeinde Musterland“, „Kreis Unna“) takes just the article; any
    other gets the kind as well („die Stadt Darmstadt“). Masculine kinds add -es in the
    Genitiv („des Landkreises“)."""
    if kommune.kind not in KIND_GRAMMAR:
        return {}
    articles, words, _council = KIND_GRAMMAR[kommune.kind]
    first, _space, rest = kommune.name.partition(" ")
    if first.lower().rsplit("-", 1)[-1] in words:
        noun = first
    else:
        noun, rest = KIND_NAMES[kommune.kind], kommune.name
    found = {}
    for case, (name, article) in enumerate(zip(CASES, articles, strict=True)):
        declined = f"{noun}es" if articles is MASCULINE and case == 1 else noun
        value = " ".join(word for word in (article, declined, rest) if word)
        found[name] = value
        found[_capital(name)] = _capital(value)
    return found


def fill(body: str, known: dict[str, str]) -> str:
    """`body` with its placeholders replaced by `known`; `PlaceholderError` names the rest."""
    missing = sorted({name for name in PLACEHOLDER.findall(body) if name not in known})
    if missing:
        raise PlaceholderError(missing)
    return PLACEHOLDER.sub(lambda match: known[match.group(1)], body)


def unknown_names(body: str) -> list[str]:
    """The placeholders in `body` that no process can fill (for checking a module on import)."""
    return sorted({name for name in PLACEHOLDER.findall(body) if name not in PLACEHOLDER_NAMES})


def modules_for(workshop, targets):
    """The text modules offered for `targets`: the shared ones and the Kommune's own."""
    return TextModule.objects.for_kommune(workshop.kommune).filter(target__in=list(targets))
