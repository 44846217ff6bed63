"""The outbox moves into the core (workspaces.OutboundEmail, workspaces.mail): its rows are
copied there, keys and states kept (notification -> ref_id), then this app's table goes. Rows
still waiting are marked not queued, so that the outbox sweep queues them under the core's
task (tasks queued under this app's old name are no longer run)."""

from django.db import migrations

KINDS = ("notification", "digest_daily", "digest_weekly", "announcement", "reminder")
FIELDS = "idempotency_key, recipient_id, kind, period, payload, subject, status, attempts, last_error, created_at"


def copy_to_the_core(apps, schema_editor):
    old = apps.get_model("notifications", "OutboundEmail")._meta.db_table
    new = apps.get_model("workspaces", "OutboundEmail")._meta.db_table
    schema_editor.execute(
        f"""INSERT INTO {new} ({FIELDS}, address, ref_id, queued_at, claimed_at, sent_at)
            SELECT {FIELDS}, '', notification_id, CASE WHEN status = 'pending' THEN NULL ELSE queued_at END,
                   claimed_at, sent_at
            FROM {old} ORDER BY id"""
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("notifications", "OutboundEmail")._meta.db_table
    new = apps.get_model("workspaces", "OutboundEmail")._meta.db_table
    notes = apps.get_model("notifications", "Notification")._meta.db_table
    kinds = ", ".join(f"'{kind}'" for kind in KINDS)
    schema_editor.execute(
        f"""INSERT INTO {old} ({FIELDS}, notification_id, queued_at, claimed_at, sent_at)
            SELECT {", ".join(f"o.{f.strip()}" for f in FIELDS.split(","))}, n.id, o.queued_at, o.claimed_at, o.sent_at
            FROM {new} o LEFT JOIN {notes} n ON o.kind = 'notification' AND n.id = o.ref_id
            WHERE o.recipient_id IS NOT NULL AND o.kind IN ({kinds}) ORDER BY o.id"""
    )
    schema_editor.execute(f"DELETE FROM {new} WHERE recipient_id IS NOT NULL AND kind IN ({kinds})")


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_outbox_queued_at'),
        ('workspaces', '0008_outbox'),
    ]

    operations = [
        migrations.RunPython(copy_to_the_core, copy_back),
        migrations.DeleteModel(
            name='OutboundEmail',
        ),
    ]
