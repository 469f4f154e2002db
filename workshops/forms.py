from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Leitsatz, Membership, Workshop, Zielbild


class KernFormMixin:
    """Adds the KERN design system's classes and ARIA links to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            if self.is_bound and name in self.errors:
                css += f" {css}--error"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
            widget.attrs["class"] = css
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)


class WorkshopForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "catalogue"]
        help_texts = {"title": _("For example “Digitalstrategie 2030”. At most 200 characters.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].empty_label = _("No catalogue (only own fields)")


class VisionForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["vision"]
        help_texts = {
            "vision": _(
                "How should the Kommune look in the future, and how does it use "
                "digitalisation for its citizens? At most 5000 characters."
            )
        }


class LeitsatzForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Leitsatz
        fields = ["text"]
        help_texts = {"text": _("One short sentence, at most 300 characters.")}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Please enter a guiding principle."), code="required")
        return text


class ZielbildForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Zielbild
        fields = ["title", "text"]
        help_texts = {"title": _("At most 200 characters.")}


class MembershipForm(KernFormMixin, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

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
