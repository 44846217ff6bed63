"""The comments app's own reports and pre-moderation switch move to the shared queue: open
reports are copied (a "Misleading or false" one becomes "Something else" with that said in its
note), each comment waiting or reported gets its queue entry, and the switch its row here."""

from django.db import migrations

EXCERPT_LENGTH = 500


def _excerpt(text):
    text = (text or "").strip()
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH - 1] + "…"


def copy(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Comment = apps.get_model("comments", "Comment")
    OldReport = apps.get_model("comments", "Report")
    OldSettings = apps.get_model("comments", "ModerationSettings")
    Report = apps.get_model("moderation", "Report")
    QueueEntry = apps.get_model("moderation", "QueueEntry")
    Settings = apps.get_model("moderation", "ModerationSettings")
    for old in OldSettings.objects.filter(premoderate=True):
        Settings.objects.update_or_create(workspace_id=old.workspace_id, defaults={"premoderate": True})
    comment_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    reported = {}
    for old in OldReport.objects.filter(resolved_at__isnull=True).select_related("comment").order_by("pk"):
        reason, note = old.reason, old.note
        if reason == "false":
            reason, note = "other", f"Misleading or false. {note}".strip()[:1000]
        Report.objects.create(workspace_id=old.comment.workspace_id, target_type=comment_type,
                              target_id=old.comment_id, reporter_id=old.reporter_id, reason=reason, note=note,
                              created_at=old.created_at)
        reported.setdefault(old.comment_id, set()).add(old.reporter_id)
    waiting = set(Comment.objects.filter(status="pending").values_list("pk", flat=True))
    for comment in Comment.objects.filter(pk__in=set(reported) | waiting):
        why = "pending" if comment.status == "pending" else "hidden" if comment.status == "hidden" else "reported"
        QueueEntry.objects.create(
            workspace_id=comment.workspace_id, target_type=comment_type, target_id=comment.pk,
            author_id=comment.author_id, why=why, waiting=why == "pending",
            open_reports=len(reported.get(comment.pk, ())), excerpt=_excerpt(comment.body),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("comments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
