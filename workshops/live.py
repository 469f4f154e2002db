"""The live workshop: sessions with a join code, contributions from phones, and their way into
the strategy.

With `voting.py` and `worksheet.py` it is the live workshop's part of the orchestration that may
import the upper apps (see DESIGN.md, Layering): an accepted contribution becomes a Leitsatz, a goal or a measure. All state lives in
the database, so any number of app servers can serve one session. `LiveSession.revision` rises
with every change the phones show (`changed`), `LiveSession.tally` with those only the cockpit
and the projector show (`noted`); a poll that brings what it has seen costs one small query.
"""

import dataclasses
import datetime
import hashlib
import secrets
import uuid

import segno
from django.core import signing
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fields.models import ActionField, Goal
from measures.models import Measure

from .models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Contribution,
    Dot,
    DotVote,
    JoinAttempt,
    Leitsatz,
    LiveSession,
    MethodStep,
    NextStep,
    Participant,
    Workshop,
)
from .process import parse_id

# What participants are asked for while an agenda item is open.
KINDS_BY_ITEM = {
    LiveSession.Item.VISION: (Contribution.Kind.VISION,),
    LiveSession.Item.LEITSAETZE: (Contribution.Kind.LEITSATZ,),
    LiveSession.Item.FIELDS: (Contribution.Kind.FIELD_NOTE,),
    LiveSession.Item.MEASURES: (Contribution.Kind.GOAL, Contribution.Kind.MEASURE),
    LiveSession.Item.NEXT_STEPS: (Contribution.Kind.NEXT_STEP,),
}
# What the open item asks the room, on the phones and the projector.
QUESTIONS = {
    "": _("It starts in a moment. The facilitator opens the first item."),
    LiveSession.Item.IMPULSE: _("Listen to the impulse talk. You will be asked in a moment."),
    LiveSession.Item.VISION: _(
        "What does our Kommune look like in ten years when digitalisation succeeds? "
        "Name keywords for the vision."
    ),
    LiveSession.Item.LEITSAETZE: _(
        "Which sentence should guide our digitalisation? Propose a guiding principle."
    ),
    LiveSession.Item.FIELDS: _(
        "Let us sharpen the fields of action: why does a field matter, what belongs to it, who "
        "takes part, when and how do we start? Choose the field and the question."
    ),
    LiveSession.Item.MEASURES: _(
        "Which goals and measures does a field of action need? Choose the field and write "
        "your idea."
    ),
    LiveSession.Item.PRIORITISATION: _("We now set the order of the measures together."),
    LiveSession.Item.NEXT_STEPS: _(
        "How do we go on after today? Propose a next step: what, and who starts it."
    ),
}
# Contributions another one can be merged into: still open, or already in the strategy.
MERGEABLE = (Contribution.Status.NEW, Contribution.Status.ACCEPTED)


@dataclasses.dataclass(frozen=True)
class AgendaItem:
    value: str
    label: str | Promise
    question: str | Promise
    asks: tuple[str, ...]
    is_open: bool
    minutes: int | None = None  # the method's time for it
    explanation: str = ""  # the method's advice to the facilitator


def _item(value: str, open_value: str, step: MethodStep | None = None) -> AgendaItem:
    label = item_label(value)
    return AgendaItem(
        value,
        label,
        QUESTIONS[value],
        asks_for(value),
        value == open_value,
        minutes=step.minutes if step else None,
        explanation=step.explanation if step else "",
    )


def agenda_steps(workshop: Workshop) -> dict[str, MethodStep | None]:
    """The live agenda's items in order, each with the method step that brings it: the
    method's items, or every item for a process without a method."""
    if not workshop.method_id:
        return dict.fromkeys(LiveSession.Item.values)
    steps = {}
    for step in MethodStep.objects.filter(method_id=workshop.method_id).exclude(live_item=""):
        steps.setdefault(step.live_item, step)
    return steps


def agenda(session: LiveSession) -> list[AgendaItem]:
    steps = agenda_steps(session.workshop)
    return [_item(value, session.open_item, step) for value, step in steps.items()]


TIMER_DEFAULT_MINUTES = 5


