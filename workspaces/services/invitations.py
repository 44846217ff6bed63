"""Invitations: one at a time or in bulk; single-use, expiring links for new and existing accounts.
Their emails are outbox rows written with them (workspaces.mail; the "invitation" kind is here)."""

import csv
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .. import mail
from ..audit import audit
from ..kit.services import locked_row
from ..licences import claim_pending_licences, has_current_licence, licence_contact_text, organisation_admins
from ..models import EmailStatus, Invitation, OutboundEmail, Role
from .admission import MEMBER, REFUSED, Invitee, invite_people
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
    # A seat reserved for the invited address goes only to an account that holds the address.
    own = {invitation.email, user.email} if email_matches(user, invitation.email) else {user.email}
    claim_pending_licences(user, emails=own)
    if has_current_licence(user, organisation):
        return ""
    inviter = invitation.invited_by
    told = f" We have told {inviter.name}, who invited you." if inviter is not None and inviter.is_active else ""
    # Never "ask the person who invited you": they invited you, and may not hold the seats.
    return (
        f"To join {invitation.workspace.name} you need a current licence for {organisation.name}, and you do not "
        f"hold one yet. {licence_contact_text(organisation)}{told} This invitation stays valid until "
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
    invitations = Invitation.objects.select_related("workspace__organisation", "invited_by")
    return invitations.in_bulk([row.ref_id for row in rows])


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


# --- Telling the inviter that their invitee has no licence ------------------------------------

LICENCE_NEEDED_MAIL = "invitation_licence_needed"


def tell_inviter_licence_needed(invitation, user):
    """An email to the inviter: the person they invited tried to accept and holds no licence.
    Once per invitation (its outbox key), sent when the transaction commits."""
    inviter = invitation.invited_by
    if inviter is None or not inviter.is_active:
        return []
    row = OutboundEmail(idempotency_key=f"{LICENCE_NEEDED_MAIL}:{invitation.pk}", kind=LICENCE_NEEDED_MAIL,
                        recipient=inviter, ref_id=invitation.pk, payload={"tried_as": user.email})
    return mail.queue([row])


def _licence_needed_message(row, batch):
    invitation = batch.loaded(row).get(row.ref_id)
    if invitation is None or invitation.status == "accepted":
        return None, ()
    organisation = invitation.workspace.organisation
    context = {"invitation": invitation, "workspace": invitation.workspace, "organisation": organisation,
               "tried_as": row.payload.get("tried_as", invitation.email), "site_url": settings.SITE_URL,
               "licences_url": settings.SITE_URL + reverse("licence_overview", args=[organisation.slug]),
               "contacts": list(organisation_admins(organisation)[:5])}
    return mail.compose(
        row, to=batch.users[row.recipient_id].email,
        subject=f"{invitation.email} needs a licence to join {invitation.workspace.name}",
        text=render_to_string("workspaces/email/invitation_licence_needed.txt", context),
    ), ()


LICENCE_NEEDED_MAIL_KIND = mail.MailKind(name=LICENCE_NEEDED_MAIL, label="Invitee needs a licence",
                                         build=_licence_needed_message, preload=_load_invitations)


@transaction.atomic
def invitation_create(*, actor, workspace, email, role=Role.READER, teams=(), message=""):
    """Invite one person, if the actor may give them this role here (admission.invite_people).
    Refuses existing members; a pending invitation is replaced (re-sent)."""
    email = email.strip().lower()
    validate_email(email)
    invitee = Invitee(email=email, role=role)
    made = invite_people(actor=actor, workspace=workspace, invitees=[invitee], teams=teams, message=message,
                         replace_pending=True)
    if invitee.status == MEMBER:
        raise InvitationError({"email": f"{email} is already a member of this workspace."})
    if invitee.status == REFUSED:
        raise InvitationError(invitee.outcome)
    send_invitations_on_commit(made)
    return invitee.invitation


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
    """Invite many people at once (admission.invite_people: only with roles the actor may give
    here). Bad lines are reported; good ones still go through.

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
    with transaction.atomic():
        invitees = [Invitee(email=line.email, role=line.role or role) for line in candidates]
        made = invite_people(actor=actor, workspace=workspace, invitees=invitees, teams=teams, message=message)
        for line, invitee in zip(candidates, invitees, strict=True):
            line.ok, line.outcome = invitee.invited, invitee.outcome
        if made:
            audit(actor=actor, action="invitation.bulk_created", workspace=workspace, target=workspace,
                  after={"invited": len(made), "problems": len(report.problems), "role": Role(role).label})
            send_invitations_on_commit(made)
    return report


def _close(invitation, *, actor, action, declined=False):
    """Close a pending invitation (its link stops working), audited as `action`; False if it was
    no longer pending. Lock, then read (the workspace too). `declined`: the invited person said
    no (shown as "Declined", not "Withdrawn")."""
    invitation = locked_row(invitation, "workspace")
    if invitation.status != "pending":
        return invitation, False
    invitation.revoked_at = timezone.now()
    invitation.declined_at = invitation.revoked_at if declined else None
    invitation.save(update_fields=["revoked_at", "declined_at"])
    audit(actor=actor, action=action, workspace=invitation.workspace, target=invitation,
          target_label=invitation.email)
    return invitation, True


@transaction.atomic
def invitation_revoke(*, actor, invitation):
    return _close(invitation, actor=actor, action="invitation.revoked")[0]


@transaction.atomic
def invitation_decline(*, user, invitation):
    """The invited person says no: the link stops working (as if withdrawn), and the audit log
    says who declined. Only for an account holding the invited address (the caller checks)."""
    return _close(invitation, actor=user, action="invitation.declined", declined=True)[1]


def open_invitations_for(user, limit=20):
    """Open invitations sent to an address the user has verified, newest first (for their home)."""
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=user, verified=True).annotate(address=Lower("email")).values("address")
    return (Invitation.objects.filter(email__in=verified, accepted_at__isnull=True, revoked_at__isnull=True,
                                      expires_at__gt=timezone.now())
            .select_related("workspace__organisation", "invited_by").order_by("-created_at", "-pk")[:limit])


def email_matches(user, email):
    if user.email.lower() == email.lower():
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def address_has_account(email):
    """Whether an account holds this address: as its sign-in address, or as another address of
    its own that it has verified (an address merely typed in, unconfirmed, proves nothing)."""
    from allauth.account.models import EmailAddress

    return (get_user_model().objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email, verified=True).exists())


def accept_refusal(invitation, user):
    """Why `user` may not accept this invitation, or "". An invitation admits its own address,
    once. Another account may use it instead (once, audited) only while no account holds the
    invited address: the link's holder could have signed up with that address anyway. An
    invitation to someone who has an account is for that account alone."""
    if email_matches(user, invitation.email) or not address_has_account(invitation.email):
        return ""
    return (f"This invitation was sent to {invitation.email}, which has an account of its own, but you are "
            f"signed in as {user.email}.")


@transaction.atomic
def invitation_accept(*, invitation, user):
    """Join the workspace. Single-use: the row is locked so two clicks cannot both use it.
    The audit log names the address it was sent to and the account that used it."""
    invitation = locked_row(invitation, "workspace")  # lock, then read (the workspace too)
    status = invitation.status
    if status == "accepted":
        raise InvitationError("This invitation has already been used.")
    if status == "revoked":
        raise InvitationError("This invitation was withdrawn by a manager of the workspace.")
    if status == "expired":
        raise InvitationError("This invitation has expired.")
    refusal = accept_refusal(invitation, user)
    if refusal:
        raise InvitationError(refusal)
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
          target_label=invitation.email,
          after={"role": Role(invitation.role).label, "sent_to": invitation.email, "accepted_by": user.email})
    return membership
