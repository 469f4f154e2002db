"""Dot votes (Punktabfrage) in a live session, and the order they write into the strategy.

Part of the live workshop's orchestration (like `live.py` it may import the measures): closing a
vote over the measures writes the ranking. Every participant's budget is kept under a lock on
their row, so twenty requests sent at once from one phone cannot spend a dot twice; a request
says how many dots an item should have, not "one more", so a double click counts once.
"""

import dataclasses

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from measures.models import Measure, RankOverride

from . import live
from .models import Dot, DotVote, Leitsatz, LiveSession, Participant, Workshop


class VoteRefused(Exception):
    """A dot that cannot be placed; the message says why, in the participant's language."""


@dataclasses.dataclass(frozen=True)
class VoteItem:
    pk: int
    title: str
    mine: int = 0  # the participant's dots on it
    total: int = 0  # all dots, shown once the result is revealed
    share: int = 0  # percent of the most dots any item got: the length of its bar
    can_add: bool = False
    can_remove: bool = False
    pips: str = ""  # the participant's dots as ● and the ones still allowed here as ○


@dataclasses.dataclass(frozen=True)
class Ballot:
    """A vote as a page shows it: to a participant with their dots, or to the room."""

    vote: DotVote
    items: list[VoteItem]
    left: int  # the participant's dots still to place
    voters: int
    dots_placed: int

    @property
    def chart(self) -> list[VoteItem]:
        """The items that got dots, most first: the bars of the revealed result."""
        return [item for item in self.items if item.total]

    @property
    def without_dots(self) -> int:
        return sum(1 for item in self.items if not item.total)


def open_vote(session: LiveSession, subject: str, dots: int, per_item: int) -> DotVote | None:
    """Open a vote; None when one is open already (a second click, another facilitator)."""
    try:
        with transaction.atomic():
            vote = DotVote.objects.create(
                session=session, subject=subject, dots=dots, per_item=per_item
            )
    except IntegrityError:  # `one_open_vote_per_session`
        return None
    live.changed(session.pk)
    return vote


def shown_vote(session: LiveSession) -> DotVote | None:
    """The vote the room sees: the open one, else the one closed last while the agenda item
    that is open now was open (its result stays up until the next item)."""
    votes = session.votes.select_related("session")
    since = session.item_opened_at or session.started_at
    return (
        votes.filter(closed_at__isnull=True).first()
        or votes.filter(closed_at__gte=since).order_by("-closed_at").first()
    )


def item_counts(workshop: Workshop) -> dict[str, int]:
    """How many items a vote on each subject would have now."""
    return {
        DotVote.Subject.MEASURES: Measure.objects.filter(workshop=workshop).count(),
        DotVote.Subject.LEITSAETZE: Leitsatz.objects.filter(workshop=workshop).count(),
    }


def _item_field(vote: DotVote) -> str:
    return "measure" if vote.subject == DotVote.Subject.MEASURES else "leitsatz"


def _candidates(vote: DotVote):
    """The items of the vote in their order before it: measures by rank, Leitsätze by place."""
    workshop_id = vote.session.workshop_id
    if vote.subject == DotVote.Subject.MEASURES:
        return Measure.objects.filter(workshop_id=workshop_id).order_by("rank", "pk")
    return Leitsatz.objects.filter(workshop_id=workshop_id).order_by("position", "pk")


def _candidate_rows(vote: DotVote) -> list[tuple[int, str]]:
    title = "title" if vote.subject == DotVote.Subject.MEASURES else "text"
    return list(_candidates(vote).values_list("pk", title))


def totals(vote: DotVote) -> dict[int, int]:
    """All dots per item pk."""
    field = f"{_item_field(vote)}_id"
    return dict(vote.placed.values(field).annotate(total=Sum("count")).values_list(field, "total"))


def ballot(vote: DotVote, participant: Participant | None = None) -> Ballot:
    """The vote for one participant (their dots, what they may still add) or, without one, for
    the room; once revealed, the items come by their result with everybody's dots."""
    field = f"{_item_field(vote)}_id"
    mine = (
        dict(vote.placed.filter(participant=participant).values_list(field, "count"))
        if participant
        else {}
    )
    left = vote.dots - sum(mine.values())
    voters, dots_placed = participation(vote)
    if vote.revealed_at:
        rows = result(vote)
    else:
        rows = [VoteItem(pk, title) for pk, title in _candidate_rows(vote)]
    most = max((item.total for item in rows), default=0) or 1
    items = [
        dataclasses.replace(
            item,
            mine=mine.get(item.pk, 0),
            share=round(100 * item.total / most),
            can_add=participant is not None
            and vote.is_open
            and left > 0
            and mine.get(item.pk, 0) < vote.per_item,
            can_remove=participant is not None and vote.is_open and mine.get(item.pk, 0) > 0,
            pips="●" * mine.get(item.pk, 0) + "○" * (vote.per_item - mine.get(item.pk, 0)),
        )
        for item in rows
    ]
    return Ballot(vote, items, left, voters, dots_placed)


