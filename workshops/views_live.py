"""The live workshop's pages: the facilitator's cockpit and projector view, and the participants'
phone view. The rules are in `live.py`; these views translate HTTP."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import live, permissions, voting
from . import worksheet as worksheets
from .forms import (
    FIELD_KINDS,
    AcceptForm,
    ContributionForm,
    DotVoteForm,
    JoinCodeForm,
    JoinForm,
    LiveStartForm,
    OwnContributionForm,
    TimerForm,
    TranscriptionForm,
)
from .models import TIE_BREAK, Contribution, DotVote, LiveSession, Rating
from .process import parse_id, record_change, render_step, wants_partial

COCKPIT = "live/cockpit.html"
PROJECTOR = "live/projector.html"
PARTICIPANT = "live/participant.html"


def _no_change():
    return HttpResponse(status=204)


# `?rev=<n>` read from the raw query string: parsing it into a QueryDict would cost a poll that
# finds no change a good part of its time.
_SEEN = re.compile(r"(?:^|&)rev=([0-9]{1,18})(?:&|$)")


def _seen_revision(request):
    """The revision the polling page has; None when it sent none (then it gets the page)."""
    found = _SEEN.search(request.META.get("QUERY_STRING", ""))
    return int(found[1]) if found else None


# --- Facilitator ---------------------------------------------------------------------------


def _room_state(session, participant=None):
    """What every view of the room shows besides the open item: the countdown, the vote and the
    effort x impact rating."""
    vote = voting.shown_vote(session)
    state = {
        "countdown": live.countdown(session),
        "ballot": voting.ballot(vote, participant) if vote else None,
        "tie_break": TIE_BREAK,
        "rating_open": voting.rating_is_open(session),
        "rating_levels": Rating.Value.choices,
    }
    if participant is not None and state["rating_open"]:
        state["my_ratings"] = voting.my_ratings(session, participant)
    elif participant is None and voting.rating_shown(session):
        rated = voting.room_ratings(session)
        state["rated"] = rated
        state["quadrants"], state["rated_incomplete"] = voting.matrix(rated)
        state["matrix_rule"] = voting.MATRIX_RULE
    return state


def _cockpit_context(
    request, workshop, session, accept_forms=None, vote_form=None, start_form=None
):
    context = {"session": session, "past": workshop.live_sessions.exclude(ended_at=None)[:10]}
    if session is None:
        context["start_form"] = start_form or LiveStartForm()
        return context
    session.refresh_from_db()  # after a change: its stamp, so an older poll cannot undo it
    fields = workshop.action_fields.order_by("position", "pk")
    contributions = list(
        session.contributions.select_related("participant", "action_field", "merged_into")
    )
    forms = accept_forms or {}
    new = [
        (
            c,
            forms.get(c.pk)
            or AcceptForm(contribution=c, fields=fields, timeframes=live.TIMEFRAMES),
        )
        for c in contributions
        if c.status == Contribution.Status.NEW
    ]
    join_url = request.build_absolute_uri(reverse("live:participant", args=[session.code]))
    agenda = live.agenda(session)
    context.update(
        {
            "agenda": agenda,
            "timer_default": live.timer_default(agenda, TimerForm.MINUTES, session.timer_minutes),
            "new": new,
            "decided": [c for c in contributions if c.status != Contribution.Status.NEW],
            "merge_targets": [c for c in contributions if c.status in live.MERGEABLE],
            "participant_count": session.participants.count(),
            "join_url": join_url,
            "qr": live.qr_svg(join_url),
            "timer_form": TimerForm(),
            "vote_form": vote_form
            or DotVoteForm(item_counts={}, initial={"subject": voting.default_subject(workshop)}),
            **_room_state(session),
        }
    )
    return context


def _cockpit(
    request,
    workshop,
    session,
    *,
    partial=None,
    accept_forms=None,
    vote_form=None,
    start_form=None,
    status=200,
):
    context = _cockpit_context(request, workshop, session, accept_forms, vote_form, start_form)
    return render_step(request, COCKPIT, workshop, "live", context, partial=partial, status=status)


@login_required
@require_GET
def cockpit(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    return _cockpit(request, workshop, live.running(workshop))


@login_required
@require_POST
def start(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    form = LiveStartForm(request.POST)
    running = live.running(workshop)
    if running is None and not form.is_valid():
        return _cockpit(request, workshop, None, start_form=form, status=422)
    if running is None:
        live.start(workshop, request.user, form.cleaned_data["place"])
    return redirect("live:cockpit", pk=workshop.pk)


def _running_or_404(workshop, session_pk):
    return get_object_or_404(
        LiveSession.objects.select_related("workshop"),
        pk=session_pk,
        workshop=workshop,
        ended_at__isnull=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk, session_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    if request.method == "GET":
        context = {
            "session": session,
            "open_vote": session.votes.filter(closed_at__isnull=True).first(),
            "rating_open": voting.rating_is_open(session),
        }
        return render_step(request, "live/confirm_end.html", workshop, "live", context)
    voting.finish(session)
    live.end(session)
    return redirect("live:cockpit", pk=workshop.pk)


@login_required
@require_POST
def open_item(request, pk, session_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    item = request.POST.get("item", "")
    if item in live.agenda_steps(workshop):
        live.open_item(session, item)
    else:
        messages.error(request, _("This item is not on the agenda of the process's method."))
    return redirect("live:cockpit", pk=workshop.pk)


def _refused(request, workshop, session, contribution, form):
    """The board again, with the refused accept form and its message at the contribution."""
    return _cockpit(
        request,
        workshop,
        session,
        partial="board",
        accept_forms={contribution.pk: form},
        status=422 if wants_partial(request) else 200,
    )


@login_required
@require_POST
def decide(request, pk, session_pk, contribution_pk):
    """Accept, merge or hide one contribution; a second click finds it decided and changes
    nothing."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    contribution = get_object_or_404(Contribution, pk=contribution_pk, session=session)
    action = request.POST.get("action")
    if action == "hide":
        live.hide(session, contribution.pk, request.user)
    elif action == "merge":
        into = parse_id(request.POST.get("into", ""))
        if into is not None:
            live.merge(session, contribution.pk, into, request.user)
    elif action == "accept" and contribution.status == Contribution.Status.NEW:
        fields = workshop.action_fields.order_by("position", "pk")
        form = AcceptForm(
            request.POST, contribution=contribution, fields=fields, timeframes=live.TIMEFRAMES
        )
        if not form.is_valid():
            return _refused(request, workshop, session, contribution, form)
        try:
            if live.accept(session, contribution.pk, request.user, **form.cleaned_data):
                record_change(request, workshop)
        except live.Changed as error:
            changed = error.args[0]
            data = request.POST.copy()  # the facilitator's choices, with the author's new text
            data[form.add_prefix("text")] = changed.text
            data[form.add_prefix("seen")] = changed.version
            form = AcceptForm(data, contribution=changed, fields=fields, timeframes=live.TIMEFRAMES)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Its author has just changed this contribution; the new text is below. "
                    "Please check it and accept again. Your version was: “%(yours)s”"
                )
                % {"yours": request.POST.get(form.add_prefix("text"), "")},
            )
            return _refused(request, workshop, session, contribution, form)
        except live.TooLong as error:
            form.add_error(
                "text",
                _(
                    "This would make the text in the strategy too long: at most %(left)s more "
                    "characters fit. Please shorten it or edit the text in the strategy first."
                )
                % {"left": max(0, error.args[0])},
            )
            return _refused(request, workshop, session, contribution, form)
    if wants_partial(request):
        return _cockpit(request, workshop, session, partial="board")
    return redirect("live:cockpit", pk=workshop.pk)


