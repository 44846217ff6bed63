"""Reads for the team pages: teams with their sizes, members and candidates, pasted addresses
matched to members. Counts are computed in SQL; addresses are matched a chunk at a time."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from guardian.models import GroupObjectPermission

from ..models import Membership, Team

EMAIL_CHUNK = 500


def teams_with_sizes(workspace):
    """The workspace's teams, each with `size` (its number of members) counted in SQL."""
    return Team.objects.filter(workspace=workspace).annotate(size=Count("group__user")).order_by("name", "pk")


def team_members(team):
    """The team's members with their `role` in the team's workspace, by name."""
    role = Membership.objects.filter(workspace=team.workspace_id, user=OuterRef("pk")).values("role")[:1]
    return (
        get_user_model()
        .objects.filter(groups=team.group_id)
        .annotate(role=Subquery(role))
        .order_by("display_name", "email", "pk")
    )


def team_candidates(team):
    """Members of the team's workspace who are not in the team yet."""
    return (
        get_user_model()
        .objects.filter(memberships__workspace=team.workspace_id)
        .exclude(groups=team.group_id)
        .order_by("display_name", "email", "pk")
    )


def search_candidates(team, query, limit=20):
    query = (query or "").strip()
    if not query:
        return []
    found = team_candidates(team).filter(Q(email__icontains=query) | Q(display_name__icontains=query))
    return list(found[:limit])


@dataclass
class EmailLine:
    text: str
    email: str | None
    outcome: str = ""
    user_id: int | None = None

    @property
    def ok(self):
        return self.user_id is not None


@dataclass
class EmailReport:
    lines: list = field(default_factory=list)

    @property
    def to_add(self):
        return [line.user_id for line in self.lines if line.ok]

    @property
    def problems(self):
        return [line for line in self.lines if not line.ok]


def resolve_team_emails(team, parsed):
    """Match pasted addresses to workspace members: which can be added, and why each other
    line cannot. One query per chunk of addresses. An address with no account and one whose
    account is not in the workspace get the same answer, so this page cannot be used to learn
    who has an account."""
    report = EmailReport()
    seen = set()
    wanted = []
    for text, email in parsed:
        line = EmailLine(text=text, email=email)
        report.lines.append(line)
        if email is None:
            line.outcome = "Not a valid email address."
        elif email in seen:
            line.outcome = "Listed more than once."
        else:
            seen.add(email)
            wanted.append(line)
    in_team = get_user_model().groups.through.objects.filter(group_id=team.group_id, user_id=OuterRef("user_id"))
    for start in range(0, len(wanted), EMAIL_CHUNK):
        chunk = wanted[start : start + EMAIL_CHUNK]
        found = {
            email.lower(): (user_id, already)
            for user_id, email, already in Membership.objects.filter(
                workspace=team.workspace_id, user__email__in=[line.email for line in chunk]
            )
            .annotate(already=Exists(in_team))
            .values_list("user_id", "user__email", "already")
        }
        for line in chunk:
            match = found.get(line.email)
            if match is None:
                line.outcome = "Not a member of this workspace: invite them first."
            elif match[1]:
                line.outcome = "Already in this team."
            else:
                line.user_id, line.outcome = match[0], "Added."
    return report


def team_grant_count(team):
    """How many items give this team a view or change grant."""
    return (
        GroupObjectPermission.objects.filter(group_id=team.group_id)
        .values("content_type_id", "object_pk")
        .distinct()
        .count()
    )
