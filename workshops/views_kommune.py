"""A Kommune's details for its documents: publisher, contact and logo (title page, imprint)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import permissions
from .forms import KommuneDetailsForm
from .models import KommuneLogo


@login_required
@require_http_methods(["GET", "POST"])
def kommune_details(request, slug):
    """Every member sees the details; facilitators change them."""
    need = permissions.MANAGE if request.method == "POST" else permissions.VIEW
    kommune = permissions.get_kommune(request.user, slug, need)
    if request.method == "POST":
        form = KommuneDetailsForm(request.POST, request.FILES, instance=kommune)
        if form.is_valid() and _save(form, kommune):
            messages.success(request, _("Details saved."))
            return redirect("workshops:kommune_details", slug=slug)
        kommune.refresh_from_db()
        status = 422
    else:
        form = KommuneDetailsForm(instance=kommune)
        status = 200
    logo = KommuneLogo.objects.filter(kommune=kommune).first()
    context = {
        "kommune": kommune,
        "form": form,
        "logo_url": logo.data_url() if logo else "",
        "can_manage": kommune.membership.can_manage,
    }
    return render(request, "workshops/kommune_details.html", context, status=status)


def _save(form, kommune) -> bool:
    """Texts and logo in one transaction: an edit conflict keeps the old logo too."""
    with transaction.atomic():
        if not form.save_if_unchanged():
            return False
        new_logo = form.cleaned_data.get("logo")
        if new_logo:
            KommuneLogo.objects.update_or_create(
                kommune=kommune,
                defaults={"png": new_logo.png, "width": new_logo.width, "height": new_logo.height},
            )
        elif form.cleaned_data.get("remove_logo"):
            KommuneLogo.objects.filter(kommune=kommune).delete()
    return True
