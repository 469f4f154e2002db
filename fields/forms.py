from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workshops.forms import EditConflictMixin, KernFormMixin

from .models import ActionField

DUPLICATE_NAME = _("A field of action with this name already exists.")


class ActionFieldForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """A field of action's name and its description along the four prompts."""

    class Meta:
        model = ActionField
        fields = ["name", "why", "what", "who", "when_how"]
        help_texts = {
            "name": _("At most 200 characters."),
            "why": _(
                "Why is this field important for the Kommune? What is the need, what is the "
                "starting point?"
            ),
            "what": _("What should be achieved in this field?"),
            "who": _(
                "Who implements it, and who is involved (administration, partners, citizens)?"
            ),
            "when_how": _("In which period, and how do you proceed?"),
        }
        error_messages = {"name": {"required": _("Please enter a name.")}}

    def __init__(self, *args, workshop, **kwargs):
        self.workshop = workshop
        super().__init__(*args, **kwargs)
        for name in ("why", "what", "who", "when_how"):
            if name in self.fields:
                # Django's Textarea defaults to ten rows; four keep all prompts in view.
                self.fields[name].widget.attrs["rows"] = 4

    def clean_name(self):
        # The database constraint is case-sensitive; "Tourismus" and "tourismus" would only
        # confuse readers of the strategy, so the form refuses both.
        name = self.cleaned_data["name"]
        clashes = self.workshop.action_fields.filter(name__iexact=name)
        if self.instance.pk:
            clashes = clashes.exclude(pk=self.instance.pk)
        if clashes.exists():
            raise ValidationError(DUPLICATE_NAME, code="duplicate")
        return name


class ActionFieldAddForm(ActionFieldForm):
    """Adding an own field needs only its name; the prompts are filled in afterwards."""

    class Meta(ActionFieldForm.Meta):
        fields = ["name"]
        labels = {"name": _("Name of the new field of action")}
