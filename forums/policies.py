"""Who may do what in the forums. Every rule is here; views and services ask can()/require().

Boards (ManagedDeletionPolicy): the core's item access says who sees a board (anyone, members,
managers, chosen teams); managers create, change and delete boards. `forums.post_board`
(start a thread): a contributor who sees the board.

Threads (seen by whoever sees their board; a deleted thread only by moderators):
- `reply`: a contributor who sees it, while it is neither locked nor closed (moderators may
  still post in a locked or closed thread). Slow mode is checked by the services (it depends
  on the person's last post).
- `change` (its title): its author, or a moderator. `delete` and `moderate` (lock, pin, move,
  split, slow mode, close): moderators, that is managers or the workspace's moderators team
  (access.has("moderate")).

Posts (seen by whoever sees their thread, but a post waiting for a moderator only by its author
and the moderators — kit.moderation.shown_to):
- `change` (edit) and `delete` (remove): its author while they may contribute (not a removed
  post); moderators may remove any. `history` (its earlier texts): its author and moderators.
- `report`: anyone signed in who sees it and did not write it. `moderate`: moderators.
"""

from django.db.models import Q

from workspaces.kit.models import Role
from workspaces.kit.moderation import ModerationStatus, shown_to
from workspaces.lib.dates import format_moment
from workspaces.permissions import (
    ALLOW,
    NOT_FOUND,
    ChildPolicy,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    access_for,
    deny,
    licensed_memberships,
)

LOCKED = "This thread is locked: it takes no more posts."
CLOSED = "This thread is closed until {until}."
THREAD_GONE = "This thread was deleted."
NOT_YOURS = "Only its author can edit a post."
REMOVED = "This post was removed."
OWN_POST = "You cannot report your own post."
SIGN_IN_TO_REPORT = "Sign in to report a post."


def moderates(access):
    """Managers, and the workspace's moderators team once the moderation app names one."""
    return access.is_manager or access.has("moderate")


def is_thread_state(decision):
    """Whether a refusal to reply is the thread's state (locked, closed, deleted), which the
    reply form shows, rather than the person's standing (the refusal page)."""
    return decision.reason in (LOCKED, THREAD_GONE) or decision.reason.startswith(CLOSED.partition("{")[0])


def closed_reason(thread):
    return CLOSED.format(until=format_moment(thread.closed_until))


class BoardPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore boards."
    actions = ItemPolicy.actions | {"post"}

    def decide_item(self, user, action, board, access):
        if action == "post":
            decision = self.decide_action(user, "view", board, access)
            if decision.allowed and not access.has("contribute"):
                return deny("contribute", access)
            return decision
        decision = self.decide_action(user, action, board, access)
        if decision.allowed and action in ("change", "restrict") and not access.is_manager:
            return deny("moderate", access)  # a board's details are the managers'
        return decision


class ThreadPolicy(ChildPolicy):
    parent = "board"
    actions = frozenset({"view", "reply", "change", "delete", "moderate"})

    def decide(self, user, perm, thread):
        action = self.check_perm(perm, type(thread))
        board = thread.board
        seen = BOARD_POLICY.decide(user, "forums.view_board", board)
        if not seen.allowed:
            return seen
        access = access_for(user, board.workspace)
        staff = moderates(access)
        if thread.is_deleted and not staff:
            return Decision(False, NOT_FOUND)
        if thread.awaiting_moderation and not (staff or (user.is_authenticated and thread.author_id == user.pk)):
            return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        return self.decide_action(user, action, thread, board, access)

    def decide_action(self, user, action, thread, board, access):
        if not access.has("contribute"):
            return deny("contribute", access)
        staff = moderates(access)
        if action == "reply":
            if thread.is_deleted:
                return Decision(False, THREAD_GONE)
            if not staff and thread.is_locked:
                return Decision(False, LOCKED)
            if not staff and thread.is_closed():
                return Decision(False, closed_reason(thread))
            return ALLOW
        if staff:
            return ALLOW
        if action == "change" and user.is_authenticated and thread.author_id == user.pk:
            return ALLOW
        return deny("moderate", access)

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = Q(awaiting_moderation=False)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(author=user.pk) | Q(workspace__in=managed)
        return queryset.filter(shown, is_deleted=False)

    def visible_in(self, access, queryset):
        return self.shown_under(access, super().visible_in(access, queryset))

    def shown_under(self, access, queryset):
        """Of a board's threads (one the person sees), those they see: moderators all; others
        neither the deleted ones nor those waiting for a moderator (but their own)."""
        if moderates(access):
            return queryset
        shown = Q(awaiting_moderation=False)
        if access.user.is_authenticated:
            shown |= Q(author=access.user.pk)
        return queryset.filter(shown, is_deleted=False)

    def visible_to_many(self, users, queryset, only=None):
        return super().visible_to_many(users, queryset.filter(is_deleted=False, awaiting_moderation=False), only)


