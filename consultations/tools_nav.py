"""The consultation's own navigation for staff: Overview · Status and dates · Settings · Document · Questions · Files ·
Responses · Analysis · Suggestions · Themes · Campaigns · Publishing · Outcome · Download ·
Status and dates — each link only for whoever the policy lets through, so a respondent sees
none of it."""

from dataclasses import dataclass

from django.urls import reverse

from workspaces.permissions import can


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url: str
    current: bool


def staff_tabs(user, consultation, current=""):
    runs = can(user, "consultations.change_consultation", consultation)
    analyst = can(user, "consultations.analyse_consultation", consultation)
    if not (runs or analyst):
        return []
    live = consultation.is_live
    wanted = [
        ("consultation", "Overview", True),
        ("manage", "Status and dates", runs or analyst),
        ("edit", "Settings", runs),
        ("document", "Document", runs),
        ("questions", "Questions", runs),
        ("attachments", "Files and formats", runs),
        ("responses", "Responses", analyst and live),
        ("analysis", "Analysis", analyst and live),
        ("suggestions", "Suggestions", analyst and live),
        ("themes", "Themes", analyst),
        ("campaigns", "Campaigns", analyst and live),
        ("publishing", "Publishing", analyst and live),
        ("outcome_edit", "Outcome", analyst and live),
        ("exports", "Download", analyst and live),
    ]
    key = {"workspace": consultation.workspace.slug, "pk": consultation.pk}
    return [Tab(name, label, reverse(f"consultations:{name}", kwargs=key), name == current)
            for name, label, shown in wanted if shown]
