"""Invitations: one at a time or in bulk; single-use, expiring links for new and existing accounts.
Their emails are outbox rows written with them (workspaces.mail; the "invitation" kind is here)."""

import csv
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .. import mail
from ..audit import audit
from ..licences import claim_pending_licences, has_current_licence, licence_contact_text
from ..models import EmailStatus, Invitation, Membership, OutboundEmail, Role
from .memberships import membership_add

CHUNK = 500
WRITE_CHUNK = 5000  # invitations per outbox INSERT (SQLite takes 32,766 parameters, PostgreSQL 65,535)
ROLE_NAMES = {r.label.lower(): r for r in Role}
# The token of the invitation link someone followed before signing up or in; the accounts app
# (allauth's adapter) reads it to open sign-up and to lead back to the invitation.
INVITATION_SESSION_KEY = "engage_invitation_token"


class InvitationError(ValidationError):
    pass


class LicenceRequiredError(InvitationError):
    """The invited person holds no current licence for the workspace's organisation."""


def licence_refusal(invitation, user):
    """Why this user cannot join through this invitation for want of a licence, or "".
    Claims a seat reserved for the invited address first (a licence assigned before they
    had an account)."""
    organisation = invitation.workspace.organisation
    if not organisation.licensing_enabled or user.is_site_admin:
        return ""
    claim_pending_licences(user, emails={invitation.email, user.email})
    if has_current_licence(user, organisation):
        return ""
    return (
        f"To join {invitation.workspace.name} you need a current licence for {organisation.name}, and you do not "
        f"hold one. {licence_contact_text(organisation)} This invitation stays valid until "
        f"{timezone.localtime(invitation.expires_at):%d %B %Y}."
    )


def parse_token(token):
    pk, _, signature = (token or "").partition("-")
    # ASCII digits of bounded length: a forged "999…9" must be a 404, not an integer overflow.
    if not (pk.isascii() and pk.isdigit()) or len(pk) > 18 or not signature:
        return None, None
    return int(pk), signature


def find_invitation(token):
    """The invitation a link token names, whatever its state, or None for a forged token."""
    pk, signature = parse_token(token)
    if pk is None:
        return None
    invitation = Invitation.objects.select_related("workspace").filter(pk=pk).first()
    if invitation is None or not invitation.token_matches(signature):
        return None
    return invitation


def find_valid_invitation(token):
    invitation = find_invitation(token)
    return invitation if invitation is not None and invitation.is_usable else None


def invitation_expiry():
    """When an invitation written now stops working."""
    return timezone.now() + timedelta(days=settings.ENGAGE_INVITATION_DAYS)


# --- The invitation email, through the outbox (workspaces.mail) ---------------------------------

INVITATION_MAIL = "invitation"


