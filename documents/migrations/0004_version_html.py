"""Versions of documents written here keep their rendered text (`html`) like the document
does, so that viewing an old one never renders it; the existing ones are rendered here, once
(the current renderer, bounded). Uploaded files' versions have no text: nothing to render."""

from django.db import migrations, models

BATCH = 100  # versions per UPDATE: their HTML can be large


def render_versions(apps, schema_editor):
    from documents import markup  # the renderer of today: these rows are rendered once, now

    Document = apps.get_model("documents", "Document")
    Version = apps.get_model("documents", "Version")
    batch, document_id, current = [], None, None
    versions = Version.objects.filter(document__kind="written").exclude(text="")
    for version in versions.only("id", "document_id", "text").order_by("document_id", "number").iterator(
            chunk_size=BATCH):
        if version.document_id != document_id:
            document_id = version.document_id
            current = Document.objects.only("text", "html").get(pk=version.document_id)
        version.html = current.html if version.text == current.text else markup.render(version.text)
        batch.append(version)
        if len(batch) >= BATCH:
            Version.objects.bulk_update(batch, ["html"])
            batch = []
    Version.objects.bulk_update(batch, ["html"])


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_comments_moved'),
    ]

    operations = [
        migrations.AddField(
            model_name='version',
            name='html',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_versions, migrations.RunPython.noop, elidable=True),
    ]
