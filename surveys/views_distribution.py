"""Staff pages for reaching people (owned by the distribution work): invitations, the reminder
schedule, the response-rate panel; and the personal link an invitation carries. The rules are
the policy's (surveys.distribute_survey, surveys.analyse_survey); the writes, distribution's."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.forms import people_field, split_people
from workspaces.kit.selectors import members_named
from workspaces.kit.views import crumbs, with_item, workspace_view
from workspaces.lib.forms import add_service_error

from . import distribution, selectors

DUE_FORMAT = "%Y-%m-%dT%H:%M"


def survey_url(survey, name):
    return reverse(f"surveys:{name}", kwargs={"workspace": survey.workspace.slug, "pk": survey.pk})


def survey_crumbs(request, survey, label):
    return crumbs(request, (survey.title, survey.get_absolute_url()), (label, ""))


# --- Invitations ----------------------------------------------------------------------------------


class InviteForm(forms.Form):
    audience = forms.ChoiceField(
        label="Who to invite", widget=forms.RadioSelect, initial=distribution.EVERYONE,
        choices=[(distribution.EVERYONE, "Everyone who may respond"),
                 (distribution.TEAMS, "The members of chosen teams"), (distribution.PEOPLE, "Named members")],
        help_text="Only people who may see the survey are invited, and nobody twice.",
    )
    teams = forms.MultipleChoiceField(label="Teams", required=False, widget=forms.CheckboxSelectMultiple)
    people = people_field("Members", "For “Named members”.")

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.team_objects = {str(t.pk): t for t in distribution.teams_of(workspace)}
        self.fields["teams"].choices = [(pk, t.name) for pk, t in self.team_objects.items()]
        self.fields["teams"].help_text = "For “The members of chosen teams”."
        if not self.team_objects:
            del self.fields["teams"]
            self.fields["audience"].choices = [c for c in self.fields["audience"].choices if c[0] != distribution.TEAMS]

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == distribution.TEAMS and not data.get("teams"):
            self.add_error("teams", "Choose at least one team.")
        if audience == distribution.PEOPLE:
            names = split_people(data.get("people", ""))
            if not names:
                self.add_error("people", "Name at least one member.")
            else:
                try:
                    data["members"] = members_named(self.workspace, names)
                except ValidationError as exc:
                    self.add_error("people", exc)
        return data


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.distribute_survey")
def invite(request, survey):
    form = InviteForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = distribution.invite(
                actor=request.user, survey=survey, audience=data["audience"],
                teams=[form.team_objects[pk] for pk in data.get("teams", [])], people=data.get("members", []))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, str(result))
            return redirect(survey_url(survey, "response_rate"))
    return render(request, "surveys/distribution/invite.html", {
        "workspace": request.workspace, "survey": survey, "form": form,
        "crumbs": survey_crumbs(request, survey, "Invite people"),
        "cancel_url": survey_url(survey, "response_rate"),
        "invited_so_far": survey.participations.filter(invited_at__isnull=False).count(),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.view_survey")
def invited(request, survey, token):
    """A personal link from an invitation: to the survey's page (through sign-in, which the
    workspace's view does for someone signed out). It marks nothing: opening a mail is not
    answering."""
    if distribution.invitation_of(survey, token) is None:
        raise Http404("This invitation link is not valid.")
    return redirect(survey)


# --- Reminders ------------------------------------------------------------------------------------


class ReminderForm(forms.Form):
    due_at = forms.DateTimeField(
        label="When", input_formats=[DUE_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DUE_FORMAT),
        help_text="Day and time, for example 2027-01-15 09:00.",
    )


class MoveForm(ReminderForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_at"].label = "Move it to"


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.distribute_survey")
def reminders(request, survey):
    """The reminder schedule: what has gone out and what will, each to move or cancel, and one
    more to add. A POST names its `action` (add, move, cancel) and, but for add, the `key`."""
    action, key = request.POST.get("action"), request.POST.get("key", "")
    add_form = ReminderForm(request.POST if action == "add" else None, prefix="add")
    pending = [r for r in distribution.scheduled(survey) if r.sent_at is None]
    move_forms = {r.key: MoveForm(prefix=f"move-{r.pk}", initial={"due_at": r.due_at}) for r in pending}
    if request.method == "POST":
        if action == "move" and key in move_forms:
            move_forms[key] = MoveForm(request.POST, prefix=move_forms[key].prefix)
        done = _change(request, survey, action, key, add_form, move_forms.get(key) if action == "move" else None)
        if done:
            messages.success(request, done)
            return redirect(survey_url(survey, "reminders"))
    return render(request, "surveys/distribution/reminders.html", {
        "workspace": request.workspace, "survey": survey, "form": add_form,
        "pending": [(r, move_forms[r.key]) for r in pending],
        "failed_move": move_forms.get(key) if action == "move" else None,  # for the page's error summary
        "runs": list(survey.reminder_runs.all()), "most": distribution.MAX_REMINDERS,
        "defaults": distribution.DEFAULT_DAYS, "crumbs": survey_crumbs(request, survey, "Reminders"),
    })


def _change(request, survey, action, key, add_form, move_form):
    """The POST's change: its message, or None with the refusal on its form (or, for a button
    without a form, among the page's messages)."""
    try:
        if action == "cancel":
            distribution.reminder_cancel(actor=request.user, survey=survey, key=key)
            return "Reminder cancelled."
        if action == "add" and add_form.is_valid():
            distribution.reminder_add(actor=request.user, survey=survey, due_at=add_form.cleaned_data["due_at"])
            return "Reminder added."
        if action == "move":
            if move_form is None:
                raise ValidationError(distribution.NOT_FOUND)
            if move_form.is_valid():
                distribution.reminder_move(actor=request.user, survey=survey, key=key,
                                           due_at=move_form.cleaned_data["due_at"])
                return "Reminder moved."
    except ValidationError as exc:
        form = add_form if action == "add" else move_form
        if form is None:
            messages.error(request, exc.messages[0])
        else:
            add_service_error(form, exc)
    return None


# --- The response-rate panel ----------------------------------------------------------------------


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.analyse_survey")
def response_rate(request, survey):
    overall, teams, days = distribution.response_rate(survey)
    return render(request, "surveys/distribution/response_rate.html", {
        "workspace": request.workspace, "survey": survey, "overall": overall, "teams": teams, "days": days,
        "chart": chart(days),
        "crumbs": survey_crumbs(request, survey, "Response rate"),
    })


CHART_HEIGHT = 160
BAR = 8  # px per day in the chart


def chart(days):
    """Cumulative started and completed as two bars a day, scaled to the chart's height, and
    the days a reminder went out (plain SVG shapes: no script, no inline style, CSP-safe)."""
    if not days:
        return None
    top = max(d.total_started for d in days) or 1
    bars = []
    for index, day in enumerate(days):
        x = index * (BAR * 2 + 4)
        started = round(CHART_HEIGHT * day.total_started / top)
        completed = round(CHART_HEIGHT * day.total_completed / top)
        bars.append({"x": x, "day": day, "started_y": CHART_HEIGHT - started, "started_h": started,
                     "completed_x": x + BAR, "completed_y": CHART_HEIGHT - completed, "completed_h": completed})
    return {"bars": bars, "width": len(days) * (BAR * 2 + 4), "height": CHART_HEIGHT, "bar": BAR, "top": top}
