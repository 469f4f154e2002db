"""Text modules (Textbausteine): placeholders such as {Kommune} filled in for one process.

A placeholder is a name in curly braces. A name we do not know, or one that has no value where
the text goes ({Handlungsfeld} outside a field of action, {Bundesland} of a Kommune without
one), is reported and the text is not inserted: a raw placeholder is never printed.
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
FIELD_TARGETS = {
    TextModule.Target.FIELD_WHY: "why",
    TextModule.Target.FIELD_WHAT: "what",
    TextModule.Target.FIELD_WHO: "who",
    TextModule.Target.FIELD_WHEN_HOW: "when_how",
}
PLACEHOLDER_NAMES = (
    "Kommune",
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