def timer_default(items: list[AgendaItem], choices: list[int], chosen: int | None = None) -> int:
    """The countdown offered: the minutes the facilitator chose last for the open item (`chosen`),
    else the item's time in the method rounded down to one of `choices` (ascending), else five
    minutes."""
    if chosen in choices:
        return chosen
    minutes = next((item.minutes for item in items if item.is_open and item.minutes), None)
    if minutes is None:
        return TIMER_DEFAULT_MINUTES
    return max((choice for choice in choices if choice <= minutes), default=choices[0])


def item_view(session: LiveSession) -> AgendaItem:
    """The open item as the room sees it."""
    return _item(session.open_item, session.open_item)


def contributions_of(participant: Participant) -> list[Contribution]:
    """A participant's own contributions, newest first; withdrawn ones are gone."""
    return list(participant.contributions.select_related("action_field").order_by("-created_at"))


def accepted_for_projector(session: LiveSession) -> list[Contribution]:
    """What the room has agreed on so far in the open item, with the duplicates counted."""
    kinds = asks_for(session.open_item)
    return list(
        session.contributions.filter(status=Contribution.Status.ACCEPTED, kind__in=kinds)
        .select_related("action_field")
        .annotate(duplicate_count=models.Count("duplicates"))
        .order_by("decided_at", "pk")
    )


# The implementation periods a measure idea can get, and the one suggested (`AcceptForm`).
TIMEFRAMES = (Measure.Timeframe.choices, Measure.Timeframe.MEDIUM)
# Failed join attempts allowed per address within the window, against guessing codes.
JOIN_ATTEMPTS = 10
JOIN_WINDOW_SECONDS = 10 * 60


def new_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """The code as stored: capitals, without the spaces and dashes people type between groups."""
    return "".join(typed.split()).replace("-", "").upper()


def too_many_attempts(address: str) -> bool:
    since = timezone.now() - datetime.timedelta(seconds=JOIN_WINDOW_SECONDS)
    return (
        JoinAttempt.objects.filter(address=_hashed(address), at__gte=since).count() >= JOIN_ATTEMPTS
    )


def failed_attempt(address: str) -> None:
    JoinAttempt.objects.create(address=_hashed(address))


def _hashed(address: str) -> str:
    """Addresses are personal data: only a keyed hash is kept, and only for the window."""
    return hashlib.sha256(f"{signing.get_cookie_signer().key}{address}".encode()).hexdigest()


# A participant's phone carries a signed cookie that names the session and the participant.
PARTICIPANT_COOKIE = "teilnahme"
PARTICIPANT_SALT = "workshops.live.participant"
PARTICIPANT_COOKIE_SECONDS = 24 * 60 * 60


def participant_cookie(participant: Participant) -> str:
    return f"{participant.session_id}:{participant.pk}"


def participant_from(request, session: LiveSession) -> Participant | None:
    """The participant the request's cookie names, if it belongs to `session`."""
    value = request.get_signed_cookie(
        PARTICIPANT_COOKIE,
        default="",
        salt=PARTICIPANT_SALT,
        max_age=PARTICIPANT_COOKIE_SECONDS,
    )
    session_pk, _sep, participant_pk = value.partition(":")
    participant_id = parse_id(participant_pk)
    if session_pk != str(session.pk) or participant_id is None:
        return None
    return Participant.objects.filter(pk=participant_id, session=session).first()


def join(session: LiveSession, participant: Participant) -> Participant:
    participant.session = session
    participant.save()
    noted(session.pk)
    return participant


def qr_svg(url: str) -> str:
    """The join link as a QR code, an inline SVG drawn on our server."""
    svg = segno.make(url, error="m").svg_inline(
        scale=6, border=2, svgclass="live-qr", omitsize=True, title=f"QR-Code: {url}"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def start(workshop: Workshop, user, place: str = "") -> LiveSession:
    """A new running session with a code no other running session has."""
    for _attempt in range(20):
        try:
            with transaction.atomic():
                return LiveSession.objects.create(
                    workshop=workshop, code=new_code(), place=place, started_by=user
                )
        except IntegrityError:
            continue  # the code is taken by a running session: draw again
    raise RuntimeError("no free join code")  # 31^6 codes; only reachable with a broken database


def running(workshop: Workshop) -> LiveSession | None:
    return workshop.live_sessions.filter(ended_at__isnull=True).first()


def find_running(code: str) -> LiveSession | None:
    return (
        LiveSession.objects.filter(code=normalise_code(code), ended_at__isnull=True)
        .select_related("workshop")
        .first()
    )


def changed(session_id: int) -> None:
    """Tell every poll of this session, the phones' too, that something changed."""
    LiveSession.objects.filter(pk=session_id).update(revision=F("revision") + 1)


def noted(session_id: int) -> None:
    """Tell the cockpit and the projector of a change the phones do not show: someone joined,
    sent or changed a contribution, placed a dot before the reveal, rated a measure. Sixty
    phones then need not render the room again for every dot of a burst."""
    LiveSession.objects.filter(pk=session_id).update(tally=F("tally") + 1)


# The polls' one query each, as plain SQL: building it through the ORM costs several times
# what the database needs to answer it, and a poll that finds no change does nothing else.
_STAMP_SQL = "SELECT revision + tally FROM {table} WHERE id = %s AND ended_at IS NULL"
_REVISION_SQL = "SELECT revision FROM {table} WHERE code = %s AND ended_at IS NULL"


def _one_value(sql: str, parameter) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=LiveSession._meta.db_table), [parameter])
        row = cursor.fetchone()
    return row[0] if row else None


