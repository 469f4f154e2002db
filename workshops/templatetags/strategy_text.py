from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from workshops import markdown as markdown_text
from workshops import text

register = template.Library()


@register.filter
def markdown(text):
    """A Markdown text as sanitised HTML (see `workshops/markdown.py`)."""
    return mark_safe(markdown_text.render(text or ""))  # sanitised by nh3


@register.filter
def breakable(value):
    """A URL or other long text to display, with break opportunities in overlong words."""
    return text.breakable(str(value))


@register.filter
def euro(amount):
    """A whole euro amount in German notation, e.g. "12.500 €"; a dash for none."""
    if amount is None or amount == "":
        return "–"
    return f"{number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)}\u00a0€"
