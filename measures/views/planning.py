from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from workshops import permissions
from workshops.process import render_step


@login_required
@require_GET
def planning(request, pk):
    workshop = permissions.get_workshop(request.user, pk)
    return render_step(request, "measures/planning.html", workshop, "planning", {})