def stamp(session_id: int) -> int | None:
    """What the cockpit and the projector have seen (`LiveSession.stamp`), or None when the
    session is gone or has ended."""
    return _one_value(_STAMP_SQL, session_id)


def phone_revision(code: str) -> int | None:
    """What the phones of the running session with `code` have seen; at most one row, as the
    code is unique among running sessions (`unique_running_join_code`)."""
    return _one_value(_REVISION_SQL, normalise_code(code))


def end(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), revision=F("revision") + 1
    )


def open_item(session: LiveSession, item: str) -> None:
    """Open one agenda item for the room; its countdown starts anew. The items taken are kept
    in their order for the session's record."""
    with transaction.atomic():
        locked = LiveSession.objects.select_for_update().get(pk=session.pk)
        opened = locked.opened_items
        if item not in opened:
            opened = [*opened, item]
        LiveSession.objects.filter(pk=session.pk).update(
            open_item=item,
            opened_items=opened,
            item_opened_at=timezone.now(),
            timer_ends_at=None,
            timer_paused_seconds=None,
            timer_minutes=None,
            revision=F("revision") + 1,
        )


# The countdown of the open item: started, paused and extended by the facilitator; the pages
# count down by themselves between two polls, so the seconds cost no requests.
TIMER_MAX_SECONDS = 4 * 60 * 60


@dataclasses.dataclass(frozen=True)
class Countdown:
    seconds: int  # left, now or when paused
    ends_at: datetime.datetime | None  # set while it runs

    @property
    def running(self):
        return self.ends_at is not None

    @property
    def clock(self):
        minutes, seconds = divmod(self.seconds, 60)
        return f"{minutes}:{seconds:02d}"


def countdown(session: LiveSession) -> Countdown | None:
    if session.timer_ends_at is not None:
        left = (session.timer_ends_at - timezone.now()).total_seconds()
        return Countdown(max(0, round(left)), session.timer_ends_at)
    if session.timer_paused_seconds is not None:
        return Countdown(session.timer_paused_seconds, None)
    return None


def set_timer(session: LiveSession, action: str, minutes: int = 0) -> None:
    """start (for `minutes`), pause, resume or extend (by `minutes`) the countdown."""
    now = timezone.now()
    with transaction.atomic():
        locked = LiveSession.objects.select_for_update().get(pk=session.pk)
        current = countdown(locked)
        seconds = current.seconds if current else 0
        if action == "start":
            seconds, running = minutes * 60, True
        elif action == "extend":
            seconds, running = seconds + minutes * 60, current is None or current.running
        elif action in ("pause", "resume") and current is not None:
            running = action == "resume"
        else:
            return
        seconds = max(0, min(seconds, TIMER_MAX_SECONDS))
        locked.timer_ends_at = now + datetime.timedelta(seconds=seconds) if running else None
        locked.timer_paused_seconds = None if running else seconds
        if action in ("start", "extend") and minutes:
            locked.timer_minutes = minutes
        locked.revision = F("revision") + 1
        locked.save(
            update_fields=["timer_ends_at", "timer_paused_seconds", "timer_minutes", "revision"]
        )


def asks_for(item: str) -> tuple[str, ...]:
    return KINDS_BY_ITEM.get(item, ())


def item_label(item: str) -> str | Promise:
    return LiveSession.Item(item).label if item else _("Not started")


