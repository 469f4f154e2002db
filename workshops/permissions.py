"""Who may see and change what. Every view gets its objects through these helpers.

A user who is no member of the object's Kommune gets 404 (the object does not exist for them);
a member whose role does not allow the action gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Kommune, Membership, Workshop

VIEW, EDIT, MANAGE = "view", "edit", "manage"


def _check(membership: Membership, need: str) -> None:
    if need == EDIT and not membership.can_edit:
        raise PermissionDenied
    if need == MANAGE and not membership.can_manage:
        raise PermissionDenied


def get_kommune(user, slug: str, need: str = VIEW) -> Kommune:
    membership = get_object_or_404(
        Membership.objects.select_related("kommune"), user=user, kommune__slug=slug
    )
    _check(membership, need)
    kommune = membership.kommune
    kommune.membership = membership
    return kommune


def get_workshop(user, pk: int, need: str = VIEW) -> Workshop:
    """The workshop `pk` if `user` is a member of its Kommune, with `.membership` set."""
    workshop = get_object_or_404(
        Workshop.objects.for_user(user).select_related("kommune", "catalogue"), pk=pk
    )
    membership = Membership.objects.get(user=user, kommune_id=workshop.kommune_id)
    _check(membership, need)
    workshop.membership = membership
    return workshop
