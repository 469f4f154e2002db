"""In-depth planning (Vertiefung): the top measures along the seven core questions."""

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from workshops import permissions
from workshops.process import (
    announce_change,
    confirm_delete,
    query_id,
    record_change,
    render_step,
    wants_partial,
)

from ..models import Measure, Milestone, ProjectPlan, Stakeholder, Task
from ..plan_forms import (
    ANSWER_FIELDS,
    DeepPlanCountForm,
    MilestoneForm,
    StakeholderForm,
    TaskForm,
    answer_form,
)
from ..services import start_plan_from_profile

# The seven core questions in order: (anchor on the plan page, short name).
QUESTIONS = [
    ("ergebnis", _("Result")),
    ("zielgruppe", _("Target group")),
    ("beteiligte", _("Stakeholders")),
    ("verantwortlich", _("Responsible")),
    ("ressourcen", _("Resources")),
    ("aufgaben", _("Tasks")),
    ("meilensteine", _("Milestones")),
]

PAST_DATE_HINT = _("The date lies in the past.")

# Where each text answer stands on the plan page.
ANSWER_ANCHORS = {
    "result": "ergebnis",
    "target_group": "zielgruppe",
    "responsible": "verantwortlich",
    "resources_financial": "ressourcen",
    "resources_personnel": "ressourcen",
    "resources_organisational": "ressourcen",
}


# --- Overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewItem:
    """A measure in the planning overview with what its row shows, prepared once per row."""

    measure: Measure
    answered: int  # how many of the core questions its plan answers
    progress: str  # "3 of 7 questions answered"
    url: str  # its project plan


PLACEHOLDER_PK = 987654321


def _overview_items(workshop, measures) -> list[OverviewItem]:
    # reverse() costs as much as rendering a row; the plan URLs differ only in the measure's id.
    head, tail = reverse("measures:plan_detail", args=[workshop.pk, PLACEHOLDER_PK]).rsplit(
        str(PLACEHOLDER_PK), 1
    )
    items = []
    for measure in measures:
        answered = measure.plan_answered_count
        progress = _("%(answered)s of %(total)s questions answered") % {
            "answered": answered,
            "total": ProjectPlan.QUESTION_COUNT,
        }
        items.append(OverviewItem(measure, answered, progress, f"{head}{measure.pk}{tail}"))
    return items


def _overview(request, workshop, *, partial=None, count_form=None, saved=False):
    count = workshop.deep_plan_count
    # One query for all measures (and one for their plans), split at the top count.
    measures = (
        Measure.objects.filter(workshop=workshop)
        .with_plan_progress()
        .only("pk", "rank", "title", "action_field__name")
        .ranked()
    )
    items = _overview_items(workshop, measures)
    context = {
        "count_form": count_form or DeepPlanCountForm(initial={"deep_plan_count": count}),
        "top_items": [item for item in items if item.measure.rank <= count],
        "other_items": [item for item in items if item.measure.rank > count],
        "question_count": ProjectPlan.QUESTION_COUNT,
        "saved": saved,
    }
    return render_step(
        request, "measures/planning.html", workshop, "planning", context, partial=partial
    )


