"""Edit conflicts: what someone else saved meanwhile, set beside what the user typed.

`EditConflictMixin` (in `forms.py`) detects a conflict while it holds the row's lock; this module
describes it for the page: per field the stored and the typed text, split into words that both
share and words that only one of them has. Templates only display the result.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils import formats

# A word and the whitespace after it; words are compared, whitespace is kept for display.
_WORDS = re.compile(r"(\S+)(\s*)")


class EditConflict(Exception):
    """Saving would overwrite values someone else saved after the form was shown."""


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool  # only in this version (deleted on the stored side, inserted on the typed side)


@dataclass(frozen=True)
class FieldConflict:
    label: str
    stored: list[Segment]
    typed: list[Segment]


def word_diff(stored: str, typed: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts as segments; words the other text lacks are marked as changed.

    Words are compared, whitespace is not; joined again, the segments give each text back.
    """
    old, new = _words(stored), _words(typed)
    stored_parts, typed_parts = _Segments(stored), _Segments(typed)
    matcher = SequenceMatcher(None, [w for w, _ in old], [w for w, _ in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        stored_parts.add(old[i1:i2], changed=tag != "equal")
        typed_parts.add(new[j1:j2], changed=tag != "equal")
    return stored_parts.segments, typed_parts.segments


def _words(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _WORDS.finditer(text)]


class _Segments:
    """Collects segments; a changed run ends at its last word, the whitespace after is plain."""

    def __init__(self, text: str):
        self.segments: list[Segment] = []
        leading = text[: len(text) - len(text.lstrip())]
        self._append(leading, changed=False)

    def add(self, words: list[tuple[str, str]], *, changed: bool):
        if not words:
            return
        text = "".join(word + space for word, space in words)
        trailing = words[-1][1]
        if changed:
            self._append(text[: len(text) - len(trailing)], changed=True)
            self._append(trailing, changed=False)
        else:
            self._append(text, changed=False)

    def _append(self, text: str, *, changed: bool):
        if not text:
            return
        if self.segments and self.segments[-1].changed == changed:
            text = self.segments.pop().text + text
        self.segments.append(Segment(text, changed))


def display_value(obj, name: str) -> str:
    """The value of model field `name` of `obj` as the user reads it ("" when empty)."""
    field = obj._meta.get_field(name)
    value = field.value_from_object(obj)
    if value in (None, ""):
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if field.is_relation:
        return str(getattr(obj, name))
    return str(formats.localize(value))


def field_conflicts(form, stored) -> list[FieldConflict]:
    """The fields of `form` whose value in the `stored` row differs from the user's input.

    `form.instance` holds the user's (cleaned) input at this point, `stored` the row as saved.
    """
    conflicts = []
    for name in differing_fields(form, stored):
        stored_parts, typed_parts = word_diff(
            display_value(stored, name), display_value(form.instance, name)
        )
        conflicts.append(FieldConflict(str(form[name].label), stored_parts, typed_parts))
    return conflicts


def differing_fields(form, stored) -> list[str]:
    """Names of the fields of `form` whose input differs from the `stored` row's value."""
    return [
        name
        for name in form._meta.fields
        if stored._meta.get_field(name).value_from_object(stored)
        != form.instance._meta.get_field(name).value_from_object(form.instance)
    ]
