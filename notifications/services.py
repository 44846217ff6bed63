"""Writes for notifications: following, reading, preferences, unsubscribing."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .bell import notifications_changed
from .models import DIGEST_FREQUENCIES, Follow, Frequency, Notification, Preference, UserSettings


@transaction.atomic
def follow(*, user, item):
    """Follow an item (idempotent). The caller has checked that the user may see it."""
    ct = ContentType.objects.get_for_model(item)
    Follow.objects.get_or_create(user=user, target_type=ct, target_id=item.pk,
                                 defaults={"workspace_id": item.workspace_id})


@transaction.atomic
def unfollow(*, user, item):
    ct = ContentType.objects.get_for_model(item)
    Follow.objects.filter(user=user, target_type=ct, target_id=item.pk).delete()


@transaction.atomic
def mark_read(*, user, notification_id):
    done = Notification.objects.filter(pk=notification_id, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if done:
        notifications_changed([user.pk])
    return done


@transaction.atomic
def mark_all_read(*, user):
    done = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if done:
        notifications_changed([user.pk])
    return done


@transaction.atomic
def preferences_save(*, user, no_email, timezone_name, digest_hour, digest_weekday, default_frequency,
                     workspace_frequencies):
    """Save a person's email settings. `workspace_frequencies`: workspace id -> Frequency, or
    "" to follow their default."""
    settings_row, _ = UserSettings.objects.get_or_create(user=user)
    settings_row.no_email, settings_row.timezone = no_email, timezone_name
    settings_row.digest_hour, settings_row.digest_weekday = digest_hour, digest_weekday
    settings_row.save()
    Preference.objects.update_or_create(user=user, workspace=None, defaults={"frequency": default_frequency})
    for workspace_id, frequency in workspace_frequencies.items():
        if frequency:
            Preference.objects.update_or_create(user=user, workspace_id=workspace_id,
                                                defaults={"frequency": frequency})
        else:
            Preference.objects.filter(user=user, workspace_id=workspace_id).delete()


@transaction.atomic
def unsubscribe(*, user_id, workspace_id=None, frequency=None):
    """One-click unsubscribe (RFC 8058). From a workspace's mail: no more email from that
    workspace. From a digest: no more digests of that kind (every preference of that frequency,
    including the default, turns off). Idempotent."""
    if workspace_id is not None:
        Preference.objects.update_or_create(user_id=user_id, workspace_id=workspace_id,
                                            defaults={"frequency": Frequency.OFF})
    elif frequency in DIGEST_FREQUENCIES:
        Preference.objects.filter(user_id=user_id, frequency=frequency).update(frequency=Frequency.OFF)
        if not Preference.objects.filter(user_id=user_id, workspace__isnull=True).exists():
            Preference.objects.create(user_id=user_id, workspace=None, frequency=Frequency.OFF)
    else:
        UserSettings.objects.update_or_create(user_id=user_id, defaults={"no_email": True})
