"""The site administration: set up Kommunen and their first facilitator, look after processes.

Facilitators manage further members in the app itself; the admin is for the people who run the
site. Lists fetch their related rows in the same query (`list_select_related`).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    CatalogueImport,
    Contribution,
    Kommune,
    Leitsatz,
    LiveSession,
    Membership,
    Method,
    MethodStep,
    TextModule,
    Workshop,
    Zielbild,
)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "kommune", "role"]
        labels = {"user": _("user")}


class MembershipInline(admin.TabularInline):
    """Give a user a role in the Kommune; the first one is usually the facilitator."""

    model = Membership
    form = MembershipAdminForm
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "state", "ags"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "slug", "ags"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "kommune", "role"]
    list_filter = ["role", "kommune"]
    search_fields = ["user__username", "user__email", "kommune__name", "kommune__slug"]
    autocomplete_fields = ["user", "kommune"]
    list_select_related = ["user", "kommune"]
    form = MembershipAdminForm

    @admin.display(description=_("user"), ordering="user__username")
    def member(self, membership):
        return membership.user


class LeitsatzInline(admin.TabularInline):
    model = Leitsatz
    extra = 0
    fields = ["position", "text"]


class ZielbildInline(admin.StackedInline):
    model = Zielbild
    extra = 0
    fields = ["position", "title", "text"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "kommune", "status", "last_changed"]
    list_filter = ["status", ("archived_at", admin.EmptyFieldListFilter), "kommune"]
    search_fields = ["title", "kommune__name", "kommune__slug"]
    list_select_related = ["kommune", "updated_by"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["kommune"]
    raw_id_fields = ["updated_by"]
    readonly_fields = [
        "ranked_at",
        "confirmed_order",
        "confirmed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [LeitsatzInline, ZielbildInline]

    @admin.display(description=_("last changed"), ordering="updated_at")
    def last_changed(self, workshop):
        return workshop.updated_at


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ["workshop", "code", "place", "started_at", "ended_at"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "place", "workshop__title", "workshop__kommune__name"]
    list_select_related = ["workshop"]
    readonly_fields = ["revision", "started_by"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "status", "session", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["text", "session__code", "session__workshop__title"]
    list_select_related = ["session__workshop"]
    raw_id_fields = ["session", "participant", "merged_into", "action_field"]


# --- Catalogues (`catalogue.py`): methods and text modules; shared ones have no Kommune. -----


class MethodStepInline(admin.TabularInline):
    model = MethodStep
    extra = 0
    fields = ["position", "title", "page", "live_item", "minutes", "explanation"]


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kommune", "version", "position"]
    list_filter = [("kommune", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug", "summary"]
    list_select_related = ["kommune"]
    autocomplete_fields = ["kommune"]
    inlines = [MethodStepInline]


@admin.register(TextModule)
class TextModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "target", "kommune", "version"]
    list_filter = ["target", ("kommune", admin.EmptyFieldListFilter)]
    search_fields = ["title", "slug", "body"]
    list_select_related = ["kommune"]
    autocomplete_fields = ["kommune"]


@admin.register(CatalogueImport)
class CatalogueImportAdmin(admin.ModelAdmin):
    """The record of imported catalogue files: read only."""

    list_display = ["name", "version", "added", "replaced", "kept", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
