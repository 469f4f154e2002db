"""Failures answer in German and say how to go on; htmx requests never get the login page."""

import logging

import pytest
from django.shortcuts import redirect
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views.defaults import server_error


def _broken_view(request):
    raise RuntimeError("a bug")


def _moving_view(request):
    return redirect("/anderswo/")


# This module doubles as the URL configuration of the 500 test: the project's URLs plus two.
urlpatterns = [
    path("kaputt/", _broken_view),
    path("umzug/", _moving_view),
    path("", include("strategy_workshop.urls")),
]


@pytest.mark.urls("tests.workshops.test_error_pages")
def test_a_failing_view_answers_with_the_german_500_page(client, caplog):
    client.raise_request_exception = False
    response = client.get("/kaputt/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "Ein Fehler ist aufgetreten" in page
    assert "Zurück-Funktion Ihres Browsers" in page
    assert "Server Error (500)" not in page
    # The failure itself is logged; the check for logged errors must not count this intended one.
    assert any(r.levelno == logging.ERROR and "kaputt" in r.getMessage() for r in caplog.records)
    caplog.clear()


def test_the_500_page_renders_without_request_context_or_database():
    # No database fixture: pytest-django fails any query this makes.
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in page
    assert "/static/" not in page  # nothing it needs can be missing


def test_a_csrf_failure_explains_the_expired_session_in_german(facilitator, workshop):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    response = client.post(reverse("workshops:vision_save", args=[workshop.pk]), {"vision": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ihre Sitzung ist abgelaufen" in page
    assert "Laden Sie die Seite neu" in page
    assert reverse("login") in page
    assert "CSRF verification failed" not in page
    assert response["X-Session-Expired"] == "true"
    workshop.refresh_from_db()
    assert workshop.vision != "x"


def test_an_htmx_save_from_a_logged_out_session_gets_401_and_no_login_page(workshop, htmx, client):
    response = client.post(
        reverse("workshops:vision_save", args=[workshop.pk]), {"vision": "Text"}, **htmx
    )
    assert response.status_code == 401
    assert response["HX-Reswap"] == "none"
    assert response["X-Session-Expired"] == "true"
    assert b"Passwort" not in response.content


def test_a_boosted_page_load_from_a_logged_out_session_loads_the_login_page(workshop, client):
    url = reverse("workshops:vision", args=[workshop.pk])
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={url}"


def test_a_plain_request_from_a_logged_out_session_still_redirects_to_login(workshop, client):
    url = reverse("workshops:vision", args=[workshop.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.urls("tests.workshops.test_error_pages")
def test_other_htmx_redirects_are_left_alone(client, htmx):
    response = client.get("/umzug/", **htmx)
    assert response.status_code == 302
    assert response["Location"] == "/anderswo/"


# `make run` runs with DEBUG on: a 404 shows the product's German page there too, not Django's
# technical page with the list of every URL, unless that is asked for (DJANGO_TECHNICAL_404=1).
TECHNICAL_404_MARK = "Using the URLconf"


def _assert_german_404(response):
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "Seite nicht gefunden" in page
    assert TECHNICAL_404_MARK not in page
    assert "[name=" not in page  # no URL pattern is listed


def test_an_unknown_address_shows_the_german_404_page_with_debug_on(client, db, settings):
    settings.DEBUG = True
    _assert_german_404(client.get("/gibt-es-nicht/"))


def test_a_view_raising_404_shows_the_german_404_page_with_debug_on(facilitator_client, settings):
    settings.DEBUG = True
    _assert_german_404(facilitator_client.get(reverse("workshops:vision", args=[999999])))


def test_the_technical_404_page_appears_only_when_asked_for(facilitator_client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_404 = True
    for url in ("/gibt-es-nicht/", reverse("workshops:vision", args=[999999])):
        response = facilitator_client.get(url)
        assert response.status_code == 404
        assert TECHNICAL_404_MARK in response.content.decode()


def test_with_debug_on_a_missing_slash_still_redirects(client, db, settings):
    settings.DEBUG = True
    response = client.get("/anmelden")
    assert response.status_code == 301
    assert response["Location"] == "/anmelden/"


def test_with_debug_on_an_unknown_join_code_keeps_its_own_page(client, db, settings):
    settings.DEBUG = True
    response = client.post(reverse("live:join_code"), {"code": "ZZZZZZ"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Mit diesem Code läuft keine Sitzung." in page
    assert "Seite nicht gefunden" not in page


def test_with_debug_on_an_htmx_request_for_a_missing_object_gets_the_notice(
    facilitator_client, htmx, settings
):
    settings.DEBUG = True
    response = facilitator_client.get(reverse("workshops:vision", args=[999999]), **htmx)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#flash"
    assert "Seite nicht gefunden" not in response.content.decode()
