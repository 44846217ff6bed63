"""Open/close windows and lifecycles: what surveys, consultations, polls and a document
circulated "for comments until ..." are built from.

    # models.py: the item opens and closes (kit.models.Window: opens_at, closes_at, window_phase)
    class Survey(Window, SoftDeletable, WorkspaceItem):
        WINDOW_PHRASES = Phrases(open_until="Open for answers until {closes}", ...)  # optional
        class Meta:
            indexes = window_indexes("survey")

    # lifecycles.py: what happens when the window opens and closes (advanced by one beat task)
    CLOSING = Lifecycle(
        model="surveys.Survey",
        verbs={Phase.OPEN: "surveys.survey_opened", Phase.CLOSED: "surveys.survey_closed"},  # declared verbs
        summaries={Phase.CLOSED: "Answers are closed on"},
        live={"is_deleted": False},
        reminder=ClosingReminder(subject="“{title}” closes tomorrow"),
    )
    register(Tool(..., lifecycles=(CLOSING,)))

    # policies.py: contributing outside the window is refused, with the reason; reading is not
    if action == "respond":
        return within_window(decision, survey.window)

    # services.py, after saving new dates (and on delete/restore)
    CLOSING.window_changed(survey)       # the "closes tomorrow" reminder scheduled, moved or dropped
    CLOSING.forget(survey)               # deleted: no reminder

- Span: a window's two moments (either may be empty: open from the start, open for good) and
  what follows from them: state(now) (Phase.NOT_YET_OPEN / OPEN / CLOSED), is_open(now), a
  phrase in the site's time zone ("Open until 15 January 2027, 17:00") and check() (closes
  after it opens). Policies and pages decide from the dates, so a window closes on the minute.
- Lifecycle: the item's stored phase (`window_phase`) says what people were last told; the beat
  task workspaces.tasks.advance_lifecycles moves every item whose dates say otherwise into its
  phase (through Transitions, recording the phase's verb, actor none: the schedule did it).
  Idempotent: a second run finds nothing behind; a missed run catches up (an item that both
  opened and closed meanwhile goes straight to closed and only its closing is told); dates
  moved back re-open an item, and that is told too.
- Transitions: any status field's allowed moves, with the verb each records; an illegal move
  raises IllegalTransition (a ValidationError naming the moves there are).
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as format_date

from .. import registry, reminders
from ..activity import record
from ..permissions import Decision

logger = logging.getLogger(__name__)

__all__ = ["ClosingReminder", "IllegalTransition", "Lifecycle", "Phase", "Phrases", "Span", "Transitions",
           "advance_all", "site_time", "within_window"]

MOMENT_FORMAT = "j F Y, H:i"  # 15 January 2027, 17:00
BATCH = 500  # items advanced per query of a run


class Phase(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", "Not yet open"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def site_time(moment, fmt=MOMENT_FORMAT):
    """A moment as people read it, in the site's time zone (settings.TIME_ZONE)."""
    return format_date(timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)), fmt)


@dataclass(frozen=True)
class Phrases:
    """What a window says of itself ({opens}, {closes}: moments in the site's time zone). A tool
    gives its own ("Comments close on ...") through its model's WINDOW_PHRASES."""

    not_yet_open: str = "Opens on {opens}"
    not_yet_open_until: str = "Opens on {opens} and closes on {closes}"
    open_until: str = "Open until {closes}"
    closed: str = "Closed on {closes}"


@dataclass(frozen=True)
class Span:
    """A window: open from `opens_at` (None: from the start) until `closes_at` (None: for good)."""

    opens_at: datetime | None = None
    closes_at: datetime | None = None
    phrases: Phrases = field(default_factory=Phrases)

    @property
    def is_set(self):
        return self.opens_at is not None or self.closes_at is not None

    def state(self, now=None):
        now = now or timezone.now()
        if self.closes_at is not None and now >= self.closes_at:
            return Phase.CLOSED
        if self.opens_at is not None and now < self.opens_at:
            return Phase.NOT_YET_OPEN
        return Phase.OPEN

    def is_open(self, now=None):
        return self.state(now) == Phase.OPEN

    def phrase(self, now=None):
        """"Open until 15 January 2027, 17:00", "Closed on ...", "Opens on ..."; "" for a
        window that is simply open (no end)."""
        state = self.state(now)
        moments = {"opens": site_time(self.opens_at) if self.opens_at else "",
                   "closes": site_time(self.closes_at) if self.closes_at else ""}
        if state == Phase.CLOSED:
            return self.phrases.closed.format(**moments)
        if state == Phase.NOT_YET_OPEN:
            text = self.phrases.not_yet_open_until if self.closes_at else self.phrases.not_yet_open
            return text.format(**moments)
        return self.phrases.open_until.format(**moments) if self.closes_at else ""

    def refusal(self, now=None):
        """The reason to refuse contributing now ("Comments closed on 15 January 2027, 17:00."),
        or "" while open."""
        return "" if self.is_open(now) else self.phrase(now) + "."

    def check(self, fields=("opens_at", "closes_at")):
        """ValidationError on the closing field unless the window closes after it opens."""
        if self.opens_at is not None and self.closes_at is not None and self.closes_at <= self.opens_at:
            raise ValidationError({fields[1]: f"Choose a closing time after the opening time "
                                              f"({site_time(self.opens_at)})."})


