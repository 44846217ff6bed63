"""Changes to polls: keyword-only, one transaction each; the caller checked the permission.

    poll = poll_create(actor=..., workspace=..., question=..., options=["Yes", "No"], ...)
    poll_publish(actor=..., poll=poll)                 # draft -> published (its window says open or not)
    ballot = vote(poll=poll, user=request.user or None, visitor_key=..., choices=[option ids],
                  other="", unverified=not member)     # ValidationError with the reason, for the form

A vote never locks the poll row: THAT someone voted is one Participation row (unique per member
and per browser: the database refuses a second), WHAT they chose one Ballot and its choices. A
named poll's member may change their vote while it is open (the ballot is theirs, changed in
place); an anonymous poll's ballot is nobody's, so a vote there is final (the page says so)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from workspaces.kit.services import (
    audit,
    check_loaded_state,
    item_added,
    locked_row,
    record,
    restore,
    set_item_teams,
    soft_delete,
)
from workspaces.lib.forms import one_line

from .models import MAX_OPTIONS, MAX_OTHER_LENGTH, Ballot, BallotChoice, Kind, Option, Participation, Poll, Status

CLOSED = "This poll is not taking votes now."
ALREADY_VOTED = "You have already voted in this poll."
FINAL_IN_ANONYMOUS = ("You have already voted in this poll. It is anonymous, so your vote is not linked to you "
                      "and cannot be changed.")


@transaction.atomic
def poll_create(*, actor, workspace, question, options, description="", kind=Kind.SINGLE, max_choices=None,
                allow_other=False, results="after_vote", anonymous=False, sign_in_required=False, embed=False,
                opens_at=None, closes_at=None, view_access="anyone", change_access="managers", view_teams=(),
                change_teams=(), publish=False):
    """A new poll (a draft unless `publish`). Options: their labels, in order (2 to MAX_OPTIONS)."""
    labels = clean_options(options)
    poll = Poll(workspace=workspace, created_by=actor, question=one_line(question), description=description,
                kind=kind, max_choices=max_choices if kind == Kind.MULTIPLE else None, allow_other=allow_other,
                results=results, anonymous=anonymous, sign_in_required=sign_in_required, embed=embed,
                opens_at=opens_at, closes_at=closes_at, view_access=view_access, change_access=change_access)
    poll.full_clean(exclude=["created_by", "updated_by"])
    poll.save()
    Option.objects.bulk_create([Option(poll=poll, label=label, position=i) for i, label in enumerate(labels)])
    item_added(poll, actor=actor, verb="polls.poll_created", summary="added the poll", text=description,
               view_teams=view_teams, change_teams=change_teams)
    if publish:
        poll_publish(actor=actor, poll=poll)
    return poll


def clean_options(options):
    labels = [one_line(label) for label in options]
    labels = [label for label in labels if label]
    errors = []
    if len(labels) < 2:
        errors.append("Give at least two answers to choose from.")
    if len(labels) > MAX_OPTIONS:
        errors.append(f"Give at most {MAX_OPTIONS} answers (there are {len(labels)}).")
    if len({label.casefold() for label in labels}) != len(labels):
        errors.append("Each answer must be different.")
    if any(len(label) > Option._meta.get_field("label").max_length for label in labels):
        errors.append(f"Keep each answer to {Option._meta.get_field('label').max_length} characters or fewer.")
    if errors:
        raise ValidationError({"options": errors})
    return labels


@transaction.atomic
def poll_publish(*, actor, poll):
    """Draft -> published: members who may see it hear of it (polls.poll_published)."""
    updated = Poll.objects.filter(pk=poll.pk, status=Status.DRAFT).update(status=Status.LIVE,
                                                                          published_at=timezone.now())
    if updated:
        poll.status = Status.LIVE
        record(workspace=poll.workspace, actor=actor, verb="polls.poll_published", target=poll,
               summary="published the poll")
    return poll


def clean_choices(poll, choices, other):
    """The chosen options (ids from the form) checked against the poll: its own options only,
    at least one answer, no more than it allows, "Other" only where offered."""
    other = one_line(other or "")
    try:
        wanted = {int(choice) for choice in choices if str(choice).strip()}
    except (TypeError, ValueError):
        raise ValidationError("Choose from the answers shown.", code="tampered") from None
    options = list(Option.objects.filter(poll=poll, pk__in=wanted))
    if len(options) != len(wanted):
        raise ValidationError("Choose from the answers shown.", code="tampered")
    if other and not poll.allow_other:
        raise ValidationError("This poll does not take other answers.", code="no_other")
    if len(other) > MAX_OTHER_LENGTH:
        raise ValidationError(f"Keep your other answer to {MAX_OTHER_LENGTH} characters or fewer.", code="long")
    count = len(options) + (1 if other else 0)
    if count == 0:
        raise ValidationError("Choose an answer." if poll.kind == Kind.SINGLE else "Choose at least one answer.",
                              code="empty")
    if count > poll.selection_limit:
        message = ("Choose one answer." if poll.kind == Kind.SINGLE
                   else f"Choose at most {poll.selection_limit} answers (you chose {count}).")
        raise ValidationError(message, code="too_many")
    return options, other


@transaction.atomic
def vote(*, poll, choices, other="", user=None, visitor_key="", address_key="", unverified=False, now=None):
    """Record one vote (the caller checked polls.vote_poll). `user`: who votes, signed in (None
    for a visitor, known by `visitor_key`). Returns the ballot; refusals raise ValidationError."""
    now = now or timezone.now()
    if not poll.is_live or poll.is_deleted or not poll.is_open(now):
        raise ValidationError(CLOSED, code="closed")
    options, other = clean_choices(poll, choices, other)
    voter = user if user is not None and user.is_authenticated else None
    if voter is None and not visitor_key:
        raise ValidationError("Your browser did not keep the cookie that lets you vote: allow cookies for "
                              "this site, or sign in.", code="no_cookie")
    try:
        with transaction.atomic():
            Participation.objects.create(poll=poll, user=voter, visitor_key="" if voter else visitor_key,
                                         address_key=address_key, unverified=unverified)
    except IntegrityError:
        return _change_vote(poll, voter, options, other, now)
    ballot = Ballot.objects.create(poll=poll, unverified=unverified, other=other,
                                   user=None if poll.anonymous else voter,
                                   changed_at=None if poll.anonymous else now)
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, poll=poll, option=option) for option in options]
                                     + ([BallotChoice(ballot=ballot, poll=poll, option=None)] if other else []))
    return ballot


def _change_vote(poll, voter, options, other, now):
    """A second vote: in a named poll, the member's ballot takes the new choices; else refused."""
    if voter is None:
        raise ValidationError(ALREADY_VOTED, code="again")
    if poll.anonymous:
        raise ValidationError(FINAL_IN_ANONYMOUS, code="again")
    ballot = Ballot.objects.select_for_update().filter(poll=poll, user=voter).first()
    if ballot is None:  # named after the vote was cast anonymously: nothing of theirs to change
        raise ValidationError(ALREADY_VOTED, code="again")
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, poll=poll, option=option) for option in options]
                                     + ([BallotChoice(ballot=ballot, poll=poll, option=None)] if other else []))
    ballot.other, ballot.changed_at = other, now
    ballot.save(update_fields=["other", "changed_at"])
    return ballot


