"""The project plan page of one measure and its text answers (questions 1, 2, 4 and 5)."""

import json

import pytest
from django.urls import reverse

from measures.models import ProjectPlan
from measures.plan_forms import ProjectPlanForm
from tests.factories import (
    MeasureFactory,
    MilestoneFactory,
    ProjectPlanFactory,
    StakeholderFactory,
    TaskFactory,
    WorkshopFactory,
)

ANSWERS = {
    "result": "Alle Termine des Bürgerbüros sind online buchbar.",
    "target_group": "Berufstätige",
    "responsible": "Fachbereich Bürgerdienste",
    "resources_financial": "8.000 € im Jahr",
    "resources_personnel": "",
    "resources_organisational": "",
}


def url(name, measure, *args):
    return reverse(f"measures:{name}", args=[measure.workshop_id, measure.pk, *args])


@pytest.fixture
def measure(workshop):
    return MeasureFactory(action_field__workshop=workshop, title="Online-Terminvergabe")


def test_plan_page_shows_the_seven_questions_in_order(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert "Online-Terminvergabe" in page
    headings = [
        'id="ergebnis-heading"',
        'id="zielgruppe-heading"',
        'id="beteiligte-heading"',
        'id="verantwortlich-heading"',
        'id="ressourcen-heading"',
        'id="aufgaben-heading"',
        'id="meilensteine-heading"',
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Was soll das Ergebnis des Projektes sein?" in page
    assert "0 von 7 Kernfragen beantwortet" in page


def test_opening_a_plan_does_not_create_it(facilitator_client, measure, htmx):
    facilitator_client.get(url("plan_detail", measure))
    facilitator_client.get(url("plan_detail", measure), {"region": "progress"}, **htmx)
    facilitator_client.get(url("plan_detail", measure), {"stakeholder": "1"}, **htmx)
    assert not ProjectPlan.objects.exists()


def test_plan_page_shows_saved_rows_and_answers(facilitator_client, measure):
    plan = ProjectPlanFactory(measure=measure, result="Termine online")
    StakeholderFactory(plan=plan, name="Personalrat", role="Mitbestimmung", influence="high")
    TaskFactory(plan=plan, title="Anbieter vergleichen")
    MilestoneFactory(plan=plan, title="Start", due="2027-03-01")
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    for text in ["Termine online", "Personalrat", "Mitbestimmung", "Anbieter vergleichen"]:
        assert text in page
    assert "1. März 2027" in page
    assert 'datetime="2027-03-01"' in page
    assert "4 von 7 Kernfragen beantwortet" in page


def test_milestones_are_shown_sorted_by_date(facilitator_client, measure):
    plan = ProjectPlanFactory(measure=measure)
    MilestoneFactory(plan=plan, title="Später", due="2028-01-15", position=1)
    MilestoneFactory(plan=plan, title="Früher", due="2026-12-01", position=2)
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert page.index("1. Dezember 2026") < page.index("15. Januar 2028")
    assert page.index("Früher") < page.index("Später")


def test_plan_page_query_count_does_not_grow_with_rows(
    facilitator_client, measure, django_assert_max_num_queries
):
    plan = ProjectPlanFactory(measure=measure)
    StakeholderFactory(plan=plan)
    TaskFactory(plan=plan)
    MilestoneFactory(plan=plan)
    facilitator_client.get(url("plan_detail", measure))
    with django_assert_max_num_queries(40) as few:
        facilitator_client.get(url("plan_detail", measure))
    for _ in range(10):
        StakeholderFactory(plan=plan)
        TaskFactory(plan=plan)
        MilestoneFactory(plan=plan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        facilitator_client.get(url("plan_detail", measure))


def test_first_save_creates_the_plan(facilitator_client, measure, htmx):
    response = facilitator_client.post(url("plan_save", measure), ANSWERS, **htmx)
    assert response.status_code == 200
    plan = ProjectPlan.objects.get(measure=measure)
    assert plan.result == ANSWERS["result"]
    assert plan.resources_financial == "8.000 € im Jahr"


def test_saving_answers_with_htmx_swaps_both_answer_regions(facilitator_client, measure, htmx):
    response = facilitator_client.post(url("plan_save", measure), ANSWERS, **htmx)
    page = response.content.decode()
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    assert "<html" not in page
    assert '<form id="plan-answers"' in page
    assert 'id="plan-answers-bottom" data-hx-swap-oob="true"' in page
    assert "Gespeichert" in page
    # The rows are not part of the answer regions, so nothing typed there is replaced.
    assert 'id="beteiligte"' not in page
    assert 'id="aufgaben"' not in page


def test_answer_fields_outside_the_form_belong_to_it(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    bottom = page[page.index('id="plan-answers-bottom"') :]
    assert 'name="responsible"' in bottom
    assert 'form="plan-answers"' in bottom[: bottom.index('name="responsible"') + 200]
    assert '<button type="submit" form="plan-answers"' in bottom


def test_saving_answers_without_htmx_redirects_to_the_plan(facilitator_client, measure):
    response = facilitator_client.post(url("plan_save", measure), ANSWERS)
    assert response.status_code == 302
    assert response.url == url("plan_detail", measure)


def test_saving_answers_keeps_the_rows(facilitator_client, measure):
    plan = ProjectPlanFactory(measure=measure)
    StakeholderFactory(plan=plan)
    answers = {**ANSWERS, "version": _version(plan)}
    facilitator_client.post(url("plan_save", measure), answers)
    assert plan.stakeholders.count() == 1


def test_over_long_answer_is_rejected_without_losing_any_text(facilitator_client, measure, htmx):
    ProjectPlanFactory(measure=measure, result="Alt")
    answers = {**ANSWERS, "result": "x" * 5001, "responsible": "Frau Becker"}
    response = facilitator_client.post(url("plan_save", measure), answers, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 5000 Zeichen" in page
    assert "x" * 5001 in page
    assert "Frau Becker" in page  # typed in the other region, returned with it
    assert 'data-hx-swap-oob="true"' in page
    assert ProjectPlan.objects.get(measure=measure).result == "Alt"


def test_answers_changed_in_the_meantime_are_not_overwritten(facilitator_client, measure, htmx):
    plan = ProjectPlanFactory(measure=measure, result="Erste Fassung")
    version = _version(plan)
    ProjectPlan.objects.filter(pk=plan.pk).update(result="Fassung von Kollegin")
    answers = {**ANSWERS, "result": "Meine Fassung", "version": version}
    response = facilitator_client.post(url("plan_save", measure), answers, **htmx)
    page = response.content.decode()
    assert "inzwischen geändert" in page
    assert "Meine Fassung" in page
    plan.refresh_from_db()
    assert plan.result == "Fassung von Kollegin"
    assert f'value="{_version(plan)}"' in page  # saving again overwrites on purpose


def test_first_save_after_rows_were_added_is_no_conflict(facilitator_client, measure, htmx):
    version = _version(ProjectPlan(measure=measure))
    facilitator_client.post(
        url("stakeholder_add", measure),
        {"stakeholder-name": "Rat", "stakeholder-influence": "high", "stakeholder-interest": "low"},
    )
    facilitator_client.post(url("plan_save", measure), {**ANSWERS, "version": version}, **htmx)
    assert ProjectPlan.objects.get(measure=measure).result == ANSWERS["result"]


def test_progress_region_answers_alone_for_htmx(facilitator_client, measure, htmx):
    ProjectPlanFactory(measure=measure, result="Ergebnis")
    response = facilitator_client.get(url("plan_detail", measure), {"region": "progress"}, **htmx)
    page = response.content.decode()
    assert page.strip().startswith('<nav id="plan-progress"')
    assert "1 von 7 Kernfragen beantwortet" in page


def test_saving_the_result_of_every_top_measure_completes_the_step(
    facilitator_client, measure, htmx
):
    facilitator_client.post(url("plan_save", measure), ANSWERS, **htmx)
    nav = facilitator_client.get(
        reverse("workshops:step_nav", args=[measure.workshop_id]), {"current": "planning"}
    ).content.decode()
    planning = nav[nav.index("Vertiefung") :]
    assert "(abgeschlossen)" in planning[:200]


def test_measure_of_another_workshop_is_404(facilitator_client, workshop, kommune):
    foreign = MeasureFactory(action_field__workshop=WorkshopFactory(kommune=kommune))
    for name in ["plan_detail", "plan_save"]:
        path = reverse(f"measures:{name}", args=[workshop.pk, foreign.pk])
        method = facilitator_client.get if name == "plan_detail" else facilitator_client.post
        assert method(path, ANSWERS).status_code == 404
    assert not ProjectPlan.objects.exists()


def test_measure_of_another_kommune_is_404(facilitator_client, workshop):
    foreign = MeasureFactory()
    path = reverse("measures:plan_detail", args=[workshop.pk, foreign.pk])
    assert facilitator_client.get(path).status_code == 404


def test_viewer_reads_the_plan_without_forms_and_cannot_save(client, viewer, measure):
    plan = ProjectPlanFactory(measure=measure, result="Online buchbar")
    StakeholderFactory(plan=plan, name="Seniorenbeirat")
    client.force_login(viewer)
    page = client.get(url("plan_detail", measure)).content.decode()
    assert "Online buchbar" in page
    assert "Seniorenbeirat" in page
    assert "<textarea" not in page
    assert "<form" not in page.split('id="main"')[1]
    assert "Noch nicht beantwortet." in page
    assert client.post(url("plan_save", measure), ANSWERS).status_code == 403
    plan.refresh_from_db()
    assert plan.result == "Online buchbar"


def test_viewer_gets_no_inline_edit_form(client, viewer, measure, htmx):
    row = StakeholderFactory(plan=ProjectPlanFactory(measure=measure))
    client.force_login(viewer)
    page = client.get(url("plan_detail", measure), {"stakeholder": row.pk}, **htmx)
    assert "<form" not in page.content.decode()


@pytest.mark.parametrize(("method", "name"), [("get", "plan_detail"), ("post", "plan_save")])
def test_outsider_gets_404_for_the_plan(client, outsider, measure, method, name):
    client.force_login(outsider)
    response = getattr(client, method)(url(name, measure), ANSWERS)
    assert response.status_code == 404
    assert not ProjectPlan.objects.exists()


def _version(plan):
    return ProjectPlanForm(instance=plan).saved_version()