def item_written_for(session: LiveSession, posted: str) -> str | None:
    """The agenda item a phone's text belongs to: the one its form was written for, when this
    session has had it open (the facilitator may have moved on while the person typed); the
    open item for a form that names none; None for an item this session never opened."""
    if not posted:
        return session.open_item
    if posted == session.open_item or posted in session.opened_items:
        return posted
    return None


def contribute(
    session: LiveSession,
    participant: Participant | None,
    kind: str,
    text: str,
    token: uuid.UUID,
    action_field: ActionField | None = None,
    aspect: str = "",
    paper_table: str = "",
) -> tuple[Contribution, bool]:
    """Keep what a participant wrote: (contribution, created). The same form sent twice
    (same token) returns the first contribution and makes no second one."""
    try:
        with transaction.atomic():
            contribution = Contribution.objects.create(
                session=session,
                participant=participant,
                kind=kind,
                text=text,
                token=token,
                action_field=action_field,
                aspect=aspect,
                paper_table=paper_table,
            )
    except IntegrityError:
        return Contribution.objects.get(session=session, token=token), False
    noted(session.pk)
    return contribution, True


class Changed(Exception):
    """The author changed the contribution after the facilitator looked at it."""


class TooLong(Exception):
    """Appending the contribution would make a text longer than its field allows."""


def _append(rows, field: str, text: str) -> None:
    """Append `text` as a new line to `field` of the one row in `rows`, read and written under
    the row's lock, so an edit saved meanwhile is kept; raises `TooLong` past the field's
    limit."""
    current = rows.select_for_update().values_list(field, flat=True).get()
    limit = rows.model._meta.get_field(field).max_length
    if len(current) + 1 + len(text) > limit:
        raise TooLong(limit - len(current) - 1)
    rows.update(**{field: f"{current}\n{text}" if current else text})


def _decide(
    contribution_pk: int, session: LiveSession, user, seen: str = "", **changes
) -> Contribution | None:
    """Lock the contribution and change it, if it is still new; None when it was decided.
    With `seen`, raise `Changed` when its text is no longer the one the facilitator saw."""
    contribution = (
        Contribution.objects.select_for_update()
        .filter(pk=contribution_pk, session=session, status=Contribution.Status.NEW)
        .first()
    )
    if contribution is None:
        return None
    if seen and seen != contribution.version:
        raise Changed(contribution)
    for name, value in changes.items():
        setattr(contribution, name, value)
    contribution.decided_at = timezone.now()
    contribution.decided_by = user
    contribution.save()
    return contribution


def accept(
    session: LiveSession,
    contribution_pk: int,
    user,
    *,
    text: str,
    action_field: ActionField | None = None,
    timeframe: str = "",
    aspect: str = "",
    seen: str = "",
) -> Contribution | None:
    """Make the contribution real strategy content, exactly once; None when it was already
    decided (by another facilitator a moment ago, or by a second click).

    `seen` is the `version` of the contribution the facilitator looked at: when its author
    has changed it since, `Changed` is raised and nothing happens. A text that would grow past
    its field's limit raises `TooLong`."""
    workshop = session.workshop
    with transaction.atomic():
        contribution = _decide(
            contribution_pk,
            session,
            user,
            status=Contribution.Status.ACCEPTED,
            text=text,
            action_field=action_field,
            aspect=aspect,
            seen=seen,
        )
        if contribution is None:
            return None
        kind = contribution.kind
        if kind == Contribution.Kind.LEITSATZ:
            Leitsatz(workshop=workshop, text=text, origin=contribution).save_as_last()
        elif kind == Contribution.Kind.VISION:
            _append(Workshop.objects.filter(pk=workshop.pk), "vision", text)
        elif kind == Contribution.Kind.NEXT_STEP:
            NextStep(workshop=workshop, title=text).save_as_last()
        elif kind == Contribution.Kind.FIELD_NOTE:
            _append(ActionField.objects.filter(pk=action_field.pk), aspect, text)
        elif kind == Contribution.Kind.GOAL:
            Goal(action_field=action_field, title=text, origin=contribution).save_as_last()
        elif kind == Contribution.Kind.MEASURE:
            Measure(
                workshop=workshop,
                action_field=action_field,
                title=text,
                timeframe=timeframe,
                origin=contribution,
            ).save_as_last()
    changed(session.pk)
    return contribution


