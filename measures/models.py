import re
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models, transaction
from django.db.models import Case, Exists, F, Max, OuterRef, Prefetch, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fields.models import CatalogueField
from workshops.models import (
    TEXT_MAX,
    TITLE_MAX,
    CatalogueEntry,
    CatalogueEntryQuerySet,
    Kommune,
    Ordered,
    Workshop,
)

from .costs import CostFigures
from .sdgs import SDG_CHOICES

# Ranks are renumbered in two statements: first every rank is lifted above this offset, then
# the final 1..n are written. Each single UPDATE therefore never collides with the unique
# (workshop, rank) constraint, on PostgreSQL and SQLite alike, without deferrable constraints.
RANK_PARKING_OFFSET = 1_000_000
OVERRIDE_REASON_MAX = 500
GROUP_MAX = 100


YEAR_MIN, YEAR_MAX = 2000, 2100
QUARTERS = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


class Level(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class MeasureQuerySet(models.QuerySet):
    def ranked(self):
        return self.order_by("rank")

    def top(self, count: int):
        return self.filter(rank__lte=count).order_by("rank")

    def next_rank(self) -> int:
        return (self.aggregate(m=Max("rank"))["m"] or 0) + 1

    def lock_ranking(self, workshop_id: int) -> None:
        """Lock the workshop's row until the transaction ends.

        Every change of ranks (add, delete, move) takes this lock first, so two people changing
        the ranking of one workshop at the same time run one after another instead of both
        reading the same order and colliding on the unique rank. Call inside a transaction.
        """
        list(Workshop.objects.select_for_update().filter(pk=workshop_id).values_list("pk"))

    def confirm_ranking(self, workshop_id: int):
        """Confirm the workshop's ranking as it is now; returns the time, None without measures.

        Keeps the order and time in `Workshop.confirmed_order` and `confirmed_at`, so moving a
        measure away and back restores the confirmation.
        """
        with transaction.atomic():
            self.lock_ranking(workshop_id)
            ids = list(
                Measure.objects.filter(workshop_id=workshop_id)
                .order_by("rank", "pk")
                .values_list("pk", flat=True)
            )
            if not ids:
                return None
            now = timezone.now()
            Workshop.objects.filter(pk=workshop_id).update(
                confirmed_order=ids, confirmed_at=now, ranked_at=now
            )
            return now

    def with_plan_progress(self):
        """Measures with their field and plan, ready for `plan_answered_count` in two queries."""
        return self.select_related("action_field").prefetch_related(
            Prefetch("plan", queryset=ProjectPlan.objects.with_progress())
        )

    @transaction.atomic(savepoint=False)
    def renumber(self, ordered_ids=None) -> dict[int, int]:
        """Give the measures in this queryset the ranks 1..n, in at most three statements.

        `ordered_ids` is the new order (the ids of exactly these measures); without it the
        current order is kept and gaps close. Works on ids only, so a row deleted meanwhile
        cannot be re-read. Call it under `lock_ranking`: the ids read here then stay valid
        until the ranks are written. Returns the new ranks of the measures that moved,
        `{pk: rank}`.
        """
        current = dict(self.order_by("rank", "pk").values_list("pk", "rank"))
        if ordered_ids is None:
            ordered_ids = list(current)
        elif sorted(ordered_ids) != sorted(current):
            raise ValueError("ordered_ids must name exactly the measures to renumber")
        changed = {
            pk: number for number, pk in enumerate(ordered_ids, start=1) if current[pk] != number
        }
        if not changed:
            return changed
        moving = Measure.objects.filter(pk__in=changed)
        moving.update(rank=F("rank") + RANK_PARKING_OFFSET)
        moving.update(
            rank=Case(*(When(pk=pk, then=Value(number)) for pk, number in changed.items()))
        )
        return changed


def _update_confirmation(workshop_id: int, before: list[int], after: list[int]) -> None:
    """After a move from order `before` to `after`: the ranking is confirmed exactly when
    `after` is the confirmed order (measures deleted since do not count), with that time.

    Call under `lock_ranking`. A ranking confirmed before the order was kept (`ranked_at` set,
    `confirmed_order` empty) takes `before` as its confirmed order and `ranked_at` as its time.
    """
    workshop = Workshop.objects.only("ranked_at", "confirmed_order", "confirmed_at").get(
        pk=workshop_id
    )
    order, confirmed_at = workshop.confirmed_order, workshop.confirmed_at
    if workshop.ranked_at is not None and not order:
        order, confirmed_at = before, workshop.ranked_at
    remaining = set(after)
    confirmed = confirmed_at is not None and [pk for pk in order if pk in remaining] == after
    Workshop.objects.filter(pk=workshop_id).update(
        ranked_at=confirmed_at if confirmed else None,
        confirmed_order=order,
        confirmed_at=confirmed_at,
        updated_at=timezone.now(),
    )


class Measure(CostFigures, models.Model):
    """A measure to reach a goal in a field of action, with its place in the ranking."""

    class Timeframe(models.TextChoices):
        SHORT = "short", _("short-term (< 1 year)")
        MEDIUM = "medium", _("medium-term (1–3 years)")
        LONG = "long", _("long-term (> 3 years)")

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="measures"
    )
    action_field = models.ForeignKey(
        "fields.ActionField",
        verbose_name=_("field of action"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    goal = models.ForeignKey(
        "fields.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    # Measures of one field with the same group stand together, e.g. "Digitale Bürgerservices".
    group = models.CharField(_("group"), max_length=GROUP_MAX, blank=True)
    timeframe = models.CharField(
        _("implementation period"), max_length=10, choices=Timeframe.choices
    )
    effort = models.CharField(_("effort"), max_length=10, choices=Level.choices, blank=True)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices, blank=True)
    rank = models.PositiveIntegerField(_("rank"))
    # Implementation and cost, for every measure (the Steckbrief details only the top ones).
    lead = models.CharField(_("lead (Federführung)"), max_length=TITLE_MAX, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_quarter = models.PositiveSmallIntegerField(
        _("start quarter"), choices=QUARTERS, null=True, blank=True
    )
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_quarter = models.PositiveSmallIntegerField(
        _("end quarter"), choices=QUARTERS, null=True, blank=True
    )
    one_off_cost = models.PositiveIntegerField(_("one-off cost (euros)"), null=True, blank=True)
    running_cost = models.PositiveIntegerField(
        _("running cost per year (euros)"), null=True, blank=True
    )
    funding_programme = models.CharField(_("funding programme"), max_length=TITLE_MAX, blank=True)
    funding_rate = models.PositiveSmallIntegerField(
        _("funding rate (percent)"), null=True, blank=True
    )
    sdg = models.PositiveSmallIntegerField(
        _("sustainable development goal"), choices=SDG_CHOICES, null=True, blank=True
    )
    budgeted = models.BooleanField(
        _("already in the budget"),
        default=False,
        help_text=_("The costs are already planned in the budget (for the Beschlussvorlage)."),
    )
    # The averages of the room's ratings in a live session (1 low … 3 high), to adopt as the
    # estimates above; `rating_count` people rated.
    rated_effort = models.DecimalField(
        _("rated effort"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    rated_impact = models.DecimalField(
        _("rated impact"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    rating_count = models.PositiveIntegerField(_("number of ratings"), default=0)
    origin = models.OneToOneField(
        "workshops.Contribution",
        verbose_name=_("from the live session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measure",
    )
    profile = models.ForeignKey(
        "measures.MeasureProfile",
        verbose_name=_("from the catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "rank"], name="unique_measure_rank"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="measure_rank_positive"),
            models.CheckConstraint(
                condition=models.Q(sdg__isnull=True) | models.Q(sdg__gte=1, sdg__lte=17),
                name="measure_sdg_range",
            ),
            # A period is a quarter of a year: both or neither, an end not before the start.
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True, start_quarter__isnull=True)
                | models.Q(
                    # Spelled out: a CHECK passes when its expression is NULL.
                    start_year__isnull=False,
                    start_quarter__isnull=False,
                    start_year__gte=YEAR_MIN,
                    start_year__lte=YEAR_MAX,
                    start_quarter__gte=1,
                    start_quarter__lte=4,
                ),
                name="measure_start_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True, end_quarter__isnull=True)
                | models.Q(
                    # Spelled out: a CHECK passes when its expression is NULL.
                    end_year__isnull=False,
                    end_quarter__isnull=False,
                    end_year__gte=YEAR_MIN,
                    end_year__lte=YEAR_MAX,
                    end_quarter__gte=1,
                    end_quarter__lte=4,
                ),
                name="measure_end_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True)
                | models.Q(end_year__isnull=True)
                | models.Q(end_year__gt=F("start_year"))
                | models.Q(end_year=F("start_year"), end_quarter__gte=F("start_quarter")),
                name="measure_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(funding_rate__isnull=True)
                | models.Q(funding_rate__gte=0, funding_rate__lte=100),
                name="measure_funding_rate_percent",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_plan(self) -> bool:
        """Whether an in-depth project plan exists (cheap after `select_related("plan")`)."""
        return hasattr(self, "plan")

    def save_as_last(self) -> None:
        """Save this new measure at the end of its workshop's ranking.

        A confirmed ranking is open again: the new measure still needs its place.
        """
        with transaction.atomic():
            Measure.objects.lock_ranking(self.workshop_id)
            self.rank = Measure.objects.filter(workshop_id=self.workshop_id).next_rank()
            self.save()
            Workshop.objects.filter(pk=self.workshop_id).update(ranked_at=None)

    def delete_closing_gap(self) -> dict[int, int] | None:
        """Delete this measure; the ones ranked below it move up one place.

        Returns the new ranks of the measures that moved up (`{pk: rank}`), or None when the
        measure was deleted meanwhile (by another request that got the ranking lock first).
        """
        with transaction.atomic():
            Measure.objects.lock_ranking(self.workshop_id)
            _total, deleted = self.delete()
            if not deleted.get(Measure._meta.label):
                return None
            return Measure.objects.filter(workshop_id=self.workshop_id).renumber()

    def move_to(self, rank: int) -> None:
        """Put this measure at `rank` (clamped to 1..n) and shift the others.

        Only a changed order reopens a confirmed ranking; moving back to the confirmed order
        restores the confirmation with its time (see `MeasureQuerySet.confirm_ranking`).
        """
        with transaction.atomic():
            Measure.objects.lock_ranking(self.workshop_id)
            siblings = Measure.objects.filter(workshop_id=self.workshop_id)
            ids = list(siblings.order_by("rank", "pk").values_list("pk", flat=True))
            if self.pk not in ids:
                raise Measure.DoesNotExist("The measure was deleted meanwhile.")
            before = list(ids)
            ids.remove(self.pk)
            rank = max(1, min(rank, len(ids) + 1))
            ids.insert(rank - 1, self.pk)
            if ids != before:
                siblings.renumber(ids)
                _update_confirmation(self.workshop_id, before, ids)
        self.rank = rank

    @property
    def plan_answered_count(self) -> int:
        """How many of the seven core questions the plan answers; 0 without a plan."""
        plan = getattr(self, "plan", None)
        return plan.answered_count if plan else 0

    @property
    def plan_has_result(self) -> bool:
        """Whether question 1 is answered: what the planning step needs to be complete."""
        plan = getattr(self, "plan", None)
        return bool(plan and plan.result.strip())


class Dependency(models.Model):
    """`measure` builds on `requires`: it can start only when that one is done or far enough.

    Both measures belong to the same process (the form offers only those); a measure never
    requires itself, and a chain never leads back to where it started (`would_close_circle`).
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="requirements")
    requires = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="required_by")

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["measure", "requires"], name="unique_dependency"),
            models.CheckConstraint(
                condition=~models.Q(measure=models.F("requires")), name="dependency_not_on_itself"
            ),
        ]

    def __str__(self):
        return f"{self.measure_id} → {self.requires_id}"


def would_close_circle(measure: Measure, requires: Iterable[int]) -> list[int]:
    """Of the measures `measure` would require, those that already (perhaps through others)
    require `measure`: choosing them would make a circle."""
    edges = defaultdict(set)
    for source, target in Dependency.objects.filter(
        measure__workshop_id=measure.workshop_id
    ).values_list("measure_id", "requires_id"):
        edges[source].add(target)
    circular = []
    for start in requires:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == measure.pk:
                circular.append(start)
                break
            if node not in seen:
                seen.add(node)
                todo.extend(edges[node])
    return circular


class RankOverride(models.Model):
    """A rank changed after a dot vote set the ranking: kept with its reason and shown."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="rank_overrides"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="overrides")
    from_rank = models.PositiveIntegerField(_("previous rank"))
    to_rank = models.PositiveIntegerField(_("new rank"))
    reason = models.TextField(_("reason"), max_length=OVERRIDE_REASON_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("rank override")
        verbose_name_plural = _("rank overrides")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="rank_override_has_reason"),
        ]

    def __str__(self):
        return f"{self.from_rank} → {self.to_rank}"


# The text answers of a project plan (questions 1, 2, 4 and 5 of the seven core questions).
PLAN_ANSWERS = (
    "result",
    "target_group",
    "responsible",
    "resources_financial",
    "resources_personnel",
    "resources_organisational",
)


class ProjectPlanQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate what `answered_questions()` needs, so listing plans costs one query."""
        return self.annotate(
            has_stakeholders=Exists(Stakeholder.objects.filter(plan=OuterRef("pk"))),
            has_tasks=Exists(Task.objects.filter(plan=OuterRef("pk"))),
            has_milestones=Exists(Milestone.objects.filter(plan=OuterRef("pk"))),
        )


class ProjectPlan(models.Model):
    """The in-depth plan of a top measure along the seven core questions of a project."""

    QUESTION_COUNT = 7

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="plan")
    result = models.TextField(
        _("1. Result: what is the result of the project?"), max_length=TEXT_MAX, blank=True
    )
    target_group = models.TextField(
        _("2. Target group: who is it for?"), max_length=TEXT_MAX, blank=True
    )
    responsible = models.TextField(
        _("4. Responsible: who does the project?"), max_length=TEXT_MAX, blank=True
    )
    resources_financial = models.TextField(
        _("financial / material"), max_length=TEXT_MAX, blank=True
    )
    resources_personnel = models.TextField(_("personnel"), max_length=TEXT_MAX, blank=True)
    resources_organisational = models.TextField(
        _("organisational"), max_length=TEXT_MAX, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self):
        return str(self.measure)

    def answered_questions(self) -> list[bool]:
        """For the core questions 1 to 7 in order: does the plan answer it?"""
        resources = [
            self.resources_financial,
            self.resources_personnel,
            self.resources_organisational,
        ]
        return [
            bool(self.result.strip()),
            bool(self.target_group.strip()),
            self._has_rows("stakeholders"),
            bool(self.responsible.strip()),
            any(text.strip() for text in resources),
            self._has_rows("tasks"),
            self._has_rows("milestones"),
        ]

    @property
    def answered_count(self) -> int:
        return sum(self.answered_questions())

    def _has_rows(self, relation: str) -> bool:
        if self.pk is None:
            return False
        annotated = getattr(self, f"has_{relation}", None)
        return annotated if annotated is not None else getattr(self, relation).exists()


class PlanRow(Ordered):
    parent_field = "plan"

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="+")

    class Meta(Ordered.Meta):
        abstract = True


class Stakeholder(PlanRow):
    class Level(models.TextChoices):
        HIGH = "high", _("high")
        LOW = "low", _("low")

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    role = models.CharField(_("role"), max_length=TITLE_MAX, blank=True)
    influence = models.CharField(_("influence"), max_length=10, choices=Level.choices)
    interest = models.CharField(_("interest"), max_length=10, choices=Level.choices)

    class Meta(PlanRow.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return self.name

    @property
    def engagement(self) -> str:
        """How to deal with this stakeholder, from the influence-interest grid."""
        return {
            (self.Level.HIGH, self.Level.HIGH): _("involve closely"),
            (self.Level.HIGH, self.Level.LOW): _("keep satisfied"),
            (self.Level.LOW, self.Level.HIGH): _("keep informed"),
            (self.Level.LOW, self.Level.LOW): _("monitor"),
        }.get((self.influence, self.interest), "")


class Task(PlanRow):
    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=TITLE_MAX)
    owner = models.CharField(_("owner"), max_length=TITLE_MAX, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)

    class Meta(PlanRow.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def is_past(self) -> bool:
        """Whether the task was due before today."""
        return self.due is not None and self.due < timezone.localdate()


class Milestone(PlanRow):
    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=TITLE_MAX)
    due = models.DateField(_("date"))

    class Meta(PlanRow.Meta):
        ordering = ["due", "position", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    @property
    def is_past(self) -> bool:
        """Whether the milestone's date lies before today."""
        return self.due < timezone.localdate()


# ---------------------------------------------------------------------------------------------
# The measure catalogue: profiles (Steckbriefe) of measures a Kommune can take into its strategy.


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"\w+")
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def folded(text: str) -> str:
    """`text` in lower case with umlauts and ß written out ("Straße" → "strasse"), so that a
    search finds words whichever way they were typed."""
    return text.casefold().translate(_FOLD)


class MeasureProfileQuerySet(CatalogueEntryQuerySet):
    def search(self, query: str):
        """The profiles matching every word of `query`, best first. PostgreSQL searches with
        German stemming and word prefixes ("Breitband" finds "Breitbandausbau"), ranked by
        title before description; SQLite looks for the words as parts of the text."""
        words = _WORD.findall(folded(query))[:10]
        if not words:
            return self
        if connection.vendor != "postgresql":
            for word in words:
                self = self.filter(search_text__contains=word)
            return self
        vector = SearchVector("search_text", config="german")
        terms = " & ".join(f"{word}:*" for word in words)
        search = SearchQuery(terms, config="german", search_type="raw")
        return (
            self.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
            .filter(search_vector=search)
            .order_by("-search_rank", "title")
        )


class MeasureProfile(CatalogueEntry):
    """A measure as it typically goes: a starting point, taken into a strategy as a copy."""

    class Size(models.TextChoices):
        SMALL = "klein", _("small (below 5,000 inhabitants)")
        MEDIUM = "mittel", _("medium (5,000 to 20,000 inhabitants)")
        LARGE = "gross", _("large (above 20,000 inhabitants)")

    field = models.ForeignKey(
        CatalogueField,
        verbose_name=_("field of action"),
        on_delete=models.CASCADE,
        related_name="profiles",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("short description"), max_length=TEXT_MAX, blank=True)
    effort = models.CharField(_("typical effort"), max_length=10, choices=Level.choices, blank=True)
    impact = models.CharField(_("typical impact"), max_length=10, choices=Level.choices, blank=True)
    timeframe = models.CharField(
        _("typical implementation time"),
        max_length=10,
        choices=Measure.Timeframe.choices,
        blank=True,
    )
    cost_from = models.PositiveIntegerField(_("one-off cost from (euros)"), null=True, blank=True)
    cost_to = models.PositiveIntegerField(_("one-off cost to (euros)"), null=True, blank=True)
    running_cost = models.PositiveIntegerField(
        _("running cost per year (euros)"), null=True, blank=True
    )
    kinds = models.JSONField(
        _("suits these kinds of Kommune"),
        default=list,
        blank=True,
        help_text=_('For example ["gemeinde", "stadt"].'),
    )
    sizes = models.JSONField(
        _("suits these sizes"),
        default=list,
        blank=True,
        help_text=_('For example ["klein", "mittel"].'),
    )
    funding_hints = models.TextField(_("funding hints"), max_length=TEXT_MAX, blank=True)
    # The seven core questions as a starting point for the in-depth planning.
    result = models.TextField(_("1 – result"), max_length=TEXT_MAX, blank=True)
    target_group = models.TextField(_("2 – target group"), max_length=TEXT_MAX, blank=True)
    stakeholders = models.JSONField(
        _("3 – stakeholders"),
        default=list,
        blank=True,
        help_text=_('A list of {"name", "role", "influence", "interest"}.'),
    )
    responsible = models.TextField(_("4 – responsible"), max_length=TEXT_MAX, blank=True)
    resources_financial = models.TextField(
        _("5 – financial resources"), max_length=TEXT_MAX, blank=True
    )
    resources_personnel = models.TextField(
        _("5 – personnel resources"), max_length=TEXT_MAX, blank=True
    )
    resources_organisational = models.TextField(
        _("5 – organisational resources"), max_length=TEXT_MAX, blank=True
    )
    tasks = models.JSONField(_("6 – tasks"), default=list, blank=True)
    milestones = models.JSONField(_("7 – milestones"), default=list, blank=True)
    # Title (twice, so that it weighs more), description and field, folded (`folded`).
    search_text = models.TextField(editable=False, default="")

    objects = MeasureProfileQuerySet.as_manager()

    class Meta:
        ordering = ["field__catalogue", "field__position", "title"]
        verbose_name = _("measure profile")
        verbose_name_plural = _("measure profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(kommune__isnull=True),
                name="unique_shared_profile",
            ),
            models.UniqueConstraint(fields=["kommune", "slug"], name="unique_own_profile"),
            models.CheckConstraint(
                condition=models.Q(cost_from__isnull=True)
                | models.Q(cost_to__isnull=True)
                | models.Q(cost_from__lte=models.F("cost_to")),
                name="profile_cost_range_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        text = folded(f"{self.title} {self.title} {self.summary} {self.field.name}")
        # Hyphenated words once more joined up: "Co-Working" is found as "Coworking" too.
        joined = " ".join(word.replace("-", "") for word in _HYPHENATED.findall(text))
        self.search_text = f"{text} {joined}".strip()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def suits_label(self) -> str:
        kinds = dict(Kommune.Kind.choices)
        return ", ".join(str(kinds[k]) for k in self.kinds if k in kinds)

    @property
    def sizes_label(self) -> str:
        sizes = dict(MeasureProfile.Size.choices)
        return ", ".join(str(sizes[s]) for s in self.sizes if s in sizes)
