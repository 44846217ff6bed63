"""The surveys' blocks on the workspace home: "Waiting for you" lists the open surveys this
person may answer and has not finished (in progress first: "Continue your response"), soonest
closing first; "Latest" the newest live surveys. One query each, from the permission layer."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.lifecycles import site_time

from . import selectors
from .models import Participation


def _open_now(surveys):
    now = timezone.now()
    return (surveys.filter(live_version__isnull=False)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now)))


def _url(workspace, survey):
    return reverse("surveys:survey", kwargs={"workspace": workspace.slug, "pk": survey.pk})


def waiting_for(user, workspace, limit):
    from workspaces.registry import HomeEntry

    if not user.is_authenticated:
        return []
    mine = Participation.objects.filter(survey=OuterRef("pk"), user=user)
    surveys = (_open_now(selectors.surveys(user, workspace))
               .annotate(finished=Exists(mine.filter(completed_at__isnull=False)),
                         started=Exists(mine.filter(started_at__isnull=False)))
               .filter(finished=False)
               .order_by("-started", "closes_at", "-id")[:limit])
    return [
        HomeEntry(title=survey.title, url=_url(workspace, survey) + ("?continue=1" if survey.started else ""),
                  note=("Continue your response" if survey.started else "Survey to answer")
                  + (f" · closes {site_time(survey.closes_at)}" if survey.closes_at else ""))
        for survey in surveys
    ]


def latest(user, workspace, limit):
    from workspaces.registry import HomeEntry

    surveys = (selectors.surveys(user, workspace).filter(live_version__isnull=False)
               .order_by("-created_at", "-id")[:limit])
    return [HomeEntry(title=survey.title, url=_url(workspace, survey), note=survey.window_phrase(),
                      when=survey.created_at) for survey in surveys]
