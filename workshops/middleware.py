"""Answers requests that fail before a view could answer them itself.

A logged-out session must not swap the login page into a region, and a 404 must become the
German page (or, for htmx, the "no longer exists" notice) also with DEBUG on (`make run`), where
Django would otherwise answer with its technical 404 page instead of calling `handler404`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url

from .errors import SESSION_EXPIRED_HEADER, page_not_found
from .process import wants_partial


class HtmxFailureMiddleware:
    """`login_required` redirects to the login page, and htmx would follow the redirect and put
    the whole login page into the region that sent the request. A 404 raised for an htmx
    request becomes the notice of `page_not_found` (see the module docstring).

    A boosted page load becomes a real page load of the login page (nothing typed is on the
    way: the script asked before leaving a page with unsaved input). Every other htmx request
    gets 401 and no swap, so the input stays on screen and the script says to log in again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code != 302:
            return response
        location = response["Location"]
        if urlsplit(location).path != resolve_url(settings.LOGIN_URL):
            return response
        if request.method == "GET" and request.headers.get("HX-Boosted") == "true":
            return HttpResponse(headers={"HX-Redirect": location})
        return HttpResponse(
            status=401, headers={"HX-Reswap": "none", SESSION_EXPIRED_HEADER: "true"}
        )

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and wants_partial(request):
            return page_not_found(request, exception)
        return None


def _german_404_replaces_technical() -> bool:
    return settings.DEBUG and not settings.TECHNICAL_404


class NotFoundPageMiddleware:
    """With DEBUG on, a 404 answers with `page_not_found` as in production, not with Django's
    English technical page that lists every URL; `TECHNICAL_404` (DJANGO_TECHNICAL_404=1)
    brings that page back. Other errors keep DEBUG's tracebacks.

    A view raising Http404 is caught here. An address that matches no URL never reaches a view
    (no `resolver_match`), so its technical answer is replaced. A view that answers 404 with a
    page of its own (an unknown join code) is left alone, and `CommonMiddleware`, further out,
    still redirects an address without its final slash.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.resolver_match is None
            and _german_404_replaces_technical()
        ):
            return page_not_found(request, None)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and _german_404_replaces_technical():
            return page_not_found(request, exception)
        return None
