"""The step Handlungsfelder: choose fields from the catalogue, add own ones, describe them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from workshops import permissions, textmodules
from workshops.conflicts import EditConflict
from workshops.process import (
    announce_change,
    confirm_delete,
    focus_after_move,
    parse_id,
    query_id,
    record_change,
    render_step,
    wants_partial,
)

from .forms import DUPLICATE_NAME, ActionFieldAddForm, ActionFieldForm
from .models import ActionField, CatalogueField


def deletion_consequences(goal_count: int, measure_count: int, plan_count: int = 0) -> str:
    """The sentences that say what is deleted together with a field of action."""
    text = _deleted_with_field(goal_count, measure_count)
    if plan_count:
        text += " " + ngettext(
            "This includes the in-depth project plan of %(count)d measure.",
            "This includes the in-depth project plans of %(count)d measures.",
            plan_count,
        ) % {"count": plan_count}
    return text


def _deleted_with_field(goal_count: int, measure_count: int) -> str:
    if goal_count and measure_count:
        return _(
            "Together with the field of action, %(goals)s and %(measures)s will be deleted."
        ) % {
            "goals": ngettext("%(count)d goal", "%(count)d goals", goal_count)
            % {"count": goal_count},
            "measures": ngettext("%(count)d measure", "%(count)d measures", measure_count)
            % {"count": measure_count},
        }
    if goal_count:
        return ngettext(
            "Together with the field of action, %(count)d goal will be deleted.",
            "Together with the field of action, %(count)d goals will be deleted.",
            goal_count,
        ) % {"count": goal_count}
    if measure_count:
        return ngettext(
            "Together with the field of action, %(count)d measure will be deleted.",
            "Together with the field of action, %(count)d measures will be deleted.",
            measure_count,
        ) % {"count": measure_count}
    return _("No goals or measures belong to this field of action yet.")


def _fields_page(
    request, workshop, *, partial=None, add_form=None, editing=None, moved=None, **extra
):
    """The step page; `editing` is (field pk, bound or unbound form) for the inline edit form,
    `moved` (field pk, "up" or "down") a field that just moved and keeps the focus."""
    fields = list(workshop.action_fields.with_counts())
    for field in fields:
        field.consequences = deletion_consequences(
            field.goal_count, field.measure_count, field.plan_count
        )
    modules = []
    if editing:
        modules = list(textmodules.modules_for(workshop, textmodules.FIELD_TARGETS))
    catalogue = []
    if workshop.catalogue_id and workshop.membership.can_edit:
        chosen = {field.source_id: field for field in fields if field.source_id}
        catalogue = [(entry, chosen.get(entry.pk)) for entry in workshop.catalogue.entries.all()]
    context = {
        "fields": fields,
        "catalogue": catalogue,
        "add_form": add_form or ActionFieldAddForm(workshop=workshop),
        "editing": editing,
        "text_modules": modules,
        "focus": focus_after_move(fields, *moved) if moved else {},
        **extra,
    }
    return render_step(
        request, "fields/field_list.html", workshop, "fields", context, partial=partial
    )


def _saved(request, workshop, message, **page):
    """Answer a successful change: the updated step for htmx, else back to the page."""
    record_change(request, workshop)
    if wants_partial(request):
        return announce_change(_fields_page(request, workshop, partial="step", **page))
    messages.success(request, message)
    return redirect("fields:field_list", pk=workshop.pk)


def _save(form, *, as_last=False):
    """Save `form` (a new field `as_last` after the others); a name taken by a concurrent
    request becomes a form error, not a 500.

    An edit conflict has already made the form invalid with its message.
    """
    try:
        with transaction.atomic():
            if not as_last:
                return form.save()
            field = form.save(commit=False)
            field.save_as_last()
            return field
    except IntegrityError:
        form.add_error("name", DUPLICATE_NAME)
        return None
    except EditConflict:
        return None


def _delete(field):
    workshop = field.workshop
    with transaction.atomic():
        # Take the ranking lock first, as every other change of ranks does.
        workshop.measures.lock_ranking(workshop.pk)
        field.delete()
        # The field's measures went with it by cascade; close the gaps they left in the ranking.
        workshop.measures.all().renumber()


def _field(workshop, item_pk):
    return get_object_or_404(ActionField, pk=item_pk, workshop=workshop)


def _entry(workshop, entry_pk):
    if not workshop.catalogue_id:
        raise Http404
    return get_object_or_404(CatalogueField, pk=entry_pk, catalogue_id=workshop.catalogue_id)


@login_required
@require_GET
def field_list(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    editing = None
    item_pk = query_id(request, "field")
    if workshop.membership.can_edit and item_pk is not None:
        # A stale id (deleted in another tab) just shows the list.
        field = workshop.action_fields.filter(pk=item_pk).first()
        if field:
            form = ActionFieldForm(instance=field, workshop=workshop, prefix=f"field-{field.pk}")
            form.fields["name"].widget.attrs["autofocus"] = True
            editing = (field.pk, form)
    partial = "step" if "field" in request.GET else None
    return _fields_page(request, workshop, partial=partial, editing=editing)


@login_required
@require_POST
def field_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = ActionFieldAddForm(request.POST, workshop=workshop)
    form.instance.workshop = workshop
    if not form.is_valid() or not _save(form, as_last=True):
        return _fields_page(request, workshop, partial="step", add_form=form)
    return _saved(request, workshop, _("Field of action added."))


@login_required
@require_POST
def field_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    field = _field(workshop, item_pk)
    form = ActionFieldForm(
        request.POST, instance=field, workshop=workshop, prefix=f"field-{field.pk}"
    )
    if not form.is_valid() or not _save(form):
        return _fields_page(request, workshop, partial="step", editing=(field.pk, form))
    return _saved(request, workshop, _("Field of action saved."))


@login_required
@require_POST
def field_move(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    field = _field(workshop, item_pk)
    with transaction.atomic():
        field.move(-1 if request.POST.get("direction") == "up" else 1)
    moved = (field.pk, request.POST.get("direction"))
    return _saved(request, workshop, _("Order changed."), moved=moved)


@login_required
@require_http_methods(["GET", "POST"])
def field_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    field = get_object_or_404(workshop.action_fields.with_counts(), pk=item_pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            workshop,
            field,
            cancel_url=reverse("fields:field_list", args=[workshop.pk]),
            consequences=deletion_consequences(
                field.goal_count, field.measure_count, field.plan_count
            ),
        )
    _delete(field)
    return _saved(request, workshop, _("Field of action deleted."))


@login_required
@require_POST
def catalogue_select(request, pk, entry_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    entry = _entry(workshop, entry_pk)
    if workshop.action_fields.filter(source=entry).exists():
        return _saved(request, workshop, _("Field of action added."))
    if workshop.action_fields.filter(name__iexact=entry.name).exists():
        # An own field already carries this name; the facilitator decides what to do with it.
        return _fields_page(request, workshop, partial="step", catalogue_error=entry.pk)
    try:
        with transaction.atomic():
            ActionField(
                workshop=workshop, source=entry, name=entry.name, what=entry.description
            ).save_as_last()
    except IntegrityError:
        # A second click that raced the first one: the field exists now, which was the wish.
        pass
    return _saved(request, workshop, _("Field of action added."))


@login_required
@require_POST
def catalogue_deselect(request, pk, entry_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    entry = _entry(workshop, entry_pk)
    field = workshop.action_fields.with_counts().filter(source=entry).first()
    if field is None:
        return _saved(request, workshop, _("Field of action removed."))
    confirmed = wants_partial(request) and request.POST.get("confirmed") == "1"
    if (field.goal_count or field.measure_count) and not confirmed:
        # Goals or measures would go with it: ask first, on the same page as "Delete".
        confirm_url = reverse("fields:field_delete", args=[workshop.pk, field.pk])
        if wants_partial(request):
            return HttpResponseClientRedirect(confirm_url)
        return redirect(confirm_url)
    _delete(field)
    return _saved(request, workshop, _("Field of action removed."))


@login_required
@require_POST
def field_text_insert(request, pk, item_pk):
    """Insert a text module for WARUM, WAS, WER or WANN & WIE (its target says which) at the end
    of that prompt in the field's edit form, filled in for this field. Nothing is saved yet: the
    form comes back with the text, to be checked and saved as usual."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    field = _field(workshop, item_pk)
    form = ActionFieldForm(
        request.POST, instance=field, workshop=workshop, prefix=f"field-{field.pk}"
    )
    module = (
        textmodules.modules_for(workshop, textmodules.FIELD_TARGETS)
        .filter(pk=parse_id(request.POST.get("module", "")))
        .first()
    )

    def refused(message):
        response = _fields_page(
            request, workshop, partial="step", editing=(field.pk, form), module_error=message
        )
        if not wants_partial(request):
            response.status_code = 422  # htmx swaps only 2xx answers; a whole page says 422
        return response

    if module is None:
        return refused(_("Please choose a text module."))
    prompt = textmodules.FIELD_TARGETS[module.target]
    key = form.add_prefix(prompt)
    typed = request.POST.get(key, "")
    known = textmodules.values(workshop)
    # The field's name as typed in the form, which may be newer than the saved one.
    known["Handlungsfeld"] = " ".join(request.POST.get(form.add_prefix("name"), "").split())
    known["Handlungsfeld"] = known["Handlungsfeld"] or field.name
    try:
        filled = textmodules.fill(module.body, known)
    except textmodules.PlaceholderError as error:
        return refused(str(error))
    text = f"{typed.rstrip()}\n\n{filled}" if typed.strip() else filled
    limit = ActionField._meta.get_field(prompt).max_length
    if len(text) > limit:
        return refused(
            _(
                "With the text module the text would have %(length)s characters; at most "
                "%(max)s are allowed. Shorten the text first; nothing was inserted."
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "max": number_format(limit, force_grouping=True),
            }
        )
    data = request.POST.copy()
    data[key] = text
    form = ActionFieldForm(data, instance=field, workshop=workshop, prefix=f"field-{field.pk}")
    return _fields_page(
        request, workshop, partial="step", editing=(field.pk, form), inserted=module.title
    )
