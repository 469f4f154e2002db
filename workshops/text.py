"""Text helpers shared by the pages, the PDF and the Markdown renderer."""

import re

from django.utils.formats import number_format


class Markdown(str):
    """A text written in Markdown (see `markdown.py`), rendered rather than printed as it is."""


class Link(str):
    """A URL: its target must stay whole, only its displayed text may break (`breakable`)."""


# A run of more than `LONGEST_WORD` characters without a space gets an invisible break opportunity
# (U+200B ZERO WIDTH SPACE) after every `WORD_CHUNK` characters. For a word that does not fit
# its line, WeasyPrint lays the text out again for every hyphenation point of the word; for a
# 5,000-character word (a pasted identifier or a long URL) that took minutes. German compounds
# stay below this length, so ordinary text is untouched.
LONGEST_WORD = 80
WORD_CHUNK = 40
_OVERLONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")
_BREAK = "\u200b"


def _chunked(match: re.Match) -> str:
    word = match.group()
    return _BREAK.join(word[i : i + WORD_CHUNK] for i in range(0, len(word), WORD_CHUNK))


def breakable(text: str) -> str:
    """`text` with a break opportunity every `WORD_CHUNK` characters of each overlong word."""
    return _OVERLONG_WORD.sub(_chunked, text)


def euro(amount: int | None) -> str:
    """A whole euro amount in the active language's notation, e.g. "12.500 €"; a dash for none."""
    if amount is None or amount == "":
        return "–"
    return f"{number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)}\u00a0€"
