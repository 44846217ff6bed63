"""The notifications' part of the reference data (`manage.py seed_scale`, workspaces.scale): a
backlog of notifications for the demo accounts, a fifth of them unread, from the flagship's
activity (the bell and the notification list at size)."""

from django.urls import reverse

from workspaces.models import Activity

from .models import Frequency, Notification


def seed_scale(ctx):
    wanted = ctx.size.unread_notifications * 5
    activity = list(Activity.objects.filter(workspace=ctx.workspace).order_by("-id")
                    .values_list("pk", "created_at")[:wanted])
    people = [ctx.demo[email] for email in ("manager@example.org", "contributor@example.org", "reader@example.org")]
    ctx.insert_rows(Notification, ["recipient_id", "activity_id", "workspace_id", "reason", "delivery", "created_at",
                                   "read_at", "emailed_at", "digested_at"],
                    ((person.pk, activity_id, ctx.workspace.pk, "followers", Frequency.DAILY, at,
                      None if n % 5 == 0 else at, None, at)
                     for person in people for n, (activity_id, at) in enumerate(reversed(activity))))


def bench_pages(workspace):
    return [("notifications", reverse("notifications:index"))]
