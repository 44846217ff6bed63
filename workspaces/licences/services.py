"""Writes for licences: pools, assigning and releasing seats, organisation admins. Audited.

The seat count is guarded by the database, not by a read-then-write in Python: taking a seat is
`UPDATE pool SET seats_used = seats_used + 1 WHERE id = … AND seats_used < seats AND
valid_until >= today` (a row lock; of two admins racing for the last seat, one updates a row and
the other updates none and is told), and a CHECK constraint refuses `seats_used > seats` in
any case. One unreleased licence per person per organisation (a partial unique index) makes
assigning idempotent.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..audit import audit
from ..lib.dates import format_day
from ..models import Licence, LicencePool, Organisation, OrganisationMembership
from ..permissions import access_changed, forget

POOL_FIELDS = ["label", "seats", "valid_from", "valid_until"]


class LicenceError(ValidationError):
    pass


def day(value):
    return format_day(value)


def _pool_snapshot(pool):
    return {
        "label": pool.label,
        "seats": pool.seats,
        "valid_from": pool.valid_from.isoformat(),
        "valid_until": pool.valid_until.isoformat(),
    }


# --- Pools ---------------------------------------------------------------------------------


def _check_dates(valid_from, valid_until):
    if valid_until < valid_from:
        raise LicenceError({"valid_until": "The pool must end on or after the day it starts."})


@transaction.atomic
def pool_create(*, actor, organisation, label, seats, valid_from, valid_until):
    """Give an organisation a pool of seats (site admins)."""
    _check_dates(valid_from, valid_until)
    pool = LicencePool.objects.create(
        organisation=organisation, label=label, seats=seats, valid_from=valid_from, valid_until=valid_until,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(actor=actor, action="licence_pool.created", organisation=organisation, target=pool,
          after=_pool_snapshot(pool))
    return pool


@transaction.atomic
def pool_update(*, actor, pool, **changes):
    """Rename, enlarge, shrink or extend a pool. Never below the seats in use: release people
    first. Moving the end date re-arms the expiry reminders for the new date."""
    locked = LicencePool.objects.select_for_update().get(pk=pool.pk)
    before = _pool_snapshot(locked)
    for name, value in changes.items():
        if name not in POOL_FIELDS:
            raise ValueError(f"{name} is not a pool setting.")
        setattr(locked, name, value)
    _check_dates(locked.valid_from, locked.valid_until)
    if locked.seats < locked.seats_used:
        raise LicenceError({"seats": (
            f"{locked.seats_used} seat{'s are' if locked.seats_used != 1 else ' is'} in use in “{locked.label}”, "
            f"so it cannot have fewer. Release people first, then shrink it."
        )})
    ends_moved = before["valid_until"] != locked.valid_until.isoformat()
    if ends_moved:
        locked.reminder_sent_at = None
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:  # the CHECK constraint: cannot happen under the row lock, but never a 500
        raise LicenceError({"seats": "Seats were taken in the meantime; reload the page and try again."}) from None
    if ends_moved:
        Licence.objects.filter(pool=locked, released_at__isnull=True).update(reminder_sent_at=None)
    after = _pool_snapshot(locked)
    changed = [k for k in POOL_FIELDS if before[k] != after[k]]
    if changed:
        audit(actor=actor, action="licence_pool.changed", organisation=locked.organisation, target=locked,
              before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return locked


# --- Assigning and releasing ------------------------------------------------------------


def take_seats(pool, count=1, today=None):
    """Take `count` seats of the pool in one conditional UPDATE; True if they were free.
    Call inside the transaction that creates the licences."""
    today = today or timezone.localdate()
    return bool(
        LicencePool.objects.filter(
            pk=pool.pk, seats_used__lte=F("seats") - count, valid_until__gte=today
        ).update(seats_used=F("seats_used") + count, updated_at=timezone.now())
    )


def give_back_seats(pool_id, count=1):
    if count:
        LicencePool.objects.filter(pk=pool_id).update(seats_used=F("seats_used") - count, updated_at=timezone.now())


def seat_refusal(pool, today=None):
    """Why a seat could not be taken, naming the pool and its free seats (read afresh)."""
    today = today or timezone.localdate()
    pool = LicencePool.objects.get(pk=pool.pk)
    if pool.valid_until < today:
        return f"The pool “{pool.label}” ended on {day(pool.valid_until)}. Extend it or choose another pool."
    return (
        f"The pool “{pool.label}” has no free seat: {pool.seats_used} of {pool.seats} are in use, "
        f"{pool.seats_free} free. Release someone or enlarge the pool."
    )


def active_licence(organisation, *, user=None, email=""):
    """The person's unreleased licence in the organisation (by account, else by pending address)."""
    qs = Licence.objects.select_related("pool").filter(organisation=organisation, released_at__isnull=True)
    if user is not None:
        return qs.filter(user=user).first()
    return qs.filter(user__isnull=True, email=email).first()


