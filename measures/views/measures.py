"""Goals & measures: per field of action its goals and the measures that reach them."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fields.models import ActionField, Goal
from workshops import permissions
from workshops.process import (
    announce_change,
    confirm_delete,
    parse_id,
    query_id,
    record_change,
    render_step,
    wants_partial,
)

from ..forms import GoalForm, MeasureForm
from ..models import Measure


@dataclass
class FieldSection:
    """What the page shows for one field of action; add and edit forms only where opened."""

    field: ActionField
    goals: list
    measures: list
    open: bool = False  # its goals and measures are rendered, expanded; else loaded on opening
    goal_form: GoalForm | None = None  # the opened "add a goal" form, bound after an error
    measure_form: MeasureForm | None = None  # the opened "add a measure" form
    editing_goal: tuple | None = None  # (pk, bound or unbound GoalForm)
    editing_measure: tuple | None = None  # (pk, MeasureForm)
    focus_form: str = ""  # "goal" or "measure": its title gets the focus after a swap
    focus_add: str = ""  # "goal" or "measure": after cancelling, that add link gets the focus
    focus_summary: bool = False  # after opening the field, its disclosure keeps the focus
    focus_goal: int | None = None  # after editing, the goal's edit link gets the focus back
    focus_measure: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.goals) and bool(self.measures)

    @property
    def group_names(self) -> list[str]:
        """The groups the field's measures use, offered when a measure is added or edited."""
        return sorted({measure.group for measure in self.measures if measure.group})

    @property
    def without_goal_count(self) -> int:
        """How many of the field's measures are linked to no goal."""
        return sum(1 for measure in self.measures if measure.without_goal)

    @property
    def target(self) -> str:
        """The element that htmx swaps for changes in this field."""
        return f"#field-{self.field.pk}"


def _fields(workshop):
    """The workshop's fields with their goals and ranked measures, in three queries."""
    measures = (
        Measure.objects.select_related("goal", "plan")
        .annotate(without_goal=ExpressionWrapper(Q(goal__isnull=True), output_field=BooleanField()))
        .order_by("rank")
    )
    return workshop.action_fields.prefetch_related("goals", Prefetch("measures", queryset=measures))


def _section(field, *, named=False, open_form="", **overrides) -> FieldSection:
    """The section of `field`: expanded when the request names the field, or when it holds
    nothing yet; `open_form` ("goal" or "measure") opens that add form.

    Collapsed sections carry only their counts, so the page costs the same for 5 or 500
    measures; a field's goals and measures are rendered when it is opened.
    """
    section = FieldSection(
        field=field, goals=list(field.goals.all()), measures=list(field.measures.all()), **overrides
    )
    section.open = named or not (section.goals or section.measures)
    if open_form == "goal" and section.goal_form is None:
        section.goal_form = GoalForm(prefix=f"goal-new-{field.pk}")
    if open_form == "measure" and section.measure_form is None:
        section.measure_form = _measure_form(field)
    if section.focus_form:
        # After adding, the fresh form's title takes the focus for the next entry.
        form = section.goal_form if section.focus_form == "goal" else section.measure_form
        form.fields["title"].widget.attrs["autofocus"] = True
    return section


def _focus_first_error(form):
    """Put the focus on the first field with an error when the form comes back."""
    name = next((n for n in form.errors if n in form.fields), None)
    if name:
        form.fields[name].widget.attrs["autofocus"] = True


