"""The strategy document's own texts (Vorwort, Ausgangslage, …) and its references (Einordnung).

One page beside the Strategie step: each text is a form of its own, saved with the edit-conflict
check, so saving the Vorwort never touches what someone else wrote in the Ausgangslage.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import markdown, permissions, textmodules
from .forms import DOCUMENT_TEXTS, ReferenceForm, document_text_form
from .models import DOC_TEXT_MAX, Reference
from .process import (
    confirm_delete,
    parse_id,
    query_id,
    region_refused,
    region_saved,
    render_step,
    wants_partial,
)


def texts_url(workshop, fragment=""):
    url = reverse("workshops:document_texts", args=[workshop.pk])
    return f"{url}#{fragment}" if fragment else url


@login_required
@require_GET
def document_texts(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    editing = None
    if workshop.membership.can_edit and (ref_pk := query_id(request, "reference")):
        reference = Reference.objects.filter(pk=ref_pk, workshop=workshop).first()
        if reference:
            editing = (reference.pk, ReferenceForm(instance=reference, prefix=f"ref-{ref_pk}"))
    partial = "references" if "reference" in request.GET else None
    return _page(request, workshop, partial=partial, editing=editing)


def _page(request, workshop, *, partial=None, status=200, saved="", inserted=None, **forms):
    """The page, or one region of it (`text-<name>` or `references`) for htmx. `inserted`:
    (text name, module title, error) after a text module was inserted into a form or not."""
    modules = {}
    for module in textmodules.modules_for(workshop, DOCUMENT_TEXTS):
        modules.setdefault(module.target, []).append(module)
    sections = [
        {
            "name": name,
            "form": forms.get(name) or document_text_form(name, instance=workshop),
            "html": markdown.render(getattr(workshop, name)),
            "saved": saved == name,
            "modules": modules.get(name, []),
            "inserted": inserted[1:] if inserted and inserted[0] == name else None,
        }
        for name in DOCUMENT_TEXTS
    ]
    context = {
        "sections": sections,
        "references": workshop.references.all(),
        "reference_form": forms.get("reference_form") or ReferenceForm(),
        "editing": forms.get("editing"),
    }
    if partial and partial.startswith("text-"):
        # The one section the request saved, rendered by the page's section partial.
        context["section"] = next(s for s in sections if f"text-{s['name']}" == partial)
        partial = "section"
    return render_step(
        request,
        "workshops/document_texts.html",
        workshop,
        "strategy",
        context,
        partial=partial,
        status=status,
    )


def _invalid(request, workshop, partial, **forms):
    return region_refused(request, _page, workshop, partial, **forms)


def _saved(request, workshop, partial, message, fragment, **extra):
    url = texts_url(workshop, fragment)
    return region_saved(request, _page, workshop, partial, message, url, **extra)


@login_required
@require_POST
def document_text_save(request, pk, name):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = document_text_form(name, request.POST, instance=workshop)
    if not form.is_valid() or not form.save_if_unchanged():
        workshop.refresh_from_db()
        return _invalid(request, workshop, f"text-{name}", **{name: form})
    label = str(form[name].label)
    message = _("“%(text)s” saved.") % {"text": label}
    return _saved(request, workshop, f"text-{name}", message, f"text-{name}", saved=name)


@login_required
@require_POST
def document_text_insert(request, pk, name):
    """Insert a text module, filled in for this process, at the end of the text in the form.
    Nothing is saved yet: the form comes back with the text, to be checked and saved as usual
    (with its edit-conflict check). A placeholder that cannot be filled is reported."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = document_text_form(name, request.POST, instance=workshop)
    module = (
        textmodules.modules_for(workshop, [name])
        .filter(pk=parse_id(request.POST.get("module", "")))
        .first()
    )
    if module is None:
        error = _("Please choose a text module.")
        return _refused_insert(request, workshop, name, error, form)
    key = form.add_prefix(name)
    typed = request.POST.get(key, "")
    try:
        filled = textmodules.fill(module.body, textmodules.values(workshop))
    except textmodules.PlaceholderError as error:
        return _refused_insert(request, workshop, name, str(error), form)
    text = f"{typed.rstrip()}\n\n{filled}" if typed.strip() else filled
    if len(text) > DOC_TEXT_MAX:
        error = _(
            "With the text module the text would have %(length)s characters; at most %(max)s "
            "are allowed. Shorten the text first; nothing was inserted."
        ) % {
            "length": number_format(len(text), force_grouping=True),
            "max": number_format(DOC_TEXT_MAX, force_grouping=True),
        }
        return _refused_insert(request, workshop, name, error, form)
    data = request.POST.copy()
    data[key] = text
    form = document_text_form(name, data, instance=workshop)
    return _page(
        request, workshop, partial=f"text-{name}", inserted=(name, module.title, ""), **{name: form}
    )


def _refused_insert(request, workshop, name, error, form):
    """The text's form again, with what was typed and `error` at the text module's choice."""
    status = 200 if wants_partial(request) else 422  # htmx swaps only 2xx answers
    return _page(
        request,
        workshop,
        partial=f"text-{name}",
        status=status,
        inserted=(name, "", error),
        **{name: form},
    )


@login_required
@require_POST
def reference_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = ReferenceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, workshop, "references", reference_form=form)
    form.instance.workshop = workshop
    form.save(commit=False).save_as_last()
    return _saved(request, workshop, "references", _("Reference added."), "references")


@login_required
@require_POST
def reference_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    reference = get_object_or_404(Reference, pk=item_pk, workshop=workshop)
    form = ReferenceForm(request.POST, instance=reference, prefix=f"ref-{reference.pk}")
    if not form.is_valid() or not form.save_if_unchanged():
        editing = (reference.pk, form)
        return _invalid(request, workshop, "references", editing=editing)
    return _saved(request, workshop, "references", _("Reference saved."), "references")


@login_required
@require_http_methods(["GET", "POST"])
def reference_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    reference = get_object_or_404(Reference, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        return confirm_delete(request, workshop, reference, cancel_url=texts_url(workshop))
    reference.delete()
    return _saved(request, workshop, "references", _("Reference deleted."), "references")