# --- Running a poll (the managing part) -------------------------------------------------------------

SETTINGS_FIELDS = ("question", "description", "kind", "max_choices", "allow_other", "results", "anonymous",
                   "sign_in_required", "embed", "opens_at", "closes_at", "view_access", "change_access")
ANONYMITY_FIXED = ("People have already voted, so whether the poll is anonymous cannot change: they voted "
                   "knowing what it was.")
OPTIONS_FIXED = ("People have already voted, so the answers cannot change any more (a vote for one answer would "
                 "count for another). Close this poll and add a new one if the answers were wrong.")
KIND_FIXED = "People have already voted, so one answer or several cannot change any more."
CLOSE_IN_PAST = "Choose a closing time in the future."


def _window_changed(poll):
    from .lifecycles import POLL_WINDOW

    POLL_WINDOW.window_changed(poll)


def check_close(opens_at, closes_at, *, now=None):
    """The window's own rules, with the field each refusal belongs to."""
    now = now or timezone.now()
    if closes_at is not None and closes_at <= now:
        raise ValidationError({"closes_at": CLOSE_IN_PAST})
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError({"closes_at": "The close must come after the opening."})


def clean_max_choices(kind, max_choices, option_count):
    if kind != Kind.MULTIPLE:
        return None
    if max_choices is not None and not 1 <= max_choices <= option_count:
        raise ValidationError({"max_choices": f"Choose a number from 1 to {option_count} (the number of answers), "
                                              "or leave it empty for no limit."})
    return max_choices


