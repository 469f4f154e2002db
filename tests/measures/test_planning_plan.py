"""The project plan page of one measure and its text answers (questions 1, 2, 4 and 5).

Each answer is a form of its own that saves itself (htmx) or with its own button (no JS).
"""

import json
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from measures.models import ProjectPlan
from measures.plan_forms import answer_form
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


# --- Each answer saves itself ---------------------------------------------------------------


def test_each_answer_is_a_form_of_its_own_with_its_own_button(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    for name in ANSWERS:
        action = url("plan_answer", measure, name)
        assert f'<form id="answer-{name}"' in page
        assert f'action="{action}"' in page
        assert f'data-hx-post="{action}"' in page
    assert page.count("data-autosave") == len(ANSWERS)
    assert 'data-hx-trigger="change, input changed delay:' in page
    # Without JavaScript each answer has its own button; with it, the answers save themselves.
    assert page.count('class="kern-btn kern-btn--secondary kern-btn--small nojs-only"') == 6
    assert "Antworten speichern" not in page
    assert 'form="plan-answers"' not in page
    assert "automatisch gespeichert" in page
    assert "werden gemeinsam mit der Schaltfläche" not in page  # the old explanatory note


def test_result_is_marked_as_needed_for_the_step_not_as_optional(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    label = page[page.index('<label class="kern-label" for="id_result"') :]
    label = label[: label.index("</label>")]
    assert "Was soll das Ergebnis des Projektes sein?" in label
    assert "Pflichtangabe für diesen Schritt" in label
    assert "optional" not in label
    assert "Eine Maßnahme gilt als geplant, sobald ihr Ergebnis beschrieben ist." in page
    assert 'class="kern-label__optional"' not in label
    target_group = page[page.index('for="id_target_group"') :]
    assert "optional" in target_group[: target_group.index("</label>")]


def test_first_answer_creates_the_plan_with_only_that_answer(facilitator_client, measure, htmx):
    response = facilitator_client.post(
        url("plan_answer", measure, "target_group"), answer("target_group", measure), **htmx
    )
    assert response.status_code == 200
    plan = ProjectPlan.objects.get(measure=measure)
    assert plan.target_group == "Berufstätige"
    assert plan.result == ""


def test_saving_one_answer_changes_only_its_column(facilitator_client, measure, htmx):
    plan = ProjectPlanFactory(measure=measure, **ANSWERS)
    data = answer("responsible", measure, "Frau Becker, Bürgerdienste")
    # Someone else changes another answer after this page was shown: it is kept.
    ProjectPlan.objects.filter(pk=plan.pk).update(result="Fassung der Kollegin")
    facilitator_client.post(url("plan_answer", measure, "responsible"), data, **htmx)
    plan.refresh_from_db()
    assert plan.responsible == "Frau Becker, Bürgerdienste"
    assert plan.result == "Fassung der Kollegin"
    assert plan.target_group == ANSWERS["target_group"]
    assert plan.resources_financial == ANSWERS["resources_financial"]


def test_htmx_answer_response_is_only_the_status_and_new_fingerprint(
    facilitator_client, measure, htmx
):
    response = facilitator_client.post(
        url("plan_answer", measure, "result"), answer("result", measure), **htmx
    )
    page = response.content.decode()
    plan = ProjectPlan.objects.get(measure=measure)
    # Nothing the user may still be typing in is replaced: no field, only status and version.
    assert "<textarea" not in page
    assert "<form" not in page
    assert "<html" not in page
    assert f'value="{version("result", plan)}"' in page
    assert 'id="id_result_version"' in page
    assert re.search(r"Gespeichert \d\d:\d\d", page)
    assert "HX-Retarget" not in response.headers


def test_answer_saved_with_the_returned_fingerprint_is_no_conflict(
    facilitator_client, measure, htmx
):
    first = facilitator_client.post(
        url("plan_answer", measure, "result"), answer("result", measure, "Erste Fassung"), **htmx
    )
    returned = re.search(r'name="version" value="([0-9a-f]+)"', first.content.decode()).group(1)
    second = facilitator_client.post(
        url("plan_answer", measure, "result"),
        {"result": "Zweite Fassung", "version": returned},
        **htmx,
    )
    assert "inzwischen geändert" not in second.content.decode()
    assert ProjectPlan.objects.get(measure=measure).result == "Zweite Fassung"


def test_stale_fingerprint_conflicts_only_for_that_answer(facilitator_client, measure, htmx):
    plan = ProjectPlanFactory(measure=measure, result="Erste Fassung", target_group="Alle")
    shown = {name: answer(name, measure)["version"] for name in ("result", "target_group")}
    ProjectPlan.objects.filter(pk=plan.pk).update(result="Fassung von Kollegin")

    response = facilitator_client.post(
        url("plan_answer", measure, "result"),
        {"result": "Meine Fassung", "version": shown["result"]},
        **htmx,
    )
    page = response.content.decode()
    assert response.headers["HX-Retarget"] == "#answer-result"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert page.strip().startswith('<form id="answer-result"')
    assert "inzwischen geändert" in page
    assert 'class="conflict"' in page  # the colleague's text beside the user's own
    assert re.search(r"<del>.*?Kollegin.*?</del>", page, re.S)
    assert re.search(r"<textarea[^>]*>\s*Meine Fassung</textarea>", page)
    plan.refresh_from_db()
    assert plan.result == "Fassung von Kollegin"
    assert f'value="{version("result", plan)}"' in page  # saving again overwrites on purpose

    # The other answer, shown at the same time, is not affected.
    other = facilitator_client.post(
        url("plan_answer", measure, "target_group"),
        {"target_group": "Berufstätige", "version": shown["target_group"]},
        **htmx,
    )
    assert "inzwischen geändert" not in other.content.decode()
    plan.refresh_from_db()
    assert (plan.result, plan.target_group) == ("Fassung von Kollegin", "Berufstätige")


def test_saving_after_an_error_returns_the_whole_answer_without_the_error(
    facilitator_client, measure, htmx
):
    plan = ProjectPlanFactory(measure=measure, result="Erste Fassung")
    stale = answer("result", measure)["version"]
    ProjectPlan.objects.filter(pk=plan.pk).update(result="Fassung von Kollegin")
    refused = facilitator_client.post(
        url("plan_answer", measure, "result"), {"result": "Meine", "version": stale}, **htmx
    ).content.decode()
    assert 'name="errors_shown"' in refused
    # With an error shown, the answer's button shows with JavaScript too.
    assert 'class="kern-btn kern-btn--secondary kern-btn--small">' in refused
    current = re.search(r'name="version" value="([0-9a-f]+)"', refused).group(1)
    response = facilitator_client.post(
        url("plan_answer", measure, "result"),
        {"result": "Meine", "version": current, "errors_shown": "1"},
        **htmx,
    )
    page = response.content.decode()
    assert response.headers["HX-Retarget"] == "#answer-result"
    assert page.strip().startswith('<form id="answer-result"')
    assert "inzwischen geändert" not in page
    assert 'name="errors_shown"' not in page
    assert "nojs-only" in page
    assert re.search(r"Gespeichert \d\d:\d\d", page)
    assert ProjectPlan.objects.get(measure=measure).result == "Meine"


def test_answer_without_javascript_redirects_to_it_and_is_stored(facilitator_client, measure):
    response = facilitator_client.post(
        url("plan_answer", measure, "target_group"), answer("target_group", measure)
    )
    assert response.status_code == 302
    assert response.url == url("plan_detail", measure) + "#zielgruppe"
    assert ProjectPlan.objects.get(measure=measure).target_group == "Berufstätige"
    page = facilitator_client.get(response.url).content.decode()
    assert "Antwort gespeichert." in page
    assert "Berufstätige" in page


def test_bad_answer_without_javascript_shows_the_page_with_the_error(facilitator_client, measure):
    ProjectPlanFactory(measure=measure, result="Alt", target_group="Senioren")
    response = facilitator_client.post(
        url("plan_answer", measure, "result"),
        {"result": "x" * 5001, "version": answer("result", measure)["version"]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert "höchstens 5000 Zeichen" in page
    assert "x" * 5001 in page
    assert "Senioren" in page  # the other answers are shown as saved
    assert ProjectPlan.objects.get(measure=measure).result == "Alt"


def test_over_long_answer_comes_back_whole_with_the_error_and_the_text(
    facilitator_client, measure, htmx
):
    ProjectPlanFactory(measure=measure, result="Alt")
    data = {"result": "x" * 5001, "version": answer("result", measure)["version"]}
    response = facilitator_client.post(url("plan_answer", measure, "result"), data, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#answer-result"
    assert "höchstens 5000 Zeichen" in page
    assert 'id="id_result-error"' in page
    assert 'aria-invalid="true"' in page
    assert "x" * 5001 in page
    assert ProjectPlan.objects.get(measure=measure).result == "Alt"


def test_unknown_answer_is_404(facilitator_client, measure):
    response = facilitator_client.post(url("plan_answer", measure, "measure"), {"measure": "1"})
    assert response.status_code == 404
    assert not ProjectPlan.objects.exists()


def test_answering_a_question_announces_the_change_editing_it_does_not(
    facilitator_client, measure, htmx
):
    first = facilitator_client.post(
        url("plan_answer", measure, "result"), answer("result", measure, "Erste"), **htmx
    )
    assert "workshopChanged" in json.loads(first.headers["HX-Trigger"])
    edit = facilitator_client.post(
        url("plan_answer", measure, "result"), answer("result", measure, "Zweite"), **htmx
    )
    assert "HX-Trigger" not in edit.headers  # progress and steps stay as they are
    emptied = facilitator_client.post(
        url("plan_answer", measure, "result"), answer("result", measure, "  "), **htmx
    )
    assert "workshopChanged" in json.loads(emptied.headers["HX-Trigger"])


def test_first_answer_after_rows_were_added_is_no_conflict(facilitator_client, measure, htmx):
    shown = answer("result", measure)
    facilitator_client.post(
        url("stakeholder_add", measure),
        {"stakeholder-name": "Rat", "stakeholder-influence": "high", "stakeholder-interest": "low"},
    )
    facilitator_client.post(url("plan_answer", measure, "result"), shown, **htmx)
    assert ProjectPlan.objects.get(measure=measure).result == ANSWERS["result"]


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_different_answers_at_once_both_persist(
    workshop, facilitator, editor, database_vendor
):
    results = []
    for attempt in range(5):
        # A fresh measure each time, so that both first answers also race to create the plan.
        measure = MeasureFactory(action_field__workshop=workshop, title=f"Maßnahme {attempt}")
        shown = {name: answer(name, measure)["version"] for name in ("result", "target_group")}
        barrier = threading.Barrier(2)
        statuses = {}

        def save(
            user, name, text, measure=measure, shown=shown, barrier=barrier, statuses=statuses
        ):
            client = Client(raise_request_exception=True)
            client.force_login(user)
            try:
                barrier.wait(timeout=10)
                response = client.post(
                    url("plan_answer", measure, name),
                    {name: text, "version": shown[name]},
                    HTTP_HX_REQUEST="true",
                )
                statuses[name] = (response.status_code, "inzwischen" in response.content.decode())
            finally:
                connection.close()

        threads = [
            threading.Thread(target=save, args=(facilitator, "result", f"Ergebnis {attempt}")),
            threading.Thread(target=save, args=(editor, "target_group", f"Zielgruppe {attempt}")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        plan = ProjectPlan.objects.get(measure=measure)
        results.append((statuses, plan.result, plan.target_group))
    assert results == [
        (
            {"result": (200, False), "target_group": (200, False)},
            f"Ergebnis {attempt}",
            f"Zielgruppe {attempt}",
        )
        for attempt in range(5)
    ]


def test_progress_region_answers_alone_for_htmx(facilitator_client, measure, htmx):
    ProjectPlanFactory(measure=measure, result="Ergebnis")
    response = facilitator_client.get(url("plan_detail", measure), {"region": "progress"}, **htmx)
    page = response.content.decode()
    assert page.strip().startswith('<nav id="plan-progress"')
    assert "1 von 7 Kernfragen beantwortet" in page


def test_saving_the_result_of_every_top_measure_completes_the_step(
    facilitator_client, measure, htmx
):
    facilitator_client.post(
        url("plan_answer", measure, "result"), answer("result", measure), **htmx
    )
    nav = facilitator_client.get(
        reverse("workshops:step_nav", args=[measure.workshop_id]), {"current": "planning"}
    ).content.decode()
    planning = nav[nav.index("Vertiefung") :]
    assert "(abgeschlossen)" in planning[:200]


def test_measure_of_another_workshop_is_404(facilitator_client, workshop, kommune):
    foreign = MeasureFactory(action_field__workshop=WorkshopFactory(kommune=kommune))
    path = reverse("measures:plan_detail", args=[workshop.pk, foreign.pk])
    assert facilitator_client.get(path).status_code == 404
    path = reverse("measures:plan_answer", args=[workshop.pk, foreign.pk, "result"])
    assert facilitator_client.post(path, {"result": "Fremd"}).status_code == 404
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
    assert "automatisch gespeichert" not in page
    for name in ANSWERS:
        response = client.post(url("plan_answer", measure, name), {name: "Vom Lesezugang"})
        assert response.status_code == 403, name
    plan.refresh_from_db()
    assert plan.result == "Online buchbar"
    assert plan.target_group == ""


def test_viewer_gets_no_inline_edit_form(client, viewer, measure, htmx):
    row = StakeholderFactory(plan=ProjectPlanFactory(measure=measure))
    client.force_login(viewer)
    page = client.get(url("plan_detail", measure), {"stakeholder": row.pk}, **htmx)
    assert "<form" not in page.content.decode()


def test_outsider_gets_404_for_the_plan_and_every_answer(client, outsider, measure):
    client.force_login(outsider)
    assert client.get(url("plan_detail", measure)).status_code == 404
    for name in ANSWERS:
        assert client.post(url("plan_answer", measure, name), {name: "x"}).status_code == 404
    assert not ProjectPlan.objects.exists()


def version(name, plan):
    """The fingerprint of answer `name` as the page shows it for `plan`."""
    return answer_form(name, instance=plan).saved_version()


def answer(name, measure, text=None):
    """What the answer form `name` posts: its text and the fingerprint the page shows now."""
    plan = ProjectPlan.objects.filter(measure=measure).first() or ProjectPlan(measure=measure)
    return {name: ANSWERS[name] if text is None else text, "version": version(name, plan)}
