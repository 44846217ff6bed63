"""The survey's own navigation for staff: Overview · Build · Results · Responses · Response
rate · Invite · Reminders · Download · Enter a response — each link only for whoever the policy
lets through (builders, analysts, distributors), so a respondent sees none of it."""

from dataclasses import dataclass

from django.urls import reverse

from workspaces.permissions import can


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url: str
    current: bool


def staff_tabs(user, survey, current=""):
    builder = can(user, "surveys.change_survey", survey)
    analyst = can(user, "surveys.analyse_survey", survey)
    if not (builder or analyst):
        return []
    distributor = can(user, "surveys.distribute_survey", survey)
    enters = can(user, "surveys.enter_survey", survey)
    wanted = [
        ("survey", "Overview", True),
        ("build", "Build", builder),
        ("results", "Results", analyst and survey.is_live),
        ("responses", "Responses", analyst and survey.is_live and not survey.anonymous),
        ("response_rate", "Response rate", analyst and survey.is_live),
        ("invite", "Invite", distributor and survey.is_live),
        ("reminders", "Reminders", distributor and survey.is_live),
        ("export", "Download", analyst and survey.is_live),
        ("enter", "Enter a paper or phone response", enters and survey.is_live),
    ]
    key = {"workspace": survey.workspace.slug, "pk": survey.pk}
    return [Tab(name, label, reverse(f"surveys:{name}", kwargs=key), name == current)
            for name, label, shown in wanted if shown]
