import base64
import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

TITLE_MAX = 200
CONTACT_MAX = 1000
TEXT_MAX = 5000
# The document's own chapters (Vorwort, Ausgangslage, …) in Markdown: a few printed pages each.
DOC_TEXT_MAX = 10000
VERSION_MAX = 30


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
    # For the imprint of its strategy documents.
    publisher = models.CharField(
        _("publisher"),
        max_length=TITLE_MAX,
        blank=True,
        help_text=_("Who publishes the strategy, e.g. “Verbandsgemeindeverwaltung Musterland”."),
    )
    contact = models.TextField(
        _("contact"),
        max_length=CONTACT_MAX,
        blank=True,
        help_text=_("Address, telephone, e-mail: as it should appear in the imprint."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class KommuneLogo(models.Model):
    """The Kommune's logo or Wappen for the title page: re-encoded as PNG on upload
    (`workshops/logo.py`). A row of its own, so the Kommune's row stays small: it is read with
    every request, the logo only for the document and the Kommune's details page."""

    kommune = models.OneToOneField(
        Kommune, on_delete=models.CASCADE, primary_key=True, related_name="logo"
    )
    png = models.BinaryField(_("logo (PNG)"))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")

    def __str__(self):
        return f"{self.kommune} ({self.width} × {self.height})"

    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(bytes(self.png)).decode("ascii")


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
    method = models.ForeignKey(
        "workshops.Method",
        verbose_name=_("method"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The method sets the steps and the live agenda. Steps it leaves out are hidden, "
            "their content is kept."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    vision = models.TextField(_("vision"), max_length=TEXT_MAX, blank=True)
    # The strategy document's texts in Markdown (`workshops/markdown.py`), in document order.
    foreword = models.TextField(_("foreword"), max_length=DOC_TEXT_MAX, blank=True)
    situation = models.TextField(_("starting point"), max_length=DOC_TEXT_MAX, blank=True)
    approach = models.TextField(
        _("approach and participation"), max_length=DOC_TEXT_MAX, blank=True
    )
    context = models.TextField(_("frame of reference"), max_length=DOC_TEXT_MAX, blank=True)
    organisation = models.TextField(_("organisation"), max_length=DOC_TEXT_MAX, blank=True)
    monitoring = models.TextField(_("monitoring and updating"), max_length=DOC_TEXT_MAX, blank=True)
    outlook = models.TextField(_("outlook"), max_length=DOC_TEXT_MAX, blank=True)
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
    # The Beschlussvorlage that adopts the strategy (`workshops/council.py`): its header.
    paper_number = models.CharField(_("paper number"), max_length=50, blank=True)
    paper_subject = models.CharField(
        _("subject"),
        max_length=TITLE_MAX,
        blank=True,
        help_text=_("Empty: “Beschluss der” and the title of the strategy."),
    )
    paper_public = models.BooleanField(_("public session"), default=True)
    paper_lead = models.CharField(
        _("lead department"),
        max_length=TITLE_MAX,
        blank=True,
        help_text=_("For example “Fachbereich 1 – Zentrale Dienste”."),
    )
    paper_date = models.DateField(_("date of the paper"), null=True, blank=True)
    paper_coverage = models.TextField(
        _("budget coverage"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_(
            "How the costs are covered: budget items, funding notices, reallocations. "
            "Empty: a standard sentence."
        ),
    )
    document_date = models.DateField(
        _("document date (Stand)"),
        null=True,
        blank=True,
        help_text=_("The date printed on the strategy. Empty: the day of the download."),
    )
    document_version = models.CharField(
        _("version"),
        max_length=VERSION_MAX,
        blank=True,
        help_text=_("Printed on the title page and in the imprint, e.g. “1.0” or “Entwurf 2”."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # The dot vote whose result set the ranking; later changes of a rank need a reason
    # (`measures.RankOverride`).
    ranking_vote = models.ForeignKey(
        "workshops.DotVote",
        verbose_name=_("ranking from the dot vote"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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


NEXT_STEP_MAX = 300


class NextStep(Ordered):
    """A step of the Fahrplan: what is done next, by whom, by when (e.g. "Präsentation der
    Ergebnisse im Gemeinderat"). Listed by date; steps without a date come last, as entered."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="next_steps")
    title = models.CharField(_("next step"), max_length=NEXT_STEP_MAX)
    owner = models.CharField(_("who"), max_length=TITLE_MAX, blank=True)
    due = models.DateField(_("by when"), null=True, blank=True)

    class Meta(Ordered.Meta):
        ordering = [models.F("due").asc(nulls_last=True), "position", "pk"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps (Fahrplan)")

    def __str__(self):
        return self.title


class Reference(Ordered):
    """A higher-level plan the strategy refers to (Einordnung): the Land's digital strategy,
    the Kreisentwicklungskonzept, the Onlinezugangsgesetz, …"""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    publisher = models.CharField(_("published by"), max_length=TITLE_MAX, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1900, year__lte=2100),
                name="reference_year_range",
            ),
        ]

    def __str__(self):
        return self.title


class CouncilStep(Ordered):
    """A body that deliberates on the Beschlussvorlage, in order (the Beratungsfolge)."""

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary deliberation")
        DECISION = "decision", _("decision")
        NOTICE = "notice", _("for information")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="council_steps")
    body = models.CharField(_("body"), max_length=TITLE_MAX)
    date = models.DateField(_("session date"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DECISION)

    class Meta(Ordered.Meta):
        verbose_name = _("deliberation step")
        verbose_name_plural = _("deliberation steps")

    def __str__(self):
        return self.body


class Leitsatz(Ordered):
    """A short guiding principle of the strategy."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="leitsaetze")
    text = models.CharField(_("guiding principle"), max_length=300)
    origin = models.OneToOneField(
        "Contribution",
        verbose_name=_("from the live session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leitsatz",
    )

    class Meta(Ordered.Meta):
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self):
        return self.text


# ---------------------------------------------------------------------------------------------
# Live workshop: a facilitator runs a session, participants join with a code on their phones.

# Join codes avoid characters that look alike on a projector or a phone: 0/O, 1/I/L.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
CONTRIBUTION_MAX = 1000
DISPLAY_NAME_MAX = 60


class LiveSession(models.Model):
    """A live meeting of a strategy process: its join code and the open agenda item.

    `revision` rises with every change the phones show, `tally` with those only the cockpit and
    the projector show, so a poll can answer "no change" from one small query (see `live.py`).
    """

    class Item(models.TextChoices):
        """The agenda of a Strategiestarter day, in the room's order."""

        IMPULSE = "impulse", _("Impulse talk")
        VISION = "vision", _("Vision")
        LEITSAETZE = "leitsaetze", _("Guiding principles")
        FIELDS = "fields", _("Sharpen the fields of action")
        MEASURES = "measures", _("Goal and measure ideas")
        PRIORITISATION = "prioritisation", _("Prioritisation")
        NEXT_STEPS = "next_steps", _("Next steps")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="live_sessions")
    code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH)
    place = models.CharField(_("place"), max_length=TITLE_MAX, blank=True)
    open_item = models.CharField(
        _("open agenda item"), max_length=20, choices=Item.choices, blank=True
    )
    item_opened_at = models.DateTimeField(null=True, blank=True)
    # The open item's countdown: running until `timer_ends_at`, or paused with the seconds left.
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_paused_seconds = models.PositiveIntegerField(null=True, blank=True)
    # The minutes the facilitator chose last for the open item: the cockpit offers them again, so
    # "extend" adds what was chosen, not the item's default.
    timer_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    revision = models.PositiveBigIntegerField(default=1)
    # Rises with changes only the facilitator's screens show (`live.noted`).
    tally = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # The Aufwand x Wirkung rating round: open from `rating_opened_at` until `rating_closed_at`.
    rating_opened_at = models.DateTimeField(null=True, blank=True)
    rating_closed_at = models.DateTimeField(null=True, blank=True)
    # The agenda items in the order the room took them: the session's agenda in its record.
    opened_items = models.JSONField(_("agenda items taken"), default=list, blank=True)
    # When the participants' names and table groups were deleted after the workshop.
    anonymised_at = models.DateTimeField(_("personal data deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        constraints = [
            # A code is unique among running sessions; an ended session's code is free again.
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(ended_at__isnull=True),
                name="unique_running_join_code",
            ),
        ]

    def __str__(self):
        return f"{self.workshop} · {self.code}"

    @property
    def is_running(self):
        return self.ended_at is None

    @property
    def stamp(self) -> int:
        """What the cockpit and the projector compare: it rises with every change."""
        return self.revision + self.tally


class Participant(models.Model):
    """Someone in the room, joined with the code: anonymous unless they give a name."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("display name"), max_length=DISPLAY_NAME_MAX, blank=True)
    group = models.CharField(_("table group"), max_length=DISPLAY_NAME_MAX, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.display_name or _("anonymous")


class Contribution(models.Model):
    """What a participant wrote for an agenda item, until the facilitator accepts or hides it."""

    class Kind(models.TextChoices):
        LEITSATZ = "leitsatz", _("Guiding principle")
        VISION = "vision", _("Vision keyword")
        FIELD_NOTE = "field_note", _("Comment on a field of action")
        GOAL = "goal", _("Goal idea")
        MEASURE = "measure", _("Measure idea")
        NEXT_STEP = "next_step", _("Next step")

    class Aspect(models.TextChoices):
        """The four questions that sharpen a field of action (`fields.ActionField`)."""

        WHY = "why", _("WHY?")
        WHAT = "what", _("WHAT?")
        WHO = "who", _("WHO?")
        WHEN_HOW = "when_how", _("WHEN & HOW?")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged")
        HIDDEN = "hidden", _("hidden")

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    # Typed in from a paper worksheet by the facilitator: the table group that wrote it.
    paper_table = models.CharField(
        _("from the worksheet of"), max_length=DISPLAY_NAME_MAX, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    action_field = models.ForeignKey(
        "fields.ActionField",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aspect = models.CharField(_("question"), max_length=10, choices=Aspect.choices, blank=True)
    text = models.TextField(_("text"), max_length=CONTRIBUTION_MAX)
    # Sent with the form that wrote it: a form sent twice (double click, a retry on a slow
    # connection) finds the contribution it made the first time instead of making another.
    token = models.UUIDField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "token"], name="unique_contribution_submission"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="merged_contribution_names_its_original",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def author(self):
        if self.paper_table:
            return _("%(table)s (paper)") % {"table": self.paper_table}
        return self.participant.display_name if self.participant else ""

    @property
    def version(self) -> str:
        """A short fingerprint of the text: a facilitator's form carries the one it showed."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:12]


class JoinAttempt(models.Model):
    """A mistyped or unknown join code, per address: too many in a short time are refused, so
    codes cannot be guessed. Kept in the database, which every app server shares."""

    address = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["address", "at"], name="join_attempt_recent")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"


# Dot votes: at most this many dots per participant, so a vote fits on a phone's screen.
DOTS_MAX = 20
# Stated in the cockpit, on the ranking page and in the document.
TIE_BREAK = _("With equal dots, the order before the vote decides.")


class DotVote(models.Model):
    """A Punktabfrage over the measures or the guiding principles of a live session.

    Each participant has `dots` dots and may put at most `per_item` on one item. The result
    stays hidden until the facilitator reveals it; closing writes the order (`voting.close`).
    """

    class Subject(models.TextChoices):
        MEASURES = "measures", _("Measures")
        LEITSAETZE = "leitsaetze", _("Guiding principles")

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("vote on"), max_length=20, choices=Subject.choices)
    dots = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    per_item = models.PositiveSmallIntegerField(_("at most per item"), default=2)
    opened_at = models.DateTimeField(auto_now_add=True)
    revealed_at = models.DateTimeField(_("revealed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    voter_count = models.PositiveIntegerField(_("number of voters"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("dot vote")
        verbose_name_plural = _("dot votes")
        constraints = [
            # One vote at a time per session: the phones show the open one.
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_vote_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(dots__gte=1, dots__lte=DOTS_MAX),
                name="vote_dots_range",
            ),
            models.CheckConstraint(
                condition=models.Q(per_item__gte=1, per_item__lte=models.F("dots")),
                name="vote_per_item_within_dots",
            ),
        ]

    def __str__(self):
        return f"{self.get_subject_display()} · {self.opened_at:%d.%m.%Y}"

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def method(self) -> str:
        """The method as the strategy states it, with the tie-break rule."""
        dots = ngettext(
            "Each participant had %(count)s dot",
            "Each participant had %(count)s dots",
            self.dots,
        ) % {"count": self.dots}
        return _("%(dots)s, at most %(per_item)s per item. %(tie_break)s") % {
            "dots": dots,
            "per_item": self.per_item,
            "tie_break": TIE_BREAK,
        }


class Dot(models.Model):
    """The dots one participant put on one item of a vote.

    The budget of a participant is kept under a lock on their row (`voting.set_dots`); the
    database keeps each row between 1 and the largest budget and names exactly one item.
    """

    vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="placed")
    # Kept when participants' personal data is deleted after the workshop: the result stays.
    participant = models.ForeignKey(
        Participant, null=True, on_delete=models.SET_NULL, related_name="dots"
    )
    measure = models.ForeignKey(
        "measures.Measure", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    leitsatz = models.ForeignKey(
        Leitsatz, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "participant", "measure"], name="unique_dots_per_measure"
            ),
            models.UniqueConstraint(
                fields=["vote", "participant", "leitsatz"], name="unique_dots_per_leitsatz"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=1, count__lte=DOTS_MAX), name="dot_count_range"
            ),
            models.CheckConstraint(
                condition=models.Q(measure__isnull=True) ^ models.Q(leitsatz__isnull=True),
                name="dot_names_one_item",
            ),
        ]

    def __str__(self):
        return f"{self.count}"


SUMMARY_MAX = 2000


class OfflineParticipation(models.Model):
    """A way of taking part held without the app, for the participation record of the strategy:
    an online survey, expert interviews, a World Café."""

    class Format(models.TextChoices):
        SURVEY = "survey", _("Survey")
        INTERVIEWS = "interviews", _("Expert interviews")
        WORLD_CAFE = "world_cafe", _("World Café")
        WORKSHOP = "workshop", _("Workshop without the app")
        MEETING = "meeting", _("Citizens' meeting")
        OTHER = "other", _("Other format")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="offline_participations"
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    title = models.CharField(
        _("title"),
        max_length=TITLE_MAX,
        blank=True,
        help_text=_("Optional, e.g. “Online-Umfrage zur Digitalisierung”."),
    )
    held_on = models.DateField(_("date"))
    people = models.PositiveIntegerField(_("number of people"))
    summary = models.TextField(_("short summary"), max_length=SUMMARY_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("participation without the app")
        verbose_name_plural = _("participation without the app")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_on__year__gte=2000, held_on__year__lte=2100),
                name="offline_participation_plausible_date",
            ),
            models.CheckConstraint(
                condition=models.Q(people__lte=10_000_000), name="offline_participation_people"
            ),
        ]

    def __str__(self):
        return self.title or self.get_format_display()


class Rating(models.Model):
    """One participant's estimate of a measure's effort and impact: 1 low, 2 medium, 3 high."""

    class Value(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="ratings")
    # Kept when the participants' names are deleted: only the name goes, never the row.
    participant = models.ForeignKey(
        Participant, null=True, on_delete=models.SET_NULL, related_name="ratings"
    )
    measure = models.ForeignKey("measures.Measure", on_delete=models.CASCADE, related_name="+")
    effort = models.PositiveSmallIntegerField(choices=Value.choices, null=True, blank=True)
    impact = models.PositiveSmallIntegerField(choices=Value.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("effort and impact rating")
        verbose_name_plural = _("effort and impact ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "measure"], name="one_rating_per_participant_and_measure"
            ),
            models.CheckConstraint(
                condition=(models.Q(effort__isnull=True) | models.Q(effort__gte=1, effort__lte=3))
                & (models.Q(impact__isnull=True) | models.Q(impact__gte=1, impact__lte=3)),
                name="rating_values_low_to_high",
            ),
        ]

    def __str__(self):
        return f"{self.effort}/{self.impact}"


class DocumentRender(models.Model):
    """One rendering of a PDF (the strategy or its Beschlussvorlage) for one content: `key` is
    the hash of the kind, the layout and everything the document shows (`pdf.cache_key`).

    A worker renders it in the background (`rendering.py`); the finished file stays in the
    database, so every app server can serve it and unchanged content is never rendered twice.
    """

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("strategy")
        COUNCIL = "council", _("Beschlussvorlage")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RENDERING = "rendering", _("being typeset")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")
        TOO_LARGE = "too_large", _("too large")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="renders")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STRATEGY)
    key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    estimated_pages = models.PositiveIntegerField()
    pdf = models.BinaryField(null=True, editable=False)
    pages = models.PositiveIntegerField(null=True)
    size = models.PositiveIntegerField(null=True)  # bytes
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("PDF rendering")
        verbose_name_plural = _("PDF renderings")
        constraints = [
            models.CheckConstraint(
                name="render_done_has_pdf",
                condition=~models.Q(status="done")
                | models.Q(pdf__isnull=False, pages__isnull=False, size__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "kind", "-requested_at"], name="render_recent_idx")
        ]

    def __str__(self):
        return f"{self.workshop} ({self.get_status_display()}, {self.requested_at:%Y-%m-%d %H:%M})"

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RENDERING}

    @property
    def seconds(self) -> int | None:
        """How long the rendering took (or has taken so far)."""
        if self.started_at is None:
            return None
        end = self.finished_at or timezone.now()
        return max(0, round((end - self.started_at).total_seconds()))


