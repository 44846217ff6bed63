"""Licensing many people from a CSV file (email, name, optional workspace and role): in one step
each person is licensed, then invited to the workspace with the role, whether they have an
account or not (they join by accepting; new people sign up through the invitation). The
workspace columns go through the one guarded way into a workspace (services.admission): a line
whose workspace and role the uploader may not invite into is refused, whoever holds the
licences. And releasing many licences from a list of addresses.

Every line gets an outcome in the report; bad lines never stop good ones. The work is done a
chunk of lines at a time with a fixed number of queries per chunk (bulk reads and inserts),
never a query per line, and in one transaction holding the pool's row lock, so it is all or
nothing and never takes more seats than are free.
"""

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..audit import audit, audit_entry
from ..kit.services import locked_rows
from ..models import AuditEntry, Licence, LicencePool, Role, Workspace
from ..permissions import access_changed
from ..services.admission import INVITED, MEMBER, PENDING, Invitee, invite_people, invite_refusal, not_managed_refusal
from ..services.invitations import send_invitations_on_commit
from .services import LicenceError, day, give_back_seats, take_seats
from .upload import COLUMN_ALIASES, Line, Report, cells_of, parse

CHUNK = 1000


def _mark_duplicates(lines):
    """The first line for an address decides its licence; a repeat for another workspace still
    adds them there, an exact repeat is reported and skipped."""
    first_by_email, seen = {}, set()
    for line in lines:
        if line.error:
            continue
        key = (line.email, line.workspace_slug.lower())
        if key in seen:
            line.error = f"The same as line {first_by_email[line.email].number}; used once."
            continue
        seen.add(key)
        if line.email in first_by_email:
            line.first = first_by_email[line.email]
        else:
            first_by_email[line.email] = line


def _resolve_workspaces(actor, organisation, lines):
    """Each line's workspace, if the uploader may invite people into it with the line's role
    (admission.invite_refusal, the guard of every invitation). A workspace they may not see is
    refused in the same words as one that does not exist."""
    slugs = {line.workspace_slug.lower() for line in lines if not line.error and line.workspace_slug}
    named = Workspace.objects.filter(organisation=organisation, slug__in=slugs).select_related("organisation")
    found = {w.slug.lower(): w for w in named}
    refusals = {}
    for line in lines:
        if line.error or not line.workspace_slug:
            continue
        workspace = found.get(line.workspace_slug.lower())
        if workspace is None:
            line.error = (f"{organisation.name} has no workspace “{line.workspace_slug[:60]}”."
                          if getattr(actor, "is_site_admin", False)
                          else not_managed_refusal(line.workspace_slug, organisation))
            continue
        key = (workspace.pk, line.role or Role.READER)
        if key not in refusals:
            refusals[key] = invite_refusal(actor, workspace, key[1], asked_as=line.workspace_slug)
        line.error = refusals[key]
        line.workspace = None if line.error else workspace


def licences_bulk_assign(*, actor, pool, text, today=None):
    """License everyone in the CSV text and invite them to the workspaces named. Returns a Report; raises LicenceError
    for a file that cannot be used at all (no lines, unknown columns, too many lines)."""
    today = today or timezone.localdate()
    organisation = pool.organisation
    lines = parse(text)
    _mark_duplicates(lines)
    _resolve_workspaces(actor, organisation, lines)
    report = Report(lines=lines)
    firsts = [line for line in lines if line.ok and line.first is None]
    with transaction.atomic():
        # The pool's row lock: single assignments and other uploads to this pool wait for us.
        locked = LicencePool.objects.select_for_update().get(pk=pool.pk)
        state = {"free": locked.seats_free, "ended": locked.valid_until < today, "pool": locked, "today": today}
        for start in range(0, len(firsts), CHUNK):
            _license_chunk(actor, organisation, firsts[start : start + CHUNK], state, report)
        for line in lines:  # a repeat of an address for another workspace follows its first line
            if line.first is not None and line.ok:
                if line.first.ok:
                    line.licensed, line.user = True, line.first.user
                    line.notes.append(f"Licensed on line {line.first.number}.")
                else:
                    line.error = f"Not licensed: see line {line.first.number}."
        joining = defaultdict(list)
        for line in lines:
            if line.ok and line.workspace is not None:
                joining[line.workspace.pk].append(line)
        for workspace_lines in joining.values():
            _invite(actor, workspace_lines, locked, report)
    return report