def within_window(decision, span, now=None):
    """For a policy's contribute action (comment, respond, vote) on an item with a window: the
    decision as it was when refused already or inside the window; otherwise refused with the
    window's phrase as the reason. Reading is the caller's other actions: never pass those."""
    if not decision.allowed:
        return decision
    reason = span.refusal(now)
    return Decision(False, reason) if reason else decision


# --- Transitions ----------------------------------------------------------------------------------


class IllegalTransition(ValidationError):
    """A move the item's Transitions do not allow from the state it is in. Nothing changed."""


@dataclass(frozen=True)
class Transitions:
    """The states of a status field and the moves between them, each with the verb it records
    (None: recorded nowhere):

        STATES = Transitions(field="status", allowed={
            ("draft", "open"): "surveys.survey_opened",
            ("open", "closed"): "surveys.survey_closed",
            ("closed", "open"): "surveys.survey_reopened",
        })
        STATES.transition(survey, "open", actor=request.user, summary="opened the survey")
    """

    field: str
    allowed: dict  # (from, to) -> verb or None

    def targets(self, state):
        """The states one may move to from `state`."""
        return [to for (start, to) in self.allowed if start == state]

    def label(self, obj, state):
        choices = dict(obj._meta.get_field(self.field).flatchoices)
        return str(choices.get(state, state)).lower()

    @transaction.atomic
    def transition(self, obj, to, *, actor, summary="", **record_kwargs):
        """Move `obj` to state `to`: its row locked and its state read under the lock, so two
        moves at once cannot both start from the same state. Records the move's verb (with
        `record_kwargs`: mentions=, addressed=) in the same transaction. Raises
        IllegalTransition for a move not declared."""
        rows = type(obj)._default_manager.filter(pk=obj.pk)
        current = rows.select_for_update().values_list(self.field, flat=True).get()
        if (current, to) not in self.allowed:
            noun = obj._meta.verbose_name
            possible = [self.label(obj, state) for state in self.targets(current)]
            raise IllegalTransition(
                f"This {noun} is {self.label(obj, current)}, so it cannot become {self.label(obj, to)}"
                + (f" (it can become {' or '.join(possible)})." if possible else ".")
            )
        rows.update(**{self.field: to})
        setattr(obj, self.field, to)
        verb = self.allowed[(current, to)]
        if verb:
            record(workspace=obj.workspace, actor=actor, verb=verb, target=obj, summary=summary, **record_kwargs)
        return obj


# --- Lifecycles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingReminder:
    """A "closes tomorrow" reminder, sent through workspaces.reminders at `at` (site time) on
    the day before the window closes, to the item's followers by default (or every member who
    may see it: reminders.Audience.MEMBERS). {title} is the item, {closes} the closing moment."""

    subject: str  # "Comments on “{title}” close tomorrow"
    message: str = ""
    audience: str = reminders.Audience.FOLLOWERS
    at: time = time(9, 0)


