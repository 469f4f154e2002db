"""Copying a whole strategy process as the starting point of a new one.

The other settings of a process (name, Stand, status, archive, delete) live in
`workshops/views_process.py`. Copying has to write the rows of all three apps, and only
`measures` may import from the other two, so this view and its URL (`measures:workshop_copy`,
in `measures/urls.py`) live here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops import permissions
from workshops.models import TITLE_MAX

from ..services import copy_workshop


@login_required
@require_POST
def workshop_copy(request, pk):
    source = permissions.get_workshop(request.user, pk, permissions.MANAGE)
    title = Truncator(_("Copy of %(title)s") % {"title": source.title}).chars(TITLE_MAX)
    copy = copy_workshop(source=source, title=title, user=request.user)
    messages.success(
        request, _("Copy created. You are now in the copy: give it a title of its own.")
    )
    return redirect("workshops:workshop_settings", pk=copy.pk)