def _license_chunk(actor, organisation, chunk, state, report):
    """Take seats for a chunk of first lines: one read of accounts, one of licences, one insert."""
    pool, today = state["pool"], state["today"]
    emails = [line.email for line in chunk]
    users = {u.email.lower(): u for u in get_user_model().objects.filter(email__in=emails)}
    held = Licence.objects.filter(organisation=organisation, released_at__isnull=True).select_related("pool")
    held = held.filter(Q(user__in=[u.pk for u in users.values()]) | Q(user__isnull=True, email__in=emails))
    by_user, by_email = {}, {}
    for licence in held:
        if licence.user_id:
            by_user[licence.user_id] = licence
        else:
            by_email[licence.email] = licence
    new, moved, claims = [], [], []
    for line in chunk:
        line.user = users.get(line.email)
        existing = (by_user.get(line.user.pk) if line.user else None) or by_email.get(line.email)
        if existing is not None and line.user is not None and existing.user_id is None:
            claims.append((existing, line.user))  # reserved for the address, now it has an account
        if existing is not None and (existing.pool_id == pool.pk or existing.pool.is_current(today)):
            if existing.pool.valid_until >= today:
                line.licensed = True
                line.notes.append(f"Already licensed (pool “{existing.pool.label}”).")
                continue
        if state["ended"]:
            line.error = f"The pool “{pool.label}” ended on {day(pool.valid_until)}. Extend it or choose another pool."
            continue
        if state["free"] <= 0:
            line.error = (f"The pool “{pool.label}” has no free seat left: all {pool.seats} are in use, 0 free. "
                          "Release someone or enlarge the pool.")
            continue
        state["free"] -= 1
        if existing is not None:
            moved.append(existing)
        line.licensed = True
        line.notes.append("Licensed.")
        new.append(line)
    now = timezone.now()
    for licence, user in claims:
        Licence.objects.filter(pk=licence.pk, user__isnull=True).update(user=user)
    if moved:
        Licence.objects.filter(pk__in=[m.pk for m in moved]).update(released_at=now, released_by=_actor(actor))
        for pool_id, count in Counter(m.pool_id for m in moved).items():
            give_back_seats(pool_id, count)
    if claims or moved:
        access_changed()  # UPDATEs: no signal
    if not new:
        return
    if not take_seats(pool, len(new), today):
        raise LicenceError("Seats were taken in the meantime; nothing was changed. Try again.")
    actor_id = getattr(_actor(actor), "pk", None)
    made = Licence.objects.bulk_create(
        [Licence(pool_id=pool.pk, organisation_id=organisation.pk, user_id=line.user.pk if line.user else None,
                 email=line.email, name=line.name, assigned_by_id=actor_id, assigned_at=now) for line in new],
        batch_size=CHUNK,
    )
    access_changed()  # bulk_create: no signal
    before = {m.email: m.pool.label for m in moved}
    AuditEntry.objects.bulk_create(
        [audit_entry(actor=actor, action="licence.moved" if lic.email in before else "licence.assigned",
                     organisation=organisation, target=lic, target_label=lic.email,
                     before={"pool": before[lic.email]} if lic.email in before else None,
                     after={"pool": pool.label}) for lic in made],
        batch_size=CHUNK,
    )
    report.licensed += len(made)


def _invite(actor, lines, pool, report):
    """Invite the people of these lines into their (one) workspace, each with their role,
    whether they have an account or not: nobody is added without accepting. Each invitation
    is audited by name and role, with the pool; one summary entry for the workspace."""
    workspace = lines[0].workspace
    invitees = [Invitee(email=line.email, role=line.role or Role.READER) for line in lines]
    made = invite_people(actor=actor, workspace=workspace, invitees=invitees, audit_extra={"licence_pool": pool.label})
    for line, invitee in zip(lines, invitees, strict=True):
        line.notes.append({
            INVITED: f"Invited to {workspace.name} as {Role(invitee.role).label.lower()}.",
            MEMBER: f"Already a member of {workspace.name}.",
            PENDING: f"Already invited to {workspace.name}.",
        }.get(invitee.status, invitee.outcome))
    if made:
        audit(actor=actor, action="invitation.bulk_created", workspace=workspace, target=workspace,
              after={"invited": len(made), "licence_pool": pool.label})
        send_invitations_on_commit(made)
    report.invited += len(made)


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Releasing many ------------------------------------------------------------------------


def licences_bulk_release(*, actor, organisation, text):
    """Release the licences of the listed addresses (one per line; a CSV's first column; a
    header row is allowed). Returns a Report; addresses without a licence are reported."""
    lines, seen = [], {}
    for number, raw in enumerate(text.splitlines(), start=1):
        raw = raw.strip()
        cells = cells_of(raw) if raw else []
        if not cells or not cells[0]:
            continue
        email = cells[0].lower()
        if not lines and COLUMN_ALIASES.get(email) == "email":
            continue  # a header row
        line = Line(number=number, text=raw[:200], email=email)
        lines.append(line)
        if email in seen:
            line.error = f"The same as line {seen[email].number}; used once."
        else:
            seen[email] = line
    if not lines:
        raise LicenceError("There are no addresses in the list.")
    if len(lines) > settings.ENGAGE_LICENCE_BULK_LIMIT:
        raise LicenceError(f"That is {len(lines):,} lines; at most {settings.ENGAGE_LICENCE_BULK_LIMIT:,} at once.")
    report = Report(lines=lines)
    firsts = [line for line in lines if line.ok]
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(firsts), CHUNK):
            chunk = firsts[start : start + CHUNK]
            emails = [line.email for line in chunk]
            held = {}
            # Locked, so a release racing ours is counted once: whoever waits re-reads the row
            # (and the pool and person, read after the lock).
            for licence in locked_rows(
                Licence.objects.filter(organisation=organisation, released_at__isnull=True)
                .filter(Q(user__email__in=emails) | Q(email__in=emails)),
                "pool", "user",
            ):
                held.setdefault(licence.user.email.lower() if licence.user else licence.email, licence)
                held.setdefault(licence.email, licence)
            released = []
            for line in chunk:
                licence = held.get(line.email)
                if licence is None or licence in released:
                    line.error = f"Holds no licence in {organisation.name}."
                    continue
                released.append(licence)
                line.notes.append(f"Released (pool “{licence.pool.label}”).")
            if not released:
                continue
            Licence.objects.filter(pk__in=[lic.pk for lic in released]).update(
                released_at=now, released_by=_actor(actor)
            )
            access_changed()  # an UPDATE: no signal
            for pool_id, count in Counter(lic.pool_id for lic in released).items():
                give_back_seats(pool_id, count)
            AuditEntry.objects.bulk_create(
                [audit_entry(actor=actor, action="licence.released", organisation=organisation, target=lic,
                             target_label=lic.email, before={"pool": lic.pool.label}, after={"pool": None})
                 for lic in released],
                batch_size=CHUNK,
            )
            report.released += len(released)
    return report
