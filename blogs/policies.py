"""Who may do what with blogs and posts. Every rule is here; views, feeds and services ask
can()/require()/visible().

Blogs (BlogPolicy, items deleted softly): item access says who sees a blog and so its posts.
Creating one (`blogs.create_blog`, on the workspace) is for managers, as are changing and
deleting it. `write` (add a post to it): a contributor who sees it, when its writers are
"any contributor"; managers always.

Posts (PostPolicy, items deleted softly): seen by whoever sees its blog and whom the post's own
item access admits, once it is public (published, its moment come, not hidden by a moderator).
A draft, a scheduled, an unpublished or a hidden post is seen only by its author and the
workspace's managers (lists, counts and notifications say the same; feeds go further and show
public posts only, to anyone: selectors.published_posts).
- `change`: its author (while they may still write in the blog), managers, whom change access admits.
- `publish` (publish now or at a time, unpublish): its author while they may write in the
  blog, and managers.
- `comment`: a contributor who sees the public post, when the blog takes comments and the post's
  comments are open; never in an archived workspace.
Social links (`blogs.manage_sociallink`, on the workspace): managers.
"""

from django.db.models import Q
from django.utils import timezone

from workspaces.kit.models import Role
from workspaces.kit.moderation import ModerationStatus
from workspaces.permissions import (
    ALLOW,
    NOT_FOUND,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    counting_memberships,
    deny,
    licensed_memberships,
)

from .models import Blog, PostState

MANAGERS_WRITE = "Only managers write in this blog."
COMMENTS_OFF = "Comments are turned off for this post."
NOT_PUBLISHED = "This post is not published."


class BlogPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore blogs."
    actions = ItemPolicy.actions | {"write"}

    def decide_item(self, user, action, blog, access):
        if action == "write":
            decision = self.decide_action(user, "view", blog, access)
            if not decision.allowed:
                return decision
            if not access.has("contribute"):
                return deny("contribute", access)
            if access.is_manager or blog.writers == Blog.Writers.CONTRIBUTORS:
                return ALLOW
            return Decision(False, MANAGERS_WRITE)
        if action in ("change", "restrict") and not access.is_manager:
            decision = self.decide_action(user, "view", blog, access)
            return decision if not decision.allowed else deny("manage_items", access)
        return self.decide_action(user, action, blog, access)


BLOG_POLICY = BlogPolicy()


def public_q(now=None):
    """The posts anyone who sees them may read: published, their moment come, not held or
    hidden by a moderator."""
    return Q(state=PostState.PUBLISHED, published_at__lte=now or timezone.now(), status=ModerationStatus.PUBLISHED)


class PostPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore posts."
    actions = ItemPolicy.actions | {"publish", "comment"}

    def decide_item(self, user, action, post, access):
        blog_seen = BLOG_POLICY.decide(user, "blogs.view_blog", post.blog)
        if not blog_seen.allowed:
            return blog_seen
        decision = self.decide_view(user, post, access)
        if not decision.allowed or action == "view":
            return decision
        is_author = user.is_authenticated and post.created_by_id == user.pk
        if action == "publish":
            if access.is_manager:
                return self.decide_action(user, "change", post, access)
            if is_author:
                return BLOG_POLICY.decide(user, "blogs.write_blog", post.blog)
            return deny("manage_items", access)
        if action == "comment":
            if access.workspace.is_archived:
                return deny("comment", access)
            if not post.is_public():
                return Decision(False, NOT_PUBLISHED)
            if not (post.blog.comments and post.comments_open):
                return Decision(False, COMMENTS_OFF)
            if not access.has("contribute"):
                return deny("contribute", access)
            return ALLOW
        if action in ("change", "restrict") and is_author and not access.is_manager:
            writes = BLOG_POLICY.decide(user, "blogs.write_blog", post.blog)
            if not writes.allowed:
                return writes
        return self.decide_action(user, action, post, access)

    def decide_view(self, user, post, access):
        """Not yet public (draft, scheduled, unpublished): its author and managers only."""
        decision = self.decide_action(user, "view", post, access)
        if decision.allowed and not post.is_public() and not access.is_manager:
            if not (user.is_authenticated and post.created_by_id == user.pk):
                return Decision(False, NOT_FOUND)
        return decision

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset).filter(blog__in=BLOG_POLICY.visible(user, Blog.objects.all()))
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = public_q()
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(created_by=user.pk) | Q(workspace__in=managed)
        return queryset.filter(shown)

    def visible_in(self, access, queryset):
        queryset = super().visible_in(access, queryset)
        queryset = queryset.filter(blog__in=BLOG_POLICY.visible_in(access, Blog.objects.all()).values("pk"))
        if access.is_manager:
            return queryset
        mine = Q(created_by=access.user.pk) if access.user.is_authenticated else Q(pk__in=[])
        return queryset.filter(public_q() | mine)

    def visible_to_many(self, users, queryset, only=None):
        """In a fixed number of queries: the posts' own access (ItemPolicy's), their blogs'
        (BlogPolicy's), and, for posts not yet public, the managers of their workspaces."""
        pairs = ManagedDeletionPolicy.visible_to_many(self, users, queryset, only)
        if not pairs:
            return pairs
        rows = {row[0]: row[1:] for row in queryset.values_list("pk", "blog_id", "state", "published_at",
                                                                "created_by_id", "workspace_id", "status")}
        blog_pairs = BLOG_POLICY.visible_to_many(users, Blog.objects.filter(pk__in={r[0] for r in rows.values()}))
        now = timezone.now()
        hidden = {pk for pk, (_, state, at, _, _, moderation) in rows.items()
                  if not (state == PostState.PUBLISHED and at is not None and at <= now
                          and moderation == ModerationStatus.PUBLISHED)}
        people = {u.pk: u for u in users}
        managing = set()
        asked = {user_id for user_id, pk in pairs if pk in hidden}
        for workspace in {rows[pk][4] for pk in hidden} if asked else ():
            managing.update(counting_memberships(workspace).filter(role__gte=Role.MANAGER, user__in=asked)
                            .values_list("user_id", "workspace_id"))
        kept = set()
        for user_id, pk in pairs:
            blog, _, _, author, workspace, _ = rows[pk]
            if (user_id, blog) not in blog_pairs:
                continue
            if (pk not in hidden or author == user_id or getattr(people.get(user_id), "is_site_admin", False)
                    or (user_id, workspace) in managing):
                kept.add((user_id, pk))
        return kept


POST_POLICY = PostPolicy()
