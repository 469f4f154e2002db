"""The participation record of a strategy process: its live sessions and the formats held
without the app (survey, interviews, World Café), and deleting participants' names."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import live, permissions
from .forms import OfflineParticipationForm
from .models import LiveSession, OfflineParticipation
from .process import confirm_delete, render_step

PAGE = "live/participation.html"


def _page(request, workshop, form=None, status=200):
    context = {
        "sessions": live.record(workshop),
        "offline": workshop.offline_participations.all(),
        "form": form or OfflineParticipationForm(),
    }
    return render_step(request, PAGE, workshop, "live", context, status=status)


def _record_url(workshop):
    return reverse("live:participation", args=[workshop.pk])


@login_required
@require_GET
def participation(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    return _page(request, workshop)


@login_required
@require_POST
def offline_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = OfflineParticipationForm(request.POST)
    if not form.is_valid():
        return _page(request, workshop, form, status=422)
    form.instance.workshop = workshop
    entry = form.save()
    messages.success(request, _("“%(name)s” is in the participation record.") % {"name": entry})
    return redirect(_record_url(workshop))


def _entry(workshop, entry_pk):
    return get_object_or_404(OfflineParticipation, pk=entry_pk, workshop=workshop)


@login_required
@require_http_methods(["GET", "POST"])
def offline_edit(request, pk, entry_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    entry = _entry(workshop, entry_pk)
    if request.method == "GET":
        form = OfflineParticipationForm(instance=entry)
    else:
        form = OfflineParticipationForm(request.POST, instance=entry)
        if form.is_valid() and form.save_if_unchanged():
            messages.success(request, _("Saved."))
            return redirect(_record_url(workshop))
    context = {"form": form, "entry": entry}
    status = 422 if form.is_bound else 200
    return render_step(request, "live/offline_edit.html", workshop, "live", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def offline_delete(request, pk, entry_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    entry = _entry(workshop, entry_pk)
    if request.method == "GET":
        return confirm_delete(request, workshop, entry, cancel_url=_record_url(workshop))
    entry.delete()
    messages.success(request, _("“%(name)s” was deleted.") % {"name": entry})
    return redirect(_record_url(workshop))


@login_required
@require_http_methods(["GET", "POST"])
def anonymise(request, pk, session_pk):
    """Delete the names and table groups of an ended session's participants (asks first)."""
    workshop = permissions.get_workshop(request.user, pk, permissions.MANAGE)
    session = get_object_or_404(
        LiveSession, pk=session_pk, workshop=workshop, ended_at__isnull=False
    )
    if request.method == "GET":
        context = {"session": session, "named": session.participants.exclude(display_name="")}
        return render_step(request, "live/confirm_anonymise.html", workshop, "live", context)
    if live.anonymise(session):
        messages.success(request, _("The participants' names and table groups were deleted."))
    return redirect(_record_url(workshop))
