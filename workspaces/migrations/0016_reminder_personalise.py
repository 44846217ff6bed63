from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0015_workspace_moderation_settings")]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="personalise",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
