"""The library's comments move to the comments app (comments on any item, with replies, reports
and moderation): each is copied as a published comment on its document, keeping its author,
time, text, quote and version; then the library's own table goes."""

from django.db import migrations


def copy_comments(apps, schema_editor):
    Old = apps.get_model("documents", "Comment")
    New = apps.get_model("comments", "Comment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    document_type, _ = ContentType.objects.get_or_create(app_label="documents", model="document")
    batch = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(New(
            workspace_id=old.workspace_id, target_type_id=document_type.pk, target_id=old.document_id,
            author_id=old.author_id, created_at=old.created_at, body=old.body, body_html=old.body_html,
            quote=old.quote, version_number=old.version_number, status="published",
        ))
        if len(batch) >= 2000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("documents", "Comment")
    New = apps.get_model("comments", "Comment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    document_type = ContentType.objects.filter(app_label="documents", model="document").first()
    if document_type is None:
        return
    Old.objects.bulk_create(
        Old(document_id=new.target_id, workspace_id=new.workspace_id, author_id=new.author_id,
            created_at=new.created_at, version_number=new.version_number or 1, quote=new.quote, body=new.body,
            body_html=new.body_html)
        for new in New.objects.filter(target_type=document_type, parent__isnull=True, status="published")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_comment_window"),
        ("comments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_comments, copy_back),
        migrations.DeleteModel(name="Comment"),
    ]
