"""Goals & measures: per field of action its goals and the measures that reach them."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fields.models import ActionField, Goal
from workshops import permissions
from workshops.process import announce_change, confirm_delete, render_step, wants_partial

from ..forms import GoalForm, MeasureForm
from ..models import Measure


@dataclass
class FieldSection:
    """What the page shows for one field of action, with its forms."""

    field: ActionField
    goals: list
    measures: list
    goal_form: GoalForm
    measure_form: MeasureForm
    editing_goal: tuple | None = None  # (pk, bound or unbound GoalForm)
    editing_measure: tuple | None = None  # (pk, MeasureForm)
    open_form: str = ""  # "goal" or "measure": that add form is shown opened
    focus_form: str = ""  # "goal" or "measure": its title gets the focus after a swap
    focus_goal: int | None = None  # after editing, the goal's edit link gets the focus back
    focus_measure: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.goals) and bool(self.measures)

    @property
    def target(self) -> str:
        """The element that htmx swaps for changes in this field."""
        return f"#field-{self.field.pk}"


def _fields(workshop):
    """The workshop's fields with their goals and ranked measures, in three queries."""
    return workshop.action_fields.prefetch_related(
        "goals",
        Prefetch(
            "measures", queryset=Measure.objects.select_related("goal", "plan").order_by("rank")
        ),
    )


def _section(field, **overrides) -> FieldSection:
    goals = list(field.goals.all())
    defaults = {
        "goal_form": GoalForm(prefix=f"goal-new-{field.pk}"),
        "measure_form": MeasureForm(
            prefix=f"measure-new-{field.pk}", action_field=field, goals=goals
        ),
    }
    section = FieldSection(
        field=field, goals=goals, measures=list(field.measures.all()), **defaults | overrides
    )
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

    `overrides` replace the defaults (forms, editing state) of field `field_pk`'s section.
    """
    as_partial = wants_partial(request)
    partial = partial or ("field_section" if field_pk is not None else None)
    fields = _fields(workshop)
    if as_partial and partial == "field_section":
        fields = fields.filter(pk=field_pk)
    sections = [_section(f, **(overrides if f.pk == field_pk else {})) for f in fields]
    if as_partial and partial == "field_section" and not sections:
        raise Http404  # the field was deleted meanwhile
    context = {
        "sections": sections,
        "section": sections[0] if as_partial and partial == "field_section" else None,
        **(context or {}),
    }
    return render_step(
        request, "measures/measure_list.html", workshop, "measures", context, partial=partial
    )


def _saved(request, workshop, field_pk, message, *, context=None, **overrides):
    """Answer a successful change: the field's section for htmx, else back to the page."""
    messages.success(request, message)
    if wants_partial(request):
        # The message is shown through an out-of-band swap into the page's message area.
        context = {"flash": True, **(context or {})}
        return announce_change(
            _page(request, workshop, field_pk=field_pk, context=context, **overrides)
        )
    return redirect(f"{reverse('measures:measure_list', args=[workshop.pk])}#field-{field_pk}")


def _from_query(request, key, queryset):
    """The object named by `?key=<pk>` in `queryset`, or None (a stale id just shows the page)."""
    pk = request.GET.get(key, "")
    return queryset.filter(pk=pk).first() if pk.isdigit() else None


@login_required
@require_GET
def measure_list(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    if request.GET.get("region") == "overview":
        return _page(request, workshop, partial="overview")
    field = _from_query(request, "field", workshop.action_fields.all())
    if not workshop.membership.can_edit:
        return _page(request, workshop, field_pk=field.pk if field else None)
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
        f"focus_{kind}": int(request.GET[f"focus_{kind}"])
        for kind in ("goal", "measure")
        if request.GET.get(f"focus_{kind}", "").isdigit()
    }
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
    form.instance.position = field.goals.next_position()
    form.save()
    return _saved(
        request, workshop, field.pk, _("Goal added."), open_form="goal", focus_form="goal"
    )


@login_required
@require_POST
def goal_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    goal = get_object_or_404(Goal, pk=item_pk, action_field__workshop=workshop)
    form = GoalForm(request.POST, instance=goal, prefix=f"goal-{goal.pk}")
    if not form.is_valid():
        _focus_first_error(form)
        return _page(request, workshop, field_pk=goal.action_field_id, editing_goal=(goal.pk, form))
    form.save()
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
    if not form.is_valid():
        _focus_first_error(form)
        return _page(
            request,
            workshop,
            field_pk=measure.action_field_id,
            editing_measure=(measure.pk, form),
        )
    form.save()
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
    field_pk, old_rank = measure.action_field_id, measure.rank
    measure.delete_closing_gap()
    # Measures of other fields moved up as well; their rank badges are swapped out of band.
    moved = workshop.measures.filter(rank__gte=old_rank).only("pk", "rank")
    return _saved(
        request, workshop, field_pk, _("Measure deleted."), context={"moved_ranks": moved}
    )


def _confirm_delete(request, workshop, obj, field_pk, consequences):
    """The confirmation page used without JavaScript (with it, the browser asks)."""
    cancel_url = f"{reverse('measures:measure_list', args=[workshop.pk])}#field-{field_pk}"
    return confirm_delete(request, workshop, obj, cancel_url=cancel_url, consequences=consequences)
