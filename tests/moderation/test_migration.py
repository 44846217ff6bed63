"""The comments app's own reports and pre-moderation switch, moved into the shared queue by
moderation 0002 (run here on a database at the state before it)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from workspaces.models import Workspace

from ..builders import make_user, make_workspace

BEFORE = [("comments", "0001_initial"), ("moderation", "0001_initial")]
AFTER = [("comments", "0002_moved_to_moderation"), ("moderation", "0002_copy_comments_moderation")]


@pytest.mark.django_db(transaction=True)
def test_open_reports_waiting_comments_and_the_switch_are_copied():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Comment, OldReport = old.get_model("comments", "Comment"), old.get_model("comments", "Report")
    # The core's tables are as they are now (workspaces and accounts are not taken back).
    workspace = make_workspace(name="Review", slug="review")
    author, one, two = (make_user(f"{name}@example.org") for name in ("a", "b", "c"))
    on = ContentType.objects.get_for_model(Workspace).pk

    def comment(body, status="published"):
        return Comment.objects.create(workspace_id=workspace.pk, target_type_id=on, target_id=workspace.pk,
                                      author_id=author.pk, body=body, status=status)

    reported, waiting, dealt_with = comment("An advert"), comment("Held back", "pending"), comment("Fine")
    OldReport.objects.create(comment=reported, reporter_id=one.pk, reason="spam")
    OldReport.objects.create(comment=reported, reporter_id=two.pk, reason="false", note="Wrong figures")
    OldReport.objects.create(comment=dealt_with, reporter_id=one.pk, reason="spam", resolved_at=timezone.now())
    old.get_model("comments", "ModerationSettings").objects.create(workspace_id=workspace.pk, premoderate=True)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Report, QueueEntry = new.get_model("moderation", "Report"), new.get_model("moderation", "QueueEntry")
    assert sorted(Report.objects.values_list("target_id", "reason", "note")) == [
        (reported.pk, "other", "Misleading or false. Wrong figures"), (reported.pk, "spam", "")]
    entries = {e.target_id: (e.why, e.open_reports, e.waiting) for e in QueueEntry.objects.all()}
    assert entries == {reported.pk: ("reported", 2, False), waiting.pk: ("pending", 0, True)}
    assert new.get_model("moderation", "ModerationSettings").objects.get(workspace_id=workspace.pk).premoderate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
