"""The workspace home, a dashboard: what waits for the viewer, what is new in each tool, what
their role lets them do, and a new workspace's getting-started checklist for its managers.

Every block comes through the registry: a tool's Tool(latest=..., waiting_for=...), a horizontal
app's WaitingSource (the notifications app's unread mentions and replies); the core knows no tool
and no app. Each contribution answers in a fixed number of queries, so the home does too, whatever
a workspace holds (tests/workspaces/test_home.py counts them at two sizes)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse

from .. import registry
from ..models import Activity, AuditEntry, Invitation, Membership, Role, Team, Workspace

LATEST_SHOWN = 5  # items of each tool's block
WAITING_SHOWN = 5  # entries each source may put under "Waiting for you"
WAITING_MAX = 8  # ... and in all: a short list, with "See all" links for the rest


@dataclass
class ToolBlock:
    tool: object
    url: str
    entries: list | None  # None: the tool says nothing of its items (its description stands in)


def tool_blocks(user, workspace):
    """One block per enabled tool: its newest items this person may see, and a link to it."""
    blocks = []
    for tool in registry.enabled_tools(workspace):
        entries = list(tool.latest(user, workspace, LATEST_SHOWN))[:LATEST_SHOWN] if tool.latest else None
        blocks.append(ToolBlock(tool=tool, url=_tool_url(tool, workspace), entries=entries))
    return blocks


def _tool_url(tool, workspace):
    """The tool's landing page ("" for a tool registered after the URLs were read: tests')."""
    try:
        return reverse(f"{tool.slug}:{tool.home_view}", kwargs={"workspace": workspace.slug})
    except NoReverseMatch:
        return ""


def waiting_for(user, workspace):
    """(entries, see_all): what this person must act on here, most urgent first (the tools'
    requests of them, then the horizontal apps' unread mentions and replies), one line per
    address; and (label, url) links to the full lists. Nothing for a visitor."""
    if not user.is_authenticated:
        return [], []
    found, see_all = [], []
    for tool in registry.enabled_tools(workspace):
        if tool.waiting_for:
            found += list(tool.waiting_for(user, workspace, WAITING_SHOWN))[:WAITING_SHOWN]
    for source in registry.waiting_sources():
        entries = list(source.entries(user, workspace, WAITING_SHOWN))[:WAITING_SHOWN]
        found += entries
        if entries and source.see_all:
            try:
                see_all.append((source.see_all_label or "See all", reverse(source.see_all)))
            except NoReverseMatch:  # the app's list needs arguments it did not say
                pass
    # One line per item: a review asked of you is also an unread notification, and an item may
    # have several (a comment on it, a new version); the first (the tool's, or the newest) stays.
    seen, entries = set(), []
    for entry in found:
        item = entry.url.split("#", 1)[0]
        if item not in seen:
            seen.add(item)
            entries.append(entry)
    return entries[:WAITING_MAX], see_all


def role_summary(access, tools):
    """One sentence, at the top of the home, of what this person may do here."""
    names = _joined([tool.name.lower() for tool in tools])
    if access.is_member and access.role == Role.MANAGER:
        return ("You manage this workspace: you can add and change anything in it, invite people, "
                "set up teams and choose its tools.")
    if access.is_member and access.role == Role.CONTRIBUTOR:
        where = f" in {names}" if names else ""
        return (f"You are a contributor: you can read, comment and add your own items{where}, "
                "and change what you wrote.")
    if access.is_member:
        return "You are a reader: you can read what is shared with you here and follow it to hear of changes."
    if access.is_site_admin:
        return "You are a site admin: you can manage this workspace, though you are not a member of it."
    if access.user.is_authenticated:
        return "This workspace is public: you can read it. Ask one of its managers to join and take part."
    return "This workspace is public: you can read it. Sign in, and ask one of its managers to join, to take part."


def _joined(words):
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass
class Step:
    label: str
    text: str
    url: str
    done: bool


def checklist(workspace, access):
    """A new workspace's first steps, for its managers, each ticked from the data (one query);
    None once a manager dismissed it, once every step is done, or for anyone else."""
    if not access.is_manager or workspace.checklist_dismissed_at or workspace.is_archived:
        return None
    managers = Membership.objects.filter(workspace=workspace.pk, role=Role.MANAGER)
    state = (
        Workspace.objects.filter(pk=workspace.pk)
        .annotate(
            invited=Exists(Invitation.objects.filter(workspace=OuterRef("pk"))),
            joined=Exists(Membership.objects.filter(workspace=OuterRef("pk")).exclude(role=Role.MANAGER)),
            has_team=Exists(Team.objects.filter(workspace=OuterRef("pk"))),
            chose_tools=Exists(AuditEntry.objects.filter(workspace=OuterRef("pk"), action="workspace.settings_changed",
                                                         after__has_key="enabled_tools")),
            posted=Exists(Activity.objects.filter(workspace=OuterRef("pk"),
                                                  actor__in=managers.values("user_id"))),
        )
        .values("invited", "joined", "has_team", "chose_tools", "posted")
        .get()
    )
    tools = registry.enabled_tools(workspace)
    first_tool = (tools and _tool_url(tools[0], workspace)) or reverse("workspace_settings", args=[workspace.slug])
    steps = [
        Step("Invite people", "Ask the people this workspace is for to join, each with a role.",
             reverse("invitation_create", args=[workspace.slug]), state["invited"] or state["joined"]),
        Step("Set up teams", "Group members into teams, to share some items with a team only.",
             reverse("team_list", args=[workspace.slug]), state["has_team"]),
        Step("Choose the tools", "Switch on the tools this workspace needs, and off the others.",
             reverse("workspace_settings", args=[workspace.slug]), state["chose_tools"]),
        Step("Write a welcome post", "Add a first page, document or link that tells members what this place is for.",
             first_tool, state["posted"]),
    ]
    if all(step.done for step in steps):
        return None
    return steps
