"""Reads for the licence pages: pools with their counts, licensees a page at a time, the CSV
export as a stream, and what to tell someone whose licence has lapsed. Counts come from SQL."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from django.utils import timezone

from ..lib.dates import format_day
from ..models import Licence, LicencePool, Organisation
from ..permissions.access import current_licences

EXPIRY_WINDOW_DAYS = 30
EXPORT_CHUNK = 2000


def organisations_administered(user):
    """Organisations whose licence pages the user may open: all for site admins."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_site_admin:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(people__user=user, people__is_admin=True).order_by("name")


def organisation_admins(organisation):
    return (
        get_user_model()
        .objects.filter(organisation_memberships__organisation=organisation,
                        organisation_memberships__is_admin=True, is_active=True)
        .order_by("display_name", "email")
    )


def has_current_licence(user, organisation):
    return current_licences().filter(organisation=organisation, user=user).exists()


def pools_with_counts(organisation, today=None):
    """The organisation's pools, newest end first, each with seats_free, is_current, and
    expiring_soon (ends within 30 days), plus totals over the current pools."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRY_WINDOW_DAYS)
    pools = list(LicencePool.objects.filter(organisation=organisation).order_by("-valid_until", "label", "pk"))
    for pool in pools:
        pool.ended = pool.valid_until < today
        pool.current = pool.valid_from <= today <= pool.valid_until
        pool.expiring_soon = today <= pool.valid_until <= soon
    current = [p for p in pools if p.current]
    totals = {
        "seats": sum(p.seats for p in current),
        "used": sum(p.seats_used for p in current),
        "free": sum(p.seats_free for p in current),
        "expiring": sum(p.seats_used for p in current if p.expiring_soon),
        "held": sum(p.seats_used for p in pools),
    }
    return pools, totals


def licensees(organisation, *, pool=None, dormant_days=None, q="", state="", today=None):
    """Unreleased licences, newest first (the order of licence_org_recent_idx), without joins:
    filters on the account are subqueries, so PostgreSQL can use the users' trigram indexes.
    Pass the result to licensee_rows() for a page with accounts and pools.

    dormant_days: only people who have not signed in for that many days (or never).
    state: "current", "lapsed" (pool ended or not started) or "" for all.
    """
    today = today or timezone.localdate()
    qs = Licence.objects.filter(organisation=organisation, released_at__isnull=True)
    if pool is not None:
        qs = qs.filter(pool=pool)
    if dormant_days:
        cutoff = timezone.now() - timedelta(days=dormant_days)
        qs = qs.filter(Q(user__isnull=True) | Q(user__last_login__isnull=True) | Q(user__last_login__lt=cutoff))
    User = get_user_model()
    for word in (q or "").split()[:5]:
        # Two indexed lookups joined by UNION (accounts through their trigram indexes, then
        # their licences; addresses still waiting for an account), not a filter on every row.
        accounts = User.objects.filter(Q(display_name__icontains=word) | Q(email__icontains=word)).values("pk")
        mine = Licence.objects.filter(organisation=organisation, user__in=accounts)
        waiting = Licence.objects.filter(organisation=organisation, user__isnull=True).filter(
            Q(email__icontains=word) | Q(name__icontains=word))
        qs = qs.filter(pk__in=mine.order_by().values("pk").union(waiting.order_by().values("pk")))
    if state in ("current", "lapsed"):
        current = LicencePool.objects.filter(organisation=organisation, valid_from__lte=today, valid_until__gte=today)
        qs = qs.filter(pool__in=current) if state == "current" else qs.exclude(pool__in=current)
    return qs.order_by("-assigned_at", "-pk")


def licensee_rows(ids):
    """The licences whose ids a (sliced) queryset gives, with account and pool, in one query."""
    return Licence.objects.filter(pk__in=ids).select_related("pool", "user").order_by("-assigned_at", "-pk")


def capped_count(queryset, cap):
    """COUNT(*) that stops at cap + 1 rows: a filter matching most of 200,000 rows costs no more
    than one matching 10,000."""
    return queryset.order_by()[: cap + 1].count()


EXPORT_HEADER = ["email", "name", "pool", "valid_until", "assigned_at_utc", "last_sign_in_utc", "has_account"]


def _text(field):
    # Dates become text in SQL: parsing 400,000 timestamps into Python objects only to print
    # them again would be most of an export's time.
    return Cast(field, output_field=CharField())


def export_rows(queryset, *, typed=False):
    """The header, then one row per licence, read in chunks (a stream, never all in memory).
    Dates come as text made in SQL (for CSV); typed, as dates and times (for a spreadsheet)."""
    yield EXPORT_HEADER
    rows = queryset.annotate(
        _until=_text("pool__valid_until"), _assigned=_text("assigned_at"), _seen=_text("user__last_login")
    ).values_list("email", "name", "user__display_name", "user__email", "pool__label", "_until", "_assigned",
                  "_seen", "user_id")
    for email, name, display_name, account_email, label, until, assigned, seen, user_id in rows.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        assigned, seen = assigned[:19], seen[:19] if seen else ""  # "YYYY-MM-DD HH:MM:SS", UTC
        if typed:
            until = date.fromisoformat(until)
            assigned = datetime.fromisoformat(assigned)
            seen = datetime.fromisoformat(seen) if seen else None
        yield [account_email or email, display_name or name or "", label, until, assigned, seen,
               "yes" if user_id else "no"]


def licence_problem(user, organisation, today=None):
    """What to tell a member who cannot get in for want of a licence, and whom to ask."""
    today = today or timezone.localdate()
    latest = (
        Licence.objects.filter(organisation=organisation, user=user)
        .select_related("pool")
        .order_by(F("released_at").desc(nulls_first=True), "-assigned_at", "-pk")
        .first()
    )
    name = organisation.name
    ended_on = None
    if latest is None:
        reason = f"You do not have a licence for {name}."
    elif latest.released_at is not None:
        ended_on = timezone.localtime(latest.released_at).date()
        reason = f"Your licence for {name} was withdrawn on {format_day(ended_on)}."
    elif latest.pool.valid_from > today:
        reason = f"Your licence for {name} starts on {format_day(latest.pool.valid_from)}."
    else:
        ended_on = latest.pool.valid_until
        reason = f"Your licence for {name} ended on {format_day(ended_on)}."
    return {"reason": reason, "ended_on": ended_on, "contacts": list(organisation_admins(organisation)[:10])}


def licence_contact_text(organisation):
    admins = list(organisation_admins(organisation)[:3])
    if not admins:
        return f"The site administrators assign {organisation.name}'s licences."
    names = " or ".join(f"{person.name} ({person.email})" for person in admins)
    return f"{organisation.name}'s licence admin{'s' if len(admins) > 1 else ''}: ask {names} for one."


def addresses_without_licence(organisation, emails, today=None):
    """Of these addresses, those whose person holds no current licence in the organisation, in
    the order given: no account and no seat reserved for the address, or an account (by its
    sign-in address or a verified one) without a current seat. Three queries, whatever the count."""
    from allauth.account.models import EmailAddress

    emails = list(dict.fromkeys(e.strip().lower() for e in emails if e))
    if not emails:
        return []
    today = today or timezone.localdate()
    current = current_licences(today).filter(organisation=organisation)
    reserved = set(current.filter(user__isnull=True, email__in=emails).values_list("email", flat=True))
    owners = {}  # address -> account id
    for pk, email in get_user_model().objects.filter(email__in=emails).values_list("pk", "email"):
        owners[email.lower()] = pk
    for pk, email in EmailAddress.objects.filter(email__in=emails, verified=True).values_list("user_id", "email"):
        owners.setdefault(email.lower(), pk)
    licensed_users = set(current.filter(user__in=set(owners.values())).values_list("user_id", flat=True))
    return [e for e in emails if e not in reserved and owners.get(e) not in licensed_users]


def is_licence_admin(user, organisation):
    """Whether the user may assign the organisation's seats (its admins, and site admins)."""
    return organisations_administered(user).filter(pk=organisation.pk).exists()


def open_pools(organisation, today=None):
    """Pools whose seats can still be given, latest end first."""
    today = today or timezone.localdate()
    pools = LicencePool.objects.filter(organisation=organisation, valid_until__gte=today)
    return pools.order_by("-valid_until", "label")


WORKSPACES_LISTED = 50


def served_workspaces(user, organisation, limit=WORKSPACES_LISTED):
    """The organisation's workspaces (the ones its licences open), by name, each with `can_open`
    for this viewer (site admins, members, and anyone for a public one); and how many there are.
    Two queries."""
    from ..models import Membership, Visibility, Workspace

    workspaces = list(Workspace.objects.filter(organisation=organisation).order_by("name", "pk")[:limit])
    mine = set(Membership.objects.filter(user=user, workspace__in=[w.pk for w in workspaces])
               .values_list("workspace_id", flat=True)) if workspaces and not user.is_site_admin else set()
    for workspace in workspaces:
        workspace.organisation = organisation  # for get_absolute_url and the template, without a query each
        workspace.can_open = (user.is_site_admin or workspace.pk in mine
                              or workspace.visibility == Visibility.PUBLIC)
    count = len(workspaces) if len(workspaces) < limit else Workspace.objects.filter(organisation=organisation).count()
    return workspaces, count
