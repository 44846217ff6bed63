"""Writes for a person's own account data. Sign-in details (email, password, two-factor,
sessions) are allauth's; only the profile is ours."""

from django.db import transaction

PROFILE_FIELDS = ("display_name", "organisation_name", "job_title", "time_zone")


@transaction.atomic
def profile_update(*, user, display_name, organisation_name="", job_title="", time_zone=None):
    """Save the name, organisation and job title shown to other members, and the time zone dates
    are shown to them in (None: unchanged)."""
    user.display_name = display_name.strip()
    user.organisation_name = organisation_name.strip()
    user.job_title = job_title.strip()
    if time_zone is not None:
        user.time_zone = time_zone
    user.full_clean(validate_unique=False, exclude=[f.name for f in user._meta.fields if f.name not in PROFILE_FIELDS])
    user.save(update_fields=list(PROFILE_FIELDS))
    return user
