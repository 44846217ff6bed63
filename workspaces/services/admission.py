"""Letting people into a workspace with a role: the one guarded way in, an invitation.

Every path that brings people into a workspace goes through `invite_people`: the invitation
form, bulk invitations from a pasted list or a CSV file, and the workspace and role columns of
a licence upload. It asks the permission layer whether the actor may give each role there
(`grant_perm(role)`: the right to invite, and at least that role oneself), and writes an
invitation for each person, whether they have an account or not: nobody becomes a member
without accepting, and the audit log names each person invited and their role. Membership
itself is written only by accepting an invitation (`invitations.invitation_accept`) and by
creating a workspace (its creator manages it). The caller queues the emails
(`invitations.send_invitations_on_commit`) with the invitations returned.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..audit import audit_entry
from ..models import AuditEntry, Invitation, Membership, Role
from ..permissions import NOT_FOUND, can, decide, grant_perm

CHUNK = 500

# What invite_people did with each person (Invitee.status).
INVITED = "invited"
MEMBER = "member"  # already a member: nothing to do
PENDING = "pending"  # an earlier invitation is still open
REFUSED = "refused"  # the actor may not give this role here (Invitee.outcome says why)


@dataclass
class Invitee:
    """One person to let in: their address and the role they are offered."""

    email: str
    role: int = Role.READER
    status: str = ""
    outcome: str = ""  # in words, for a report line
    invitation: object = field(default=None, repr=False)

    @property
    def invited(self):
        return self.status == INVITED


def invitation_expiry():
    """When an invitation written now stops working."""
    return timezone.now() + timedelta(days=settings.ENGAGE_INVITATION_DAYS)


def invite_refusal(actor, workspace, role, asked_as=""):
    """Why `actor` may not invite people into `workspace` with `role`, in words for a form or
    a report line, or "" when they may. A workspace they may not even see is not named: it is
    called by what they typed for it (`asked_as`, e.g. a slug), and the words are the same as
    for a workspace that does not exist."""
    actor = actor or AnonymousUser()
    may_invite = decide(actor, "workspaces.invite_members", workspace)
    if not may_invite.allowed:
        if may_invite.reason == NOT_FOUND:
            return not_managed_refusal(asked_as or workspace.slug, workspace.organisation)
        return f"You may not invite into {workspace.name}. {may_invite.reason}"
    may_grant = decide(actor, grant_perm(role), workspace)
    if not may_grant.allowed:
        return f"You may not make anyone a {Role(role).label.lower()} of {workspace.name}. {may_grant.reason}"
    return ""


def not_managed_refusal(name, organisation):
    return f"You may not invite into “{name[:60]}”: it is not a workspace of {organisation.name} that you manage."


@transaction.atomic
def invite_people(*, actor, workspace, invitees, teams=(), message="", replace_pending=False, audit_extra=None):
    """Invite each of `invitees` into `workspace` with their role, as far as `actor` may give
    it there (else the person is REFUSED, with the reason). Members are left alone (MEMBER);
    someone with an open invitation keeps it (PENDING), unless `replace_pending`, when it is
    withdrawn and a fresh one written (re-sending). `teams`, of this workspace, are joined on
    accepting. Sets each invitee's status, outcome and invitation; returns the invitations
    written, each audited by name and role (plus `audit_extra`). A fixed number of queries per
    chunk of people."""
    actor = actor or AnonymousUser()
    teams = list(teams)
    if any(team.workspace_id != workspace.pk for team in teams):
        raise ValidationError({"teams": "Choose teams of this workspace."})
    if teams and not can(actor, "workspaces.manage_teams", workspace):
        raise ValidationError({"teams": "Only managers of this workspace can put people in its teams."})
    refusals = {role: invite_refusal(actor, workspace, role) for role in {Role(i.role) for i in invitees}}
    allowed = []
    for invitee in invitees:
        invitee.email = invitee.email.strip().lower()
        invitee.role = Role(invitee.role)
        if refusals[invitee.role]:
            invitee.status, invitee.outcome = REFUSED, refusals[invitee.role]
        else:
            allowed.append(invitee)
    inviter = actor if actor.is_authenticated else None
    now, expires, made = timezone.now(), invitation_expiry(), []
    for start in range(0, len(allowed), CHUNK):
        chunk = allowed[start : start + CHUNK]
        emails = {invitee.email for invitee in chunk}
        members = set(
            Membership.objects.filter(workspace=workspace, user__email__in=emails).values_list("user__email", flat=True)
        )
        open_ = Invitation.objects.filter(
            workspace=workspace, email__in=emails - members, accepted_at__isnull=True, revoked_at__isnull=True
        )
        if replace_pending:
            open_.update(revoked_at=now)  # the fresh link replaces the earlier one
            pending = set()
        else:
            pending = set(open_.filter(expires_at__gt=now).values_list("email", flat=True))
        new = []
        for invitee in chunk:
            if invitee.email in members:
                invitee.status, invitee.outcome = MEMBER, "Already a member."
            elif invitee.email in pending:
                invitee.status, invitee.outcome = PENDING, "Already invited; the earlier invitation is still open."
            else:
                pending.add(invitee.email)  # a repeat in the same call is invited once
                invitee.status, invitee.outcome = INVITED, "Invited."
                invitee.invitation = Invitation(workspace=workspace, email=invitee.email, role=invitee.role,
                                                invited_by=inviter, message=message, expires_at=expires)
                new.append(invitee.invitation)
        written = Invitation.objects.bulk_create(new, batch_size=CHUNK)
        if teams and written:
            through = Invitation.teams.through
            through.objects.bulk_create(
                [through(invitation_id=inv.pk, team_id=team.pk) for inv in written for team in teams],
                batch_size=CHUNK,
            )
        AuditEntry.objects.bulk_create(
            [audit_entry(actor=actor, action="invitation.created", workspace=workspace, target=inv,
                         target_label=inv.email, after={"role": Role(inv.role).label, **(audit_extra or {})})
             for inv in written],
            batch_size=CHUNK,
        )
        made.extend(written)
    return made
