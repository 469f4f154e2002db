"""Error pages that tell people in German what happened and how to go on.

The 500 page is `templates/500.html`, rendered by Django's own `server_error` without a request
context (the database may be what failed); the CSRF failure view below is set as
`CSRF_FAILURE_VIEW`.
"""

from urllib.parse import urlsplit

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .process import wants_partial

# Tells static/js/app.js that a refused htmx request needs a fresh login or page, not other rights.
SESSION_EXPIRED_HEADER = "X-Session-Expired"


def csrf_failure(request, reason=""):
    """A form whose security token no longer matches: the session or the page has expired.

    Mostly the person was logged out meanwhile, or logged in again in another tab; the page says
    how to continue without losing what they typed. htmx requests get the same 403 with a header,
    and the script shows the message beside the form instead of this page.
    """
    response = render(
        request,
        "403_csrf.html",
        {"cookie_missing": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
    response[SESSION_EXPIRED_HEADER] = "true"
    return response


def _same_site_path(request, url) -> str:
    """`url` as a path with query on this site; the request's own path for anything else.

    The htmx `HX-Current-URL` header is sent by the client: `javascript:` or another site's
    address must never become a link.
    """
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(url)
        if parts.path.startswith("/") and not parts.path.startswith(("//", "/\\")):
            return f"{parts.path}?{parts.query}" if parts.query else parts.path
    return request.path


def page_not_found(request, exception):
    """German 404; for htmx requests a notice swapped into the message area instead."""
    if hasattr(request, "htmx") and wants_partial(request):
        reload_url = _same_site_path(request, request.htmx.current_url)
        response = render(request, "partials/gone.html", {"reload_url": reload_url}, status=404)
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "404.html", status=404)
