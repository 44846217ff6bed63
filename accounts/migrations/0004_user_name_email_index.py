"""The member directory's keyset index: (display_name, email), its order. It replaces the index on
display_name alone, which it also serves (a prefix)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_user_time_zone'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='user',
            name='user_display_name_idx',
        ),
        migrations.AddIndex(
            model_name='user',
            index=models.Index(fields=['display_name', 'email'], name='user_name_email_idx'),
        ),
    ]
