"""Views of the project itself, outside the apps."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """The load balancer's health check: the process answers. No database, no template, no login,
    so it stays cheap and also serves as the "hello world" the live benchmark compares with."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
