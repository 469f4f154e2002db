from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Max, Value, When
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
TEXT_MAX = 5000


class Kommune(models.Model):
    """The tenant: a municipality whose members work on its strategy processes."""

    class Kind(models.TextChoices):
        GEMEINDE = "gemeinde", _("Municipality")
        STADT = "stadt", _("Town")
        VERBANDSGEMEINDE = "verbandsgemeinde", _("Association of municipalities")
        LANDKREIS = "landkreis", _("District")

    name = models.CharField(_("name"), max_length=TITLE_MAX)
    slug = models.SlugField(_("short name"), unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.GEMEINDE)
    state = models.CharField(_("federal state"), max_length=60, blank=True)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitation")
        EDITOR = "editor", _("Editorial team")
        VIEWER = "viewer", _("Read only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        ordering = ["kommune", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "kommune"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.kommune} ({self.get_role_display()})"

    @property
    def can_edit(self):
        return self.role in (self.Role.FACILITATOR, self.Role.EDITOR)

    @property
    def can_manage(self):
        return self.role == self.Role.FACILITATOR


class WorkshopQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(kommune__memberships__user=user)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Workshop(models.Model):
    """One Kommune's strategy process, from vision to the adopted strategy."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLIC_REVIEW = "review", _("Public review")
        COUNCIL = "council", _("Council version")
        ADOPTED = "adopted", _("Adopted")

    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    catalogue = models.ForeignKey(
        "fields.FieldCatalogue",
        verbose_name=_("field catalogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The catalogue offers ready-made fields of action; you can add your own."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    vision = models.TextField(_("vision"), max_length=TEXT_MAX, blank=True)
    deep_plan_count = models.PositiveSmallIntegerField(
        _("number of measures to plan in depth"), default=5
    )
    ranked_at = models.DateTimeField(_("ranking confirmed at"), null=True, blank=True)
    # The measure ids in the order that was confirmed last, and when: moving a measure away and
    # back leaves the order unchanged, and then the confirmation still holds with its time.
    confirmed_order = models.JSONField(_("confirmed order"), default=list, blank=True)
    confirmed_at = models.DateTimeField(
        _("ranking confirmed at (last confirmation)"), null=True, blank=True
    )
    document_date = models.DateField(
        _("document date (Stand)"),
        null=True,
        blank=True,
        help_text=_("The date printed on the strategy. Empty: the day of the download."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("strategy process")
        verbose_name_plural = _("strategy processes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deep_plan_count__gte=1, deep_plan_count__lte=50),
                name="deep_plan_count_range",
            ),
        ]

    def __str__(self):
        return self.title


class OrderedQuerySet(models.QuerySet):
    def next_position(self):
        return (self.aggregate(m=Max("position"))["m"] or 0) + 1


class Ordered(models.Model):
    """Rows kept in a user-chosen order among their siblings: the rows with the same parent.

    `parent_field` names the foreign key to the parent (the workshop, the field of action, the
    project plan). Adding and moving lock the parent's row first, so two people changing one
    list at the same time run one after another: no duplicate positions, no deadlocks.
    """

    parent_field = "workshop"

    position = models.PositiveIntegerField(_("position"), default=0)

    objects = OrderedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def siblings(self):
        field = self._meta.get_field(self.parent_field)
        return type(self).objects.filter(**{field.attname: getattr(self, field.attname)})

    def lock_siblings(self) -> None:
        """Lock the parent's row until the transaction ends; call inside a transaction.

        FOR NO KEY UPDATE: it serialises the changes of one list (and waits for the ranking lock
        on a workshop), but does not block inserts of other rows that merely refer to the parent.
        """
        field = self._meta.get_field(self.parent_field)
        parents = field.related_model._default_manager.select_for_update(no_key=True)
        list(parents.filter(pk=getattr(self, field.attname)).order_by().values_list("pk"))

    def save_as_last(self) -> None:
        """Save this new row after its last sibling."""
        with transaction.atomic():
            self.lock_siblings()
            self.position = self.siblings().next_position()
            self.save()

    def move(self, direction: int) -> bool:
        """Swap places with the previous (-1) or next (+1) sibling; False at either end.

        Renumbers the siblings 1..n in one statement, which also heals gaps and ties left by
        deletions. False as well when this row was deleted meanwhile.
        """
        with transaction.atomic():
            self.lock_siblings()
            current = dict(self.siblings().order_by("position", "pk").values_list("pk", "position"))
            ids = list(current)
            if self.pk not in current:
                return False
            index = ids.index(self.pk)
            target = index + direction
            if not 0 <= target < len(ids):
                return False
            ids[index], ids[target] = ids[target], ids[index]
            changed = {
                pk: number for number, pk in enumerate(ids, start=1) if current[pk] != number
            }
            if changed:
                type(self).objects.filter(pk__in=changed).update(
                    position=Case(
                        *(When(pk=pk, then=Value(number)) for pk, number in changed.items())
                    )
                )
        self.position = target + 1
        return True


class Zielbild(Ordered):
    """A titled target picture that details the vision (Guben has four)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="zielbilder")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("target picture")
        verbose_name_plural = _("target pictures")

    def __str__(self):
        return self.title


class Leitsatz(Ordered):
    """A short guiding principle of the strategy."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="leitsaetze")
    text = models.CharField(_("guiding principle"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self):
        return self.text
