"""Dot votes (Punktabfrage) and the effort x impact rating of a live session, and what they
write into the strategy.

Part of the live workshop's orchestration (like `live.py` it may import the measures): closing a
vote over the measures writes the ranking, ending the rating stores its averages on the
measures. Every participant's budget is kept under a lock on their row, so twenty requests sent
at once from one phone cannot spend a dot twice; a request says how many dots an item should
have, not "one more", so a double click counts once.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Case, Count, F, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from measures.models import Level, Measure, RankOverride

from . import live
from .models import Dot, DotVote, Leitsatz, LiveSession, Participant, Rating, Workshop


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


def default_subject(workshop: Workshop) -> str | None:
    """The subject the cockpit offers for a new vote: the first that has items enough to vote
    on (two, as `DotVoteForm` asks); None when no subject has."""
    counts = item_counts(workshop)
    return next((subject for subject in DotVote.Subject if counts[subject] >= 2), None)


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


def voter_count(vote: DotVote) -> int:
    return vote.placed.exclude(participant=None).values("participant").distinct().count()


def participation(vote: DotVote) -> tuple[int, int]:
    """(voters, dots placed) so far: what the room may see before the reveal."""
    counts = vote.placed.aggregate(voters=Count("participant", distinct=True), dots=Sum("count"))
    return counts["voters"], counts["dots"] or 0


def _share_lock(model, pk: int) -> None:
    """Lock the row against closing until this transaction ends. Many participants may hold
    it at the same time (FOR SHARE); closing updates the row and so waits for them, and they
    wait for it. SQLite writes one transaction at a time anyway."""
    if connection.features.has_select_for_update:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR SHARE", [pk])


def _lock_open_vote(vote_pk: int) -> DotVote | None:
    """The vote, if it is still open, locked against closing until this transaction ends."""
    _share_lock(DotVote, vote_pk)
    return DotVote.objects.filter(pk=vote_pk, closed_at__isnull=True).first()


def set_dots(vote_pk: int, participant: Participant, item_pk: int, count: int) -> int:
    """Put `count` dots of `participant` on one item; returns the dots they have left.

    Raises `VoteRefused` when the vote is closed, the item is not in the vote, or the count
    exceeds the budget or the limit per item. The vote is locked against closing, then the
    participant's row, so simultaneous requests of one participant run one after another.
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
    # Before the reveal the phones show only their own dots.
    (live.changed if vote.revealed_at else live.noted)(vote.session_id)
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
            # Under the list's lock, in one statement, like every other move of a Leitsatz.
            Leitsatz(workshop_id=workshop_id).lock_siblings()
            order = [item.pk for item in result(vote)]
            Leitsatz.objects.filter(pk__in=order).update(
                position=Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(order, start=1)))
            )
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


# --- Aufwand x Wirkung: the room rates the measures' effort and impact -------------------------

LEVELS = (Level.LOW, Level.MEDIUM, Level.HIGH)  # the ratings 1, 2, 3 as the measures' levels


def level_of(average) -> str:
    """The level an average rating stands for: the average as shown (one decimal, rounded half
    up), then rounded half up again, so 1.47 (shown "1,5") is "medium"."""
    shown = Decimal(average).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return LEVELS[min(3, max(1, int(shown.quantize(Decimal("1"), rounding=ROUND_HALF_UP)))) - 1]


def open_rating(session: LiveSession) -> None:
    """Let the room rate every measure of the process; raises `VoteRefused` when it has none,
    as the phones would show nothing to rate."""
    if not Measure.objects.filter(workshop_id=session.workshop_id).exists():
        raise VoteRefused(_("There are no measures to rate yet. Collect or enter measures first."))
    LiveSession.objects.filter(pk=session.pk).update(
        rating_opened_at=timezone.now(), rating_closed_at=None, revision=F("revision") + 1
    )


def rating_is_open(session: LiveSession) -> bool:
    return session.rating_opened_at is not None and session.rating_closed_at is None


def rating_shown(session: LiveSession) -> bool:
    """The matrix is up while the room rates, and after that until the next agenda item."""
    if session.rating_opened_at is None:
        return False
    since = session.item_opened_at or session.started_at
    return session.rating_closed_at is None or session.rating_closed_at >= since


def rate(session: LiveSession, participant: Participant, measure_pk: int, effort, impact) -> None:
    """Keep a participant's estimate of one measure (each value 1 to 3; None leaves that value
    as it is, so two requests arriving out of order cannot clear each other's choice); sending
    the same estimate again changes nothing. Raises `VoteRefused` when the rating is not open.
    The session row is held against ending the rating, so no estimate misses the averages."""
    values = (effort, impact)
    if all(value is None for value in values) or any(v not in (None, 1, 2, 3) for v in values):
        raise VoteRefused(_("Please choose low, medium or high."))
    with transaction.atomic():
        _share_lock(LiveSession, session.pk)
        current = LiveSession.objects.filter(pk=session.pk).first()
        if current is None or not rating_is_open(current):
            raise VoteRefused(_("There is no rating open right now."))
        locked = Participant.objects.select_for_update(no_key=True).filter(pk=participant.pk)
        if not locked.filter(session=session).exists():
            raise VoteRefused(_("You do not take part in this session."))
        if not Measure.objects.filter(pk=measure_pk, workshop_id=session.workshop_id).exists():
            raise VoteRefused(_("This item is not part of the vote."))
        given = {name: value for name, value in (("effort", effort), ("impact", impact)) if value}
        Rating.objects.update_or_create(
            participant=participant,
            measure_id=measure_pk,
            defaults={"session": session, **given},
        )
    live.noted(session.pk)