def _board_or_cockpit(request, workshop, session):
    if wants_partial(request):
        return _cockpit(request, workshop, session, partial="board")
    return redirect("live:cockpit", pk=workshop.pk)


def _board_refused(request, workshop, session, **refusal):
    """The board (htmx) or the cockpit again, with why an action of its panels was refused."""
    partial = "board" if wants_partial(request) else None
    context = {**_cockpit_context(request, workshop, session), **refusal}
    return render_step(request, COCKPIT, workshop, "live", context, partial=partial, status=422)


@login_required
@require_POST
def timer(request, pk, session_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    form = TimerForm(request.POST)
    if form.is_valid():
        live.set_timer(session, form.cleaned_data["action"], form.cleaned_data["minutes"])
    return _board_or_cockpit(request, workshop, session)


@login_required
@require_POST
def vote_open(request, pk, session_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    form = DotVoteForm(request.POST, item_counts=voting.item_counts(workshop))
    if not form.is_valid():
        status = 422 if wants_partial(request) else 200
        partial = "board" if wants_partial(request) else None
        return _cockpit(request, workshop, session, partial=partial, vote_form=form, status=status)
    data = form.cleaned_data
    voting.open_vote(session, data["subject"], data["dots"], data["per_item"])
    return _board_or_cockpit(request, workshop, session)


@login_required
@require_POST
def rating(request, pk, session_pk):
    """Open or end the room's effort x impact rating; ending stores the averages."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    if request.POST.get("action") == "open":
        try:
            voting.open_rating(session)
        except voting.VoteRefused as error:
            return _board_refused(request, workshop, session, rating_refused=str(error))
    elif request.POST.get("action") == "close":
        voting.close_rating(session)
    return _board_or_cockpit(request, workshop, session)


@login_required
@require_http_methods(["GET", "POST"])
def rating_adopt(request, pk):
    """Take the room's averages as the measures' estimates: one measure at once, all after a
    question (it changes estimates made before)."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    if request.method == "GET":
        rated = workshop.measures.filter(rating_count__gt=0).order_by("rank")
        context = {"rated": voting.adoption_rows(rated)}
        return render_step(request, "live/confirm_adopt.html", workshop, "live", context)
    measure_pk = parse_id(request.POST.get("measure", ""))
    if "measure" in request.POST and measure_pk is None:
        messages.error(request, _("This measure could not be found. Please reload the page."))
        return redirect("live:rating_adopt", pk=workshop.pk)
    changed = voting.adopt_ratings(workshop, measure_pk)
    if changed:
        record_change(request, workshop)
    messages.success(
        request,
        ngettext(
            "The room's estimate was adopted for %(count)s measure.",
            "The room's estimate was adopted for %(count)s measures.",
            changed,
        )
        % {"count": changed},
    )
    session = live.running(workshop)
    if wants_partial(request) and session is not None:
        return _cockpit(request, workshop, session, partial="board")
    return redirect("live:cockpit", pk=workshop.pk)


def _vote_or_404(session, vote_pk):
    return get_object_or_404(DotVote.objects.select_related("session"), pk=vote_pk, session=session)


@login_required
@require_POST
def vote_reveal(request, pk, session_pk, vote_pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    voting.reveal(_vote_or_404(session, vote_pk))
    return _board_or_cockpit(request, workshop, session)


@login_required
@require_http_methods(["GET", "POST"])
def vote_close(request, pk, session_pk, vote_pk):
    """Closing writes the order into the strategy, so it asks first."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    vote = _vote_or_404(session, vote_pk)
    if request.method == "GET" or not vote.is_open:
        context = {"session": session, "vote": vote, "tie_break": TIE_BREAK}
        return render_step(request, "live/confirm_close_vote.html", workshop, "live", context)
    if voting.close(vote.pk, session):
        record_change(request, workshop)
    return redirect("live:cockpit", pk=workshop.pk)


@login_required
@require_GET
def projector(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = live.running(workshop)
    if session is None:
        return _reload() if wants_partial(request) else redirect("live:cockpit", pk=workshop.pk)
    join_url = request.build_absolute_uri(reverse("live:participant", args=[session.code]))
    context = {
        "workshop": workshop,
        "session": session,
        "item": live.item_view(session),
        "participant_count": session.participants.count(),
        "accepted": live.accepted_for_projector(session),
        "join_url": join_url,
        "qr": live.qr_svg(join_url),
        **_room_state(session),
    }
    if wants_partial(request):
        return render(request, f"{PROJECTOR}#screen", context)
    return render(request, PROJECTOR, context)


@require_GET
def poll(request, pk, session_pk):
    """The cockpit's and the projector's poll: "no change" costs the one query for the revision
    and needs no login (it says nothing but "no change"); a change is answered like the page."""
    seen = _seen_revision(request)
    current = live.stamp(session_pk)
    if current is not None and seen == current:
        return _no_change()
    if request.GET.get("view") == "projector":
        return projector(request, pk)
    return _board(request, pk)


def _reload():
    """For a poll whose page is gone (the session ended in another tab): load it anew."""
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def _board(request, pk):
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = live.running(workshop)
    if session is None:
        return _reload()
    return _cockpit(request, workshop, session, partial="board")


# --- Participants (no account) -------------------------------------------------------------


def _client_address(request):
    """The phone's address, for counting wrong codes. Behind load balancers that append it to
    X-Forwarded-For, `LIVE_TRUSTED_PROXIES` says how many of them there are: the address they
    saw is that many entries from the right (entries further left come from the client and
    could be made up). Without it, REMOTE_ADDR, which behind a proxy is the proxy's."""
    proxies = settings.LIVE_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _unknown_code(request, code_form, status=404):
    return render(request, "live/join_code.html", {"form": code_form}, status=status)


@require_http_methods(["GET", "POST"])
def join_code(request):
    """The short address people type: /live/ asks for the code."""
    if request.method == "GET" and "code" not in request.GET:
        return render(request, "live/join_code.html", {"form": JoinCodeForm()})
    form = JoinCodeForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return render(request, "live/join_code.html", {"form": form})
    return _find_or_refuse(request, form, form.cleaned_data["code"])


def _find_or_refuse(request, form, code):
    """The session for a typed code, or the code form with a German message (404 or 429)."""
    form.is_valid()  # the messages below are added to a validated form
    address = _client_address(request)
    if live.too_many_attempts(address):
        form.add_error(
            None, _("Too many attempts with unknown codes. Please wait ten minutes and try again.")
        )
        return _unknown_code(request, form, status=429)
    session = live.find_running(code)
    if session is None:
        live.failed_attempt(address)
        ended = LiveSession.objects.filter(code=live.normalise_code(code)).exists()
        form.add_error(
            "code",
            _("This session has ended. Thank you for taking part!")
            if ended
            else _(
                "There is no running session with this code. Please check the code on the screen."
            ),
        )
        return _unknown_code(request, form)
    return redirect("live:participant", code=session.code)


def _participant_context(session, participant, form=None, edit_forms=None):
    kinds = live.asks_for(session.open_item)
    fields = session.workshop.action_fields.order_by("position", "pk")
    if form is None and kinds:
        form = ContributionForm(item=session.open_item, kinds=kinds, fields=fields)
    mine = live.contributions_of(participant)
    for contribution in mine:  # undecided ones can still be corrected
        if contribution.status == Contribution.Status.NEW:
            contribution.edit_form = (edit_forms or {}).get(contribution.pk) or OwnContributionForm(
                contribution=contribution
            )
    return {
        "session": session,
        "participant": participant,
        "item": live.item_view(session),
        "form": form,
        # The item the form is for; it says so when that is no longer the open one.
        "form_for": live.item_label(form.for_item) if form else "",
        "form_elsewhere": bool(form) and form.for_item != session.open_item,
        "mine": mine,
        **_room_state(session, participant),
    }


@require_http_methods(["GET", "POST"])
def participant(request, code):
    """Join with the code (QR link or typed), then the phone view of the open item."""
    session = live.find_running(code)
    if session is None and wants_partial(request):  # a phone's poll or form: the session ended
        return render(request, "live/ended.html")
    if session is None:
        return _find_or_refuse(request, JoinCodeForm({"code": code}), code)
    if request.method == "POST":
        form = JoinForm(request.POST)
        if not form.is_valid():
            return render(request, "live/join.html", {"session": session, "form": form})
        joined = live.join(session, form.save(commit=False))
        response = redirect("live:participant", code=session.code)
        response.set_signed_cookie(
            live.PARTICIPANT_COOKIE,
            live.participant_cookie(joined),
            salt=live.PARTICIPANT_SALT,
            max_age=live.PARTICIPANT_COOKIE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    me = live.participant_from(request, session)
    if me is None:
        return render(request, "live/join.html", {"session": session, "form": JoinForm()})
    return _room(request, _participant_context(session, me))


@require_GET
def participant_poll(request, code):
    """The phones' poll: "no change" costs one query and renders nothing."""
    seen = _seen_revision(request)
    current = live.phone_revision(code)
    if current is not None and seen == current:
        return _no_change()
    return participant(request, code)


def _room(request, context, status=200):
    """A phone's answer: the room for htmx, else the whole page."""
    template = f"{PARTICIPANT}#room" if wants_partial(request) else PARTICIPANT
    return render(request, template, context, status=status)


def _participant_or_rejoin(request, code):
    session = live.find_running(code)
    if session is None:
        return None, None
    return session, live.participant_from(request, session)


@require_POST
def contribute(request, code):
    session, me = _participant_or_rejoin(request, code)
    if me is None:
        return redirect("live:participant", code=code)
    # Filed under the item the form was written for, even when the facilitator has moved on
    # since; a text for an item this session never had open is not taken.
    item = live.item_written_for(session, request.POST.get("item", ""))
    kinds = live.asks_for(item or "")
    fields = session.workshop.action_fields.order_by("position", "pk")
    form = ContributionForm(request.POST, item=item, kinds=kinds, fields=fields)
    lost = filed_under = ""
    if not kinds:
        form, lost = None, request.POST.get("text", "")
    elif form.is_valid():
        data = form.cleaned_data
        live.contribute(
            session,
            me,
            data["kind"],
            data["text"],
            data["token"],
            data.get("action_field"),
            data.get("aspect", ""),
        )
        form = None  # a fresh form, with a new token, for the next proposal
        session.refresh_from_db()  # the state the new revision stands for
        if item != session.open_item:
            filed_under = live.item_label(item)
    context = {
        **_participant_context(session, me, form),
        "thanked": form is None and kinds,
        "filed_under": filed_under,
        "not_sent": lost,
    }
    return _room(request, context, status=422 if form or lost else 200)


@require_POST
def withdraw(request, code, contribution_pk):
    session, me = _participant_or_rejoin(request, code)
    if me is None:
        return redirect("live:participant", code=code)
    withdrawn = live.withdraw(session, me, contribution_pk)
    session.refresh_from_db()  # the state the new revision stands for
    if not withdrawn:
        context = {
            **_participant_context(session, me),
            "edit_refused": _(
                "This contribution can no longer be withdrawn: the facilitator has decided on it "
                "or counted others with it."
            ),
        }
        return _room(request, context, status=422)
    if wants_partial(request):
        return _room(request, _participant_context(session, me))
    return redirect("live:participant", code=code)


@require_POST
def dot(request, code):
    """Place or take away a dot: the form says how many dots the item should have, so a double
    click sends the same number twice and counts once."""
    session, me = _participant_or_rejoin(request, code)
    if me is None:
        return redirect("live:participant", code=code)
    vote_pk = parse_id(request.POST.get("vote", ""))
    item_pk = parse_id(request.POST.get("item", ""))
    count = parse_id(request.POST.get("count", ""))
    refused = ""
    if None in (vote_pk, item_pk, count):
        refused = _("The dot could not be placed. Please reload the page.")
    else:
        try:
            voting.set_dots(vote_pk, me, item_pk, count)
        except voting.VoteRefused as error:
            refused = str(error)
    session.refresh_from_db()  # the state the new revision stands for
    context = {**_participant_context(session, me), "vote_refused": refused}
    status = 422 if refused else 200
    return _room(request, context, status=status)


@require_POST
def rate(request, code):
    """A participant's estimate of one measure's effort and impact."""
    session, me = _participant_or_rejoin(request, code)
    if me is None:
        return redirect("live:participant", code=code)
    measure_pk = parse_id(request.POST.get("measure", ""))
    values = [request.POST.get(name, "") for name in ("effort", "impact")]
    refused = ""
    if measure_pk is None or any(value not in ("", "1", "2", "3") for value in values):
        refused = _("The estimate could not be saved. Please reload the page.")
    else:
        effort, impact = (int(value) if value else None for value in values)
        try:
            voting.rate(session, me, measure_pk, effort, impact)
        except voting.VoteRefused as error:
            refused = str(error)
    session.refresh_from_db()  # the state the new revision stands for
    context = {**_participant_context(session, me), "rating_refused": refused}
    status = 422 if refused else 200
    return _room(request, context, status=status)


@require_POST
def edit_own(request, code, contribution_pk):
    """A participant corrects their contribution while the facilitator has not decided it."""
    session, me = _participant_or_rejoin(request, code)
    if me is None:
        return redirect("live:participant", code=code)
    mine = get_object_or_404(Contribution, pk=contribution_pk, session=session, participant=me)
    form = OwnContributionForm(request.POST, contribution=mine)
    refused = ""
    if form.is_valid() and not live.edit_own(session, me, mine.pk, form.cleaned_data["text"]):
        refused = _("The facilitator has already decided on it; it can no longer be changed.")
    failed = bool(refused) or not form.is_valid()
    session.refresh_from_db()  # the state the new revision stands for
    edit_forms = {mine.pk: form} if failed else None
    context = {
        **_participant_context(session, me, edit_forms=edit_forms),
        "edit_refused": refused,
        "edit_typed": request.POST.get(form.add_prefix("text"), "") if refused else "",
    }
    status = 422 if failed else 200
    return _room(request, context, status=status)


# --- Paper: worksheets for tables without devices, and typing them in ------------------------


@login_required
@require_GET
def worksheet(request, pk, item):
    """The A4 worksheet of one agenda item as PDF, with the join QR of the running session."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    if item not in LiveSession.Item.values:
        raise Http404
    session = live.running(workshop)
    join_url = (
        request.build_absolute_uri(reverse("live:participant", args=[session.code]))
        if session
        else ""
    )
    document = worksheets.worksheet_pdf(workshop, item, join_url, session.code if session else "")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"arbeitsblatt-{item}.pdf"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def transcribe(request, pk, session_pk):
    """Type in the worksheets fast: after each one the form keeps table, kind and field, so
    the next proposal of the same sheet needs only its text."""
    workshop = permissions.get_workshop(request.user, pk, permissions.EDIT)
    session = _running_or_404(workshop, session_pk)
    fields = workshop.action_fields.order_by("position", "pk")
    status = 200
    if request.method == "POST":
        form = TranscriptionForm(request.POST, fields=fields)
        if form.is_valid():
            data = form.cleaned_data
            live.contribute(
                session,
                None,
                data["kind"],
                data["text"],
                data["token"],
                data["action_field"] if data["kind"] in FIELD_KINDS else None,
                data["aspect"] if data["kind"] == Contribution.Kind.FIELD_NOTE else "",
                paper_table=data["paper_table"],
            )
            messages.success(request, _("Typed in: “%(text)s”") % {"text": data["text"][:80]})
            keep = {key: data[key] for key in ("paper_table", "kind", "aspect")}
            keep["action_field"] = data["action_field"].pk if data["action_field"] else None
            form = TranscriptionForm(fields=fields, initial=keep)
            form.fields["text"].widget.attrs["autofocus"] = True  # the sheet's next proposal
        else:
            status = 422
    else:
        form = TranscriptionForm(fields=fields)
    context = {"session": session, "form": form, "transcribed": live.transcribed(session)}
    return render_step(request, "live/transcribe.html", workshop, "live", context, status=status)
