"""The steps of a strategy process, their completion, and rendering a step page.

Completion is read through reverse relations (`workshop.action_fields`, `workshop.measures`), so
this module needs no import from the `fields` or `measures` apps.
"""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_htmx.http import trigger_client_event

from .models import MethodStep, NextStep, Workshop

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
    ("fahrplan", _("Fahrplan"), "workshops:fahrplan"),
    ("strategy", _("Strategy"), "workshops:strategy"),
]


ALL_PAGES = [slug for slug, _label, _url in STEP_DEFINITIONS]


def pages_of(workshops) -> dict[int, list[str]]:
    """The step pages each workshop shows, by workshop id, in one query for all of them: those
    its method uses, in the app's order and always ending with the strategy; every page for a
    process without a method. The pages a method leaves out are hidden, their content stays."""
    workshops = list(workshops)
    method_ids = {w.method_id for w in workshops if w.method_id}
    used = {}
    if method_ids:
        rows = MethodStep.objects.filter(method_id__in=method_ids).exclude(page="")
        for method_id, page in rows.values_list("method_id", "page"):
            used.setdefault(method_id, set()).add(page)
    return {
        w.pk: [
            slug
            for slug in ALL_PAGES
            if not w.method_id or slug == "strategy" or slug in used.get(w.method_id, ())
        ]
        for w in workshops
    }


def completion(workshop) -> dict[str, bool]:
    """Which steps are done, in a fixed number of queries whatever the amount of data."""
    return completions([workshop])[workshop.pk]


def completions(workshops, pages=None) -> dict[int, dict[str, bool]]:
    """Which steps each workshop has done: four queries for any number of workshops and rows,
    and one more unless `pages` (`pages_of(workshops)`) is given."""
    workshops = list(workshops)
    per_workshop = Workshop.objects.filter(pk__in=[w.pk for w in workshops]).order_by()
    fields = {
        row["pk"]: row
        for row in per_workshop.values("pk").annotate(
            total=Count("action_fields", distinct=True),
            without_goal=Count(
                "action_fields", filter=Q(action_fields__goals__isnull=True), distinct=True
            ),
            without_measure=Count(
                "action_fields", filter=Q(action_fields__measures__isnull=True), distinct=True
            ),
        )
    }
    measures = {
        row["pk"]: row
        for row in per_workshop.values("pk").annotate(
            total=Count("measures", distinct=True),
            top_planned=Count(
                "measures",
                filter=Q(measures__rank__lte=F("deep_plan_count"))
                & ~Q(measures__plan__result="")
                & Q(measures__plan__isnull=False),
                distinct=True,
            ),
        )
    }
    with_leitsatz = set(
        per_workshop.filter(leitsaetze__isnull=False).values_list("pk", flat=True).distinct()
    )
    with_next_step = set(
        per_workshop.filter(next_steps__isnull=False).values_list("pk", flat=True).distinct()
    )
    pages = pages if pages is not None else pages_of(workshops)
    return {
        w.pk: _done(
            w,
            fields[w.pk],
            measures[w.pk],
            has_leitsatz=w.pk in with_leitsatz,
            has_next_step=w.pk in with_next_step,
            pages=pages[w.pk],
        )
        for w in workshops
    }


def _done(workshop, fields, measures, *, has_leitsatz, has_next_step, pages) -> dict[str, bool]:
    top_count = min(workshop.deep_plan_count, measures["total"])
    done = {
        "vision": bool(workshop.vision.strip()) and has_leitsatz,
        "fields": fields["total"] > 0,
        "measures": fields["total"] > 0
        and fields["without_goal"] == 0
        and fields["without_measure"] == 0,
        "ranking": measures["total"] > 0 and workshop.ranked_at is not None,
        "planning": top_count > 0 and measures["top_planned"] >= top_count,
        "fahrplan": has_next_step,
    }
    # The strategy is complete when every step the method shows before it is.
    done["strategy"] = all(done[slug] for slug in pages if slug != "strategy")
    return done


def with_progress(workshops):
    """The workshops with `steps_done` and `step_count` set (the steps their methods show), in
    five queries for all of them."""
    workshops = list(workshops)
    pages = pages_of(workshops)
    done = completions(workshops, pages)
    for workshop in workshops:
        workshop.step_count = len(pages[workshop.pk])
        workshop.steps_done = sum(done[workshop.pk][slug] for slug in pages[workshop.pk])
    return workshops


