"""Old revisions keep their rendered text (`html`, `toc`) like pages do, so that viewing one
never renders it; the existing ones are rendered here, once (the current renderer, bounded)."""

from django.db import migrations, models

BATCH = 100  # revisions per UPDATE: their HTML can be large


def render_revisions(apps, schema_editor):
    from wikis import markup  # the renderer of today: these rows are rendered once, now

    Page = apps.get_model("wikis", "Page")
    Revision = apps.get_model("wikis", "Revision")
    batch, page_id, current = [], None, None
    for revision in Revision.objects.only("id", "page_id", "text").order_by("page_id", "number").iterator(
            chunk_size=BATCH):
        if revision.page_id != page_id:
            page_id, current = revision.page_id, Page.objects.only("text", "html", "toc").get(pk=revision.page_id)
        if revision.text == current.text:
            revision.html, revision.toc = current.html, current.toc  # the page's own, rendered on save
        else:
            revision.html, revision.toc = markup.render(revision.text)
        batch.append(revision)
        if len(batch) >= BATCH:
            Revision.objects.bulk_update(batch, ["html", "toc"])
            batch = []
    Revision.objects.bulk_update(batch, ["html", "toc"])


class Migration(migrations.Migration):

    dependencies = [
        ('wikis', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='revision',
            name='html',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='revision',
            name='toc',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(render_revisions, migrations.RunPython.noop, elidable=True),
    ]
