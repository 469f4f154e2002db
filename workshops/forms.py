import hashlib

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .conflicts import EditConflict, differing_fields, field_conflicts
from .models import Leitsatz, Membership, Workshop, Zielbild


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
        return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:16]

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
        if sent == current or not differing_fields(self, stored):
            return
        self.conflicts = field_conflicts(self, stored)
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        message = self.conflict_message if sent else self.missing_version_message
        self.add_error(None, ValidationError(message, code="conflict"))
        raise EditConflict


class WorkshopForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "catalogue"]
        help_texts = {"title": _("For example “Digitalstrategie 2030”. At most 200 characters.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].empty_label = _("No catalogue (only own fields)")


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


class WorkshopSettingsForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """Name, Stand and status of a process (its settings page)."""

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
        fields = ["title", "document_date", "status"]
        help_texts = {"title": _("For example “Digitalstrategie 2030”. At most 200 characters.")}
        error_messages = {"title": {"required": _("Please enter a title.")}}

    def clean_document_date(self):
        date = self.cleaned_data["document_date"]
        if date and not 2000 <= date.year <= 2100:
            raise ValidationError(
                _("Please enter a date between the years 2000 and 2100."), code="implausible"
            )
        return date
