"""How each person wants to hear from a workspace, resolved in bulk (two queries for any
number of people): the global "no email" switch, then the workspace's own preference, then
their preference for everywhere else, then the default."""

from .models import DEFAULT_FREQUENCY, Frequency, Preference, UserSettings


def frequencies(user_ids, workspace_id):
    """user id -> Frequency for email about `workspace_id`."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    result = dict.fromkeys(user_ids, DEFAULT_FREQUENCY)
    rows = Preference.objects.filter(user_id__in=user_ids, workspace_id__in=[workspace_id]) | \
        Preference.objects.filter(user_id__in=user_ids, workspace__isnull=True)
    specific = {}
    for user_id, ws_id, frequency in rows.values_list("user_id", "workspace_id", "frequency"):
        if ws_id is None:
            result[user_id] = frequency
        else:
            specific[user_id] = frequency
    result.update(specific)
    for user_id in UserSettings.objects.filter(user_id__in=user_ids, no_email=True).values_list("user_id", flat=True):
        result[user_id] = Frequency.OFF
    return result