@dataclass(frozen=True)
class Lifecycle:
    """A tool's items that open and close, declared in its Tool(lifecycles=(...)).

    model:     "app_label.Model", a kit.models.Window (or one naming its fields in WINDOW_FIELDS)
    verbs:     Phase -> the verb recorded when an item enters it (the tool declares these in
               Tool(verbs=...); a phase with none is entered silently)
    summaries: Phase -> the activity's summary, read without an actor ("Comments are closed on")
    live:      a filter of the items that take part ({"is_deleted": False})
    reminder:  a ClosingReminder, or None
    """

    model: str
    verbs: dict = field(default_factory=dict, hash=False)
    summaries: dict = field(default_factory=dict, hash=False)
    live: dict = field(default_factory=dict, hash=False)
    reminder: ClosingReminder | None = None

    @property
    def name(self):
        return f"{self.model}.{self.fields[2]}"

    def get_model(self):
        return apps.get_model(self.model)

    @property
    def fields(self):
        """(opens, closes, phase) field names."""
        return self.get_model().WINDOW_FIELDS

    @property
    def transitions(self):
        phases = list(Phase)
        return Transitions(field=self.fields[2], allowed={
            (start, to): self.verbs.get(to) for start in phases for to in phases if start != to})

    def span(self, item):
        opens, closes, _ = self.fields
        return Span(getattr(item, opens), getattr(item, closes), item.WINDOW_PHRASES)

    def behind(self, now):
        """(phase, condition) for the items whose stored phase the dates have left behind."""
        opens, closes, phase = self.fields
        not_closed = Q(**{f"{closes}__isnull": True}) | Q(**{f"{closes}__gt": now})
        started = Q(**{f"{opens}__isnull": True}) | Q(**{f"{opens}__lte": now})
        return [
            (Phase.CLOSED, Q(**{f"{closes}__lte": now}) & ~Q(**{phase: Phase.CLOSED})),
            (Phase.NOT_YET_OPEN, Q(**{f"{opens}__gt": now}) & not_closed & ~Q(**{phase: Phase.NOT_YET_OPEN})),
            (Phase.OPEN, ~Q(**{phase: Phase.OPEN}) & started & not_closed),
        ]

    def advance(self, now=None):
        """Move every live item whose dates have moved it on into its phase; returns how many.
        Each item in its own transaction: one that fails is logged and tried again next run."""
        now = now or timezone.now()
        items = self.get_model()._default_manager.filter(**self.live)
        moved = 0
        for _phase, condition in self.behind(now):
            last = 0
            while pks := list(items.filter(condition, pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]):
                for pk in pks:
                    try:
                        moved += self.advance_item(pk, now)
                    except Exception:
                        logger.exception("Lifecycle %s: item %s could not be advanced.", self.name, pk)
                last = pks[-1]
        return moved

    @transaction.atomic
    def advance_item(self, pk, now):
        """Move one item into the phase its dates say (decided under its row lock): True if it moved."""
        model = self.get_model()
        if not model._default_manager.select_for_update().filter(pk=pk, **self.live).values_list("pk", flat=True):
            return False
        item = model._default_manager.select_related("workspace").get(pk=pk)
        wanted = self.span(item).state(now)
        if getattr(item, self.fields[2]) == wanted:
            return False
        self.transitions.transition(item, wanted, actor=None, summary=self.summaries.get(wanted, ""))
        return True

    # --- The "closes tomorrow" reminder ---

    def reminder_key(self, item):
        return f"{self.name}:{item.pk}"

    def reminder_due(self, item, now=None):
        """`reminder.at` on the day before the window closes (site time), or now if that has
        passed while it is still that day; None when there is no such moment: no closing date,
        closing today or earlier, or not open by then."""
        span = self.span(item)
        if self.reminder is None or span.closes_at is None:
            return None
        now = now or timezone.now()
        zone = ZoneInfo(settings.TIME_ZONE)
        eve = timezone.localtime(span.closes_at, zone).date() - timedelta(days=1)
        due = datetime.combine(eve, self.reminder.at, tzinfo=zone)
        if due < now:
            if timezone.localtime(now, zone).date() != eve:
                return None
            due = now
        if span.opens_at is not None and due < span.opens_at:
            return None
        return due

    def window_changed(self, item, now=None):
        """After the item's window was set, changed or cleared (inside the same transaction):
        its reminder is scheduled, moved or dropped."""
        due = self.reminder_due(item, now)
        if due is None:
            self.forget(item)
            return None
        moments = {"title": str(item)[:100], "closes": site_time(self.span(item).closes_at)}
        return reminders.schedule(
            key=self.reminder_key(item), workspace=item.workspace, due_at=due, target=item,
            subject=self.reminder.subject.format(**moments)[:150], message=self.reminder.message.format(**moments),
            url=item.get_absolute_url() if hasattr(item, "get_absolute_url") else "", audience=self.reminder.audience,
        )

    def forget(self, item):
        """The item is gone (deleted): drop its reminder."""
        reminders.cancel(key=self.reminder_key(item))


def lifecycles():
    """Every registered tool's lifecycles."""
    return [lifecycle for tool in registry.all_tools() for lifecycle in tool.lifecycles]


def advance_all(now=None):
    """One run of the beat task: every registered lifecycle advanced. {name: items moved}."""
    now = now or timezone.now()
    moved = {}
    for lifecycle in lifecycles():
        try:
            moved[lifecycle.name] = lifecycle.advance(now)
        except Exception:
            logger.exception("Lifecycle %s could not be advanced.", lifecycle.name)
    return moved
