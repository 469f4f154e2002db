from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import permissions
from .forms import (
    LeitsatzForm,
    MembershipForm,
    VisionForm,
    WorkshopForm,
    ZielbildForm,
)
from .models import Leitsatz, Membership, Workshop, Zielbild
from .preview import preview_html
from .process import (
    STEP_DEFINITIONS,
    announce_change,
    confirm_delete,
    focus_after_move,
    open_steps,
    query_id,
    record_change,
    render_step,
    steps_for,
    wants_partial,
    with_next_step,
    with_progress,
)
from .strategy import gather


@login_required
@require_GET
def dashboard(request):
    """Each Kommune with its processes: progress and last change, archived ones apart.

    A fixed number of queries however many processes (see `with_progress`).
    """
    workshops = Workshop.objects.select_related("updated_by")
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("kommune")
        .prefetch_related(
            Prefetch("kommune__workshops", workshops.active(), to_attr="active_workshops"),
            Prefetch("kommune__workshops", workshops.archived(), to_attr="archived_workshops"),
        )
    )
    active = [w for m in memberships for w in m.kommune.active_workshops]
    with_next_step(with_progress(active))
    return render(request, "workshops/dashboard.html", {"memberships": memberships})


@login_required
@require_GET
def kommune_detail(request, slug):
    kommune = permissions.get_kommune(request.user, slug)
    return _kommune_page(request, kommune, MembershipForm(kommune=kommune))


def _kommune_page(request, kommune, form):
    template = "workshops/kommune_detail.html"
    if wants_partial(request):
        template += "#members"
    context = {
        "kommune": kommune,
        # Active processes first; archived ones follow, marked as such.
        "workshops": kommune.workshops.order_by(
            F("archived_at").asc(nulls_first=True), "-created_at"
        ),
        "members": kommune.memberships.select_related("user").order_by("user__username"),
        "form": form,
        "roles": Membership.Role.choices,
    }
    return render(request, template, context)


@login_required
@require_POST
def membership_add(request, slug):
    kommune = permissions.get_kommune(request.user, slug, permissions.MANAGE)
    form = MembershipForm(request.POST, kommune=kommune)
    if not form.is_valid():
        return _kommune_page(request, kommune, form)
    Membership.objects.create(
        kommune=kommune, user=form.cleaned_data["username"], role=form.cleaned_data["role"]
    )
    messages.success(request, _("Member added."))
    if wants_partial(request):
        return _kommune_page(request, kommune, MembershipForm(kommune=kommune))
    return redirect("workshops:kommune_detail", slug=slug)


@login_required
@require_POST
def membership_update(request, slug, pk):
    kommune = permissions.get_kommune(request.user, slug, permissions.MANAGE)
    membership = get_object_or_404(Membership, pk=pk, kommune=kommune)
    role = request.POST.get("role")
    if role not in Membership.Role.values:
        messages.error(request, _("Please choose a valid role."))
    elif membership.user_id == request.user.pk and role != Membership.Role.FACILITATOR:
        messages.error(request, _("You cannot take the facilitation role away from yourself."))
    else:
        membership.role = role
        membership.save(update_fields=["role"])
        messages.success(request, _("Role changed."))
    if wants_partial(request):
        return _kommune_page(request, kommune, MembershipForm(kommune=kommune))
    return redirect("workshops:kommune_detail", slug=slug)


@login_required
@require_POST
def membership_delete(request, slug, pk):
    kommune = permissions.get_kommune(request.user, slug, permissions.MANAGE)
    membership = get_object_or_404(Membership, pk=pk, kommune=kommune)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot remove yourself."))
    else:
        membership.delete()
        messages.success(request, _("Member removed."))
    if wants_partial(request):
        return _kommune_page(request, kommune, MembershipForm(kommune=kommune))
    return redirect("workshops:kommune_detail", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request, slug):
    kommune = permissions.get_kommune(request.user, slug, permissions.MANAGE)
    form = WorkshopForm(request.POST or None, kommune=kommune)
    if request.method == "POST" and form.is_valid():
        workshop = form.save(commit=False)
        workshop.kommune = kommune
        workshop.updated_by = request.user
        workshop.save()
        steps = steps_for(workshop, "")
        messages.success(
            request,
            _("Strategy process created. Start with “%(step)s”.") % {"step": steps[0].label},
        )
        return redirect(steps[0].url)
    return render(request, "workshops/workshop_form.html", {"kommune": kommune, "form": form})


@login_required
@require_GET
def workshop_detail(request, pk):
    """Open a process at its first unfinished step."""
    workshop = permissions.get_workshop(request.user, pk)
    steps = steps_for(workshop, "")
    return redirect(next((s for s in steps if not s.complete), steps[-1]).url)


@login_required
@require_GET
def step_nav(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    current = request.GET.get("current", "")
    if current not in {slug for slug, _label, _url in STEP_DEFINITIONS}:
        current = ""
    return render(
        request,
        "partials/step_nav.html",
        {"workshop": workshop, "steps": steps_for(workshop, current), "current_step": current},
    )


# --- Vision & Leitbild ---------------------------------------------------------------------


def _vision_page(request, workshop, *, partial=None, **forms):
    editing_leitsatz = forms.pop("editing_leitsatz", None)
    editing_zielbild = forms.pop("editing_zielbild", None)
    leitsaetze = workshop.leitsaetze.all()
    moved = forms.pop("moved", None)  # (pk, "up" or "down") of a Leitsatz that just moved
    context = {
        "vision_form": forms.get("vision_form") or VisionForm(instance=workshop),
        "leitsatz_form": forms.get("leitsatz_form") or LeitsatzForm(),
        "zielbild_form": forms.get("zielbild_form") or ZielbildForm(),
        "leitsaetze": leitsaetze,
        "focus": focus_after_move(leitsaetze, *moved) if moved else {},
        "zielbilder": workshop.zielbilder.all(),
        "editing_leitsatz": editing_leitsatz,
        "editing_zielbild": editing_zielbild,
        "saved": forms.get("saved", False),
    }
    return render_step(
        request,
        "workshops/vision.html",
        workshop,
        "vision",
        context,
        partial=partial,
    )


def _edit_form(request, model, workshop, key, form_class):
    """The inline edit form for `?key=<pk>`, or None. A stale id just shows the list."""
    pk = query_id(request, key)
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, workshop=workshop).first()
    return (obj.pk, form_class(instance=obj, prefix=f"{key}-{obj.pk}")) if obj else None


