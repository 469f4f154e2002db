from django import template
from django.utils.safestring import mark_safe

from workshops import markdown as markdown_text
from workshops import text

register = template.Library()


@register.filter
def markdown(text, heading_level=markdown_text.TEXT_HEADING_LEVEL):
    """A Markdown text as sanitised HTML (see `workshops/markdown.py`); its headings get
    `heading_level` (3 unless given)."""
    return mark_safe(markdown_text.render(text or "", int(heading_level)))  # sanitised by nh3


@register.filter
def breakable(value):
    """A URL or other long text to display, with break opportunities in overlong words."""
    return text.breakable(str(value))


@register.filter
def euro(amount):
    """A whole euro amount in German notation, e.g. "12.500 €"; a dash for none."""
    return text.euro(amount)