def with_next_step(workshops):
    """The workshops with `next_step` set: the Fahrplan's next step from today on (else one
    without a date), or None; one query for all of them."""
    workshops = list(workshops)
    today = timezone.localdate()
    upcoming = {}
    steps = NextStep.objects.filter(workshop__in=[w.pk for w in workshops]).filter(
        Q(due__gte=today) | Q(due__isnull=True)
    )
    for step in steps.order_by(F("due").asc(nulls_last=True), "position", "pk"):
        upcoming.setdefault(step.workshop_id, step)
    for workshop in workshops:
        workshop.next_step = upcoming.get(workshop.pk)
    return workshops


def record_change(request, workshop) -> None:
    """Note that `request.user` has just changed `workshop` (one UPDATE; the dashboard shows it)."""
    now = timezone.now()
    Workshop.objects.filter(pk=workshop.pk).update(updated_at=now, updated_by=request.user)
    workshop.updated_at, workshop.updated_by = now, request.user


@dataclass(frozen=True)
class Gap:
    """Something a step still lacks, and the place where it is done."""

    text: str
    url: str


@dataclass(frozen=True)
class OpenStep:
    step: Step
    gaps: list[Gap]


def gaps(workshop, steps=None) -> dict[str, list[Gap]]:
    """What the steps (slugs; default: all) still lack, by slug, in at most four queries
    whatever the amount of data. Mirrors `completion()`: a step with gaps is not complete."""
    wanted = set(steps) if steps is not None else {slug for slug, *_rest in STEP_DEFINITIONS}
    found = {slug: [] for slug, *_rest in STEP_DEFINITIONS}
    pk = workshop.pk
    if "vision" in wanted:
        if not workshop.vision.strip():
            text = _("The vision is still empty.")
            found["vision"].append(Gap(text, _url("workshops:vision", pk)))
        if not workshop.leitsaetze.exists():
            text = _("No guiding principles yet.")
            found["vision"].append(Gap(text, _url("workshops:vision", pk, "leitsaetze")))
    if wanted & {"fields", "measures", "ranking", "planning"}:
        _field_gaps(workshop, found)
    if "fahrplan" in wanted and not workshop.next_steps.exists():
        text = _("No next step in the Fahrplan yet.")
        found["fahrplan"].append(Gap(text, _url("workshops:fahrplan", pk)))
    if "planning" in wanted:
        unplanned = (
            workshop.measures.filter(rank__lte=workshop.deep_plan_count)
            .filter(Q(plan__isnull=True) | Q(plan__result=""))
            .order_by("rank")
            .values_list("pk", "rank", "title")
        )
        for measure_pk, rank, title in unplanned:
            text = _("Rank %(rank)s, “%(measure)s”: the result (question 1) is still open.") % {
                "rank": rank,
                "measure": title,
            }
            url = reverse("measures:plan_detail", args=[pk, measure_pk])
            found["planning"].append(Gap(text, url))
    return {slug: found[slug] for slug in found if slug in wanted}


def _field_gaps(workshop, found):
    """The gaps of the steps from the fields to the ranking, from one query over the fields."""
    pk = workshop.pk
    fields = list(
        workshop.action_fields.order_by("position", "pk")
        .values("pk", "name")
        .annotate(goals=Count("goals", distinct=True), measures=Count("measures", distinct=True))
    )
    if not fields:
        to_fields = _url("fields:field_list", pk)
        found["fields"].append(Gap(_("No field of action chosen yet."), to_fields))
        found["measures"].append(Gap(_("Choose the fields of action first."), to_fields))
    for field in fields:
        place = _url("measures:measure_list", pk, f"field-{field['pk']}")
        if not field["goals"]:
            text = _("“%(field)s” has no goal yet.") % {"field": field["name"]}
            found["measures"].append(Gap(text, place))
        if not field["measures"]:
            text = _("“%(field)s” has no measure yet.") % {"field": field["name"]}
            found["measures"].append(Gap(text, place))
    if not any(field["measures"] for field in fields):
        to_measures = _url("measures:measure_list", pk)
        found["ranking"].append(Gap(_("There are no measures to rank yet."), to_measures))
        found["planning"].append(Gap(_("There are no measures to plan yet."), to_measures))
    elif workshop.ranked_at is None:
        text = _("The ranking has not been confirmed yet.")
        found["ranking"].append(Gap(text, _url("measures:ranking", pk)))


def open_steps(workshop, steps: list[Step]) -> list[OpenStep]:
    """The steps before the strategy that are not complete, each with its gaps."""
    incomplete = [step for step in steps if not step.complete and step.slug != "strategy"]
    found = gaps(workshop, [step.slug for step in incomplete]) if incomplete else {}
    return [OpenStep(step, found[step.slug]) for step in incomplete]


