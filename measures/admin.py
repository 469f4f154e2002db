"""Measures and their in-depth project plans.

Ranks are normally changed in the app, which keeps them 1..n under the workshop's lock; the admin
edits single rows, and the database refuses a rank that another measure already holds.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Measure, MeasureProfile, Milestone, ProjectPlan, Stakeholder, Task


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["rank", "title", "process", "action_field"]
    list_display_links = ["rank", "title"]
    list_filter = ["timeframe", "effort", "impact", "workshop__kommune"]
    search_fields = ["title", "description", "workshop__title", "action_field__name"]
    list_select_related = ["workshop", "action_field"]
    raw_id_fields = ["workshop", "action_field", "goal"]
    ordering = ["workshop", "rank"]

    @admin.display(description=_("strategy process"), ordering="workshop__title")
    def process(self, measure):
        return measure.workshop


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    fields = ["position", "name", "role", "influence", "interest"]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["position", "title", "owner", "due"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["position", "title", "due"]


@admin.register(ProjectPlan)
class ProjectPlanAdmin(admin.ModelAdmin):
    list_display = ["measure", "process", "last_changed"]
    list_filter = ["measure__workshop__kommune"]
    search_fields = ["measure__title", "measure__workshop__title"]
    list_select_related = ["measure__workshop"]
    raw_id_fields = ["measure"]
    inlines = [StakeholderInline, TaskInline, MilestoneInline]

    @admin.display(description=_("strategy process"), ordering="measure__workshop__title")
    def process(self, plan):
        return plan.measure.workshop

    @admin.display(description=_("last changed"), ordering="updated_at")
    def last_changed(self, plan):
        return plan.updated_at


@admin.register(MeasureProfile)
class MeasureProfileAdmin(admin.ModelAdmin):
    """The measure catalogue; profiles without a Kommune are offered to every Kommune."""

    list_display = ["title", "field", "kommune", "effort", "timeframe", "version"]
    list_filter = ["field__catalogue", "timeframe", ("kommune", admin.EmptyFieldListFilter)]
    search_fields = ["title", "slug", "summary"]
    list_select_related = ["field__catalogue", "kommune"]
    autocomplete_fields = ["kommune"]
    raw_id_fields = ["field"]
