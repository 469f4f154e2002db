"""The steps of a strategy process, their completion, and rendering a step page.

Completion is read through reverse relations (`workshop.action_fields`, `workshop.measures`), so
this module needs no import from the `fields` or `measures` apps.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import trigger_client_event

WORKSHOP_CHANGED = "workshopChanged"


@dataclass(frozen=True)
class Step:
    slug: str
    number: int
    label: str
    url: str
    complete: bool
    current: bool


STEP_DEFINITIONS = [
    ("vision", _("Vision & guiding principles"), "workshops:vision"),
    ("fields", _("Fields of action"), "fields:field_list"),
    ("measures", _("Goals & measures"), "measures:measure_list"),
    ("ranking", _("Prioritisation"), "measures:ranking"),
    ("planning", _("In-depth planning"), "measures:planning"),
    ("strategy", _("Strategy"), "workshops:strategy"),
]


def completion(workshop) -> dict[str, bool]:
    """Which steps are done, in a fixed number of queries whatever the amount of data."""
    fields = workshop.action_fields.aggregate(
        total=Count("pk", distinct=True),
        without_goal=Count("pk", filter=Q(goals__isnull=True), distinct=True),
        without_measure=Count("pk", filter=Q(measures__isnull=True), distinct=True),
    )
    measures = workshop.measures.aggregate(
        total=Count("pk"),
        top_planned=Count(
            "pk",
            filter=Q(rank__lte=workshop.deep_plan_count)
            & ~Q(plan__result="")
            & Q(plan__isnull=False),
        ),
    )
    top_count = min(workshop.deep_plan_count, measures["total"])
    done = {
        "vision": bool(workshop.vision.strip()) and workshop.leitsaetze.exists(),
        "fields": fields["total"] > 0,
        "measures": fields["total"] > 0
        and fields["without_goal"] == 0
        and fields["without_measure"] == 0,
        "ranking": measures["total"] > 0 and workshop.ranked_at is not None,
        "planning": top_count > 0 and measures["top_planned"] >= top_count,
    }
    done["strategy"] = all(done.values())
    return done


def steps_for(workshop, current: str) -> list[Step]:
    done = completion(workshop)
    return [
        Step(
            slug, number, label, reverse(url_name, args=[workshop.pk]), done[slug], slug == current
        )
        for number, (slug, label, url_name) in enumerate(STEP_DEFINITIONS, start=1)
    ]


def wants_partial(request) -> bool:
    """An htmx request that swaps a region; boosted requests (links, forms) want whole pages."""
    return bool(request.htmx) and not request.htmx.boosted


def render_step(request, template, workshop, step, context=None, *, partial=None, status=200):
    """Render a step page, or only `partial` of it for an htmx request that is not boosted."""
    if partial and wants_partial(request):
        template = f"{template}#{partial}"
    context = {
        "workshop": workshop,
        "can_edit": workshop.membership.can_edit,
        "steps": steps_for(workshop, step),
        "current_step": step,
        **(context or {}),
    }
    return render(request, template, context, status=status)


def confirm_delete(request, workshop, obj, *, cancel_url, consequences=""):
    """The page that asks before deleting `obj` (without JavaScript; with it, hx-confirm asks)."""
    context = {
        "workshop": workshop,
        "object": obj,
        "cancel_url": cancel_url,
        "consequences": consequences,
    }
    return render(request, "workshops/confirm_delete.html", context)


def announce_change(response):
    """Tell the other regions of the page (step navigation, counts, ranks) to refresh."""
    return trigger_client_event(response, WORKSHOP_CHANGED)