# ---------------------------------------------------------------------------------------------
# Methods: how a process is run, as data (`catalogue.py` ships, imports and exports them).

SLUG_MAX = 60
SOURCE_MAX = 200


class CatalogueEntryQuerySet(models.QuerySet):
    def for_kommune(self, kommune):
        """The shared entries and `kommune`'s own: what its members are offered."""
        return self.filter(models.Q(kommune__isnull=True) | models.Q(kommune=kommune))


class CatalogueEntry(models.Model):
    """What every shipped or imported catalogue entry records about where it comes from.

    An entry with a Kommune is that Kommune's own (only its members see it); without one it is
    shared with everybody and managed by the site's administrators.
    """

    slug = models.SlugField(_("key"), max_length=SLUG_MAX)
    kommune = models.ForeignKey(
        Kommune,
        verbose_name=_("own entry of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: shared with all Kommunen."),
    )
    source = models.CharField(_("source"), max_length=SOURCE_MAX, blank=True)
    licence = models.CharField(_("licence"), max_length=SOURCE_MAX, blank=True)
    version = models.CharField(_("version"), max_length=VERSION_MAX, blank=True)

    class Meta:
        abstract = True


class Method(CatalogueEntry):
    """A way to run a strategy process: its steps in order (Digital-Werkstatt, Strategiestarter, …)."""

    name = models.CharField(_("name"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=TEXT_MAX, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    field_catalogue = models.ForeignKey(
        "fields.FieldCatalogue",
        verbose_name=_("field catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Offered to a new process of this method unless another one is chosen."),
    )

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(kommune__isnull=True),
                name="unique_shared_method",
            ),
            models.UniqueConstraint(fields=["kommune", "slug"], name="unique_own_method"),
        ]

    def __str__(self):
        return self.name


