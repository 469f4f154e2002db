import hashlib
import re
import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import Http404
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import logo
from .conflicts import (
    EditConflict,
    FieldConflict,
    differing_fields,
    field_conflicts,
    word_diff,
)
from .models import (
    DISPLAY_NAME_MAX,
    DOC_TEXT_MAX,
    NEXT_STEP_MAX,
    TITLE_MAX,
    Contribution,
    CouncilStep,
    DotVote,
    Kommune,
    Leitsatz,
    LiveSession,
    Membership,
    Method,
    NextStep,
    OfflineParticipation,
    Participant,
    Reference,
    Workshop,
    Zielbild,
)


class KernFormMixin:
    """Adds the KERN design system's classes and ARIA links to every widget.

    Error classes are added after validation (in `full_clean`), so a subclass may still change
    its fields (querysets, messages) after `super().__init__()`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "kern-form-input__select"
            else:
                widget.attrs["class"] = "kern-form-input__input"
            # Django's textareas come with rows="10"; four lines suit our short answers.
            if isinstance(widget, forms.Textarea) and widget.attrs.get("rows") == "10":
                widget.attrs["rows"] = 4

    def full_clean(self):
        super().full_clean()
        self._mark_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        if hasattr(self, "cleaned_data"):  # added by a view after validation
            self._mark_errors()

    def _mark_errors(self):
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            base = attrs.get("class", "").split()[0] if attrs.get("class") else ""
            if base and f"{base}--error" not in attrs["class"]:
                attrs["class"] += f" {base}--error"
            attrs["aria-invalid"] = "true"
            # Keep Django's link to the hint ("<id>_helptext") and add the error message.
            described_by = [f"{self[name].auto_id}-error"]
            if self.fields[name].help_text:
                described_by.insert(0, f"{self[name].auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described_by)


class EditConflictMixin:
    """For model forms that edit saved rows: no lost updates between two people.

    The form carries a fingerprint of the saved values of its fields (hidden `version`). Saving
    is one atomic step: it locks the row, compares the row's fingerprint with the one the form
    was shown with, and writes only if nobody changed these fields meanwhile (or changed them to
    exactly what the user typed). Otherwise nothing is written, the form becomes invalid with the
    conflict message, `conflicts` lists the fields to compare, and the form now carries the
    current fingerprint: saving once more overwrites on purpose. A form sent without a
    fingerprint is checked as a conflict too. Saving writes only the form's own columns, so
    columns changed elsewhere meanwhile (rank, position) are kept.

    Views call `form.save_if_unchanged()` after `is_valid()` and answer None like an invalid
    form; `save()` itself raises `EditConflict`, so a caller that forgets cannot report success.
    """

    conflict_message = _(
        "Someone else has changed this in the meantime. Your input is kept below; please "
        "check it against the current version and save again to overwrite."
    )
    missing_version_message = _(
        "This form arrived without the version it was shown with, so it cannot be checked "
        "against changes by others, and nothing was saved. Please reload the page or compare "
        "your input with the saved version below, and save again to overwrite."
    )
    conflicts = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["version"].initial = self.saved_version()

    def saved_version(self, obj=None) -> str:
        """The fingerprint of the form's fields in `obj` (by default the form's instance)."""
        obj = self.instance if obj is None else obj
        values = [
            str(obj._meta.get_field(name).value_from_object(obj)) for name in self._meta.fields
        ]
        values += [str(value) for _name, value in sorted(self.related_values(obj).items())]
        return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:16]

    def related_values(self, obj) -> dict[str, tuple[str, ...]]:
        """What the form edits beyond the row's columns (rows related to it), by form field, as
        saved for `obj`: compared and reported like the columns. Nothing here."""
        return {}

    def typed_related_values(self) -> dict[str, tuple[str, ...]]:
        """The user's input for the fields of `related_values`, in the same form."""
        return {}

    def save(self, commit=True):
        if not commit or self.instance._state.adding:
            return super().save(commit)
        instance = super().save(commit=False)
        auto_now = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        with transaction.atomic():
            stored = type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
            if stored is None:
                raise Http404  # deleted meanwhile: the view's "no longer exists" answer
            self._refuse_if_changed(stored)
            instance.save(update_fields=[*self._meta.fields, *auto_now])
            self._save_m2m()
        return instance

    def save_if_unchanged(self):
        """Save and return the instance; on an edit conflict return None (the form is invalid)."""
        try:
            return self.save()
        except EditConflict:
            return None

    def _refuse_if_changed(self, stored):
        sent = self.data.get(self.add_prefix("version")) or None
        current = self.saved_version(stored)
        typed = self.typed_related_values()
        related = [
            FieldConflict(
                str(self[name].label), *word_diff("; ".join(saved), "; ".join(typed[name]))
            )
            for name, saved in self.related_values(stored).items()
            if saved != typed[name]
        ]
        if sent == current or not (differing_fields(self, stored) or related):
            return
        self.conflicts = [*field_conflicts(self, stored), *related]
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        message = self.conflict_message if sent else self.missing_version_message
        self.add_error(None, ValidationError(message, code="conflict"))
        raise EditConflict