def result(vote: DotVote) -> list[VoteItem]:
    """The items by dots, most first; with equal dots the order before the vote decides."""
    counted = totals(vote)
    rows = [VoteItem(pk, title, total=counted.get(pk, 0)) for pk, title in _candidate_rows(vote)]
    return sorted(rows, key=lambda item: -item.total)  # stable: ties keep the earlier order


def spent(vote: DotVote, participant: Participant) -> int:
    return vote.placed.filter(participant=participant).aggregate(s=Sum("count"))["s"] or 0


def voter_count(vote: DotVote) -> int:
    return vote.placed.exclude(participant=None).values("participant").distinct().count()


def participation(vote: DotVote) -> tuple[int, int]:
    """(voters, dots placed) so far: what the room may see before the reveal."""
    counts = vote.placed.aggregate(voters=Count("participant", distinct=True), dots=Sum("count"))
    return counts["voters"], counts["dots"] or 0


def _lock_open_vote(vote_pk: int) -> DotVote | None:
    """The vote, if it is still open, locked against closing until this transaction ends.

    Dots of many participants may be placed at the same time (FOR SHARE); closing takes the
    row FOR UPDATE and so waits for them, and they wait for it.
    """
    if connection.features.has_select_for_update:
        table = DotVote._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [vote_pk])
    return DotVote.objects.filter(pk=vote_pk, closed_at__isnull=True).first()


def set_dots(vote_pk: int, participant: Participant, item_pk: int, count: int) -> int:
    """Put `count` dots of `participant` on one item; returns the dots they have left.

    Raises `VoteRefused` when the vote is closed, the item is not in the vote, or the count
    exceeds the budget or the limit per item. The participant's row is locked first, so
    simultaneous requests of one participant run one after another.
    """
    with transaction.atomic():
        vote = _lock_open_vote(vote_pk)
        if vote is None:
            raise VoteRefused(_("The vote has been closed."))
        locked = Participant.objects.select_for_update(no_key=True).filter(pk=participant.pk)
        if not locked.filter(session_id=vote.session_id).exists():
            raise VoteRefused(_("You do not take part in this session."))
        if not _candidates(vote).filter(pk=item_pk).exists():
            raise VoteRefused(_("This item is not part of the vote."))
        if count < 0 or count > vote.per_item:
            raise VoteRefused(
                ngettext(
                    "At most %(limit)s dot per item.",
                    "At most %(limit)s dots per item.",
                    vote.per_item,
                )
                % {"limit": vote.per_item}
            )
        item = {f"{_item_field(vote)}_id": item_pk}
        mine = vote.placed.filter(participant=participant)
        elsewhere = mine.exclude(**item).aggregate(s=Sum("count"))["s"] or 0
        if elsewhere + count > vote.dots:
            raise VoteRefused(_("You have no dots left. Take one away from another item first."))
        if count:
            Dot.objects.update_or_create(
                vote=vote, participant=participant, **item, defaults={"count": count}
            )
        else:
            mine.filter(**item).delete()
    live.changed(vote.session_id)
    return vote.dots - elsewhere - count


def reveal(vote: DotVote) -> None:
    DotVote.objects.filter(pk=vote.pk, revealed_at__isnull=True).update(revealed_at=timezone.now())
    live.changed(vote.session_id)


def close(vote_pk: int, session: LiveSession) -> DotVote | None:
    """Close the vote, reveal it, count the voters and write the order it gives: the ranking
    of the measures (confirmed, and marked as set by this vote) or the order of the Leitsätze.
    None when it was closed already."""
    with transaction.atomic():
        vote = (
            DotVote.objects.select_for_update()
            .filter(pk=vote_pk, session=session, closed_at__isnull=True)
            .first()
        )
        if vote is None:
            return None
        now = timezone.now()
        vote.closed_at = now
        vote.revealed_at = vote.revealed_at or now
        vote.voter_count = voter_count(vote)
        vote.save(update_fields=["closed_at", "revealed_at", "voter_count"])
        workshop_id = session.workshop_id
        if vote.subject == DotVote.Subject.MEASURES:
            Measure.objects.lock_ranking(workshop_id)
            order = [item.pk for item in result(vote)]
            Measure.objects.filter(workshop_id=workshop_id).renumber(order)
            Measure.objects.confirm_ranking(workshop_id)
            Workshop.objects.filter(pk=workshop_id).update(ranking_vote=vote)
        else:
            for position, item in enumerate(result(vote), start=1):
                Leitsatz.objects.filter(pk=item.pk).update(position=position)
    live.changed(session.pk)
    return vote


def override_rank(workshop: Workshop, measure: Measure, rank: int, reason: str, user) -> None:
    """Move a measure away from the place the vote gave it, keeping the reason."""
    with transaction.atomic():
        Measure.objects.lock_ranking(workshop.pk)
        from_rank = Measure.objects.values_list("rank", flat=True).get(pk=measure.pk)
        measure.move_to(rank)
        RankOverride.objects.create(
            workshop=workshop,
            measure=measure,
            from_rank=from_rank,
            to_rank=measure.rank,
            reason=reason,
            created_by=user,
        )
