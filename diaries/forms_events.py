"""The events part's forms: a diary's details; adding and editing an event (times as wall-clock
times in the chosen zone, the repeat rule from plain choices, diaries.repeat); one occurrence;
"which events?"; cancelling; agenda and minutes.

The services check everything again (diaries.services.check_event, diaries.series): their
refusals come back next to the field they are about (add_event_error maps the model's field
names to the form's)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from workspaces.kit.forms import ItemAccessFormMixin, loaded_state_field, markdown_field
from workspaces.kit.services import loaded_state
from workspaces.lib.forms import SpecificErrorsMixin, add_service_error, date_input, one_line

from . import repeat as rules
from .models import MAX_LOCATION_LENGTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Diary
from .recurrence import MAX_COUNT

COMMON_ZONES = (
    "UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Brussels", "Europe/Amsterdam",
    "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens",
    "Europe/Helsinki", "Europe/Istanbul", "Europe/Moscow", "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi",
    "Africa/Johannesburg", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok",
    "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth",
    "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland", "America/St_Johns",
    "America/Halifax", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Mexico_City", "America/Bogota",
    "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
)
# The services' field names -> the form's, so that a refusal lands next to what was typed.
FIELD_OF = {"starts_at": "start_date", "ends_at": "end_date", "rrule": "repeat", "all_day": "all_day"}
TIME_WIDGET = {"type": "time"}
UNKNOWN_ZONE = "Choose a time zone from the list."


def zone_choices(*extra):
    names = list(COMMON_ZONES)
    for name in (settings.TIME_ZONE, *extra):
        if name and name not in names:
            names.append(name)
    return [(name, name.replace("_", " ")) for name in names]


def add_event_error(form, error):
    """A service's ValidationError on an event form, each message next to its field."""
    if hasattr(error, "error_dict"):
        mapped = {}
        for name, errors in error.error_dict.items():
            mapped.setdefault(FIELD_OF.get(name, name), []).extend(errors)
        error = ValidationError(mapped)
    add_service_error(form, error)


def default_zone(user):
    """The organiser's own zone (their account's), else the site's."""
    return getattr(user, "time_zone", "") or settings.TIME_ZONE


# --- Diaries ------------------------------------------------------------------------------------


class DiaryForm(ItemAccessFormMixin, forms.ModelForm):
    loaded_state = loaded_state_field()

    class Meta:
        model = Diary
        fields = ["title", "description", "organisers", "view_access", "view_teams", "change_access",
                  "change_teams"]
        labels = {"title": "Title", "description": "What it is for", "organisers": "Who may add events",
                  "view_access": "Who can see it and its events", "change_access": "Who else can change its details"}
        help_texts = {"title": "For example “Programme board”.", "description": "Optional, one or two lines."}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "organisers": forms.RadioSelect}
        error_messages = {"title": {"required": "Give the diary a title."}}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        from .services_events import DIARY_FIELDS

        self.setup_access(workspace)
        if self.instance.pk:
            if not self.is_bound:
                self.initial["loaded_state"] = loaded_state(self.instance, DIARY_FIELDS)
        else:
            self.fields.pop("loaded_state")
        self.fields["organisers"].choices = list(Diary.Organisers.choices)

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Give the diary a title.")
        return title

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {name: data[name] for name in ("title", "description", "organisers", "view_access", "change_access")}
        kwargs.update(view_teams=list(data.get("view_teams") or []), change_teams=list(data.get("change_teams") or []))
        if "loaded_state" in self.fields:
            kwargs["loaded_state"] = data.get("loaded_state", "")
        return kwargs


# --- Times ----------------------------------------------------------------------------------------