class MethodStep(models.Model):
    """One step of a method: a page of the app, an agenda item of the live workshop, or both,
    or neither (work outside the app, such as a survey), with its time and an explanation."""

    class Page(models.TextChoices):
        VISION = "vision", _("Vision & guiding principles")
        FIELDS = "fields", _("Fields of action")
        MEASURES = "measures", _("Goals & measures")
        RANKING = "ranking", _("Prioritisation")
        PLANNING = "planning", _("In-depth planning")
        FAHRPLAN = "fahrplan", _("Fahrplan (next steps)")
        STRATEGY = "strategy", _("Strategy")

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    page = models.CharField(_("page"), max_length=20, choices=Page.choices, blank=True)
    live_item = models.CharField(
        _("live agenda item"), max_length=20, choices=LiveSession.Item.choices, blank=True
    )
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text=_("Empty: no fixed duration."),
    )
    explanation = models.TextField(
        _("explanation for the facilitator"), max_length=TEXT_MAX, blank=True
    )

    class Meta:
        ordering = ["method", "position"]
        verbose_name = _("method step")
        verbose_name_plural = _("method steps")
        constraints = [
            models.UniqueConstraint(fields=["method", "position"], name="unique_method_step"),
            models.CheckConstraint(
                condition=models.Q(minutes__isnull=True)
                | models.Q(minutes__gte=1, minutes__lte=1440),
                name="method_step_minutes_range",
            ),
        ]

    def __str__(self):
        return self.title