def hide(session: LiveSession, contribution_pk: int, user) -> Contribution | None:
    with transaction.atomic():
        contribution = _decide(contribution_pk, session, user, status=Contribution.Status.HIDDEN)
    if contribution:
        changed(session.pk)
    return contribution


def merge(session: LiveSession, contribution_pk: int, into_pk: int, user) -> Contribution | None:
    """Count a duplicate with its original; the original stays to be accepted once."""
    if contribution_pk == into_pk:
        return None
    with transaction.atomic():
        original = Contribution.objects.filter(pk=into_pk, session=session).first()
        if original is None or original.status in (
            Contribution.Status.MERGED,
            Contribution.Status.HIDDEN,
        ):
            return None
        contribution = _decide(
            contribution_pk, session, user, status=Contribution.Status.MERGED, merged_into=original
        )
    if contribution:
        changed(session.pk)
    return contribution


def withdraw(session: LiveSession, participant: Participant, contribution_pk: int) -> bool:
    """A participant takes back their own contribution while it is not decided yet, and while
    no duplicate was merged into it (those stay counted with it)."""
    deleted, _ = Contribution.objects.filter(
        pk=contribution_pk,
        session=session,
        participant=participant,
        status=Contribution.Status.NEW,
        duplicates__isnull=True,
    ).delete()
    if deleted:
        noted(session.pk)
    return bool(deleted)


def anonymise(session: LiveSession) -> bool:
    """Delete the participants' names and table groups of an ended session. Everything they
    contributed stays, also in the strategy, without a name; their number stays for the
    record. False while the session still runs."""
    with transaction.atomic():
        updated = LiveSession.objects.filter(
            pk=session.pk, ended_at__isnull=False, anonymised_at__isnull=True
        ).update(anonymised_at=timezone.now())
        if updated:
            Participant.objects.filter(session=session).update(display_name="", group="")
    return bool(updated)


@dataclasses.dataclass(frozen=True)
class SessionRecord:
    """What a live session leaves in the participation record."""

    session: LiveSession
    agenda: list[str | Promise]
    participants: int
    contributions: int
    accepted: int
    votes: int  # dot votes held
    dots: int
    voters: int  # summed over the votes


def record(workshop: Workshop) -> list[SessionRecord]:
    """The participation record of the live sessions, oldest first, in three queries (one
    without sessions)."""
    sessions = list(
        workshop.live_sessions.annotate(
            participant_count=models.Count("participants", distinct=True),
            contribution_count=models.Count("contributions", distinct=True),
            accepted_count=models.Count(
                "contributions",
                filter=models.Q(contributions__status=Contribution.Status.ACCEPTED),
                distinct=True,
            ),
        ).order_by("started_at", "pk")
    )
    if not sessions:
        return []
    votes = {
        row["session"]: row
        for row in DotVote.objects.filter(session__workshop=workshop)
        .values("session")
        .annotate(
            votes=models.Count("pk"),
            voters=models.Sum("voter_count"),
        )
    }
    dots = dict(
        Dot.objects.filter(vote__session__workshop=workshop)
        .values("vote__session")
        .annotate(dots=models.Sum("count"))
        .values_list("vote__session", "dots")
    )
    labels = dict(LiveSession.Item.choices)
    return [
        SessionRecord(
            session=session,
            agenda=[labels[item] for item in session.opened_items if item in labels],
            participants=session.participant_count,
            contributions=session.contribution_count,
            accepted=session.accepted_count,
            votes=votes.get(session.pk, {}).get("votes", 0),
            dots=dots.get(session.pk, 0),
            voters=votes.get(session.pk, {}).get("voters") or 0,
        )
        for session in sessions
    ]


def edit_own(
    session: LiveSession, participant: Participant, contribution_pk: int, text: str
) -> bool:
    """A participant changes their own contribution while it is not decided; False when it was
    decided meanwhile (or is not theirs)."""
    changed_rows = Contribution.objects.filter(
        pk=contribution_pk,
        session=session,
        participant=participant,
        status=Contribution.Status.NEW,
    ).update(text=text)
    if changed_rows:
        noted(session.pk)
    return bool(changed_rows)


def transcribed(session: LiveSession) -> list[Contribution]:
    """What the facilitator typed in from paper worksheets, newest first."""
    return list(
        session.contributions.exclude(paper_table="")
        .select_related("action_field")
        .order_by("-created_at", "-pk")
    )
