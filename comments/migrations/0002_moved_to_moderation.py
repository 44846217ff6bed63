# The comments app's reports and pre-moderation switch are the moderation app's now (copied by
# moderation 0002).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0001_initial'),
        ('moderation', '0002_copy_comments_moderation'),
    ]

    operations = [
        migrations.DeleteModel(name='ModerationSettings'),
        migrations.DeleteModel(name='Report'),
    ]
