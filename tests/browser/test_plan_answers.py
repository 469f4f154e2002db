"""The project plan's answers save themselves: on leaving the field and after a pause in typing."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from measures.models import ProjectPlan
from tests.factories import PASSWORD, MeasureFactory, MembershipFactory, UserFactory
from workshops.models import Workshop


@pytest.fixture
def demo_plan_url(catalogues, live_server):
    call_command("seed_demo", verbosity=0)
    workshop = Workshop.objects.get(title="Digitalstrategie 2030")
    measure = workshop.measures.get(rank=1)
    return measure, f"{live_server.url}/prozesse/{workshop.pk}/vertiefung/{measure.pk}/"


def _login(page, live_server, username="moderation", password="werkstatt-demo"):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def _is_clean(page, field_id):
    """What the unsaved-input guard in app.js sees: the field's value equals its default."""
    return page.evaluate(
        "(id) => { const f = document.getElementById(id); return f.value === f.defaultValue; }",
        field_id,
    )


def test_answers_save_on_leaving_the_field_and_after_a_pause(
    page, live_server, demo_plan_url, axe_violations
):
    measure, plan_url = demo_plan_url
    _login(page, live_server)
    page.goto(plan_url)
    expect(
        page.get_by_text("Ihre Antworten werden beim Schreiben automatisch gespeichert.")
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Speichern"))).to_have_count(0)

    result = page.get_by_label("Was soll das Ergebnis des Projektes sein?")
    result.fill("")
    result.press_sequentially("Alle Leistungen online.")
    page.keyboard.press("Tab")
    expect(page.locator("#answer-result-state")).to_have_text(re.compile(r"Gespeichert \d\d:\d\d"))
    assert _is_clean(page, "id_result")
    assert axe_violations(page) == []

    # Typing and pausing, without leaving the field, saves too.
    target_group = page.get_by_label("Wer ist die Zielgruppe?")
    target_group.click()
    page.keyboard.press("End")
    page.keyboard.type(" Auch Pendler.")
    expect(page.locator("#answer-target_group-state")).to_contain_text("Gespeichert", timeout=5000)
    expect(target_group).to_be_focused()
    assert _is_clean(page, "id_target_group")
    plan = ProjectPlan.objects.get(measure=measure)
    assert plan.result == "Alle Leistungen online."
    assert plan.target_group.endswith(" Auch Pendler.")

    page.reload()
    expect(result).to_have_value("Alle Leistungen online.")
    expect(target_group).to_have_value(re.compile(r" Auch Pendler\.$"))


def test_an_answer_changed_meanwhile_shows_both_versions_and_keeps_the_typing(
    page, live_server, demo_plan_url, axe_violations
):
    measure, plan_url = demo_plan_url
    _login(page, live_server)
    page.goto(plan_url)
    ProjectPlan.objects.filter(measure=measure).update(responsible="Fassung der Kollegin")
    responsible = page.get_by_label("Wer macht das Projekt?")
    responsible.fill("Meine Fassung")
    page.keyboard.press("Tab")
    answer = page.locator("#answer-responsible")
    expect(answer.get_by_role("alert")).to_contain_text("inzwischen geändert")
    expect(answer.locator(".conflict del")).to_contain_text("der Kollegin")
    expect(page.locator("#id_responsible")).to_have_value("Meine Fassung")
    assert not _is_clean(page, "id_responsible")  # not saved: leaving the page would warn
    assert ProjectPlan.objects.get(measure=measure).responsible == "Fassung der Kollegin"
    assert axe_violations(page) == []

    # Keeping one's own version needs no edit: the answer's button shows after an error.
    answer.get_by_role("button", name=re.compile("^Speichern")).click()
    expect(answer.locator("#answer-responsible-state")).to_contain_text("Gespeichert")
    expect(answer.get_by_role("alert")).to_have_count(0)
    expect(answer.locator(".conflict")).to_have_count(0)
    expect(answer.get_by_role("button", name=re.compile("^Speichern"))).to_be_hidden()
    assert _is_clean(page, "id_responsible")
    assert ProjectPlan.objects.get(measure=measure).responsible == "Meine Fassung"


def test_an_answer_that_does_not_arrive_says_so_and_can_be_sent_again(
    page, live_server, demo_plan_url
):
    measure, plan_url = demo_plan_url
    _login(page, live_server)
    page.goto(plan_url)
    answers = re.compile(r".*/antworten/.*")
    page.route(answers, lambda route: route.abort())  # the Wi-Fi is gone
    page.get_by_label("Wer ist die Zielgruppe?").fill("Ohne Netz geschrieben")
    page.keyboard.press("Tab")
    answer = page.locator("#answer-target_group")
    expect(answer.locator("#answer-target_group-state")).to_have_text("Noch nicht gespeichert.")
    assert not _is_clean(page, "id_target_group")
    page.unroute(answers)
    answer.get_by_role("button", name=re.compile("^Speichern")).click()
    expect(answer.locator("#answer-target_group-state")).to_contain_text("Gespeichert ")
    expect(answer.get_by_role("button", name=re.compile("^Speichern"))).to_be_hidden()
    assert _is_clean(page, "id_target_group")
    assert ProjectPlan.objects.get(measure=measure).target_group == "Ohne Netz geschrieben"


@pytest.fixture
def nojs_page(browser, live_server, transactional_db):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_each_answer_has_its_own_save_button(nojs_page, live_server):
    page = nojs_page
    measure = MeasureFactory(title="Ohne Skript geplant")
    MembershipFactory(user=UserFactory(username="ohnejs"), kommune=measure.workshop.kommune)
    _login(page, live_server, "ohnejs", PASSWORD)
    page.goto(f"{live_server.url}/prozesse/{measure.workshop_id}/vertiefung/{measure.pk}/")
    expect(page.get_by_text("Speichern Sie jede Antwort mit ihrem eigenen Knopf")).to_be_visible()
    page.get_by_label("Wer ist die Zielgruppe?").fill("Berufstätige")
    page.locator("#answer-target_group").get_by_role(
        "button", name=re.compile("^Speichern")
    ).click()
    expect(page.get_by_role("status").filter(has_text="Antwort gespeichert.")).to_be_visible()
    expect(page.get_by_label("Wer ist die Zielgruppe?")).to_have_value("Berufstätige")
    assert page.url.endswith("#zielgruppe")
    plan = ProjectPlan.objects.get(measure=measure)
    assert (plan.target_group, plan.result) == ("Berufstätige", "")
