from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from workshops.models import (
    SOURCE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    VERSION_MAX,
    Ordered,
    OrderedQuerySet,
)


class FieldCatalogue(models.Model):
    """A shipped list of fields of action (Digital-Werkstatt nine, Smart City six)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    source = models.CharField(_("source"), max_length=SOURCE_MAX, blank=True)
    licence = models.CharField(_("licence"), max_length=SOURCE_MAX, blank=True)
    version = models.CharField(_("version"), max_length=VERSION_MAX, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field catalogue")
        verbose_name_plural = _("field catalogues")

    def __str__(self):
        return self.name


class CatalogueField(models.Model):
    catalogue = models.ForeignKey(FieldCatalogue, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["catalogue", "position"]
        verbose_name = _("catalogue field")
        verbose_name_plural = _("catalogue fields")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "name"], name="unique_catalogue_field"),
        ]

    def __str__(self):
        return self.name


class ActionFieldQuerySet(OrderedQuerySet):
    def with_counts(self):
        """Annotate `goal_count`, `measure_count` and `plan_count`: a list needs no query per field.

        Django drops `Meta.ordering` from grouped queries, hence the explicit order.
        """
        return self.annotate(
            goal_count=Count("goals", distinct=True),
            measure_count=Count("measures", distinct=True),
            plan_count=Count("measures__plan", distinct=True),
        ).order_by("position", "pk")


class ActionField(Ordered):
    """A Handlungsfeld chosen for one strategy process, from a catalogue or written fresh."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="action_fields"
    )
    source = models.ForeignKey(
        CatalogueField,
        verbose_name=_("catalogue entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    why = models.TextField(_("why?"), max_length=TEXT_MAX, blank=True)
    what = models.TextField(_("what?"), max_length=TEXT_MAX, blank=True)
    who = models.TextField(_("who?"), max_length=TEXT_MAX, blank=True)
    when_how = models.TextField(_("when & how?"), max_length=TEXT_MAX, blank=True)

    objects = ActionFieldQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="unique_field_name"),
        ]

    def __str__(self):
        return self.name

    def only_goal(self):
        """The field's goal when it has exactly one (a measure added to it reaches that one),
        else None."""
        goals = list(self.goals.all()[:2])
        return goals[0] if len(goals) == 1 else None


YEAR_MIN, YEAR_MAX = 1900, 2100
VALUE_MAX = 100


def _with_year(value: str, year: int | None) -> str:
    """E.g. "80 % (2030)"; the value or the year alone when only one is given."""
    if value and year:
        return f"{value} ({year})"
    return value or (str(year) if year else "")


class IndicatorFigures:
    """Mixed into `Goal` and the document's `GoalData`: how a goal's indicator reads."""

    @property
    def has_indicator(self) -> bool:
        return any(
            (self.indicator, self.baseline, self.target_value, self.data_source, self.responsible)
        )

    @property
    def baseline_label(self) -> str:
        return _with_year(self.baseline, self.baseline_year)

    @property
    def target_label(self) -> str:
        return _with_year(self.target_value, self.target_year)


def _year_in_range(name):
    return models.Q(**{f"{name}__isnull": True}) | models.Q(
        **{f"{name}__gte": YEAR_MIN, f"{name}__lte": YEAR_MAX}
    )


class Goal(IndicatorFigures, Ordered):
    """A goal to reach in one field of action, optionally measurable: an indicator with its
    baseline and target (each with its year), the data source and who reports it."""

    parent_field = "action_field"

    action_field = models.ForeignKey(ActionField, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=TITLE_MAX, blank=True)
    baseline = models.CharField(_("baseline"), max_length=VALUE_MAX, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.CharField(_("target value"), max_length=VALUE_MAX, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=TITLE_MAX, blank=True)
    responsible = models.CharField(_("responsible"), max_length=TITLE_MAX, blank=True)
    origin = models.OneToOneField(
        "workshops.Contribution",
        verbose_name=_("from the live session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goal",
    )

    class Meta(Ordered.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=_year_in_range("baseline_year"), name="goal_baseline_year_range"
            ),
            models.CheckConstraint(
                condition=_year_in_range("target_year"), name="goal_target_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_year__isnull=True)
                | models.Q(target_year__isnull=True)
                | models.Q(target_year__gte=models.F("baseline_year")),
                name="goal_target_not_before_baseline",
            ),
        ]

    def __str__(self):
        return self.title
