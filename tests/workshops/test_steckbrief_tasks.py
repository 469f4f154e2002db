"""Tasks in the Steckbrief of a measure: what, who, by when — in the preview and in the PDF."""

import datetime
import io
import re

from django.urls import reverse
from pypdf import PdfReader

from measures.models import Task
from tests.factories import MeasureFactory, ProjectPlanFactory
from workshops import pdf
from workshops.strategy import TaskData, gather


def _plan_with_tasks(workshop, *tasks):
    plan = ProjectPlanFactory(
        measure=MeasureFactory(action_field__workshop=workshop, title="Bürgerportal"),
        result="Dreißig Leistungen online",
    )
    for position, (title, owner, due) in enumerate(tasks, start=1):
        Task.objects.create(plan=plan, title=title, owner=owner, due=due, position=position)
    return plan


def _steckbrief(page: str) -> str:
    start = page.index('class="doc-chapter doc-steckbrief"')
    return page[start : page.index("</section>", start)]


def test_gather_gives_each_task_its_owner_and_due_date(workshop):
    _plan_with_tasks(
        workshop,
        ("Anbieter vergleichen", "Fachbereich 1", datetime.date(2027, 3, 31)),
        ("Beschluss", "", None),
    )
    (plan,) = gather(workshop).plans
    assert plan.tasks == (
        TaskData("Anbieter vergleichen", "Fachbereich 1", datetime.date(2027, 3, 31)),
        TaskData("Beschluss", "", None),
    )
    assert plan.tasks_have_details


def test_steckbrief_shows_tasks_as_a_table_of_task_owner_and_date(facilitator_client, workshop):
    _plan_with_tasks(
        workshop,
        ("Anbieter vergleichen", "Fachbereich 1", datetime.date(2027, 3, 31)),
        ("Beschluss", "", None),
    )
    page = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk]))
    steckbrief = _steckbrief(page.content.decode())
    table = steckbrief[steckbrief.index("doc-table--tasks") :]
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)[:4]
    assert headers == ["Nr.", "Aufgabe", "Zuständig", "Bis wann"]
    cells = re.findall(r'<td class="kern-table__cell[^"]*">([^<]*)</td>', table)
    rows = [cells[:4], cells[4:8]]
    assert rows == [
        ["1", "Anbieter vergleichen", "Fachbereich 1", "31.03.2027"],
        ["2", "Beschluss", "–", "–"],
    ]


def test_tasks_without_owner_or_date_stay_a_plain_list(facilitator_client, workshop):
    _plan_with_tasks(workshop, ("Anbieter vergleichen", "", None), ("Beschluss", "", None))
    page = facilitator_client.get(reverse("workshops:strategy", args=[workshop.pk]))
    steckbrief = _steckbrief(page.content.decode())
    assert "doc-table--tasks" not in steckbrief
    assert '<ol class="doc-tasks"><li>Anbieter vergleichen</li><li>Beschluss</li></ol>' in (
        steckbrief
    )


def test_pdf_steckbrief_names_who_does_a_task_and_by_when(workshop):
    _plan_with_tasks(
        workshop,
        ("Anbieter vergleichen", "Fachbereich Zentrale Dienste", datetime.date(2027, 3, 31)),
    )
    document = pdf.render_pdf(gather(workshop))
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages
    )
    for expected in ["Zuständig", "Bis wann", "Fachbereich Zentrale Dienste", "31.03.2027"]:
        assert expected in text, expected