def _page(request, workshop, *, field_pk=None, partial=None, context=None, **overrides):
    """The page; for htmx only the section of field `field_pk` (or another `partial`).

    A page that names field `field_pk` shows that field alone (the overview still lists all of
    them); `overrides` replace the defaults (forms, editing state) of its section.
    """
    as_partial = wants_partial(request)
    partial = partial or ("field_section" if field_pk is not None else None)
    fields = _fields(workshop)
    if as_partial and partial == "field_section":
        fields = fields.filter(pk=field_pk)
    sections = [
        _section(f, named=True, **overrides) if f.pk == field_pk else _section(f) for f in fields
    ]
    shown = [s for s in sections if s.field.pk == field_pk] if field_pk is not None else sections
    if as_partial and partial == "field_section" and not shown:
        raise Http404  # the field was deleted meanwhile
    if context and "moved_ranks" in context:
        # Ranks in other fields changed: update the badges of the fields the browser shows.
        shown_ids = [parse_id(value) for value in request.POST.getlist("shown_field")]
        context["moved_ranks"] = workshop.measures.filter(
            action_field__in=[pk for pk in shown_ids if pk is not None and pk != field_pk]
        ).only("pk", "rank")
    context = {
        "sections": sections,
        "shown_sections": shown,
        "filtered": shown[0].field if field_pk is not None and shown else None,
        "section": shown[0] if as_partial and partial == "field_section" else None,
        "list_url": reverse("measures:measure_list", args=[workshop.pk]),
        **(context or {}),
    }
    return render_step(
        request, "measures/measure_list.html", workshop, "measures", context, partial=partial
    )


def _saved(request, workshop, field_pk, message, *, context=None, **overrides):
    """Answer a successful change: the field's section for htmx, else back to the page."""
    record_change(request, workshop)
    messages.success(request, message)
    if wants_partial(request):
        # The message is shown through an out-of-band swap into the page's message area.
        context = {"flash": True, **(context or {})}
        return announce_change(
            _page(request, workshop, field_pk=field_pk, context=context, **overrides)
        )
    # Without JavaScript the page shows the changed field alone, expanded.
    list_url = reverse("measures:measure_list", args=[workshop.pk])
    return redirect(f"{list_url}?field={field_pk}#field-{field_pk}")


def _from_query(request, key, queryset):
    """The object named by `?key=<pk>` in `queryset`, or None (a stale id just shows the page)."""
    pk = query_id(request, key)
    return queryset.filter(pk=pk).first() if pk is not None else None


