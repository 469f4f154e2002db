import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workshops import permissions


def test_member_gets_the_workshop_with_its_membership(workshop, editor):
    found = permissions.get_workshop(editor, workshop.pk, permissions.EDIT)
    assert found == workshop
    assert found.membership.role == "editor"


def test_outsider_gets_404_for_every_level(workshop, outsider):
    for need in (permissions.VIEW, permissions.EDIT, permissions.MANAGE):
        with pytest.raises(Http404):
            permissions.get_workshop(outsider, workshop.pk, need)
    with pytest.raises(Http404):
        permissions.get_kommune(outsider, workshop.kommune.slug)


def test_viewer_may_read_but_not_edit(workshop, viewer):
    assert permissions.get_workshop(viewer, workshop.pk) == workshop
    with pytest.raises(PermissionDenied):
        permissions.get_workshop(viewer, workshop.pk, permissions.EDIT)


def test_editor_may_not_manage(workshop, editor):
    with pytest.raises(PermissionDenied):
        permissions.get_kommune(editor, workshop.kommune.slug, permissions.MANAGE)