@transaction.atomic
def poll_update(*, actor, poll, question, options, description="", kind=Kind.SINGLE, max_choices=None,
                allow_other=False, results="after_vote", anonymous=False, sign_in_required=False, embed=False,
                opens_at=None, closes_at=None, view_access=None, change_access=None, view_teams=(), change_teams=(),
                loaded_state=""):
    """Change a poll's settings and (until the first vote) its answers. `loaded_state`: the
    digest the form was loaded with (ChangedMeanwhile if someone saved meanwhile). Once anyone
    voted, anonymity, the kind and the answers are fixed: refused with the reason."""
    current = locked_row(poll, "workspace", "updated_by")
    check_loaded_state(current, SETTINGS_FIELDS, loaded_state)
    labels = clean_options(options)
    voted = Participation.objects.filter(poll=current).exists()
    old_labels = list(current.options.order_by("position", "id").values_list("label", flat=True))
    errors = {}
    if voted and anonymous != current.anonymous:
        errors["anonymous"] = ANONYMITY_FIXED
    if voted and labels != old_labels:
        errors["options"] = OPTIONS_FIXED
    if voted and kind != current.kind:
        errors["kind"] = KIND_FIXED
    if errors:
        raise ValidationError(errors)
    window_moved = (opens_at, closes_at) != (current.opens_at, current.closes_at)
    if closes_at != current.closes_at:
        check_close(opens_at, closes_at)
    max_choices = clean_max_choices(kind, max_choices, len(labels))
    current.question, current.description, current.kind = one_line(question), description, kind
    current.max_choices, current.allow_other, current.results = max_choices, allow_other, results
    current.anonymous, current.sign_in_required, current.embed = anonymous, sign_in_required, embed
    current.opens_at, current.closes_at = opens_at, closes_at
    access_given = view_access is not None and change_access is not None
    if access_given:
        current.view_access, current.change_access = view_access, change_access
    current.updated_by = actor
    current.version += 1
    current.full_clean(exclude=["workspace", "created_by", "updated_by"])
    current.save()
    if labels != old_labels:
        Option.objects.filter(poll=current).delete()
        Option.objects.bulk_create([Option(poll=current, label=label, position=i) for i, label in enumerate(labels)])
    if access_given:
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="polls.poll_updated", target=current,
           summary="changed the poll")
    if window_moved and current.is_live:
        _window_changed(current)
    return current


@transaction.atomic
def poll_close(*, actor, poll, now=None):
    """Stop taking votes now (its followers hear of it through the lifecycle)."""
    now = now or timezone.now()
    current = locked_row(poll, "workspace")
    if not current.is_live or not current.is_open(now):
        raise ValidationError("This poll is not taking votes, so there is nothing to close.")
    current.closes_at = now
    if current.opens_at is not None and current.opens_at >= now:
        current.opens_at = None
    current.version += 1
    current.save(update_fields=["closes_at", "opens_at", "version", "updated_at"])
    record(workspace=current.workspace, actor=actor, verb="polls.poll_updated", target=current,
           summary="closed the poll")
    _window_changed(current)
    return current


@transaction.atomic
def poll_delete(*, actor, poll):
    from .lifecycles import POLL_WINDOW

    current = locked_row(poll, "workspace")
    POLL_WINDOW.forget(current)
    return soft_delete(current, actor=actor, verb="polls.poll_deleted", summary="deleted the poll",
                       audit_action="polls.poll_deleted")


@transaction.atomic
def poll_restore(*, actor, poll):
    current = locked_row(poll, "workspace")
    restored = restore(current, actor=actor, verb="polls.poll_restored", summary="restored the poll",
                       audit_action="polls.poll_restored")
    if restored.is_live:
        _window_changed(restored)
    return restored


def export_audited(*, actor, poll):
    audit(actor=actor, action="polls.votes_exported", workspace=poll.workspace, target=poll)