@login_required
@require_GET
def measure_list(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    field = _from_query(request, "field", workshop.action_fields.all())
    if request.GET.get("region") == "overview":
        return _page(request, workshop, partial="overview", field_pk=field.pk if field else None)
    if not workshop.membership.can_edit:
        if field is None:
            return _page(request, workshop)
        return _page(request, workshop, field_pk=field.pk, focus_summary=wants_partial(request))
    goal = _from_query(request, "goal", Goal.objects.filter(action_field__workshop=workshop))
    if goal:
        form = GoalForm(instance=goal, prefix=f"goal-{goal.pk}")
        form.fields["title"].widget.attrs["autofocus"] = True
        return _page(request, workshop, field_pk=goal.action_field_id, editing_goal=(goal.pk, form))
    measure = _from_query(request, "measure", workshop.measures.select_related("action_field"))
    if measure:
        form = _measure_form(measure.action_field, instance=measure)
        form.fields["title"].widget.attrs["autofocus"] = True
        return _page(
            request,
            workshop,
            field_pk=measure.action_field_id,
            editing_measure=(measure.pk, form),
        )
    if field is None:
        return _page(request, workshop)
    # "Cancel" of an inline edit: the plain section, focus back on the item's edit link.
    focus = {
        f"focus_{kind}": query_id(request, f"focus_{kind}")
        for kind in ("goal", "measure")
        if query_id(request, f"focus_{kind}") is not None
    }
    # "Add a goal" / "Add a measure": the field with that form opened, its title focused.
    adding = request.GET.get("add", "")
    if adding in ("goal", "measure"):
        return _page(request, workshop, field_pk=field.pk, open_form=adding, focus_form=adding)
    # "Cancel" of an add form: focus back on its "add" link.
    if request.GET.get("focus_add", "") in ("goal", "measure"):
        focus["focus_add"] = request.GET["focus_add"]
    if not focus and wants_partial(request):
        focus["focus_summary"] = True  # the field was just opened
    return _page(request, workshop, field_pk=field.pk, **focus)


# --- Goals ---------------------------------------------------------------------------------


@login_required
@require_POST
def goal_add(request, pk, field_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    field = get_object_or_404(ActionField, pk=field_pk, workshop=workshop)
    form = GoalForm(request.POST, prefix=f"goal-new-{field.pk}")
    if not form.is_valid():
        _focus_first_error(form)
        return _page(request, workshop, field_pk=field.pk, goal_form=form, open_form="goal")
    form.instance.action_field = field
    form.save(commit=False).save_as_last()
    return _saved(
        request, workshop, field.pk, _("Goal added."), open_form="goal", focus_form="goal"
    )


@login_required
@require_POST
def goal_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    goal = get_object_or_404(Goal, pk=item_pk, action_field__workshop=workshop)
    form = GoalForm(request.POST, instance=goal, prefix=f"goal-{goal.pk}")
    if not form.is_valid() or not form.save_if_unchanged():
        _focus_first_error(form)
        return _page(request, workshop, field_pk=goal.action_field_id, editing_goal=(goal.pk, form))
    return _saved(request, workshop, goal.action_field_id, _("Goal saved."), focus_goal=goal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    goal = get_object_or_404(Goal, pk=item_pk, action_field__workshop=workshop)
    if request.method == "GET":
        linked = goal.measures.count()
        consequences = ""
        if linked:
            consequences = ngettext(
                "%(count)s measure is linked to this goal. It is kept, but loses the link to the goal.",
                "%(count)s measures are linked to this goal. They are kept, but lose the link to the goal.",
                linked,
            ) % {"count": linked}
        return _confirm_delete(request, workshop, goal, goal.action_field_id, consequences)
    field_pk = goal.action_field_id
    goal.delete()  # linked measures stay: their goal is set to NULL
    return _saved(request, workshop, field_pk, _("Goal deleted."))


# --- Measures ------------------------------------------------------------------------------


def _measure_form(field, data=None, *, instance=None):
    prefix = f"measure-{instance.pk}" if instance else f"measure-new-{field.pk}"
    return MeasureForm(
        data, instance=instance, prefix=prefix, action_field=field, goals=list(field.goals.all())
    )


@login_required
@require_POST
def measure_add(request, pk, field_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    field = get_object_or_404(ActionField, pk=field_pk, workshop=workshop)
    form = _measure_form(field, request.POST)
    if not form.is_valid():
        _focus_first_error(form)
        return _page(request, workshop, field_pk=field.pk, measure_form=form, open_form="measure")
    measure = form.save(commit=False)
    measure.workshop = workshop
    measure.action_field = field
    measure.save_as_last()
    message = _("Measure “%(title)s” added at rank %(rank)s.") % {
        "title": measure.title,
        "rank": measure.rank,
    }
    return _saved(request, workshop, field.pk, message, open_form="measure", focus_form="measure")


@login_required
@require_POST
def measure_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    measure = get_object_or_404(
        Measure.objects.select_related("action_field"), pk=item_pk, workshop=workshop
    )
    form = _measure_form(measure.action_field, request.POST, instance=measure)
    if not form.is_valid() or not form.save_if_unchanged():
        _focus_first_error(form)
        return _page(
            request,
            workshop,
            field_pk=measure.action_field_id,
            editing_measure=(measure.pk, form),
        )
    return _saved(
        request, workshop, measure.action_field_id, _("Measure saved."), focus_measure=measure.pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    measure = get_object_or_404(Measure, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        consequences = _("The measures ranked below it move up one place.")
        if measure.has_plan:
            consequences += " " + _("Its in-depth plan is deleted as well.")
        return _confirm_delete(request, workshop, measure, measure.action_field_id, consequences)
    field_pk = measure.action_field_id
    new_ranks = measure.delete_closing_gap()
    if new_ranks is None:
        raise Http404  # deleted meanwhile, by another request or tab
    # Measures of other fields moved up as well; their rank badges are swapped out of band.
    moved = [{"pk": pk, "rank": rank} for pk, rank in new_ranks.items()]
    return _saved(
        request, workshop, field_pk, _("Measure deleted."), context={"moved_ranks": moved}
    )


def _confirm_delete(request, workshop, obj, field_pk, consequences):
    """The confirmation page used without JavaScript (with it, the browser asks)."""
    cancel_url = f"{reverse('measures:measure_list', args=[workshop.pk])}#field-{field_pk}"
    return confirm_delete(request, workshop, obj, cancel_url=cancel_url, consequences=consequences)