def _url(name, pk, fragment=""):
    url = reverse(name, args=[pk])
    return f"{url}#{fragment}" if fragment else url


def steps_for(workshop, current: str) -> list[Step]:
    """The steps the workshop's method shows (`pages_of`), numbered, with their completion."""
    pages = pages_of([workshop])
    done = completions([workshop], pages)[workshop.pk]
    shown = pages[workshop.pk]
    definitions = [d for d in STEP_DEFINITIONS if d[0] in shown]
    return [
        Step(
            slug, number, label, reverse(url_name, args=[workshop.pk]), done[slug], slug == current
        )
        for number, (slug, label, url_name) in enumerate(definitions, start=1)
    ]


# An id in a query string: ASCII digits only (`str.isdigit()` also accepts "²" and "①", which
# `int()` refuses), and short enough for a bigint column (PostgreSQL refuses larger numbers).
_QUERY_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: str) -> int | None:
    """`value` as an id, or None when it is not a plausible one."""
    return int(value) if _QUERY_ID.fullmatch(value) else None


def query_id(request, key: str) -> int | None:
    """The id in `?key=<id>`, or None when it is missing or not a plausible id."""
    return parse_id(request.GET.get(key, ""))


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
        "current_step": step,
        **(context or {}),
    }
    if "steps" not in context:  # a view that needed the steps already passes them
        context["steps"] = steps_for(workshop, step)
    context["next_step"] = next_step(context["steps"])
    # A step page the method leaves out stays reachable (its content is kept): it says so. The
    # pages beside the steps (live workshop, participation, settings) belong to every method.
    context["step_hidden"] = step in ALL_PAGES and step not in {s.slug for s in context["steps"]}
    return render(request, template, context, status=status)


def next_step(steps: list[Step]) -> Step | None:
    """The step after the current one, as the method orders them; None on the last step and
    on a page the method leaves out."""
    slugs = [s.slug for s in steps]
    current = next((s.slug for s in steps if s.current), None)
    if current is None or slugs.index(current) + 1 == len(steps):
        return None
    return steps[slugs.index(current) + 1]


def confirm_delete(request, workshop, obj, *, cancel_url, consequences=""):
    """The page that asks before deleting `obj` (without JavaScript; with it, hx-confirm asks)."""
    context = {
        "workshop": workshop,
        "object": obj,
        "cancel_url": cancel_url,
        "consequences": consequences,
    }
    return render(request, "workshops/confirm_delete.html", context)


def content_counts(workshop) -> dict[str, int]:
    """How many Leitsätze, fields, goals, measures and plans the process holds (three queries)."""
    fields = workshop.action_fields.aggregate(
        fields=Count("pk", distinct=True), goals=Count("goals", distinct=True)
    )
    measures = workshop.measures.aggregate(measures=Count("pk"), plans=Count("plan"))
    return {"leitsaetze": workshop.leitsaetze.count(), **fields, **measures}


def announce_change(response):
    """Tell the other regions of the page (step navigation, counts, ranks) to refresh."""
    return trigger_client_event(response, WORKSHOP_CHANGED)


def region_refused(request, page, workshop, partial, **forms):
    """A form of a page with regions (`page(request, workshop, partial=, status=, **forms)`)
    again with its errors: the region for htmx (which swaps only 2xx answers), else the whole
    page as 422."""
    status = 200 if wants_partial(request) else 422
    return page(request, workshop, partial=partial, status=status, **forms)


def region_saved(request, page, workshop, partial, message, url, **extra):
    """After a save on such a page: the region again for htmx (and the other regions told),
    else a redirect to `url` with `message`."""
    record_change(request, workshop)
    if wants_partial(request):
        return announce_change(page(request, workshop, partial=partial, **extra))
    messages.success(request, message)
    return redirect(url)


def focus_after_move(rows, moved_pk, direction) -> dict:
    """Where the focus goes after a row of `rows` (in their new order) moved "up" or "down":
    the moved row's button that was pressed, or the other one when the row reached the end
    it moved towards (that button is disabled there). Templates compare against this."""
    ids = [row.pk for row in rows]
    if moved_pk not in ids:
        return {}
    index = ids.index(moved_pk)
    control = "up" if direction == "up" else "down"
    if control == "up" and index == 0:
        control = "down"
    if control == "down" and index == len(ids) - 1:
        control = "up" if len(ids) > 1 else ""
    return {"pk": moved_pk, "control": control}
