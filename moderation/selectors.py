"""Reads of the moderation queue: a workspace's open entries (one query, off the partial index),
a page of them with their items and grouped reports (one query per kind of item and one for
the reports), and the count the header and the daily email show."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from workspaces.kit.moderation import ReportReason
from workspaces.permissions import visible

from .models import WAITING, QueueEntry, Report, Why
from .policies import moderatable_models

FILTERS = {
    "waiting": ("Waiting for approval", Q(why__in=WAITING)),
    "reported": ("Reported", Q(why=Why.REPORTED)),
    "hidden": ("Hidden after reports", Q(why=Why.HIDDEN)),
}


def _seen(access):
    """The entries whose items this moderator may see: all, for managers (who see every item);
    a moderators team member's, through each kind's own visibility rule (one subquery per kind)."""
    if access.is_manager:
        return Q()
    seen = Q(pk__in=[])
    for model in moderatable_models():
        ids = visible(access.user, model._default_manager.all(), within=access.workspace).values("pk")
        seen |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=ids)
    return seen


def queue(access, show=""):
    """The workspace's open entries the moderator may see: waiting ones first, then the most
    reported, oldest first. `show`: one of FILTERS, or everything."""
    entries = QueueEntry.objects.filter(workspace=access.workspace, closed_at__isnull=True).filter(_seen(access))
    if show in FILTERS:
        entries = entries.filter(FILTERS[show][1])
    return entries.select_related("author").order_by("-waiting", "-open_reports", "opened_at", "id")


def waiting_count(access):
    """How many items wait for this moderator (the header, the workspace home)."""
    return QueueEntry.objects.filter(workspace=access.workspace, closed_at__isnull=True).filter(_seen(access)).count()


@dataclass
class Grouped:
    """An item's open reports, grouped: "Spam or advertising (2)" and the notes people wrote."""

    reasons: list  # [(label, count)], most given first
    notes: list  # [Report] with a note
    count: int


def group_reports(reports):
    counts = Counter(r.reason for r in reports)
    reasons = [(ReportReason(reason).label if reason in ReportReason.values else reason, n)
               for reason, n in counts.most_common()]
    return Grouped(reasons=reasons, notes=[r for r in reports if r.note], count=len(reports))


def open_reports(type_id, pk):
    return list(Report.objects.filter(target_type_id=type_id, target_id=pk, resolved_at__isnull=True)
                .select_related("reporter").order_by("created_at", "id"))


def attach(entries):
    """For a page of the queue: each entry's grouped open reports (`reports`), in one query (the
    rest is on the entry itself)."""
    entries = list(entries)
    reports = defaultdict(list)
    if entries:
        wanted = Q(pk__in=[])
        by_type = defaultdict(set)
        for entry in entries:
            by_type[entry.target_type_id].add(entry.target_id)
        for type_id, ids in by_type.items():
            wanted |= Q(target_type_id=type_id, target_id__in=ids)
        for report in Report.objects.filter(wanted, resolved_at__isnull=True).order_by("created_at", "id"):
            reports[(report.target_type_id, report.target_id)].append(report)
    for entry in entries:
        entry.reports = group_reports(reports[(entry.target_type_id, entry.target_id)])
    return entries
