"""A strategy whose every text is as long as its model allows, for the PDF and preview tests.

Each text starts with a marker `A<n>` and ends with `Z<n>`, so a test can find the beginning and
the end of every single text in the rendered document. `prose()` is German with spaces and
paragraphs; `one_word()` is the worst case, a single word without any break opportunity.
"""

import datetime
import itertools

from fields.models import ActionField, Goal
from measures.models import Measure, Milestone, ProjectPlan, Stakeholder, Task
from workshops.models import (
    Kommune,
    Leitsatz,
    LiveSession,
    NextStep,
    OfflineParticipation,
    Reference,
    Workshop,
    Zielbild,
)
from workshops.strategy import DOCUMENT_TEXT_FIELDS

SENTENCES = [
    "Die Verbandsgemeinde begleitet den Ausbau der digitalen Infrastruktur in allen "
    "Ortsgemeinden gemeinsam mit Vereinen, Schulen und Betrieben.",
    "Bürgerinnen und Bürger erledigen ihre Anliegen rund um die Uhr online, und wer Hilfe "
    "braucht, findet sie im Bürgerhaus.",
    "Weitere Informationen stehen unter "
    "https://www.musterland.de/buergerservice/online-antraege/digitalisierung/"
    "handlungsfeld-infrastruktur/glasfaserausbau-zweiter-bauabschnitt?abschnitt=2&ort=alle "
    "bereit.",
    "Die Digitallotsin koordiniert die Fachbereiche, berichtet dem Haupt- und Finanzausschuss "
    "und stimmt sich mit dem Personalrat ab.",
    "Fördermittel des Landes Rheinland-Pfalz werden beantragt; die Eigenmittel sind im "
    "Doppelhaushalt 2027/2028 veranschlagt.",
]

# A link at the longest the model allows (500 characters).
LONGEST_URL = "https://www.musterland.de/" + "digitalisierung/" * 29 + "endes.html"
LONG_WORD = "Breitbandinfrastrukturförderungsrichtlinienumsetzungsbegleitung"


class Markers:
    """Hands out the numbered markers and remembers every text for the assertions."""

    def __init__(self):
        self._numbers = itertools.count(100)
        self.texts = []

    def _framed(self, length, filler):
        number = next(self._numbers)
        head, tail = f"A{number} ", f" Z{number}"
        text = head + filler(length - len(head) - len(tail)) + tail
        assert len(text) == length, (len(text), length)
        self.texts.append(text)
        return text

    def prose(self, length):
        """German sentences with spaces, a long URL and paragraphs, exactly `length` long."""

        def filler(size):
            parts, total = [], 0
            for number, sentence in enumerate(itertools.cycle(SENTENCES), start=1):
                separator = "\n\n" if number % 4 == 0 else " "
                parts.append(sentence + separator)
                total += len(sentence) + len(separator)
                if total >= size:
                    break
            return "".join(parts)[:size].rstrip().ljust(size, ".")

        return self._framed(length, filler)

    def one_word(self, length):
        """One word without spaces or hyphens, exactly `length` long: nothing to break at."""
        return self._framed(length, lambda size: (LONG_WORD * (size // len(LONG_WORD) + 1))[:size])


def max_length(model, field):
    return model._meta.get_field(field).max_length


def build_max_strategy(kommune: Kommune, *, text, fields=3, measures_per_field=2, plans=2):
    """A workshop in `kommune` whose every text is `text(max_length)` of its model field."""

    def full(model, field):
        return text(max_length(model, field))

    workshop = Workshop.objects.create(
        kommune=kommune,
        title=full(Workshop, "title"),
        vision=full(Workshop, "vision"),
        deep_plan_count=plans,
        **{name: full(Workshop, name) for name in DOCUMENT_TEXT_FIELDS},
    )
    for position in (1, 2):
        NextStep.objects.create(
            workshop=workshop,
            title=full(NextStep, "title"),
            owner=full(NextStep, "owner"),
            due=datetime.date(2027, position, 28),
            position=position,
        )
    for position in (1, 2):
        Reference.objects.create(
            workshop=workshop,
            title=full(Reference, "title"),
            publisher=full(Reference, "publisher"),
            year=2100,
            url=LONGEST_URL,
            position=position,
        )
    # The participation record: an ended live session and a format held without the app.
    LiveSession.objects.create(
        workshop=workshop,
        code="MAXTXT",
        place=full(LiveSession, "place"),
        opened_items=list(LiveSession.Item.values),
        ended_at=datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC),
    )
    OfflineParticipation.objects.create(
        workshop=workshop,
        format=OfflineParticipation.Format.WORLD_CAFE,
        title=full(OfflineParticipation, "title"),
        held_on=datetime.date(2026, 3, 2),
        people=10_000_000,
        summary=full(OfflineParticipation, "summary"),
    )
    for position in (1, 2):
        Zielbild.objects.create(
            workshop=workshop,
            title=full(Zielbild, "title"),
            text=full(Zielbild, "text"),
            position=position,
        )
    for position in (1, 2, 3):
        Leitsatz.objects.create(workshop=workshop, text=full(Leitsatz, "text"), position=position)
    rank = 0
    for position in range(1, fields + 1):
        field = ActionField.objects.create(
            workshop=workshop,
            name=full(ActionField, "name"),
            why=full(ActionField, "why"),
            what=full(ActionField, "what"),
            who=full(ActionField, "who"),
            when_how=full(ActionField, "when_how"),
            position=position,
        )
        goals = [
            Goal.objects.create(
                action_field=field,
                title=full(Goal, "title"),
                indicator=full(Goal, "indicator"),
                target_value=full(Goal, "target_value"),
                baseline=full(Goal, "baseline"),
                baseline_year=2100,
                target_year=2100,
                data_source=full(Goal, "data_source"),
                responsible=full(Goal, "responsible"),
                position=n,
            )
            for n in (1, 2)
        ]
        for n in range(measures_per_field):
            rank += 1
            measure = Measure.objects.create(
                workshop=workshop,
                action_field=field,
                goal=goals[n % 2],
                title=full(Measure, "title"),
                description=full(Measure, "description"),
                timeframe=Measure.Timeframe.MEDIUM,
                effort="high",
                impact="high",
                rank=rank,
            )
            if rank <= plans:
                add_plan(measure, full)
    return workshop


def add_plan(measure, full):
    plan = ProjectPlan.objects.create(
        measure=measure,
        **{
            name: full(ProjectPlan, name)
            for name in (
                "result",
                "target_group",
                "responsible",
                "resources_financial",
                "resources_personnel",
                "resources_organisational",
            )
        },
    )
    for n in (1, 2):
        Stakeholder.objects.create(
            plan=plan,
            name=full(Stakeholder, "name"),
            role=full(Stakeholder, "role"),
            influence="high",
            interest="low",
            position=n,
        )
        Task.objects.create(
            plan=plan,
            title=full(Task, "title"),
            owner=full(Task, "owner"),
            due=datetime.date(2027, 6, n),
            position=n,
        )
        Milestone.objects.create(
            plan=plan, title=full(Milestone, "title"), due=datetime.date(2027, 9, n), position=n
        )
    return plan
