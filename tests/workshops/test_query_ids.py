"""Ids in query strings: Unicode digits and huge numbers show the page, never a 500."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import ActionFieldFactory, ProjectPlanFactory
from workshops.process import query_id

# "²" and "①" pass `str.isdigit()` but not `int()`; the huge number is too big for a bigint.
ODD_IDS = ["²", "¹²", "①", "99999999999999999999", "-1", " 1", "1\n", "0x1", ""]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(v, None) for v in ODD_IDS] + [("7", 7), ("007", 7), ("999999999999999999", 10**18 - 1)],
)
def test_query_id_accepts_only_plain_ascii_ids_that_fit_a_bigint(value, expected):
    request = RequestFactory().get("/", {"key": value})
    assert query_id(request, "key") == expected


def test_query_id_without_the_key_is_none():
    assert query_id(RequestFactory().get("/"), "key") is None


def _urls(workshop):
    field = ActionFieldFactory(workshop=workshop)
    plan = ProjectPlanFactory(measure__action_field=field)
    vision = reverse("workshops:vision", args=[workshop.pk])
    fields = reverse("fields:field_list", args=[workshop.pk])
    measures = reverse("measures:measure_list", args=[workshop.pk])
    plan_url = reverse("measures:plan_detail", args=[workshop.pk, plan.measure.pk])
    return [
        (vision, "leitsatz", ""),
        (vision, "zielbild", ""),
        (fields, "field", ""),
        (measures, "field", ""),
        (measures, "goal", ""),
        (measures, "measure", ""),
        (measures, "focus_goal", f"&field={field.pk}"),
        (measures, "focus_measure", f"&field={field.pk}"),
        (plan_url, "stakeholder", ""),
        (plan_url, "task", ""),
        (plan_url, "milestone", ""),
    ]


@pytest.mark.parametrize("role", ["editor", "viewer"])
@pytest.mark.parametrize("as_htmx", [False, True])
def test_odd_ids_in_every_query_parameter_answer_200(
    client, request, workshop, role, as_htmx, htmx
):
    client.force_login(request.getfixturevalue(role))
    headers = htmx if as_htmx else {}
    failures = []
    for url, key, extra in _urls(workshop):
        for value in ["²", "¹²", "①", "99999999999999999999"]:
            response = client.get(f"{url}?{key}={value}{extra}", **headers)
            if response.status_code != 200:
                failures.append((url, key, value, response.status_code))
    assert failures == []
