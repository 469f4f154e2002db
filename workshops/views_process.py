"""Managing a strategy process after creating it: settings, archive, delete.

Facilitators and editors may rename a process and set its Stand and status; archiving and
deleting are for facilitators. Copying a process is in `measures/views/process.py`, because it
writes the rows of all three apps.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import permissions
from .forms import WorkshopSettingsForm
from .process import confirm_delete, content_counts, record_change

# What deleting a process takes along, as the confirmation names it (keys of `content_counts`).
CONTENT_LABELS = {
    "leitsaetze": ngettext_lazy(
        "%(count)d guiding principle", "%(count)d guiding principles", "count"
    ),
    "fields": ngettext_lazy("%(count)d field of action", "%(count)d fields of action", "count"),
    "goals": ngettext_lazy("%(count)d goal", "%(count)d goals", "count"),
    "measures": ngettext_lazy("%(count)d measure", "%(count)d measures", "count"),
    "plans": ngettext_lazy("%(count)d project plan", "%(count)d project plans", "count"),
}


@login_required
@require_http_methods(["GET", "POST"])
def workshop_settings(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = WorkshopSettingsForm(request.POST or None, instance=workshop)
    if request.method == "POST":
        if form.is_valid() and form.save_if_unchanged():
            record_change(request, workshop)
            messages.success(request, _("Settings saved."))
            return redirect("workshops:workshop_settings", pk=workshop.pk)
        # The form keeps the input; the page around it shows what is saved.
        workshop.refresh_from_db(fields=form.Meta.fields)
    context = {
        "workshop": workshop,
        "form": form,
        "can_manage": workshop.membership.can_manage,
        "method_steps": workshop.method.steps.all() if workshop.method_id else [],
    }
    return render(request, "workshops/workshop_settings.html", context)


@login_required
@require_POST
def workshop_archive(request, pk):
    """Archive the process (`archived=1`) or bring it back (`archived=0`); both idempotent."""
    workshop = permissions.get_workshop(request.user, pk, permissions.MANAGE)
    archive = request.POST.get("archived") == "1"
    if archive != (workshop.archived_at is not None):
        workshop.archived_at = timezone.now() if archive else None
        workshop.save(update_fields=["archived_at"])
        record_change(request, workshop)
    if archive:
        message = _("“%(title)s” is archived. The overview lists it under “Archive”.")
    else:
        message = _("“%(title)s” is active again.")
    messages.success(request, message % {"title": workshop.title})
    return redirect("workshops:workshop_settings", pk=workshop.pk)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_delete(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.MANAGE)
    if request.method == "GET":
        return confirm_delete(
            request,
            workshop,
            workshop,
            cancel_url=reverse("workshops:workshop_settings", args=[workshop.pk]),
            consequences=_deletion_consequences(workshop),
        )
    title = workshop.title
    workshop.delete()
    messages.success(request, _("Strategy process “%(title)s” deleted.") % {"title": title})
    return redirect("workshops:dashboard")


def _deletion_consequences(workshop) -> str:
    counts = content_counts(workshop)
    parts = [label % {"count": counts[key]} for key, label in CONTENT_LABELS.items()]
    items = _("%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}
    return _("Its whole content goes with it: the vision, %(items)s. This cannot be undone.") % {
        "items": items
    }
