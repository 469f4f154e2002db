"""Forms of the steps "Goals & measures" and "Prioritisation".

The forms of the in-depth planning live in `plan_forms.py`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fields.models import Goal
from workshops.forms import EditConflictMixin, KernFormMixin, year_field

from .models import (
    OVERRIDE_REASON_MAX,
    QUARTERS,
    YEAR_MAX,
    YEAR_MIN,
    Dependency,
    Measure,
    would_close_circle,
)
from .sdgs import SDG_CHOICES


class GoalForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """A goal and, optionally, its indicator for the monitoring table of the strategy."""

    baseline_year = year_field(_("Baseline year"))
    target_year = year_field(_("Target year"))

    class Meta:
        model = Goal
        fields = [
            "title",
            "indicator",
            "baseline",
            "baseline_year",
            "target_value",
            "target_year",
            "data_source",
            "responsible",
        ]
        help_texts = {
            "title": _("What should be reached in this field of action? At most 300 characters."),
            "indicator": _("How do you measure it? For example “share of services online”."),
            "baseline": _("The value today, e.g. “35 %”."),
            "target_value": _("For example “80 %”."),
            "data_source": _("Where the value comes from, e.g. “OZG-Dashboard”."),
            "responsible": _("Who reports the value, e.g. “Digitallotsin”."),
        }
        error_messages = {"title": {"required": _("Please enter a goal.")}}

    def clean(self):
        cleaned = super().clean()
        baseline, target = cleaned.get("baseline_year"), cleaned.get("target_year")
        if baseline and target and target < baseline:
            self.add_error("target_year", _("The target year lies before the baseline year."))
        return cleaned


class MeasureForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """A measure of one field of action; its goal can only be one of that field's goals.

    `goals` are the field's goals, usually prefetched: the choices are built from them, so a
    page with a form per field needs no query per form. Only a submitted goal is looked up,
    limited to the field.
    """

    class Meta:
        model = Measure
        fields = ["title", "description", "goal", "group", "timeframe", "effort", "impact"]
        help_texts = {
            "title": _(
                "Short and concrete, for example “Online appointment booking”. At most 200 characters."
            ),
            "group": _(
                "Measures of this field with the same group stand together in the document, e.g. "
                "“Digitale Bürgerservices”. At most 100 characters."
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
        # The groups already used in this field are offered (`FieldSection.group_names`).
        self.fields["group"].widget.attrs["list"] = f"measure-groups-{action_field.pk}"

    def clean_group(self):
        """One spelling per group: spaces inside the name count once."""
        return " ".join(self.cleaned_data["group"].split())


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


# --- Implementation and cost ----------------------------------------------------------------

# Euro amounts as people type them: "12500", "12.500", "12 500 €", "12.500,00", "12.500,-". The
# plan keeps whole euros (as municipal budgets do), so cents are refused, never rounded away: a
# typed "12.000,50" would otherwise be saved as 12.001 € without a word. Only the digits 0-9 count,
# with one kind of thousands separator throughout, and at most 2,000,000,000 (the column's range).
_EURO = re.compile(
    r"(?P<whole>[0-9]{1,3}(?P<sep>[. \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*|[0-9]+)"
    r"(?:,(?P<cents>[0-9]{1,2}|-{1,2}))?"
)
# "12.000,50", "12000.50": an amount with cents (the dot as the English decimal point).
_WITH_CENTS = re.compile(r"[0-9. \u00a0\u202f]*[0-9](?:,[0-9]{1,2}|\.[0-9]{1,2})")
EURO_MAX = 2_000_000_000


class EuroField(forms.CharField):
    """An amount in whole euros; an amount with cents is refused."""

    default_error_messages = {
        "invalid": _("Please enter an amount in whole euros, for example 12.500."),
        "cents": _(
            "Please enter whole euros without cents, for example 12.000 instead of 12.000,50."
        ),
        "digits": _("Please enter the amount with the digits 0 to 9."),
        "too_large": _("Please enter at most 2.000.000.000 euros."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        text = super().to_python(value).replace("€", "").replace("EUR", "").strip()
        if not text:
            return None
        if any(char.isdigit() and not "0" <= char <= "9" for char in text):
            raise ValidationError(self.error_messages["digits"], code="digits")
        if len(text) > 20:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        match = _EURO.fullmatch(text)
        if (match and match["cents"] and match["cents"].strip("0-")) or (
            not match and _WITH_CENTS.fullmatch(text)
        ):
            raise ValidationError(self.error_messages["cents"], code="cents")
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(re.sub(r"[^0-9]", "", match["whole"]))
        if amount > EURO_MAX:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount


class SmallNumberField(forms.CharField):
    """A whole number in [min_value, max_value], typed in the digits 0-9 (a text input, so a
    wrong entry comes back as typed)."""

    def __init__(self, *, min_value, max_value, invalid, **kwargs):
        self.min_value, self.max_value, self.invalid = min_value, max_value, invalid
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": len(str(max_value))}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip().removesuffix("%").strip()
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{1,4}", text) or not (
            self.min_value <= int(text) <= self.max_value
        ):
            raise ValidationError(self.invalid, code="invalid")
        return int(text)


class MeasureCostForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """Who leads a measure, when it runs, what it costs and how it is financed."""

    start_year = SmallNumberField(
        label=_("Start: year"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        invalid=_("Please enter a year between 2000 and 2100."),
    )
    end_year = SmallNumberField(
        label=_("End: year"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        invalid=_("Please enter a year between 2000 and 2100."),
    )
    one_off_cost = EuroField(
        label=_("One-off cost"),
        required=False,
        help_text=_("An estimate in whole euros, e.g. for purchase and set-up."),
    )
    running_cost = EuroField(
        label=_("Running cost per year"),
        required=False,
        help_text=_("An estimate in whole euros per year after the implementation (Folgekosten)."),
    )
    requires = forms.ModelMultipleChoiceField(
        label=_("Builds on"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Measures that must be done (or far enough) before this one can start."),
    )
    funding_rate = SmallNumberField(
        label=_("Funding rate in percent"),
        required=False,
        min_value=0,
        max_value=100,
        invalid=_("Please enter a whole percentage from 0 to 100."),
        help_text=_("The share of the one-off cost the programme pays."),
    )

    class Meta:
        model = Measure
        fields = [
            "lead",
            "start_quarter",
            "start_year",
            "end_quarter",
            "end_year",
            "one_off_cost",
            "running_cost",
            "funding_programme",
            "funding_rate",
            "sdg",
            "budgeted",
        ]
        labels = {
            "start_quarter": _("Start: quarter"),
            "end_quarter": _("End: quarter"),
        }
        help_texts = {
            "lead": _("The department or person in charge, e.g. “Fachbereich 1 – Digitallotsin”."),
            "funding_programme": _(
                "Name of the funding programme; empty when the Kommune pays alone."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_quarter", "end_quarter"):
            self.fields[name].choices = [("", _("not stated")), *QUARTERS]
        self.fields["sdg"].choices = [("", _("none")), *SDG_CHOICES]
        others = Measure.objects.filter(workshop_id=self.instance.workshop_id).exclude(
            pk=self.instance.pk
        )
        self.fields["requires"].queryset = others.order_by("rank")
        self.fields["requires"].label_from_instance = _ranked
        self.fields["requires"].initial = [m.pk for m in self._required(self.instance)]

    def _required(self, obj) -> list[Measure]:
        if obj.pk is None:
            return []
        return list(
            Measure.objects.filter(required_by__measure=obj).order_by("rank").only("rank", "title")
        )

    def related_values(self, obj):
        return {"requires": tuple(_ranked(m) for m in self._required(obj))}

    def typed_related_values(self):
        chosen = sorted(self.cleaned_data.get("requires") or [], key=lambda m: m.rank)
        return {"requires": tuple(_ranked(m) for m in chosen)}

    def clean_requires(self):
        chosen = self.cleaned_data["requires"]
        circular = would_close_circle(self.instance, [m.pk for m in chosen])
        if circular:
            names = ", ".join(_ranked(m) for m in chosen if m.pk in circular)
            raise ValidationError(
                _(
                    "These measures already build on this one; requiring them would close a circle: %(names)s"
                )
                % {"names": names},
                code="circular",
            )
        return chosen

    def _save_m2m(self):
        """Write the dependencies with the row, inside the save's locked transaction."""
        super()._save_m2m()
        chosen = {m.pk for m in self.cleaned_data.get("requires") or []}
        Dependency.objects.filter(measure=self.instance).exclude(requires_id__in=chosen).delete()
        Dependency.objects.bulk_create(
            [Dependency(measure=self.instance, requires_id=pk) for pk in chosen],
            ignore_conflicts=True,
        )

    def clean(self):
        cleaned = super().clean()
        for part in ("start", "end"):
            quarter, year = cleaned.get(f"{part}_quarter"), cleaned.get(f"{part}_year")
            if (quarter is None) != (year is None) and not self.has_error(f"{part}_year"):
                missing = f"{part}_year" if year is None else f"{part}_quarter"
                self.add_error(missing, _("Please give both the quarter and the year."))
        start = (cleaned.get("start_year"), cleaned.get("start_quarter"))
        end = (cleaned.get("end_year"), cleaned.get("end_quarter"))
        if None not in start and None not in end and end < start:
            self.add_error("end_year", _("The end lies before the start."))
        if None in start and None not in end and not self.errors:
            self.add_error("start_year", _("Please give the start as well."))
        if cleaned.get("funding_rate") and not cleaned.get("funding_programme", "").strip():
            self.add_error("funding_programme", _("Please name the funding programme."))
        return cleaned


def _ranked(measure) -> str:
    return f"{measure.rank}. {measure.title}"