class TimesMixin:
    """Start and end as dates and times typed in a zone, or first and last days (all-day)."""

    def add_time_fields(self):
        self.fields["start_date"] = forms.DateField(label="Starts on", widget=date_input(),
                                                    help_text="For an all-day event, the first day.")
        self.fields["start_time"] = forms.TimeField(label="Start time", required=False,
                                                    widget=forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M"))
        self.fields["end_date"] = forms.DateField(label="Ends on", required=False, widget=date_input(),
                                                  help_text="Empty: the same day. For an all-day event, the last day.")
        self.fields["end_time"] = forms.TimeField(label="End time", required=False,
                                                  widget=forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M"))

    def clean_times(self, data, all_day):
        if data.get("start_date") and not data.get("end_date"):
            data["end_date"] = data["start_date"]
        if not all_day:
            if data.get("start_date") and data.get("start_time") is None and "start_time" not in self.errors:
                self.add_error("start_time", "Give the start time, or tick “All day”.")
            if data.get("end_time") is None and "end_time" not in self.errors:
                self.add_error("end_time", "Give the end time, or tick “All day”.")

    def time_kwargs(self, zone_name, all_day):
        data = self.cleaned_data
        if all_day:
            return {"all_day": True, "start_date": data["start_date"], "end_date": data["end_date"],
                    "starts_at": None, "ends_at": None}
        zone = ZoneInfo(zone_name)
        return {"all_day": False, "start_date": None, "end_date": None,
                "starts_at": datetime.combine(data["start_date"], data["start_time"], tzinfo=zone),
                "ends_at": datetime.combine(data["end_date"], data["end_time"], tzinfo=zone)}


def time_initial(event, occurrence=None):
    """The form's dates and times for an event (or one of its occurrences), in its zone."""
    if event.all_day:
        first = occurrence.start_date if occurrence else event.start_date
        last = occurrence.end_date if occurrence else event.end_date
        return {"all_day": True, "start_date": first, "end_date": last, "start_time": None, "end_time": None}
    zone = event.zone
    starts = (occurrence.starts_at if occurrence else event.starts_at).astimezone(zone)
    ends = (occurrence.ends_at if occurrence else event.ends_at).astimezone(zone)
    return {"all_day": False, "start_date": starts.date(), "start_time": starts.time().replace(second=0),
            "end_date": ends.date(), "end_time": ends.time().replace(second=0)}


# --- An event -------------------------------------------------------------------------------------


class EventForm(TimesMixin, SpecificErrorsMixin, forms.Form):
    """Add an event, or change all of a series, or this and the following occurrences."""

    title = forms.CharField(label="Title", max_length=MAX_TITLE_LENGTH,
                            error_messages={"required": "Give the event a title."})
    all_day = forms.BooleanField(label="All day", required=False,
                                 help_text="The same days for everyone, whatever their time zone.")
    time_zone = forms.ChoiceField(label="Time zone", error_messages={"invalid_choice": UNKNOWN_ZONE,
                                                                     "required": UNKNOWN_ZONE},
                                  help_text="The times above are in this zone; everyone sees them in their own.")
    repeat = forms.ChoiceField(label="Repeats", choices=rules.REPEAT_CHOICES, required=False)
    interval = forms.IntegerField(label="Every", min_value=1, max_value=400, required=False,
                                  help_text="1: every day, week, month or year; 2: every other one, and so on.")
    weekdays = forms.MultipleChoiceField(label="On", choices=rules.WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text="Weekly only. None ticked: the day it starts.")
    ends = forms.ChoiceField(label="Ends", choices=rules.ENDS_CHOICES, initial=rules.ENDS_NEVER,
                             widget=forms.RadioSelect, required=False)
    count = forms.IntegerField(label="Number of times", min_value=1, max_value=MAX_COUNT, required=False)
    until = forms.DateField(label="Last date", required=False, widget=date_input())
    location = forms.CharField(label="Where", max_length=MAX_LOCATION_LENGTH, required=False)
    online_url = forms.URLField(label="Online meeting link", max_length=500, required=False, assume_scheme="https",
                                help_text="An https:// address.")
    description = markdown_field(label="Description", rows=6, help_text="You can use Markdown.")
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=100_000, required=False,
                                  help_text="Empty: no limit. One-off events only; when full, people join a waitlist.")
    show_attendees = forms.BooleanField(label="Show who is going to those invited", required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_nouns = {"start_date": "the day it starts", "start_time": "the start time", "end_time": "the end time",
                   "count": "how many times", "until": "the last date"}

    def __init__(self, data=None, *, zone="", extra_zones=(), with_version=False, **kwargs):
        super().__init__(data, **kwargs)
        self.add_time_fields()
        order = ["title", "all_day", "start_date", "start_time", "end_date", "end_time", "time_zone", "repeat",
                 "interval", "weekdays", "ends", "count", "until", "location", "online_url", "description",
                 "capacity", "show_attendees", "base_version"]
        self.order_fields(order)
        self.fields["time_zone"].choices = zone_choices(zone, *extra_zones)
        if zone and not self.initial.get("time_zone"):
            self.initial["time_zone"] = zone
        if not with_version:
            self.fields.pop("base_version")

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Give the event a title.")
        return title

    def clean_description(self):
        text = self.cleaned_data.get("description") or ""
        if len(text) > MAX_TEXT_LENGTH:
            raise forms.ValidationError(f"At most {MAX_TEXT_LENGTH} characters.")
        return text

    def clean(self):
        data = super().clean()
        self.clean_times(data, data.get("all_day"))
        if data.get("repeat"):
            ends = data.get("ends") or rules.ENDS_NEVER
            if ends == rules.ENDS_COUNT and not data.get("count") and "count" not in self.errors:
                self.add_error("count", "Say how many times it happens, or choose another end.")
            if ends == rules.ENDS_UNTIL and not data.get("until") and "until" not in self.errors:
                self.add_error("until", "Give the last date, or choose another end.")
            if (ends == rules.ENDS_UNTIL and data.get("until") and data.get("start_date")
                    and data["until"] < data["start_date"]):
                self.add_error("until", "The last date cannot be before the first occurrence.")
        return data

    def rule(self):
        data = self.cleaned_data
        return rules.rule_from(repeat=data.get("repeat") or "", interval=data.get("interval") or 1,
                                weekdays=data.get("weekdays") or [], ends=data.get("ends") or rules.ENDS_NEVER,
                                count=data.get("count"), until=data.get("until"))

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"title": data["title"], "description": data.get("description") or "",
                  "location": data.get("location") or "", "online_url": data.get("online_url") or "",
                  "time_zone": data["time_zone"], "rrule": self.rule(), "capacity": data.get("capacity"),
                  "show_attendees": bool(data.get("show_attendees"))}
        kwargs.update(self.time_kwargs(data["time_zone"], bool(data.get("all_day"))))
        return kwargs


def event_initial(event, occurrence=None, count=None):
    """The event form's values for an event (from `occurrence` on, for "this and following")."""
    initial = {"title": event.title, "description": event.description, "location": event.location,
               "online_url": event.online_url, "time_zone": event.time_zone, "capacity": event.capacity,
               "show_attendees": event.show_attendees, "base_version": event.version,
               **time_initial(event, occurrence)}
    choices = rules.choices_from(event.rrule, event.zone)
    if count is not None:
        choices.update(ends=rules.ENDS_COUNT, count=count)
    initial.update(choices)
    return initial


class OccurrenceForm(TimesMixin, SpecificErrorsMixin, forms.Form):
    """One occurrence of a series: moved, retitled or placed elsewhere (the rest as the series)."""

    title = forms.CharField(label="Title", max_length=MAX_TITLE_LENGTH,
                            error_messages={"required": "Give the event a title."})
    location = forms.CharField(label="Where", max_length=MAX_LOCATION_LENGTH, required=False)
    base_sequence = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_nouns = {"start_date": "the day it starts", "start_time": "the start time", "end_time": "the end time"}

    def __init__(self, data=None, *, event, **kwargs):
        super().__init__(data, **kwargs)
        self.event = event
        self.add_time_fields()
        self.order_fields(["title", "start_date", "start_time", "end_date", "end_time", "location", "base_sequence"])
        if event.all_day:
            for name in ("start_time", "end_time"):
                self.fields.pop(name)
        else:
            zone = event.time_zone.replace("_", " ")
            self.fields["start_time"].help_text = f"In {zone}, the event's time zone."
            self.fields["end_time"].help_text = f"In {zone}, the event's time zone."

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Give the event a title.")
        return title

    def clean(self):
        data = super().clean()
        self.clean_times(data, self.event.all_day)
        return data

    def service_kwargs(self):
        kwargs = self.time_kwargs(self.event.time_zone, self.event.all_day)
        kwargs.pop("all_day")
        kwargs.update(title=self.cleaned_data["title"], location=self.cleaned_data.get("location") or "",
                      base_sequence=self.cleaned_data.get("base_sequence"))
        return kwargs


SCOPE_CHOICES = [("this", "This event only"), ("following", "This and the following events"),
                 ("all", "All events in the series")]


class ScopeForm(SpecificErrorsMixin, forms.Form):
    """"Which events?" before changing or cancelling an occurrence of a series."""

    scope = forms.ChoiceField(label="Which events?", choices=SCOPE_CHOICES, widget=forms.RadioSelect,
                              error_messages={"required": "Choose which events to change.",
                                              "invalid_choice": "Choose which events to change."})
    on = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)


class NotesForm(SpecificErrorsMixin, forms.Form):
    agenda = markdown_field(label="Agenda", rows=8, help_text="You can use Markdown.")
    minutes = markdown_field(label="Minutes", rows=12, help_text="You can use Markdown.")
    publish = forms.BooleanField(label="Publish the minutes: tell the diary's followers they are ready",
                                 required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        for name in ("agenda", "minutes"):
            if len(data.get(name) or "") > MAX_TEXT_LENGTH:
                self.add_error(name, f"At most {MAX_TEXT_LENGTH} characters.")
        return data
