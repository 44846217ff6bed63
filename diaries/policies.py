"""Who may do what with diaries and events. Every rule is here; views, feeds and services ask
can()/require()/visible().

Diaries (DiaryPolicy, items deleted softly): item access says who sees one and so its events.
Creating one (`diaries.create_diary`, on the workspace) and changing its details are for
managers. `organise` (add an event): a contributor who sees it, when its organisers are "any
contributor"; managers always.

Events (EventPolicy, children of their diary): seen by whoever sees the diary.
- `change` (edit, move, cancel, invite, agenda and minutes): its organiser (who added it,
  while they may still organise in the diary) and managers.
- `respond` (RSVP, join or leave the waitlist): a member (any role) who sees it, while it is not
  cancelled; never in an archived workspace or with a lapsed licence.
- `attendees` (who is going): its organiser and managers always; the others invited when the
  organiser shows the list (`show_attendees`, off by default).
"""

from workspaces.permissions import (
    ALLOW,
    ChildPolicy,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    access_for,
    deny,
)

from .models import Diary

MANAGERS_ORGANISE = "Only managers add events to this diary."
EVENT_CANCELLED = "This event is cancelled."
ATTENDEES_HIDDEN = "The organiser has not shared who is going."


class DiaryPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore diaries."
    actions = ItemPolicy.actions | {"organise"}

    def decide_item(self, user, action, diary, access):
        seen = self.decide_action(user, "view", diary, access)
        if not seen.allowed or action == "view":
            return seen
        if action == "organise":
            if not access.has("contribute"):
                return deny("contribute", access)
            if access.is_manager or diary.organisers == Diary.Organisers.CONTRIBUTORS:
                return ALLOW
            return Decision(False, MANAGERS_ORGANISE)
        if action in ("change", "restrict") and not access.is_manager:
            return deny("manage_items", access)
        return self.decide_action(user, action, diary, access)


DIARY_POLICY = DiaryPolicy()


class EventPolicy(ChildPolicy):
    parent = "diary"
    actions = frozenset({"view", "change", "respond", "attendees"})

    def decide(self, user, perm, event):
        action = self.check_perm(perm, type(event))
        diary = event.diary
        seen = DIARY_POLICY.decide(user, "diaries.view_diary", diary)
        if not seen.allowed or action == "view":
            return seen
        access = access_for(user, diary.workspace)
        runs = self._runs(user, event, diary, access)
        if action == "change":
            return runs
        if action == "attendees":
            if runs.allowed:
                return ALLOW
            if not access.is_member:
                return deny("view_members", access)
            if not event.show_attendees:
                return Decision(False, ATTENDEES_HIDDEN)
            return ALLOW
        # respond
        if not access.is_member or access.licence_lapsed or diary.workspace.is_archived:
            return deny("contribute" if access.is_member else "view_members", access)
        if event.is_cancelled:
            return Decision(False, EVENT_CANCELLED)
        return ALLOW

    def _runs(self, user, event, diary, access):
        if not access.has("contribute"):
            return deny("contribute", access)
        if access.is_manager:
            return ALLOW
        organises = DIARY_POLICY.decide_item(user, "organise", diary, access)
        if organises.allowed and user.is_authenticated and event.created_by_id == user.pk:
            return ALLOW
        return deny("manage_items", access)


EVENT_POLICY = EventPolicy()