@dataclasses.dataclass(frozen=True)
class RatedMeasure:
    pk: int
    title: str
    effort: float | None = None  # the participant's value, or the room's average
    impact: float | None = None
    count: int = 0  # how many rated it

    @property
    def effort_label(self):
        return _average_label(self.effort)

    @property
    def impact_label(self):
        return _average_label(self.impact)


def _average_label(value):
    """An average as shown: one decimal, rounded half up, with a decimal comma."""
    if value is None:
        return ""
    shown = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(shown).replace(".", ",")


def my_ratings(session: LiveSession, participant: Participant) -> list[RatedMeasure]:
    """Every measure of the process by rank, with the participant's estimate so far."""
    mine = {
        measure: (effort, impact)
        for measure, effort, impact in Rating.objects.filter(participant=participant).values_list(
            "measure", "effort", "impact"
        )
    }
    return [
        RatedMeasure(pk, title, *mine.get(pk, (None, None)))
        for pk, title in Measure.objects.filter(workshop_id=session.workshop_id)
        .order_by("rank")
        .values_list("pk", "title")
    ]


def room_ratings(session: LiveSession) -> list[RatedMeasure]:
    """The room's averages per measure rated in this session, by rank."""
    rows = (
        Rating.objects.filter(session=session)
        .values("measure", "measure__title", "measure__rank")
        .annotate(effort=Avg("effort"), impact=Avg("impact"), count=Count("pk"))
        .order_by("measure__rank")
    )
    return [
        RatedMeasure(
            row["measure"], row["measure__title"], row["effort"], row["impact"], row["count"]
        )
        for row in rows
    ]


@dataclasses.dataclass(frozen=True)
class Quadrant:
    key: str
    label: str
    measures: list[RatedMeasure]


# The 2 x 2 matrix, quick wins top left. A measure counts as little effort with an average below
# 2 (medium) and as high impact with an average above 2: quick wins are clearly better than
# medium on both.
MATRIX_RULE = _(
    "Little effort: average below medium. High impact: average above medium. Quick wins have both."
)


def matrix(rated: list[RatedMeasure]) -> tuple[list[Quadrant], int]:
    """The rated measures in four quadrants (row by row, quick wins first) and how many lack an
    estimate of effort or impact."""
    quadrants = {
        (True, True): Quadrant("quick-win", _("Quick wins: little effort, high impact"), []),
        (False, True): Quadrant("major", _("Major projects: more effort, high impact"), []),
        (True, False): Quadrant("small", _("Small steps: little effort, less impact"), []),
        (False, False): Quadrant("reconsider", _("Reconsider: more effort, less impact"), []),
    }
    incomplete = 0
    for measure in rated:
        if measure.effort is None or measure.impact is None:
            incomplete += 1
            continue
        quadrants[(measure.effort < 2, measure.impact > 2)].measures.append(measure)
    return list(quadrants.values()), incomplete


def close_rating(session: LiveSession) -> int:
    """End the rating and store the room's averages on the measures; returns how many measures
    got averages."""
    with transaction.atomic():
        updated = LiveSession.objects.filter(
            pk=session.pk, rating_opened_at__isnull=False, rating_closed_at__isnull=True
        ).update(rating_closed_at=timezone.now(), revision=F("revision") + 1)
        if not updated:
            return 0
        rated = room_ratings(session)
        for measure in rated:
            Measure.objects.filter(pk=measure.pk).update(
                rated_effort=_rounded(measure.effort),
                rated_impact=_rounded(measure.impact),
                rating_count=measure.count,
            )
    return len(rated)


def _rounded(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def adopt_ratings(workshop: Workshop, measure_pk: int | None = None) -> int:
    """Take the room's averages as the measures' estimates of effort and impact (one measure, or
    all rated ones); returns how many measures changed."""
    changed = 0
    measures = Measure.objects.filter(workshop=workshop, rating_count__gt=0)
    if measure_pk is not None:
        measures = measures.filter(pk=measure_pk)
    with transaction.atomic():
        for measure in measures.select_for_update():
            effort, impact = _adopted_levels(measure)
            if (effort, impact) != (measure.effort, measure.impact):
                Measure.objects.filter(pk=measure.pk).update(effort=effort, impact=impact)
                changed += 1
    return changed


@dataclasses.dataclass(frozen=True)
class AdoptionRow:
    """A measure with the room's averages and the estimate they would replace."""

    pk: int
    rank: int
    title: str
    rated_effort: str  # "1,7"
    rated_impact: str
    count: int
    effort_now: str  # level labels
    impact_now: str
    effort_new: str
    impact_new: str

    @property
    def changes(self):
        return (self.effort_now, self.impact_now) != (self.effort_new, self.impact_new)


def _adopted_levels(measure: Measure) -> tuple[str, str]:
    """The measure's effort and impact after adopting the room's averages (a dimension nobody
    rated keeps its estimate)."""
    effort, impact = measure.rated_effort, measure.rated_impact
    return (
        measure.effort if effort is None else level_of(effort),
        measure.impact if impact is None else level_of(impact),
    )


def adoption_rows(measures) -> list[AdoptionRow]:
    labels = dict(Level.choices)

    def label(level):
        return str(labels.get(level, "–"))

    rows = []
    for m in measures:
        effort, impact = _adopted_levels(m)
        rows.append(
            AdoptionRow(
                m.pk,
                m.rank,
                m.title,
                _average_label(m.rated_effort) or "–",
                _average_label(m.rated_impact) or "–",
                m.rating_count,
                label(m.effort),
                label(m.impact),
                label(effort),
                label(impact),
            )
        )
    return rows


def finish(session: LiveSession) -> None:
    """Before the session ends: close its open vote (writing its order) and end its rating
    (storing the averages), so nothing the room did is left half done."""
    vote = session.votes.filter(closed_at__isnull=True).first()
    if vote is not None:
        close(vote.pk, session)
    close_rating(session)
