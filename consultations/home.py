"""The workspace home's blocks (the lifecycle part owns this module).

"Waiting for you": the open consultations this person may respond to and has not sent a
response to ("Continue your response" for a draft of theirs first, then "Respond by 1 March",
soonest closing first); and, for whoever may run them, the consultations past their "response
expected by" date without an outcome ("Response overdue since 24 May"). "Latest": the newest
published consultations with their stage.

Each block is one query: the rows that are the newest, the collecting or the overdue ones, each
set limited in a subquery, read at once and split here."""

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.models import Role
from workspaces.permissions import access_for, can

from . import selectors
from .models import Response, ResponseStatus, Status

CHANGE = "consultations.change_consultation"


def _url(workspace, consultation):
    return reverse("consultations:consultation", kwargs={"workspace": workspace.slug, "pk": consultation.pk})


def _day(value, today):
    """"1 March" this year, "1 March 2028" another."""
    return value.strftime("%-d %B" if value.year == today.year else "%-d %B %Y")


def _may_run_some(access):
    """Managers run every consultation; contributors those they wrote or are let change; readers none."""
    return access.is_manager or (access.effective_role or 0) >= Role.CONTRIBUTOR


def _collecting(queryset, now):
    return queryset.filter(status=Status.LIVE, opens_at__lte=now, closes_at__gt=now).filter(
        Q(mine__isnull=True) | Q(mine=ResponseStatus.IN_PROGRESS))


def _overdue(queryset, now):
    return queryset.filter(status__in=(Status.LIVE, Status.ANALYSING), response_due_on__lt=timezone.localdate(now),
                           closes_at__lte=now)


def _rows(user, workspace, limit, now):
    """The newest published consultations, the collecting ones this person has not sent a
    response to, and (for whoever may run some) the overdue ones, each at most `limit`: one query."""
    visible = selectors.consultations(user, workspace).select_related(None).select_related("workspace")
    if user.is_authenticated:
        mine = Response.objects.filter(consultation=OuterRef("pk"), respondent=user.pk, channel="web")
        visible = visible.annotate(mine=Subquery(mine.values("status")[:1]))
    wanted = Q(pk__in=visible.exclude(status=Status.DRAFT).order_by("-created_at", "-id").values("pk")[:limit])
    if user.is_authenticated and not workspace.is_archived:
        soonest = _collecting(visible, now).order_by(F("mine").asc(nulls_last=True), "closes_at", "-id")
        wanted |= Q(pk__in=soonest.values("pk")[:limit])
    if user.is_authenticated and _may_run_some(access_for(user, workspace)):
        wanted |= Q(pk__in=_overdue(visible, now).order_by("response_due_on", "id").values("pk")[:limit])
    return list(visible.filter(wanted))


def waiting_for(user, workspace, limit, *, now=None):
    from workspaces.registry import HomeEntry

    if not user.is_authenticated:
        return []
    rows = _rows(user, workspace, limit, now or timezone.now())
    now = now or timezone.now()
    today = timezone.localdate(now)
    entries = []
    if not workspace.is_archived:
        collecting = sorted(
            (c for c in rows if c.status == Status.LIVE and c.opens_at and c.opens_at <= now and c.closes_at
             and c.closes_at > now and c.mine in (None, ResponseStatus.IN_PROGRESS)),
            key=lambda c: (c.mine != ResponseStatus.IN_PROGRESS, c.closes_at, -c.pk))
        for consultation in collecting[:limit]:
            closes = _day(timezone.localdate(consultation.closes_at), today)
            started = consultation.mine == ResponseStatus.IN_PROGRESS
            entries.append(HomeEntry(
                title=consultation.title, url=_url(workspace, consultation),
                note=f"Continue your response · closes {closes}" if started else f"Respond by {closes}",
            ))
    entries += _overdue_entries(user, workspace, rows, limit, now)
    return entries[:limit]


def _overdue_entries(user, workspace, rows, limit, now):
    from workspaces.registry import HomeEntry

    today = timezone.localdate(now)
    access = access_for(user, workspace)
    if not _may_run_some(access):
        return []
    found = sorted((c for c in rows if c.status in (Status.LIVE, Status.ANALYSING) and c.response_due_on
                    and c.response_due_on < today and c.closes_at and c.closes_at <= now),
                   key=lambda c: (c.response_due_on, c.pk))
    if not access.is_manager:
        found = [c for c in found if can(user, CHANGE, c)]
    return [HomeEntry(title=c.title, url=_url(workspace, c),
                      note=f"Response overdue since {_day(c.response_due_on, today)}")
            for c in found[:limit]]


def latest(user, workspace, limit, *, now=None):
    from workspaces.registry import HomeEntry

    rows = _rows(user, workspace, limit, now or timezone.now())
    found = sorted((c for c in rows if c.status != Status.DRAFT), key=lambda c: (c.created_at, c.pk), reverse=True)
    return [HomeEntry(title=c.title, url=_url(workspace, c), note=c.stage_label(now), when=c.created_at)
            for c in found[:limit]]
