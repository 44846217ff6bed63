"""Team diaries: a diary (an item of the workspace), its events, changes to single occurrences
of a recurring event, invitations and replies (RSVP, with a waitlist).

Time, the way calendars need it (RFC 5545):
- A timed event keeps its first occurrence as moments (`starts_at`, `ends_at`, stored in UTC) and
  the organiser's time zone (`time_zone`, an IANA name). A recurring one repeats by its RRULE
  in that zone's wall-clock time, so a weekly 09:00 Europe/London meeting stays at 09:00 across
  the DST changes (diaries.recurrence expands it; it is never stored as offsets).
- An all-day event keeps dates (`start_date`, `end_date`, the last day included), never a
  moment: it is the same days for everyone, whatever their zone.
- `span_start`/`span_end` bound every occurrence (UTC, with a day's slack for all-day events;
  `span_end` null: the rule never ends), so a month's events are found by an indexed range
  query before any expansion.
- `uid` never changes; `sequence` rises on every change that matters to an invitee (time, place,
  cancellation), so calendars update the event instead of adding another (RFC 5546)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from workspaces.kit.models import SoftDeletable, Versioned, WorkspaceItem

MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 20_000
MAX_LOCATION_LENGTH = 300
MAX_RULE_LENGTH = 300


def new_uid():
    return f"{uuid.uuid4()}@engage"


class Diary(SoftDeletable, Versioned, WorkspaceItem):
    """A team diary: a shared calendar. Item access says who sees it (and so its events);
    `organisers` who may add events to it (managers only, or any contributor who sees it)."""

    class Organisers(models.TextChoices):
        MANAGERS = "managers", "Managers only"
        CONTRIBUTORS = "contributors", "Any contributor"

    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    description = models.TextField(blank=True, max_length=2000)
    organisers = models.CharField("who may add events", max_length=12, choices=Organisers.choices,
                                  default=Organisers.CONTRIBUTORS)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "diaries"
        indexes = [models.Index(fields=["workspace", "is_deleted"], name="diary_ws_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("diaries:diary", kwargs={"workspace": self.workspace.slug, "pk": self.pk})


class EventStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"


class Event(Versioned):
    """An event of a diary, one-off or recurring (`rrule`, RFC 5545 RRULE text without the
    "RRULE:" prefix). Seen by whoever sees its diary (diaries.policies.EventPolicy); changed by
    its organiser (created_by) and the diary's managers. A "this and following" edit ends this
    series before the occurrence and starts a new Event with `split_from` set to this one."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="events")
    uid = models.CharField(max_length=120, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    description = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    description_html = models.TextField(blank=True, editable=False)
    agenda = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    agenda_html = models.TextField(blank=True, editable=False)
    minutes = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    minutes_html = models.TextField(blank=True, editable=False)
    location = models.CharField(max_length=MAX_LOCATION_LENGTH, blank=True)
    online_url = models.URLField("online meeting link", max_length=500, blank=True)
    all_day = models.BooleanField(default=False)
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)  # the last day, included
    rrule = models.CharField("repeats", max_length=MAX_RULE_LENGTH, blank=True)
    span_start = models.DateTimeField(editable=False)
    span_end = models.DateTimeField(null=True, blank=True, editable=False)
    split_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    capacity = models.PositiveIntegerField(null=True, blank=True)  # places; None: no limit (one-off events only)
    show_attendees = models.BooleanField("show who is going to those invited", default=False)
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.CONFIRMED)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["span_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(all_day=False, starts_at__isnull=False, ends_at__isnull=False)
                           | Q(all_day=True, start_date__isnull=False, end_date__isnull=False)),
                name="diary_event_has_its_times"),
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                                   name="diary_event_ends_after_start"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="diary_event_last_day_not_before_first"),
        ]
        indexes = [
            models.Index(fields=["diary", "span_start"], name="diary_event_span_idx"),
            models.Index(fields=["workspace", "span_start"], name="diary_event_ws_span_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from workspaces.lib.markdown import render_markdown

        from .recurrence import span_of

        update_fields = kwargs.get("update_fields")
        extra = set()
        for name in ("description", "agenda", "minutes"):
            if update_fields is None or name in update_fields:
                setattr(self, f"{name}_html", render_markdown(getattr(self, name)))
                extra.add(f"{name}_html")
        self.span_start, self.span_end = span_of(self)
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *extra, "span_start", "span_end"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("diaries:event", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    @property
    def is_recurring(self):
        return bool(self.rrule)

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def zone(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.time_zone)


class OccurrenceChange(models.Model):
    """One occurrence of a recurring event changed ("this occurrence") or cancelled: iCal's
    RECURRENCE-ID (the occurrence's original start, `recurrence_id`: local "20270301T090000" in
    the event's zone, or "20270301" for an all-day event). Blank fields keep the series' value."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    recurrence_id = models.CharField(max_length=16)
    cancelled = models.BooleanField(default=False)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)
    location = models.CharField(max_length=MAX_LOCATION_LENGTH, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "recurrence_id"]
        constraints = [models.UniqueConstraint(fields=["event", "recurrence_id"], name="diary_occurrence_once")]

    def __str__(self):
        return f"{self.event_id} @ {self.recurrence_id}"


class Invitation(models.Model):
    """A member invited to an event (directly, or through `team`): they get the iTIP emails
    (invitation, updates, cancellation) and may reply."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("workspaces.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="diary_invited_once")]

    def __str__(self):
        return f"{self.user_id} invited to {self.event_id}"


class Answer(models.TextChoices):
    YES = "yes", "Going"
    MAYBE = "maybe", "Maybe"
    NO = "no", "Not going"


class Rsvp(models.Model):
    """A person's reply to an event: for the whole series (`occurrence` "") or one occurrence
    (its recurrence id), which then wins over the series' reply. A "yes" to a full event waits
    (`waiting_since` set) until a place frees: the first waiting is promoted and told."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    occurrence = models.CharField(max_length=16, blank=True)
    answer = models.CharField(max_length=5, choices=Answer.choices)
    waiting_since = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user", "occurrence"], name="diary_rsvp_once")]
        indexes = [models.Index(fields=["event", "waiting_since"], condition=Q(waiting_since__isnull=False),
                                name="diary_rsvp_waitlist_idx")]

    def __str__(self):
        return f"{self.user_id}: {self.answer} to {self.event_id}"

    @property
    def is_waiting(self):
        return self.waiting_since is not None
