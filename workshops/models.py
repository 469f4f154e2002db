from django.conf import settings
from django.db import models
from django.db.models import Max
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
    # The measure ids in the order that was confirmed last: moving a measure away and back
    # leaves the order unchanged, and then the confirmation still holds.
    confirmed_order = models.JSONField(_("confirmed order"), default=list, blank=True)
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
    """Rows kept in a user-chosen order among their siblings (`siblings()`)."""

    position = models.PositiveIntegerField(_("position"), default=0)

    objects = OrderedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def siblings(self):
        raise NotImplementedError

    def move(self, direction: int) -> bool:
        """Swap places with the previous (-1) or next (+1) sibling; False at either end.

        Renumbers all siblings 1..n, which also heals gaps and ties left by deletions.
        """
        siblings = list(self.siblings().order_by("position", "pk"))
        index = next(i for i, s in enumerate(siblings) if s.pk == self.pk)
        target = index + direction
        if not 0 <= target < len(siblings):
            return False
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for number, sibling in enumerate(siblings, start=1):
            sibling.position = number
        type(self).objects.bulk_update(siblings, ["position"])
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

    def siblings(self):
        return Zielbild.objects.filter(workshop_id=self.workshop_id)


class Leitsatz(Ordered):
    """A short guiding principle of the strategy."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="leitsaetze")
    text = models.CharField(_("guiding principle"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self):
        return self.text

    def siblings(self):
        return Leitsatz.objects.filter(workshop_id=self.workshop_id)
