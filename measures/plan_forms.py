"""Forms of the in-depth planning step (Vertiefung): the seven core questions of a project."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.forms import EditConflictMixin, KernFormMixin

from .models import Milestone, ProjectPlan, Stakeholder, Task

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


ANSWER_FIELDS = [
    "result",
    "target_group",
    "responsible",
    "resources_financial",
    "resources_personnel",
    "resources_organisational",
]


class ProjectPlanForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    """The text answers (questions 1, 2, 4 and 5), saved together with one button."""

    conflict_message = _(
        "Someone else has changed these answers in the meantime. Your input is kept below; "
        "please check it and save again to overwrite."
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
            "result": _("Describe the concrete, visible result. At most 5000 characters."),
            "target_group": _("For example citizens, businesses, staff of the administration."),
            "responsible": _("The lead and the team, with department or organisation."),
            "resources_financial": _("Budget, funding programmes, equipment."),
            "resources_personnel": _("Staff and working time needed."),
            "resources_organisational": _("Decisions, rooms, cooperation agreements."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Questions 4 and 5 stand below the stakeholder table, outside the <form> element.
        for field in self.fields.values():
            field.widget.attrs["form"] = "plan-answers"


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
    class Meta:
        model = Task
        fields = ["title"]
        labels = {"title": _("Task")}
        error_messages = {"title": {"required": _("Please describe the task.")}}


class MilestoneForm(EditConflictMixin, KernFormMixin, forms.ModelForm):
    # The date picker sends ISO dates; dates typed the German way are accepted as well.
    due = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        # A browser empties a date field holding an impossible date (31.02.), so "required"
        # usually means "not a valid date" too.
        error_messages={
            "required": _("Please enter a valid date."),
            "invalid": _("Please enter a valid date."),
        },
    )

    class Meta:
        model = Milestone
        fields = ["title", "due"]
        labels = {"title": _("Milestone")}
        error_messages = {"title": {"required": _("Please name the milestone.")}}
