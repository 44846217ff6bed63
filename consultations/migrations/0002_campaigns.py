from django.db import migrations, models


class Migration(migrations.Migration):
    """The campaigns part: a response an analyst split out of a campaign stays out on a re-run."""

    dependencies = [("consultations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="response", name="campaign_excluded", field=models.BooleanField(default=False, editable=False),
        ),
    ]
