"""Forms of the in-depth planning step (Vertiefung): the seven core questions of a project."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workshops.forms import EditConflictMixin, KernFormMixin

from .models import PLAN_ANSWERS, Milestone, ProjectPlan, Stakeholder, Task

DEEP_PLAN_MIN, DEEP_PLAN_MAX = 1, 50


NUMBER_MESSAGE = _("Please enter a number between 1 and 50.")
CHOICE_MESSAGE = _("Please choose high or low.")


class DeepPlanCountForm(KernFormMixin, forms.Form):
    """How many of the top measures are planned in depth."""

    deep_plan_count = forms.IntegerField(
        label=_("Number of top measures to plan in depth"),
        help_text=_("A number between 1 and 50."),
        min_value=DEEP_PLAN_MIN,
        max_value=DEEP_PLAN_MAX,
        error_messages={
            code: NUMBER_MESSAGE for code in ("required", "invalid", "min_value", "max_value")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deep_plan_count"].widget.attrs["class"] += " number-input"


ANSWER_FIELDS = list(PLAN_ANSWERS)


class ProjectPlanAnswerForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """The text answers (questions 1, 2, 4 and 5); `answer_form()` gives the form of one of them.

    Each answer is saved on its own, so its fingerprint (`version`) covers only its own column:
    two people writing different answers of the same plan never conflict.
    """

    conflict_message = _(
        "Someone else has changed this answer in the meantime. Your input is kept below; "
        "please compare it with the saved version and save again to overwrite."
    )

    class Meta:
        model = ProjectPlan
        fields = ANSWER_FIELDS
        labels = {
            "result": _("What should the result of the project be?"),
            "target_group": _("Who is the target group?"),
            "responsible": _("Who does the project?"),
            "resources_financial": _("Financial / material resources"),
            "resources_personnel": _("Personnel resources"),
            "resources_organisational": _("Organisational resources"),
        }
        help_texts = {
            "result": _(
                "A measure counts as planned once its result is described. Describe the "
                "concrete, visible result. At most 5000 characters."
            ),
            "target_group": _("For example citizens, businesses, staff of the administration."),
            "responsible": _("The lead and the team, with department or organisation."),
            "resources_financial": _("Budget, funding programmes, equipment."),
            "resources_personnel": _("Staff and working time needed."),
            "resources_organisational": _("Decisions, rooms, cooperation agreements."),
        }

    # The answer the planning step needs (see `Measure.plan_has_result`); the others are optional.
    NEEDED = {"result"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every answer form of the page has a hidden fingerprint: keep their ids apart.
        self.fields["version"].widget.attrs["id"] = f"id_{self.name}_version"

    @property
    def name(self) -> str:
        """The model field this form edits."""
        return self._meta.fields[0]

    @property
    def field(self):
        return self[self.name]

    @property
    def needed(self) -> bool:
        return self.name in self.NEEDED


ANSWER_FORMS = {
    name: forms.modelform_factory(ProjectPlan, form=ProjectPlanAnswerForm, fields=[name])
    for name in ANSWER_FIELDS
}


def answer_form(name: str, *args, **kwargs) -> ProjectPlanAnswerForm:
    """The form of the text answer `name` (one of `ANSWER_FIELDS`)."""
    return ANSWER_FORMS[name](*args, **kwargs)


# Dates of tasks and milestones: plans reach a few years ahead, and a year like 0001 or 9999 is
# a typing slip, not a plan.
DATE_MIN_YEAR, DATE_MAX_YEAR = 2000, 2100
DATE_MESSAGE = _("Please enter a valid date.")


class PlanDateField(forms.DateField):
    """A date from the date picker (ISO) or typed the German way, in a plausible year."""

    widget = forms.DateInput(
        attrs={"type": "date", "min": f"{DATE_MIN_YEAR}-01-01", "max": f"{DATE_MAX_YEAR}-12-31"},
        format="%Y-%m-%d",
    )
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
    # A browser empties a date field holding an impossible date (31.02.), so "required" usually
    # means "not a valid date" too.
    default_error_messages = {
        "required": DATE_MESSAGE,
        "invalid": DATE_MESSAGE,
        "implausible_year": _("Please enter a date between the years %(min)s and %(max)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not DATE_MIN_YEAR <= value.year <= DATE_MAX_YEAR:
            raise ValidationError(
                self.error_messages["implausible_year"],
                code="implausible_year",
                params={"min": DATE_MIN_YEAR, "max": DATE_MAX_YEAR},
            )


class StakeholderForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "role", "influence", "interest"]
        labels = {
            "name": _("Name or group"),
            "role": _("Role in the project"),
            "influence": _("Influence"),
            "interest": _("Interest"),
        }
        error_messages = {
            "name": {"required": _("Please enter a name.")},
            "influence": {"required": CHOICE_MESSAGE, "invalid_choice": CHOICE_MESSAGE},
            "interest": {"required": CHOICE_MESSAGE, "invalid_choice": CHOICE_MESSAGE},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("influence", "interest"):
            self.fields[name].choices = [("", _("Please choose")), *Stakeholder.Level.choices]


class TaskForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    due = PlanDateField(label=_("Due by"), required=False)

    class Meta:
        model = Task
        fields = ["title", "owner", "due"]
        labels = {"title": _("Task"), "owner": _("Owner")}
        error_messages = {"title": {"required": _("Please describe the task.")}}


class MilestoneForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    due = PlanDateField(label=_("Date"))

    class Meta:
        model = Milestone
        fields = ["title", "due"]
        labels = {"title": _("Milestone")}
        error_messages = {"title": {"required": _("Please name the milestone.")}}
