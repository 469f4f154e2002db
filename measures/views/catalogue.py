"""The measure catalogue: browse and search profiles (Steckbriefe), take one into the strategy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fields.models import ActionField, CatalogueField
from workshops import permissions
from workshops.process import parse_id, record_change, render_step

from ..models import MeasureProfile
from ..services import take_profile

PAGE_SIZE = 200  # every profile of the shipped catalogue fits on one page; more: search


def _profiles(workshop, request):
    """The Kommune's catalogue, filtered by the query string: `q` words, `feld` a catalogue
    field, `passend` only what suits this kind of Kommune."""
    profiles = MeasureProfile.objects.for_kommune(workshop.kommune).select_related(
        "field__catalogue"
    )
    query = request.GET.get("q", "").strip()[:200]
    field_id = parse_id(request.GET.get("feld", ""))
    if field_id is not None:
        profiles = profiles.filter(field_id=field_id)
    suits = request.GET.get("passend") == "1"
    if suits:
        # The list as JSON text holds the kind in quotes; `contains` on JSON is PostgreSQL's only.
        profiles = profiles.filter(kinds__icontains=f'"{workshop.kommune.kind}"')
    if query:
        profiles = profiles.search(query)
    return profiles, {"q": query, "feld": field_id, "passend": suits}


@login_required
@require_GET
def catalogue(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    profiles, filters = _profiles(workshop, request)
    total = profiles.count()
    profiles = list(profiles[:PAGE_SIZE])
    taken = dict(workshop.measures.filter(profile__isnull=False).values_list("profile_id", "rank"))
    fields = list(workshop.action_fields.order_by("position", "pk").select_related("source"))
    for profile in profiles:
        profile.taken_rank = taken.get(profile.pk)
        # Offered first: the process's field that was taken from this profile's catalogue field.
        profile.suggested_field = next(
            (f.pk for f in fields if f.source_id == profile.field_id),
            fields[0].pk if fields else None,
        )
    context = {
        "profiles": profiles,
        "total": total,
        "filters": filters,
        "catalogue_fields": CatalogueField.objects.select_related("catalogue").order_by(
            "catalogue__name", "position"
        ),
        "fields": fields,
        "kind_label": workshop.kommune.get_kind_display(),
    }
    return render_step(request, "measures/catalogue.html", workshop, "measures", context)


@login_required
@require_POST
def catalogue_take(request, pk, profile_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    profile = get_object_or_404(MeasureProfile.objects.for_kommune(workshop.kommune), pk=profile_pk)
    # Back to the same search: the query string, rebuilt from its parts (never taken as is).
    back = QueryDict(request.POST.get("back", "").removeprefix("?")[:2000]).urlencode()
    url = reverse("measures:catalogue", args=[workshop.pk])
    if back:
        url += f"?{back}"
    field = ActionField.objects.filter(
        workshop=workshop, pk=parse_id(request.POST.get("field", ""))
    ).first()
    if field is None:
        messages.error(
            request,
            _("Please choose the field of action that “%(title)s” belongs to.")
            % {"title": profile.title},
        )
        return redirect(f"{url}#profile-{profile.pk}")
    measure, created = take_profile(workshop, profile, field)
    if created:
        record_change(request, workshop)
        message = _(
            "“%(title)s” is now a measure of “%(field)s” at rank %(rank)s. Adapt it to your "
            "Kommune under Goals & measures."
        )
        messages.success(
            request, message % {"title": measure.title, "field": field.name, "rank": measure.rank}
        )
    else:
        messages.info(
            request,
            _("“%(title)s” was already taken, as rank %(rank)s.")
            % {"title": measure.title, "rank": measure.rank},
        )
    return redirect(f"{url}#profile-{profile.pk}")
