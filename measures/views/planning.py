"""In-depth planning (Vertiefung): the top measures along the seven core questions."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshops import permissions
from workshops.process import announce_change, confirm_delete, render_step, wants_partial

from ..models import Measure, Milestone, ProjectPlan, Stakeholder, Task
from ..plan_forms import (
    ANSWER_FIELDS,
    DeepPlanCountForm,
    MilestoneForm,
    ProjectPlanForm,
    StakeholderForm,
    TaskForm,
)

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


# --- Overview ------------------------------------------------------------------------------


def _overview(request, workshop, *, partial=None, count_form=None, saved=False):
    count = workshop.deep_plan_count
    measures = Measure.objects.filter(workshop=workshop).with_plan_progress()
    context = {
        "count_form": count_form or DeepPlanCountForm(initial={"deep_plan_count": count}),
        "top_measures": measures.top(count),
        "other_measures": measures.filter(rank__gt=count).ranked(),
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
        Measure.objects.select_related("action_field", "goal", "plan"),
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

    `forms` replaces the empty add forms (`answers`, `stakeholder`, `task`, `milestone`) with
    bound ones; `editing` is `(kind key, row pk, form)` of a row being edited inline.
    """
    plan = _plan_of(measure)
    forms = forms or {}
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
        "answers_form": forms.get("answers") or ProjectPlanForm(instance=plan),
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


def _changed(request, workshop, measure, partial, message, **extra):
    """Answer a successful change: the updated region for htmx, else back to the page."""
    if wants_partial(request):
        return announce_change(_plan_page(request, workshop, measure, partial=partial, **extra))
    messages.success(request, message)
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
        row_pk = request.GET[kind.key]
        plan = _plan_of(measure)
        row = kind.rows(plan).filter(pk=row_pk).first() if row_pk.isdigit() else None
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
def plan_save(request, pk, measure_pk):
    """Save the text answers (questions 1, 2, 4 and 5) together."""
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    form = ProjectPlanForm(request.POST, instance=_plan_of(measure))
    if not form.is_valid():
        return _plan_page(request, workshop, measure, partial="answers", forms={"answers": form})
    plan, _created = ProjectPlan.objects.update_or_create(
        measure=measure, defaults={name: form.cleaned_data[name] for name in ANSWER_FIELDS}
    )
    measure.plan = plan
    return _changed(request, workshop, measure, "answers", _("Answers saved."), saved=True)


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
        form.instance.position = row_kind.rows(plan).next_position()
        form.save()
    return _changed(request, workshop, measure, row_kind.partial, row_kind.added)


@login_required
@require_POST
def row_update(request, pk, measure_pk, kind, item_pk):
    workshop, measure = _get_measure(request, pk, measure_pk, permissions.EDIT)
    row = _get_row(measure, kind, item_pk)
    row_kind = ROW_KINDS[kind]
    form = row_kind.form_class(request.POST, instance=row, prefix=_row_prefix(kind, row))
    if not form.is_valid():
        return _plan_page(
            request, workshop, measure, partial=row_kind.partial, editing=(kind, row.pk, form)
        )
    form.save()
    return _changed(request, workshop, measure, row_kind.partial, row_kind.saved)


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
