"""Recent changes counts the revisions of the pages a reader may see: an index on (workspace, page)
answers it by an index-only scan instead of reading every revision's row (texts included)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wikis", "0002_revision_html"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="revision",
            index=models.Index(fields=["workspace", "page"], name="wiki_revision_page_idx"),
        ),
    ]
