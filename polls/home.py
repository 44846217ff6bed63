"""The workspace home: the newest polls this person may see, and the open ones they have not
voted in (closing soonest first)."""

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from workspaces import permissions
from workspaces.kit.lifecycles import site_time
from workspaces.registry import HomeEntry

from .models import Participation, Poll, Status


def latest(user, workspace, limit):
    polls = (permissions.visible(user, Poll.objects.filter(is_deleted=False), within=workspace)
             .defer("description", "description_html").order_by("-created_at", "-id")[:limit])
    for poll in polls:
        poll.workspace = workspace  # for its URL: no query per row
    return [HomeEntry(title=poll.question, url=poll.get_absolute_url(), note=poll.window_phrase() or "",
                      when=poll.created_at) for poll in polls]


def waiting_for(user, workspace, limit):
    """Open polls this signed-in person sees and has not voted in: one query (the person's
    standing in the workspace is known to the home page already)."""
    if not user.is_authenticated or workspace.is_archived:
        return []
    now = timezone.now()
    voted = Participation.objects.filter(poll=OuterRef("pk"), user=user.pk)
    polls = (permissions.visible(user, Poll.objects.filter(is_deleted=False, status=Status.LIVE), within=workspace)
             .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now), Q(closes_at__isnull=True) | Q(closes_at__gt=now))
             .exclude(Exists(voted)).defer("description", "description_html")
             .order_by(F("closes_at").asc(nulls_last=True), "-id")[:limit])
    polls = list(polls)
    for poll in polls:
        poll.workspace = workspace  # for its URL: no query per row
    return [HomeEntry(title=poll.question, url=poll.get_absolute_url(),
                      note="Poll to vote in" + (f" · closes {site_time(poll.closes_at)}" if poll.closes_at else ""))
            for poll in polls]
