"""The "no longer exists" notice links only within the site; refusals log one line."""

import logging

import pytest
from django.urls import reverse

from tests.factories import LeitsatzFactory


def gone_notice(client, workshop, current_url):
    """An htmx request for a deleted Leitsatz, sent from the page `current_url`."""
    url = reverse("workshops:leitsatz_update", args=[workshop.pk, 999999])
    headers = {"HTTP_HX_REQUEST": "true"}
    if current_url is not None:
        headers["HTTP_HX_CURRENT_URL"] = current_url
    response = client.post(url, {}, **headers)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#flash"
    return response.content.decode(), url


@pytest.mark.parametrize(
    "current_url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "https://evil.example/x",
        "//evil.example/x",
        "http://testserver//evil.example/x",
        "data:text/html,<script>alert(1)</script>",
        None,
    ],
)
def test_gone_notice_links_to_the_request_path_when_the_current_url_is_not_ours(
    facilitator_client, workshop, current_url
):
    page, url = gone_notice(facilitator_client, workshop, current_url)
    assert f'href="{url}"' in page
    assert "javascript" not in page.lower()
    assert "evil.example" not in page


@pytest.mark.parametrize(
    ("current_url", "expected"),
    [
        ("http://testserver/prozesse/1/vision/?leitsatz=3", "/prozesse/1/vision/?leitsatz=3"),
        ("/prozesse/1/vision/", "/prozesse/1/vision/"),
    ],
)
def test_gone_notice_links_back_to_the_page_it_was_shown_on(
    facilitator_client, workshop, current_url, expected
):
    page, _url = gone_notice(facilitator_client, workshop, current_url)
    assert f'href="{expected}"' in page


def test_a_refused_request_logs_one_warning_without_traceback(client, viewer, workshop, caplog):
    leitsatz = LeitsatzFactory(workshop=workshop)
    client.force_login(viewer)
    url = reverse("workshops:leitsatz_delete", args=[workshop.pk, leitsatz.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(url)
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", f"Forbidden (Permission denied): {url}")
    ]
    assert all(r.exc_info is None and r.exc_text is None for r in records)
    formatted = logging.Formatter().format(records[0])
    assert "Traceback" not in formatted


def test_a_server_error_still_logs_its_traceback(caplog):
    """The filter only shortens client errors: a 500 keeps everything needed to fix it."""
    from strategy_workshop.logging import ClientErrorsWithoutTraceback

    try:
        raise RuntimeError("kaputt")
    except RuntimeError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), exc_info)
    record.status_code = 500
    assert ClientErrorsWithoutTraceback().filter(record) is True
    assert record.exc_info is exc_info


def test_a_deleted_row_gives_the_german_notice_for_htmx_also_with_debug_on(
    client, facilitator, workshop, settings, htmx
):
    # With DEBUG on (make run) Django answers a 404 with its technical page and never calls
    # handler404; the middleware answers htmx requests with the notice all the same.
    settings.DEBUG = True
    client.force_login(facilitator)
    response = client.post(f"/prozesse/{workshop.pk}/leitsaetze/999999/", **htmx)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#flash"
    assert "gibt es nicht mehr" in response.content.decode()
