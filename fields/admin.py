"""Field catalogues and the fields of action chosen for a process, with their goals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ActionField, CatalogueField, FieldCatalogue, Goal


class CatalogueFieldInline(admin.TabularInline):
    model = CatalogueField
    extra = 0
    fields = ["position", "name", "description"]


@admin.register(FieldCatalogue)
class FieldCatalogueAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CatalogueFieldInline]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["position", "title", "indicator", "target_value"]


@admin.register(ActionField)
class ActionFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "process", "position", "source"]
    list_filter = ["workshop__kommune"]
    search_fields = ["name", "workshop__title", "workshop__kommune__name"]
    list_select_related = ["workshop", "source"]
    raw_id_fields = ["workshop", "source"]
    inlines = [GoalInline]

    @admin.display(description=_("strategy process"), ordering="workshop__title")
    def process(self, field):
        return field.workshop