@login_required
@require_GET
def vision(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    partial = None
    editing_leitsatz = editing_zielbild = None
    if workshop.membership.can_edit:
        editing_leitsatz = _edit_form(request, Leitsatz, workshop, "leitsatz", LeitsatzForm)
        editing_zielbild = _edit_form(request, Zielbild, workshop, "zielbild", ZielbildForm)
    # The region to answer with follows the key in the URL, also for "?leitsatz=none" (cancel).
    if "leitsatz" in request.GET:
        partial = "leitsaetze"
    elif "zielbild" in request.GET:
        partial = "zielbilder"
    return _vision_page(
        request,
        workshop,
        partial=partial,
        editing_leitsatz=editing_leitsatz,
        editing_zielbild=editing_zielbild,
    )


def _saved(request, workshop, partial, message, **forms):
    """Answer a successful change: the updated partial for htmx, else back to the page."""
    record_change(request, workshop)
    if wants_partial(request):
        return announce_change(_vision_page(request, workshop, partial=partial, **forms))
    messages.success(request, message)
    return redirect("workshops:vision", pk=workshop.pk)


@login_required
@require_POST
def vision_save(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = VisionForm(request.POST, instance=workshop)
    if not form.is_valid() or not form.save_if_unchanged():
        return _vision_page(request, workshop, partial="vision", vision_form=form)
    return _saved(request, workshop, "vision", _("Vision saved."), saved=True)


@login_required
@require_POST
def leitsatz_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = LeitsatzForm(request.POST)
    if not form.is_valid():
        form.fields["text"].widget.attrs["autofocus"] = True
        return _vision_page(request, workshop, partial="leitsaetze", leitsatz_form=form)
    form.instance.workshop = workshop
    form.save(commit=False).save_as_last()
    # The emptied input keeps the focus, ready for the next Leitsatz.
    fresh = LeitsatzForm()
    fresh.fields["text"].widget.attrs["autofocus"] = True
    return _saved(
        request, workshop, "leitsaetze", _("Guiding principle added."), leitsatz_form=fresh
    )


@login_required
@require_POST
def leitsatz_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    leitsatz = get_object_or_404(Leitsatz, pk=item_pk, workshop=workshop)
    form = LeitsatzForm(request.POST, instance=leitsatz, prefix=f"leitsatz-{leitsatz.pk}")
    if not form.is_valid() or not form.save_if_unchanged():
        return _vision_page(
            request, workshop, partial="leitsaetze", editing_leitsatz=(leitsatz.pk, form)
        )
    return _saved(request, workshop, "leitsaetze", _("Guiding principle saved."))


@login_required
@require_POST
def leitsatz_move(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    leitsatz = get_object_or_404(Leitsatz, pk=item_pk, workshop=workshop)
    with transaction.atomic():
        leitsatz.move(-1 if request.POST.get("direction") == "up" else 1)
    moved = (leitsatz.pk, request.POST.get("direction"))
    return _saved(request, workshop, "leitsaetze", _("Order changed."), moved=moved)


@login_required
@require_http_methods(["GET", "POST"])
def leitsatz_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    leitsatz = get_object_or_404(Leitsatz, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        return confirm_delete(request, workshop, leitsatz, cancel_url=vision_url(workshop))
    leitsatz.delete()
    return _saved(request, workshop, "leitsaetze", _("Guiding principle deleted."))


@login_required
@require_POST
def zielbild_add(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = ZielbildForm(request.POST)
    if not form.is_valid():
        return _vision_page(request, workshop, partial="zielbilder", zielbild_form=form)
    form.instance.workshop = workshop
    form.save(commit=False).save_as_last()
    return _saved(request, workshop, "zielbilder", _("Target picture added."))


@login_required
@require_POST
def zielbild_update(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    zielbild = get_object_or_404(Zielbild, pk=item_pk, workshop=workshop)
    form = ZielbildForm(request.POST, instance=zielbild, prefix=f"zielbild-{zielbild.pk}")
    if not form.is_valid() or not form.save_if_unchanged():
        return _vision_page(
            request, workshop, partial="zielbilder", editing_zielbild=(zielbild.pk, form)
        )
    return _saved(request, workshop, "zielbilder", _("Target picture saved."))


@login_required
@require_http_methods(["GET", "POST"])
def zielbild_delete(request, pk, item_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    zielbild = get_object_or_404(Zielbild, pk=item_pk, workshop=workshop)
    if request.method == "GET":
        return confirm_delete(request, workshop, zielbild, cancel_url=vision_url(workshop))
    zielbild.delete()
    return _saved(request, workshop, "zielbilder", _("Target picture deleted."))


def vision_url(workshop):
    return reverse("workshops:vision", args=[workshop.pk])


@login_required
@require_GET
def strategy(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    steps = steps_for(workshop, "strategy")
    data = gather(workshop)
    context = {
        "steps": steps,
        "unfinished": open_steps(workshop, steps),
        "strategy": data,
        "document": preview_html(data),
    }
    return render_step(request, "workshops/strategy.html", workshop, "strategy", context)
