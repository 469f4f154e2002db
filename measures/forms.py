"""Forms of the steps "Goals & measures" and "Prioritisation".

The forms of the in-depth planning live in `plan_forms.py`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fields.models import Goal
from workshops.forms import EditConflictMixin, KernFormMixin

from .models import OVERRIDE_REASON_MAX, Measure


class GoalForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "indicator", "target_value"]
        help_texts = {
            "title": _("What should be reached in this field of action? At most 300 characters."),
            "indicator": _("How do you measure it? For example “share of services online”."),
            "target_value": _("For example “80 % by 2028”."),
        }
        error_messages = {"title": {"required": _("Please enter a goal.")}}


class MeasureForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """A measure of one field of action; its goal can only be one of that field's goals.

    `goals` are the field's goals, usually prefetched: the choices are built from them, so a
    page with a form per field needs no query per form. Only a submitted goal is looked up,
    limited to the field.
    """

    class Meta:
        model = Measure
        fields = ["title", "description", "goal", "timeframe", "effort", "impact"]
        help_texts = {
            "title": _(
                "Short and concrete, for example “Online appointment booking”. At most 200 characters."
            ),
        }
        error_messages = {
            "title": {"required": _("Please enter a title for the measure.")},
            "timeframe": {
                "required": _("Please choose an implementation period."),
                "invalid_choice": _("Please choose one of the implementation periods."),
            },
            "effort": {"invalid_choice": _("Please choose low, medium or high.")},
            "impact": {"invalid_choice": _("Please choose low, medium or high.")},
        }

    def __init__(self, *args, action_field, goals, **kwargs):
        super().__init__(*args, **kwargs)
        goal = self.fields["goal"]
        goal.queryset = Goal.objects.filter(action_field_id=action_field.pk)
        goal.empty_label = _("No goal assigned")
        goal.choices = [("", goal.empty_label), *((g.pk, g.title) for g in goals)]
        goal.error_messages["invalid_choice"] = _(
            "Please choose one of the goals of this field of action."
        )
        goal.help_text = (
            _("Only goals of this field of action can be chosen.")
            if goals
            else _("This field of action has no goals yet. Add one above to link it.")
        )
        self.fields["timeframe"].choices = [
            ("", _("Please choose")),
            *Measure.Timeframe.choices,
        ]
        for name in ("effort", "impact"):
            self.fields[name].choices = [("", _("not stated")), *self.fields[name].choices[1:]]
        self.fields["description"].widget.attrs["rows"] = 3


class MoveToRankForm(forms.Form):
    """The rank a measure should move to: a whole number from 1 to the number of measures.

    Only the digits 0-9 count: `int()` would also read "١٢" (Arabic-Indic digits) as 12.
    """

    rank = forms.CharField(
        label=_("to rank"),
        # A number input that holds "abc" arrives empty, so both say the same.
        error_messages={"required": _("Please enter a whole number as the rank.")},
    )

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count

    def clean_rank(self):
        return parse_rank(self.cleaned_data["rank"], self.count)


def parse_rank(value: str, count: int) -> int:
    """A typed rank from 1 to `count`, in the digits 0-9 only; German errors otherwise."""
    out_of_range = ValidationError(
        _("Please enter a rank between 1 and %(count)s."),
        code="out_of_range",
        params={"count": count},
    )
    if not re.fullmatch(r"[+-]?[0-9]+", value):
        if any(character.isnumeric() for character in value):
            raise out_of_range
        raise ValidationError(_("Please enter a whole number as the rank."), code="invalid")
    rank = int(value) if len(value) <= 10 else 0  # no 5,000-digit int()
    if not 1 <= rank <= count:
        raise out_of_range
    return rank


class RankOverrideForm(KernFormMixin, forms.Form):
    """Move a measure away from the rank the dot vote gave it: only with a reason."""

    measure = forms.ModelChoiceField(label=_("Measure"), queryset=None)
    rank = forms.CharField(
        label=_("New rank"),
        error_messages={"required": _("Please enter a whole number as the rank.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=OVERRIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the ranking and shown in the strategy."),
        error_messages={"required": _("Please give the reason for the change.")},
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: f"{m.rank}. {m.title}"
        self.count = measures.count()

    def clean_rank(self):
        return parse_rank(self.cleaned_data["rank"], self.count)

    def clean(self):
        cleaned = super().clean()
        measure, rank = cleaned.get("measure"), cleaned.get("rank")
        if measure and rank and measure.rank == rank:
            self.add_error("rank", _("The measure is at rank %(rank)s already.") % {"rank": rank})
        return cleaned

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Please give the reason for the change."))
        return reason