def _release(licence, actor, now):
    """Release one licence row if still active; True if this call released it."""
    done = Licence.objects.filter(pk=licence.pk, released_at__isnull=True).update(
        released_at=now, released_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    if done:
        give_back_seats(licence.pool_id)
        access_changed()  # an UPDATE: no signal
    return bool(done)


@transaction.atomic
def licence_assign(*, actor, pool, email, name="", today=None):
    """Give the person with this address a seat of the pool. Returns (licence, created).

    Idempotent: someone already holding a current licence in the organisation keeps it
    (created is False). A licence that is not current (its pool ended or has not started) is
    moved to this pool. Raises LicenceError naming the pool and its free seats when it is full
    or has ended.
    """
    today = today or timezone.localdate()
    email = email.strip().lower()
    organisation = pool.organisation
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None:
        claim_pending_licences(user, emails=[email])
    existing = active_licence(organisation, user=user, email=email)
    before = None
    if existing is not None:
        if existing.pool_id == pool.pk and existing.pool.valid_until < today:
            raise LicenceError(seat_refusal(pool, today))
        if existing.pool_id == pool.pk or existing.pool.is_current(today):
            return existing, False
        before = {"pool": existing.pool.label}
    try:
        with transaction.atomic():
            if existing is not None:
                _release(existing, actor, timezone.now())
            if not take_seats(pool, today=today):
                raise LicenceError(seat_refusal(pool, today))
            licence = Licence.objects.create(
                pool=pool, organisation=organisation, user=user, email=email, name=name[:150],
                assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Someone else licensed this person a moment ago: theirs stands, ours is undone.
        theirs = active_licence(organisation, user=user, email=email)
        if theirs is None:
            raise LicenceError(seat_refusal(pool, today)) from None
        return theirs, False
    audit(actor=actor, action="licence.moved" if before else "licence.assigned", organisation=organisation,
          target=licence, target_label=email, before=before, after={"pool": pool.label})
    if user is not None:
        forget(user)
    return licence, True


@transaction.atomic
def assign_seats(*, actor, pool, emails, today=None):
    """A seat of the pool for each address (kept for those without an account until they sign
    up), all or none: the first refusal (the pool full or ended) undoes the others and is
    raised as a LicenceError. For the few addresses of an invitation; the licence upload
    (bulk.py) is the path for thousands."""
    return [licence_assign(actor=actor, pool=pool, email=email, today=today)[0] for email in emails]


@transaction.atomic
def licence_release(*, actor, licence):
    """Free the seat at once. The person keeps their memberships and everything they wrote;
    without a licence they simply cannot get in. Releasing twice changes nothing."""
    licence = Licence.objects.select_related("pool", "organisation").get(pk=licence.pk)
    if not _release(licence, actor, timezone.now()):
        return False
    audit(actor=actor, action="licence.released", organisation=licence.organisation, target=licence,
          target_label=licence.email, before={"pool": licence.pool.label}, after={"pool": None})
    return True


def claim_pending_licences(user, emails=None):
    """Attach licences reserved for an address to the account that now has it (at sign-in and
    when an invitation is accepted). Cheap when there is nothing to claim: one query."""
    emails = [e.lower() for e in (emails or [user.email])]
    pending = list(Licence.objects.filter(user__isnull=True, released_at__isnull=True, email__in=emails))
    if not pending:
        return 0
    claimed = 0
    with transaction.atomic():
        held = set(
            Licence.objects.filter(user=user, released_at__isnull=True).values_list("organisation_id", flat=True)
        )
        for licence in pending:
            if licence.organisation_id in held:
                # Already licensed there through another address: free the reserved seat.
                _release(licence, None, timezone.now())
                continue
            Licence.objects.filter(pk=licence.pk, user__isnull=True).update(user=user)
            held.add(licence.organisation_id)
            claimed += 1
        if claimed:
            access_changed()  # UPDATEs: no signal
    forget(user)
    return claimed


def claim_on_sign_in(sender, request, user, **kwargs):
    """user_logged_in receiver: claim licences reserved for the user's verified address."""
    if not Licence.objects.filter(user__isnull=True, released_at__isnull=True, email=user.email.lower()).exists():
        return
    from allauth.account.models import EmailAddress

    if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        claim_pending_licences(user)


# --- Organisation admins ---------------------------------------------------------------


@transaction.atomic
def organisation_admin_set(*, actor, organisation, user, is_admin):
    """Appoint or stand down an organisation admin (site admins do this)."""
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"is_admin": is_admin}
    )
    before = None if created else membership.is_admin
    if not created and membership.is_admin == is_admin:
        return membership
    if not created:
        membership.is_admin = is_admin
        membership.save(update_fields=["is_admin"])
    audit(actor=actor, action="organisation.admin_appointed" if is_admin else "organisation.admin_removed",
          organisation=organisation, target=membership, target_label=user.email,
          before=None if before is None else {"organisation_admin": before}, after={"organisation_admin": is_admin})
    return membership


@transaction.atomic
def organisation_set_licensing(*, actor, organisation, enabled):
    """Turn licence enforcement on or off for an organisation's workspaces (site admins)."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.licensing_enabled == enabled:
        return locked
    locked.licensing_enabled = enabled
    locked.save(update_fields=["licensing_enabled"])
    audit(actor=actor, action="organisation.licensing_changed", organisation=locked, target=locked,
          before={"licences_required": not enabled}, after={"licences_required": enabled})
    return locked
