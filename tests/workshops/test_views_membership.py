from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, WorkshopFactory
from workshops.models import Membership


def test_facilitator_adds_member_by_user_name(facilitator_client, kommune):
    UserFactory(username="neu")
    response = facilitator_client.post(
        reverse("workshops:membership_add", args=[kommune.slug]),
        {"username": "neu", "role": "editor"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="neu", kommune=kommune).role == "editor"


def test_unknown_user_name_gets_a_message_next_to_the_field(facilitator_client, kommune, htmx):
    response = facilitator_client.post(
        reverse("workshops:membership_add", args=[kommune.slug]),
        {"username": "gibtsnicht", "role": "editor"},
        **htmx,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Es gibt keinen Benutzer mit diesem Namen" in page
    assert 'value="gibtsnicht"' in page
    assert "<html" not in page


def test_facilitator_changes_role_and_removes_member(facilitator_client, kommune, editor):
    membership = Membership.objects.get(user=editor)
    facilitator_client.post(
        reverse("workshops:membership_update", args=[kommune.slug, membership.pk]),
        {"role": "viewer"},
    )
    membership.refresh_from_db()
    assert membership.role == "viewer"
    facilitator_client.post(
        reverse("workshops:membership_delete", args=[kommune.slug, membership.pk])
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_facilitator_cannot_remove_or_demote_themselves(facilitator_client, kommune, facilitator):
    own = Membership.objects.get(user=facilitator)
    facilitator_client.post(
        reverse("workshops:membership_update", args=[kommune.slug, own.pk]), {"role": "viewer"}
    )
    facilitator_client.post(reverse("workshops:membership_delete", args=[kommune.slug, own.pk]))
    own.refresh_from_db()
    assert own.role == "facilitator"


def test_editor_cannot_change_members(client, editor, kommune):
    client.force_login(editor)
    response = client.post(
        reverse("workshops:membership_add", args=[kommune.slug]),
        {"username": "redaktion", "role": "facilitator"},
    )
    assert response.status_code == 403


def test_kommune_page_lists_active_processes_first_and_marks_archived_ones(
    facilitator_client, kommune
):
    WorkshopFactory(kommune=kommune, title="Neue Strategie")
    # Created last, so newest first alone would list it first.
    archived = WorkshopFactory(kommune=kommune, title="Alte Strategie", archived_at=timezone.now())
    page = facilitator_client.get(f"/kommunen/{kommune.slug}/").content.decode()
    assert page.index("Neue Strategie") < page.index("Alte Strategie")
    date = timezone.localtime(archived.archived_at).strftime("%d.%m.%Y")
    assert f"archiviert am {date}" in page
    assert page.count("archiviert am") == 1