class MethodChoiceMixin:
    """The method field: the shared methods and the Kommune's own (`kommune=` on creation)."""

    def setup_method(self, kommune, *, required):
        field = self.fields["method"]
        field.queryset = Method.objects.for_kommune(kommune).prefetch_related("steps")
        field.required = required
        field.empty_label = None if required else _("All steps, no method")
        field.error_messages["required"] = _("Please choose a method.")
        field.error_messages["invalid_choice"] = _(
            "This method is no longer available. Please choose another one."
        )

    def method_choices(self):
        """The methods to show as radio buttons, with their steps."""
        return list(self.fields["method"].queryset)


class WorkshopForm(MethodChoiceMixin, KernFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "method", "catalogue"]
        help_texts = {"title": _("For example “Digitalstrategie 2030”. At most 200 characters.")}

    def __init__(self, *args, kommune, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_method(kommune, required=True)
        if not self.is_bound:
            self.initial["method"] = (
                self.fields["method"].queryset.values_list("pk", flat=True).first()
            )
        self.fields["catalogue"].empty_label = _(
            "The method's field catalogue (without one: only own fields)"
        )

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        if method and not cleaned.get("catalogue"):
            cleaned["catalogue"] = method.field_catalogue  # unless one was chosen
        return cleaned


class VisionForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "vision": _(
                "How should the Kommune look in the future, and how does it use "
                "digitalisation for its citizens? At most 5000 characters."
            )
        }


class NextStepForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """A step of the Fahrplan: what, who, by when."""

    # The date picker sends ISO dates; dates typed the German way are accepted as well.
    due = forms.DateField(
        label=_("By when"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a valid date, for example 31.03.2027.")},
    )

    class Meta:
        model = NextStep
        fields = ["title", "owner", "due"]
        help_texts = {
            "title": _(
                "For example “Präsentation der Ergebnisse im Gemeinderat”. At most 300 characters."
            ),
            "owner": _("A person, an office or a group, e.g. “Bürgermeisterin”."),
        }
        error_messages = {"title": {"required": _("Please describe the step.")}}

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due and not 2000 <= due.year <= 2100:
            raise ValidationError(
                _("Please enter a date between the years 2000 and 2100."), code="implausible"
            )
        return due


class LeitsatzForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        # The vision page holds several forms with a "text" field; keep their ids apart.
        kwargs.setdefault("auto_id", "id_leitsatz_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Leitsatz
        fields = ["text"]
        help_texts = {"text": _("One short sentence, at most 300 characters.")}
        error_messages = {"text": {"required": _("Please enter a guiding principle.")}}


class ZielbildForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_zielbild_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Zielbild
        fields = ["title", "text"]
        help_texts = {"title": _("At most 200 characters.")}


# The document's texts, in document order, with the hint shown under each.
DOCUMENT_TEXTS = {
    "foreword": _(
        "For example by the mayor: why the Kommune has a digital strategy and whom it invites "
        "to take part."
    ),
    "situation": _(
        "Where the Kommune stands today (infrastructure, online services, administration, "
        "schools); strengths and weaknesses if you like."
    ),
    "approach": _(
        "Introduces the chapter on approach and participation. The record of the workshops "
        "and further formats follows it by itself."
    ),
    "context": _(
        "How the strategy fits higher-level plans. The list of references below follows it."
    ),
    "organisation": _(
        "Who steers the implementation: Digitallotse, steering group and its members, how "
        "often the council hears about progress."
    ),
    "monitoring": _("How progress is measured and reported, and when the strategy is updated."),
    "outlook": _("What happens after the council's decision."),
}


class DocumentTextForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """One of the document's texts (see `DOCUMENT_TEXTS`); build it with `document_text_form`."""

    class Meta:
        model = Workshop
        fields = []


def document_text_form(name: str, *args, **kwargs) -> DocumentTextForm:
    """The form for the document text `name`, prefixed with it (one page shows them all)."""
    if name not in DOCUMENT_TEXTS:
        raise Http404
    form_class = forms.modelform_factory(
        Workshop,
        form=DocumentTextForm,
        fields=[name],
        widgets={name: forms.Textarea(attrs={"rows": 8})},
        help_texts={
            name: format_lazy(
                "{} {}",
                DOCUMENT_TEXTS[name],
                _("At most %(max)s characters.")
                % {"max": number_format(DOC_TEXT_MAX, force_grouping=True)},
            )
        },
    )
    return form_class(*args, prefix=name, **kwargs)


def year_field(label, *, help_text="", minimum=1900, maximum=2100):
    """An optional year. A text input: a number input re-shown with "20x5" would be invalid
    HTML and lose the input. Full-width digits (U+FF10 to U+FF19) are read as the year."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 4}),
        error_messages={"invalid": _("Please enter a year with four digits, e.g. 2025.")},
    )


class ReferenceForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    url = forms.URLField(
        label=_("link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For example https://www.example.de/strategie.pdf"),
    )
    year = year_field(_("year"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reference_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Reference
        fields = ["title", "publisher", "year", "url"]
        help_texts = {
            "title": _("For example “Digitalstrategie des Landes”. At most 200 characters."),
            "publisher": _("For example “Land Brandenburg”."),
        }
        error_messages = {"title": {"required": _("Please enter the title of the plan.")}}


class MembershipForm(KernFormMixin, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    # The least powerful role first: full rights are given on purpose, not by haste.
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.VIEWER
    )

    def __init__(self, *args, kommune, **kwargs):
        self.kommune = kommune
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise ValidationError(
                _("There is no user with this name. Ask the administrator to create the account."),
                code="unknown_user",
            )
        if Membership.objects.filter(user=user, kommune=self.kommune).exists():
            raise ValidationError(_("This user is already a member."), code="duplicate")
        return user


class WorkshopSettingsForm(MethodChoiceMixin, EditConflictMixin, KernFormMixin, forms.ModelForm):
    """Name, Stand, version and status of a process (its settings page)."""

    # The date picker sends ISO dates; dates typed the German way are accepted as well.
    document_date = forms.DateField(
        label=_("Stand (date of the document)"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=Workshop._meta.get_field("document_date").help_text,
        error_messages={"invalid": _("Please enter a valid date, for example 31.12.2026.")},
    )

    class Meta:
        model = Workshop
        fields = ["title", "method", "document_date", "document_version", "status"]
        help_texts = {"title": _("For example “Digitalstrategie 2030”. At most 200 characters.")}
        error_messages = {"title": {"required": _("Please enter a title.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_method(self.instance.kommune, required=False)

    def clean_document_date(self):
        date = self.cleaned_data["document_date"]
        if date and not 2000 <= date.year <= 2100:
            raise ValidationError(
                _("Please enter a date between the years 2000 and 2100."), code="implausible"
            )
        return date


# ---------------------------------------------------------------------------------------------
# Live workshop


class LiveStartForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = LiveSession
        fields = ["place"]
        help_texts = {"place": _("For the participation record, e.g. “Rathaus, Sitzungssaal”.")}


class JoinCodeForm(KernFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Six letters and digits, shown on the screen in the room."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class JoinForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["display_name", "group"]
        labels = {"display_name": _("Your name"), "group": _("Your table")}
        help_texts = {
            "display_name": _(
                "Shown with your contributions. Without a name you take part anonymously."
            ),
            "group": _("If the room works in table groups, e.g. “Tisch 3”."),
        }


# The longest text each kind of contribution may have: what its place in the strategy holds.
CONTRIBUTION_LIMITS = {
    Contribution.Kind.LEITSATZ: 300,
    Contribution.Kind.VISION: 300,
    Contribution.Kind.FIELD_NOTE: 1000,
    Contribution.Kind.GOAL: 300,
    Contribution.Kind.MEASURE: TITLE_MAX,
    Contribution.Kind.NEXT_STEP: NEXT_STEP_MAX,
}
# The kinds that name a field of action.
FIELD_KINDS = {Contribution.Kind.FIELD_NOTE, Contribution.Kind.GOAL, Contribution.Kind.MEASURE}


class ContributionForm(KernFormMixin, forms.Form):
    """What a participant writes for the open agenda item."""

    kind = forms.ChoiceField(label=_("What do you propose?"), required=False)
    action_field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=None,
        empty_label=_("Please choose"),
        error_messages={"required": _("Please choose the field of action.")},
    )
    aspect = forms.ChoiceField(
        label=_("Which question?"),
        choices=[("", _("Please choose")), *Contribution.Aspect.choices],
        error_messages={"required": _("Please choose the question your comment answers.")},
    )
    text = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 3}))
    # Missing only from a hand-made request: then the proposal is kept all the same.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The agenda item the form was written for: a text sent after the facilitator moved on is
    # filed under it, not under the item open now (the view chose `kinds` by it).
    item = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item, kinds, fields, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        kwargs["initial"]["item"] = item
        super().__init__(*args, **kwargs)
        self.for_item = item
        self.kinds = kinds
        self.fields["kind"].required = len(kinds) > 1
        self.fields["kind"].choices = [(k, Contribution.Kind(k).label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=kinds[0]
            )
        self.fields["action_field"].queryset = fields
        if not FIELD_KINDS & set(kinds):
            del self.fields["action_field"]
        if Contribution.Kind.FIELD_NOTE not in kinds:
            del self.fields["aspect"]

    def clean_kind(self):
        if len(self.kinds) == 1:
            return self.kinds[0]
        return self.cleaned_data["kind"]

    def clean_item(self):
        return self.for_item

    def clean_token(self):
        return self.cleaned_data["token"] or uuid.uuid4()

    def clean(self):
        cleaned = super().clean()
        kind, text = cleaned.get("kind"), cleaned.get("text")
        if kind and text and len(text) > CONTRIBUTION_LIMITS[kind]:
            self.add_error(
                "text",
                _("Please keep it to %(limit)s characters (it has %(count)s).")
                % {"limit": CONTRIBUTION_LIMITS[kind], "count": len(text)},
            )
        return cleaned


class AcceptForm(KernFormMixin, forms.Form):
    """The facilitator's last look before a contribution becomes strategy content."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    action_field = forms.ModelChoiceField(label=_("Field of action"), queryset=None)
    aspect = forms.ChoiceField(label=_("Question"), choices=Contribution.Aspect.choices)
    timeframe = forms.ChoiceField(label=_("Implementation period"))
    # The version of the text the facilitator saw: an edit by its author meanwhile is not
    # overwritten unseen (`live.Changed`).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, contribution, fields, timeframes, **kwargs):
        """`timeframes`: the measure's choices and the one to suggest (`live.TIMEFRAMES`)."""
        kwargs.setdefault("prefix", f"c{contribution.pk}")
        kwargs.setdefault(
            "initial",
            {
                "text": contribution.text,
                "action_field": contribution.action_field_id,
                "aspect": contribution.aspect,
                "timeframe": timeframes[1],
                "seen": contribution.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        self.fields["text"].max_length = CONTRIBUTION_LIMITS[contribution.kind]
        self.fields["text"].validators.append(
            MaxLengthValidator(CONTRIBUTION_LIMITS[contribution.kind])
        )
        if contribution.kind in FIELD_KINDS:
            self.fields["action_field"].queryset = fields
        else:
            del self.fields["action_field"]
        if contribution.kind != Contribution.Kind.FIELD_NOTE:
            del self.fields["aspect"]
        if contribution.kind == Contribution.Kind.MEASURE:
            self.fields["timeframe"].choices = timeframes[0]
        else:
            del self.fields["timeframe"]


def _numbers(values):
    return [(value, str(value)) for value in values]


class DotVoteForm(KernFormMixin, forms.ModelForm):
    """The facilitator opens a dot vote: on what, how many dots, how many at most per item."""

    dots = forms.TypedChoiceField(
        label=_("Dots per participant"), coerce=int, choices=_numbers(range(1, 11)), initial=3
    )
    per_item = forms.TypedChoiceField(
        label=_("At most per item"), coerce=int, choices=_numbers(range(1, 6)), initial=2
    )

    class Meta:
        model = DotVote
        fields = ["subject", "dots", "per_item"]

    def __init__(self, *args, item_counts, **kwargs):
        """`item_counts`: how many items each subject has now, `{subject: count}`."""
        super().__init__(*args, **kwargs)
        self.item_counts = item_counts
        self.fields["subject"].choices = [("", _("Please choose")), *DotVote.Subject.choices]
        self.fields["subject"].error_messages["required"] = _("Please choose what to vote on.")

    def clean(self):
        cleaned = super().clean()
        dots, per_item = cleaned.get("dots"), cleaned.get("per_item")
        if dots and per_item and per_item > dots:
            self.add_error("per_item", _("At most as many as the dots per participant."))
        subject = cleaned.get("subject")
        if subject and self.item_counts.get(subject, 0) < 2:
            self.add_error(
                "subject", _("A vote needs at least two items. There are not enough yet.")
            )
        return cleaned


class TimerForm(forms.Form):
    """Start, pause, resume or extend the open item's countdown."""

    MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60]

    action = forms.ChoiceField(choices=[(a, a) for a in ("start", "pause", "resume", "extend")])
    minutes = forms.TypedChoiceField(
        label=_("Minutes"),
        coerce=int,
        choices=_numbers(MINUTES),
        required=False,
        empty_value=0,
    )


class OfflineParticipationForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """A survey, interviews or a World Café held without the app, for the record."""

    held_on = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please enter the date."),
            "invalid": _("Please enter a valid date, for example 31.12.2026."),
        },
    )
    people = forms.CharField(
        label=_("Number of people"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Please enter how many people took part.")},
    )

    class Meta:
        model = OfflineParticipation
        fields = ["format", "title", "held_on", "people", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"format": {"required": _("Please choose the format.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            ("", _("Please choose")),
            *OfflineParticipation.Format.choices,
        ]

    def clean_held_on(self):
        date = self.cleaned_data["held_on"]
        if not 2000 <= date.year <= 2100:
            raise ValidationError(
                _("Please enter a date between the years 2000 and 2100."), code="implausible"
            )
        return date

    def clean_people(self):
        """A whole number in the digits 0-9, as typed in German forms ("1.200" too)."""
        value = self.cleaned_data["people"].strip().replace(".", "").replace(" ", "")
        if not re.fullmatch(r"[0-9]{1,8}", value) or int(value) > 10_000_000:
            raise ValidationError(
                _("Please enter the number of people as a whole number, e.g. 120."),
                code="invalid",
            )
        return int(value)


class OwnContributionForm(KernFormMixin, forms.Form):
    """A participant corrects their contribution while it waits for the facilitator."""

    text = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contribution, **kwargs):
        kwargs.setdefault("prefix", f"edit{contribution.pk}")
        kwargs.setdefault("initial", {"text": contribution.text})
        super().__init__(*args, **kwargs)
        limit = CONTRIBUTION_LIMITS[contribution.kind]
        self.fields["text"].max_length = limit
        self.fields["text"].validators.append(MaxLengthValidator(limit))


class TranscriptionForm(KernFormMixin, forms.Form):
    """A proposal from a paper worksheet, typed in by the facilitator: any kind, any table."""

    paper_table = forms.CharField(
        label=_("Table / group"),
        max_length=DISPLAY_NAME_MAX,
        error_messages={"required": _("Please enter the table the worksheet comes from.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Please choose")), *Contribution.Kind.choices]
    )
    action_field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=None,
        required=False,
        empty_label=_("none"),
        help_text=_("Needed for comments on a field, goal and measure ideas."),
    )
    aspect = forms.ChoiceField(
        label=_("Question"),
        choices=[("", _("none")), *Contribution.Aspect.choices],
        required=False,
        help_text=_("Needed for comments on a field."),
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, fields, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["action_field"].queryset = fields

    def clean_token(self):
        return self.cleaned_data["token"] or uuid.uuid4()

    def clean(self):
        cleaned = super().clean()
        kind, text = cleaned.get("kind"), cleaned.get("text")
        if kind in FIELD_KINDS and not cleaned.get("action_field"):
            self.add_error("action_field", _("Please choose the field of action."))
        if kind == Contribution.Kind.FIELD_NOTE and not cleaned.get("aspect"):
            self.add_error("aspect", _("Please choose the question your comment answers."))
        if kind and text and len(text) > CONTRIBUTION_LIMITS[kind]:
            self.add_error(
                "text",
                _("Please keep it to %(limit)s characters (it has %(count)s).")
                % {"limit": CONTRIBUTION_LIMITS[kind], "count": len(text)},
            )
        return cleaned


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATE_INVALID = _("Please enter a valid date, for example 31.12.2026.")


def _date_field(label, *, help_text=""):
    """A German date as text (31.12.2026): a date input re-shown with a wrong date ("31.02.")
    would be invalid HTML and lose what was typed."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"size": 10}, format="%d.%m.%Y"),
        help_text=help_text,
        error_messages={"invalid": DATE_INVALID},
    )


class CouncilPaperForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """The Beschlussvorlage's header; the rest of the paper comes from the strategy."""

    paper_date = _date_field(
        _("Date of the paper"),
        help_text=_("For example 01.02.2027. Empty: the date of the strategy (Stand)."),
    )

    class Meta:
        model = Workshop
        fields = [
            "paper_number",
            "paper_subject",
            "paper_lead",
            "paper_date",
            "paper_public",
            "paper_coverage",
        ]
        labels = {"paper_public": _("To be discussed in a public session")}
        widgets = {"paper_coverage": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "paper_number": _("The number from the Ratsinformationssystem, e.g. “VG/0142/2027”."),
        }


class CouncilStepForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    date = _date_field(
        _("Session date"), help_text=_("For example 25.02.2027; empty while it is not set.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_step_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = CouncilStep
        fields = ["body", "date", "role"]
        help_texts = {"body": _("For example “Haupt- und Finanzausschuss” or “Gemeinderat”.")}


class KommuneDetailsForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """Publisher, contact and logo of a Kommune, for the title page and imprint of its
    documents. The logo is re-encoded on upload (`logo.reencode`) and stored by the view."""

    logo = forms.FileField(
        label=_("Logo or Wappen"),
        required=False,
        help_text=_("PNG or JPEG, at most 5 MB and 25 megapixels. It appears on the title page."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Kommune
        fields = ["publisher", "contact"]
        widgets = {"contact": forms.Textarea(attrs={"rows": 4})}

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return logo.reencode(upload) if upload else None
