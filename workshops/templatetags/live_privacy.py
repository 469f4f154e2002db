"""The short privacy notice of the live workshop's join pages, with the link to the operator's
full privacy statement (`PRIVACY_URL`) when one is set."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("live/_privacy.html")
def privacy_notice(kommune=None):
    return {"kommune": kommune, "privacy_url": settings.PRIVACY_URL}
