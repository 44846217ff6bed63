"""The events part's changes to diaries (details, deleting and restoring softly) and to an
event's agenda and minutes; keyword-only, one transaction each; the caller checked the
permission (diaries.policies). Adding, changing and cancelling events: diaries.services and
diaries.series."""

from django.core.exceptions import ValidationError
from django.db import transaction

from workspaces.kit.services import check_loaded_state, locked_row, record, restore, set_item_teams, soft_delete
from workspaces.lib.forms import one_line

from . import services

DIARY_FIELDS = ("title", "description", "organisers", "view_access", "change_access")
NO_MINUTES = "Write the minutes before publishing them."


@transaction.atomic
def diary_update(*, actor, diary, title, description="", organisers, view_access, change_access, view_teams=(),
                 change_teams=(), loaded_state=""):
    current = locked_row(diary, "workspace", "updated_by")
    check_loaded_state(current, DIARY_FIELDS, loaded_state)
    title = one_line(title)
    if not title:
        raise ValidationError({"title": "Give the diary a title."})
    current.title, current.description, current.organisers = title, one_line(description), organisers
    current.view_access, current.change_access = view_access, change_access
    current.version += 1
    current.updated_by = actor
    current.save()
    set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="diaries.diary_updated", target=current,
           summary="changed the diary's details")
    return current


@transaction.atomic
def diary_delete(*, actor, diary):
    current = locked_row(diary, "workspace")
    if current.is_deleted:
        return current
    return soft_delete(current, actor=actor, verb="diaries.diary_deleted", summary="deleted the diary",
                       audit_action="diaries.diary_deleted")


@transaction.atomic
def diary_restore(*, actor, diary):
    current = locked_row(diary, "workspace")
    if not current.is_deleted:
        return current
    return restore(current, actor=actor, verb="diaries.diary_restored", summary="restored the diary",
                   audit_action="diaries.diary_restored")


@transaction.atomic
def event_notes(*, actor, event, agenda, minutes, base_version=None, publish=False):
    """Save the agenda and minutes (not a change invitees' calendars hear of); `publish`: tell
    the diary's followers the minutes are out (diaries.minutes_published)."""
    if publish and not (minutes or "").strip():
        raise ValidationError({"minutes": NO_MINUTES})
    saved, _ = services.event_update(actor=actor, event=event, base_version=base_version, agenda=agenda,
                                     minutes=minutes)
    if publish:
        record(workspace=saved.workspace, actor=actor, verb="diaries.minutes_published", target=saved,
               summary="published the minutes")
    return saved