def send_invitations_on_commit(invitations):
    """Write the emails of these new invitations to the outbox, in the caller's transaction
    (key invitation:<id>: writing one twice sends it once); they go once it commits. One
    INSERT ... SELECT per WRITE_CHUNK, from the invitations' own rows: a bulk invitation of
    10,000 addresses costs two statements, not a row of parameters each. Returns the new rows' ids."""
    outbox, table = OutboundEmail._meta.db_table, Invitation._meta.db_table
    returning = connection.features.can_return_columns_from_insert  # SQLite 3.35+, PostgreSQL
    ids, outbox_ids = [invitation.pk for invitation in invitations], []
    for start in range(0, len(ids), WRITE_CHUNK):
        chunk, now = ids[start : start + WRITE_CHUNK], timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {outbox} (idempotency_key, kind, address, ref_id, payload, subject, status, attempts,
                                          last_error, created_at, queued_at)
                    SELECT %s || CAST(id AS VARCHAR(20)), %s, email, id, %s, '', %s, 0, '', %s, %s
                    FROM {table} WHERE id IN ({", ".join(["%s"] * len(chunk))})
                    ON CONFLICT (idempotency_key) DO NOTHING{" RETURNING id" if returning else ""}""",
                [f"{INVITATION_MAIL}:", INVITATION_MAIL, "{}", EmailStatus.PENDING, now, now, *chunk],
            )
            if returning:  # only the rows written now: one written before is queued already
                outbox_ids += sorted(row[0] for row in cursor.fetchall())
                continue
        outbox_ids += OutboundEmail.objects.filter(
            idempotency_key__in=[f"{INVITATION_MAIL}:{pk}" for pk in chunk], status=EmailStatus.PENDING
        ).order_by("pk").values_list("pk", flat=True)
    mail.enqueue_on_commit(outbox_ids, CHUNK)
    return outbox_ids


def _load_invitations(rows, batch):
    return Invitation.objects.select_related("workspace", "invited_by").in_bulk([row.ref_id for row in rows])


def _invitation_message(row, batch):
    invitation = batch.loaded(row).get(row.ref_id)
    if invitation is None or not invitation.is_usable or invitation.sent_at:
        return None, ()  # accepted, withdrawn or expired before it went: nothing to send
    url = settings.SITE_URL + reverse("invitation_accept", args=[invitation.token])
    context = {"invitation": invitation, "url": url, "site_url": settings.SITE_URL}
    message = mail.compose(
        row, to=invitation.email, subject=f"You are invited to {invitation.workspace.name} on Engage",
        text=render_to_string("workspaces/email/invitation.txt", context),
        html=render_to_string("workspaces/email/invitation.html", context),
    )
    return message, (invitation.pk,)


INVITATION_MAIL_KIND = mail.MailKind(name=INVITATION_MAIL, label="Invitation", build=_invitation_message,
                                     preload=_load_invitations, covers=(Invitation, "sent_at"))


@transaction.atomic
def invitation_create(*, actor, workspace, email, role=Role.READER, teams=(), message=""):
    """Invite one person. Refuses existing members; a pending invitation is replaced (re-sent)."""
    email = email.strip().lower()
    validate_email(email)
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise InvitationError({"email": f"{email} is already a member of this workspace."})
    now = timezone.now()
    Invitation.objects.filter(
        workspace=workspace, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        workspace=workspace, email=email, role=role, invited_by=actor, message=message, expires_at=invitation_expiry()
    )
    if teams:
        invitation.teams.set(teams)
    audit(actor=actor, action="invitation.created", workspace=workspace, target=invitation,
          target_label=email, after={"role": Role(role).label})
    send_invitations_on_commit([invitation])
    return invitation


@dataclass
class BulkLine:
    number: int
    text: str
    email: str = ""
    role: object = None  # a Role from the line, or None for the form's default
    outcome: str = ""  # "invited" or an explanation of why not
    ok: bool = False


@dataclass
class BulkReport:
    lines: list = field(default_factory=list)

    @property
    def invited(self):
        return [line for line in self.lines if line.ok]

    @property
    def problems(self):
        return [line for line in self.lines if not line.ok]


MAX_EMAIL_LENGTH = 254  # Invitation.email; longer would fail the insert on PostgreSQL


def _split_line(line):
    """One line as CSV cells. Each line is read on its own, so line numbers are exact and a stray
    quote or an over-long line spoils only itself. `;` and tab work too (spreadsheet exports)."""
    delimiter = ","
    if "," not in line:
        delimiter = ";" if ";" in line else ("\t" if "\t" in line else ",")
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return None


def parse_bulk(text):
    """Lines of `email` or `email,role` (a CSV with an optional header row). Yields BulkLines
    with the email and role parsed, or an outcome saying what is wrong with the line."""
    for number, raw in enumerate(text.splitlines(), start=1):
        raw = raw.strip()
        if not raw:
            continue
        cells = _split_line(raw)
        line = BulkLine(number=number, text=raw[:200])
        if cells is None:
            line.outcome = "This line could not be read."
            yield line
            continue
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in {"email", "email address", "e-mail"}:
            continue
        # "Sam Patel <sam@example.org>", as copied from a mail program.
        _, address = parseaddr(cells[0])
        line.email = (address if address and "<" in cells[0] else cells[0]).lower()
        if len(cells) > 1 and cells[1]:
            role = ROLE_NAMES.get(cells[1].lower())
            if role is None:
                line.outcome = f"Unknown role “{cells[1][:40]}”: use reader, contributor or manager."
                yield line
                continue
            line.role = role
        try:
            if len(line.email) > MAX_EMAIL_LENGTH:
                raise ValidationError("too long")
            validate_email(line.email)
        except ValidationError:
            line.outcome = "Not a valid email address."
        yield line


def invitations_bulk_create(*, actor, workspace, text, role=Role.READER, teams=(), message=""):
    """Invite many people at once. Bad lines are reported; good ones still go through.

    Queries are per chunk, not per line: members and pending invitations are looked up for a
    whole chunk, invitations are bulk-inserted, and the emails are sent by background tasks.
    """
    report = BulkReport()
    seen = set()
    candidates = []
    for line in parse_bulk(text):
        report.lines.append(line)
        if line.outcome:
            continue
        if line.email in seen:
            line.outcome = "Listed more than once; invited once."
            continue
        seen.add(line.email)
        candidates.append(line)
    if len(candidates) > settings.ENGAGE_BULK_INVITE_LIMIT:
        raise InvitationError(
            f"That is {len(candidates)} addresses; at most {settings.ENGAGE_BULK_INVITE_LIMIT} can be invited at once."
        )
    created = []
    team_list = list(teams)
    with transaction.atomic():
        for start in range(0, len(candidates), CHUNK):
            chunk = candidates[start : start + CHUNK]
            emails = [line.email for line in chunk]
            members = set(
                Membership.objects.filter(workspace=workspace, user__email__in=emails).values_list(
                    "user__email", flat=True
                )
            )
            pending = set(
                Invitation.objects.filter(
                    workspace=workspace,
                    email__in=emails,
                    accepted_at__isnull=True,
                    revoked_at__isnull=True,
                    expires_at__gt=timezone.now(),
                ).values_list("email", flat=True)
            )
            new = []
            for line in chunk:
                if line.email in members:
                    line.outcome = "Already a member."
                elif line.email in pending:
                    line.outcome = "Already invited; the earlier invitation is still open."
                else:
                    new.append(
                        Invitation(
                            workspace=workspace,
                            email=line.email,
                            role=line.role or role,
                            invited_by=actor,
                            message=message,
                            expires_at=invitation_expiry(),
                        )
                    )
                    line.ok, line.outcome = True, "Invited."
            made = Invitation.objects.bulk_create(new, batch_size=CHUNK)
            ids = [inv.pk for inv in made]
            if team_list and ids:
                through = Invitation.teams.through
                through.objects.bulk_create(
                    [through(invitation_id=i, team_id=t.pk) for i in ids for t in team_list], batch_size=CHUNK
                )
            created.extend(made)
        if created:
            audit(actor=actor, action="invitation.bulk_created", workspace=workspace, target=workspace,
                  after={"invited": len(created), "problems": len(report.problems), "role": Role(role).label})
            send_invitations_on_commit(created)
    return report


@transaction.atomic
def invitation_revoke(*, actor, invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit(actor=actor, action="invitation.revoked", workspace=invitation.workspace, target=invitation,
          target_label=invitation.email)
    return invitation


def email_matches(user, email):
    if user.email.lower() == email.lower():
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, invitation, user):
    """Join the workspace. Single-use: the row is locked so two clicks cannot both use it."""
    invitation = Invitation.objects.select_for_update().select_related("workspace").get(pk=invitation.pk)
    status = invitation.status
    if status == "accepted":
        raise InvitationError("This invitation has already been used.")
    if status == "revoked":
        raise InvitationError("This invitation was withdrawn by a manager of the workspace.")
    if status == "expired":
        raise InvitationError("This invitation has expired.")
    if not email_matches(user, invitation.email):
        raise InvitationError(
            f"This invitation was sent to {invitation.email}, but you are signed in as {user.email}."
        )
    refusal = licence_refusal(invitation, user)
    if refusal:
        raise LicenceRequiredError(refusal)
    membership = membership_add(actor=user, workspace=invitation.workspace, user=user, role=invitation.role)
    for team in invitation.teams.select_related("group"):
        team.group.user_set.add(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    # Following the link proves the address is theirs.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
    audit(actor=user, action="invitation.accepted", workspace=invitation.workspace, target=invitation,
          target_label=invitation.email)
    return membership