@login_required
@require_GET
def planning(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    return _overview(request, workshop)


@login_required
@require_POST
def plan_count(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = DeepPlanCountForm(request.POST)
    if not form.is_valid():
        return _overview(request, workshop, partial="overview", count_form=form)
    workshop.deep_plan_count = form.cleaned_data["deep_plan_count"]
    workshop.save(update_fields=["deep_plan_count", "updated_at"])
    record_change(request, workshop)
    if wants_partial(request):
        return announce_change(_overview(request, workshop, partial="overview", saved=True))
    messages.success(request, _("Number of measures to plan in depth saved."))
    return redirect("measures:planning", pk=workshop.pk)


# --- Project plan of one measure -----------------------------------------------------------


@dataclass(frozen=True)
class RowKind:
    """A kind of row in a project plan: stakeholders, tasks or milestones."""

    key: str  # URL name prefix, `?<key>=<pk>` edit parameter and form prefix
    model: type
    form_class: type
    partial: str
    added: str
    saved: str
    deleted: str

    def rows(self, plan):
        return self.model.objects.filter(plan=plan) if plan.pk else self.model.objects.none()


ROW_KINDS = {
    kind.key: kind
    for kind in [
        RowKind(
            "stakeholder",
            Stakeholder,
            StakeholderForm,
            "stakeholders",
            _("Stakeholder added."),
            _("Stakeholder saved."),
            _("Stakeholder deleted."),
        ),
        RowKind(
            "task", Task, TaskForm, "tasks", _("Task added."), _("Task saved."), _("Task deleted.")
        ),
        RowKind(
            "milestone",
            Milestone,
            MilestoneForm,
            "milestones",
            _("Milestone added."),
            _("Milestone saved."),
            _("Milestone deleted."),
        ),
    ]
}


def _get_measure(request, pk, measure_pk, need=permissions.VIEW):
    workshop = permissions.get_workshop(request.user, pk, need)
    measure = get_object_or_404(
        Measure.objects.select_related("action_field", "goal", "plan", "profile"),
        pk=measure_pk,
        workshop=workshop,
    )
    return workshop, measure


def _plan_of(measure) -> ProjectPlan:
    """The measure's plan, or an unsaved empty one: reading never creates a plan."""
    return getattr(measure, "plan", None) or ProjectPlan(measure=measure)


def _plan_for_writing(measure) -> ProjectPlan:
    """The measure's plan, created on the first change."""
    plan, _created = ProjectPlan.objects.get_or_create(measure=measure)
    measure.plan = plan
    return plan


def _plan_page(request, workshop, measure, *, partial=None, forms=None, editing=None, **extra):
    """The plan page, or one region of it.

    `forms` replaces the empty add forms (`stakeholder`, `task`, `milestone`) with bound ones,
    and `forms["answers"]` (name → form) some of the answer forms; `editing` is
    `(kind key, row pk, form)` of a row being edited inline.
    """
    plan = _plan_of(measure)
    forms = forms or {}
    answer_forms = {name: answer_form(name, instance=plan) for name in ANSWER_FIELDS}
    answer_forms.update(forms.get("answers", {}))
    context = {
        "measure": measure,
        "plan": plan,
        "questions": [
            (anchor, label, done)
            for (anchor, label), done in zip(QUESTIONS, plan.answered_questions(), strict=True)
        ],
        "answered_count": plan.answered_count,
        "question_count": ProjectPlan.QUESTION_COUNT,
        "plan_url": _plan_url(workshop, measure),
        "answer_forms": answer_forms,
        "editing": editing,
        **extra,
    }
    for kind in ROW_KINDS.values():
        context[kind.partial] = kind.rows(plan)
        context[f"{kind.key}_form"] = forms.get(kind.key) or kind.form_class(prefix=kind.key)
    return render_step(
        request, "measures/plan_detail.html", workshop, "planning", context, partial=partial
    )


def _row_prefix(kind: str, row) -> str:
    return f"{kind}-{row.pk}"


def _plan_url(workshop, measure):
    return reverse("measures:plan_detail", args=[workshop.pk, measure.pk])


def _changed(request, workshop, measure, partial, message, *, row=None, **extra):
    """Answer a successful change: the updated region for htmx, else back to the page.

    A `row` just saved whose date lies in the past gets a hint (it is saved all the same).
    """
    record_change(request, workshop)
    past_row = (row._meta.model_name, row.pk) if getattr(row, "is_past", False) else None
    if wants_partial(request):
        return announce_change(
            _plan_page(request, workshop, measure, partial=partial, past_row=past_row, **extra)
        )
    messages.success(request, message)
    if past_row:
        messages.info(request, PAST_DATE_HINT)
    return redirect(_plan_url(workshop, measure))


@login_required
@require_GET
def plan_detail(request, pk, measure_pk):
    workshop, measure = _get_measure(request, pk, measure_pk)
    partial, editing = None, None
    if request.GET.get("region") == "progress":
        partial = "progress"
    for kind in ROW_KINDS.values():
        if kind.key not in request.GET:
            continue
        partial = kind.partial
        row_pk = query_id(request, kind.key)
        plan = _plan_of(measure)
        row = kind.rows(plan).filter(pk=row_pk).first() if row_pk is not None else None
        if row and workshop.membership.can_edit:
            editing = (
                kind.key,
                row.pk,
                kind.form_class(instance=row, prefix=_row_prefix(kind.key, row)),
            )
        break
    return _plan_page(request, workshop, measure, partial=partial, editing=editing)


@login_required
@require_POST
def plan_answer(request, pk, measure_pk, field):
    """Save one text answer (questions 1, 2, 4 and 5); each answer is saved on its own.

    For htmx only the answer's status and fingerprint come back, so the text the user may
    still be typing is not replaced; a refused answer comes back whole, with its error.
    """
    if field not in ANSWER_FIELDS:
        raise Http404
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    plan = _plan_of(measure)
    was_answered = bool(getattr(plan, field).strip())
    # The form works on a copy: a refused answer must not show up as saved elsewhere on the page.
    form = answer_form(field, request.POST, instance=copy.copy(plan))
    if form.is_valid() and plan.pk is None:
        # The first answer creates the plan; check and save against the row as stored.
        form = answer_form(field, request.POST, instance=copy.copy(_plan_for_writing(measure)))
    if not form.is_valid() or not form.save_if_unchanged():
        return _answer_refused(request, workshop, measure, form)
    record_change(request, workshop)
    if not wants_partial(request):
        messages.success(request, _("Answer saved."))
        return redirect(f"{_plan_url(workshop, measure)}#{ANSWER_ANCHORS[field]}")
    # The status carries the fingerprint of the answer as saved now, for the next save.
    saved = form.instance
    context = {"form": answer_form(field, instance=saved), "saved_at": saved.updated_at}
    if request.POST.get("errors_shown"):
        # The answer shows an error from before: the whole answer, without it, replaces it.
        context.update(workshop=workshop, measure=measure, can_edit=True)
        response = render(request, "measures/plan_answer.html", context)
        reswap(retarget(response, f"#answer-{field}"), "outerHTML")
    else:
        response = render(request, "measures/plan_answer.html#state", context)
    # Only whether a question is answered changes the progress and the step navigation.
    if was_answered != bool(form.cleaned_data[field].strip()):
        announce_change(response)
    return response


def _answer_refused(request, workshop, measure, form):
    """An answer with a validation error or an edit conflict: shown whole, input kept."""
    if not wants_partial(request):
        return _plan_page(request, workshop, measure, forms={"answers": {form.name: form}})
    context = {"form": form, "workshop": workshop, "measure": measure, "can_edit": True}
    response = render(request, "measures/plan_answer.html", context)
    return reswap(retarget(response, f"#answer-{form.name}"), "outerHTML")


def _get_row(measure, kind, item_pk):
    return get_object_or_404(ROW_KINDS[kind].model, pk=item_pk, plan__measure=measure)


@login_required
@require_POST
def row_add(request, pk, measure_pk, kind):
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    row_kind = ROW_KINDS[kind]
    form = row_kind.form_class(request.POST, prefix=kind)
    if not form.is_valid():
        return _plan_page(request, workshop, measure, partial=row_kind.partial, forms={kind: form})
    with transaction.atomic():
        plan = _plan_for_writing(measure)
        form.instance.plan = plan
        form.save(commit=False).save_as_last()
    return _changed(request, workshop, measure, row_kind.partial, row_kind.added, row=form.instance)


@login_required
@require_POST
def row_update(request, pk, measure_pk, kind, item_pk):
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    row = _get_row(measure, kind, item_pk)
    row_kind = ROW_KINDS[kind]
    form = row_kind.form_class(request.POST, instance=row, prefix=_row_prefix(kind, row))
    if not form.is_valid() or not form.save_if_unchanged():
        return _plan_page(
            request, workshop, measure, partial=row_kind.partial, editing=(kind, row.pk, form)
        )
    return _changed(request, workshop, measure, row_kind.partial, row_kind.saved, row=form.instance)


@login_required
@require_http_methods(["GET", "POST"])
def row_delete(request, pk, measure_pk, kind, item_pk):
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    row = _get_row(measure, kind, item_pk)
    row_kind = ROW_KINDS[kind]
    if request.method == "GET":
        return confirm_delete(request, workshop, row, cancel_url=_plan_url(workshop, measure))
    row.delete()
    return _changed(request, workshop, measure, row_kind.partial, row_kind.deleted)


@login_required
@require_POST
def task_move(request, pk, measure_pk, item_pk):
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    task = _get_row(measure, "task", item_pk)
    with transaction.atomic():
        task.move(-1 if request.POST.get("direction") == "up" else 1)
    return _changed(request, workshop, measure, "tasks", _("Order changed."))


@login_required
@require_POST
def plan_from_profile(request, pk, measure_pk):
    """Start the plan from the catalogue profile the measure was taken from (what it lacks)."""
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    if measure.profile_id is None:
        raise Http404
    added = start_plan_from_profile(measure, today=timezone.localdate())
    record_change(request, workshop)
    if any(added.values()):
        message = (
            _(
                "Taken from the profile: %(answers)s answers, %(stakeholders)s stakeholders, "
                "%(tasks)s tasks and %(milestones)s milestones. Their dates are estimated from the "
                "implementation period: please check them."
            )
            % added
        )
        messages.success(request, message)
    else:
        messages.info(request, _("The plan already holds everything the profile offers."))
    return redirect(_plan_url(workshop, measure))