class PostPolicy(ChildPolicy):
    parent = "thread"
    actions = frozenset({"view", "change", "delete", "history", "report", "moderate"})

    def decide(self, user, perm, post):
        action = self.check_perm(perm, type(post))
        thread = post.thread
        seen = THREAD_POLICY.decide(user, "forums.view_thread", thread)
        if not seen.allowed:
            return seen
        return self.decide_seen(user, action, post, thread, access_for(user, thread.board.workspace))

    def decider(self, user, thread):
        """decide() for the posts of one thread (a page of them, permissions.decider): the
        thread's part (ThreadPolicy, BoardPolicy, the person's access) decided once, not for
        each of the page's posts and links."""
        seen = THREAD_POLICY.decide(user, "forums.view_thread", thread)
        access = access_for(user, thread.board.workspace)

        def decide(perm, post):
            if post.thread_id != thread.pk:
                return self.decide(user, perm, post)  # not this thread's: the whole chain
            action = self.check_perm(perm, type(post))
            if not seen.allowed:
                return seen
            return self.decide_seen(user, action, post, thread, access)

        return decide

    def decide_seen(self, user, action, post, thread, access):
        """A post of a thread the person sees: its own rules."""
        mine = user.is_authenticated and post.author_id == user.pk
        if post.is_pending and not (mine or moderates(access)):
            return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        return self.decide_action(user, action, post, thread, access)

    def decide_action(self, user, action, post, thread, access):
        mine = user.is_authenticated and post.author_id == user.pk
        staff = moderates(access)
        if action == "history":
            return ALLOW if mine or staff else Decision(False, "Only its author and moderators can see its history.")
        if action == "report":
            if not user.is_authenticated:
                return Decision(False, SIGN_IN_TO_REPORT)
            return Decision(False, OWN_POST) if mine else ALLOW
        if not access.has("contribute"):
            return deny("contribute", access)
        if action == "moderate":
            return ALLOW if staff else deny("moderate", access)
        if post.is_removed:
            return Decision(False, REMOVED)
        if thread.is_deleted:
            return Decision(False, THREAD_GONE)
        if action == "change":
            return ALLOW if mine else Decision(False, NOT_YOURS)
        # delete: its author (their own words), or a moderator
        return ALLOW if mine or staff else deny("moderate", access)

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = ~Q(status=ModerationStatus.PENDING)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(author=user.pk) | Q(workspace__in=managed)
        return queryset.filter(shown)

    def visible_in(self, access, queryset):
        return self.shown_under(access, super().visible_in(access, queryset))

    def shown_under(self, access, queryset):
        return shown_to(access, queryset)

    def visible_to_many(self, users, queryset, only=None):
        return super().visible_to_many(users, queryset.exclude(status=ModerationStatus.PENDING), only)


BOARD_POLICY = BoardPolicy()
THREAD_POLICY = ThreadPolicy()
POST_POLICY = PostPolicy()