class TextModule(CatalogueEntry):
    """A reusable text (Textbaustein) with placeholders such as {Kommune}, inserted into one of
    the strategy's texts and edited there like any text (`textmodules.py` fills it in)."""

    class Target(models.TextChoices):
        FOREWORD = "foreword", _("Foreword")
        SITUATION = "situation", _("Starting point")
        APPROACH = "approach", _("Approach and participation")
        CONTEXT = "context", _("Frame of reference")
        ORGANISATION = "organisation", _("Organisation")
        MONITORING = "monitoring", _("Monitoring and updating")
        OUTLOOK = "outlook", _("Outlook")
        FIELD_WHY = "field_why", _("Field of action: why?")
        FIELD_WHAT = "field_what", _("Field of action: what?")
        FIELD_WHO = "field_who", _("Field of action: who?")
        FIELD_WHEN_HOW = "field_when_how", _("Field of action: when & how?")
        NEXT_STEPS = "next_steps", _("Next steps")

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    target = models.CharField(_("for"), max_length=20, choices=Target.choices)
    body = models.TextField(_("text"), max_length=DOC_TEXT_MAX)

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        ordering = ["target", "title"]
        verbose_name = _("text module")
        verbose_name_plural = _("text modules")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(kommune__isnull=True),
                name="unique_shared_text_module",
            ),
            models.UniqueConstraint(fields=["kommune", "slug"], name="unique_own_text_module"),
        ]

    def __str__(self):
        return self.title


class CatalogueImport(models.Model):
    """A record of each catalogue file imported (`catalogue.py`); the shipped catalogue is
    installed once per version."""

    name = models.CharField(_("name"), max_length=TITLE_MAX, blank=True)
    version = models.CharField(_("version"), max_length=VERSION_MAX, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    replaced = models.PositiveIntegerField(_("replaced"), default=0)
    kept = models.PositiveIntegerField(_("kept"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return f"{self.name} {self.version}"
