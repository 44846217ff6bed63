"""Reads for comments: an item's thread a page at a time (comments, their replies and authors
in a fixed number of queries). The moderation queue is the moderation app's."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from workspaces.kit import moderation
from workspaces.kit.selectors import number_or_404
from workspaces.permissions import require

from .models import Comment, Status


def _on(item):
    return Comment.objects.filter(target_type=ContentType.objects.get_for_model(item), target_id=item.pk)


def shown_to(user, comments, access):
    """Leave out comments waiting for a moderator, but the person's own (moderators see all)."""
    return moderation.shown_to(access, comments)


def thread(user, item, access):
    """The item's top-level comments, oldest first (paginate it); attach_replies() adds theirs."""
    return shown_to(user, _on(item).filter(parent__isnull=True), access).select_related("author")


def attach_replies(user, item, access, comments):
    """Set `shown_replies` on each comment of a page, from one query."""
    comments = list(comments)
    by_parent = defaultdict(list)
    if comments:
        replies = shown_to(user, Comment.objects.filter(parent__in=[c.pk for c in comments]), access)
        for reply in replies.select_related("author").order_by("created_at", "id"):
            reply.target, reply.workspace = item, item.workspace
            by_parent[reply.parent_id].append(reply)
    for comment in comments:
        comment.target, comment.workspace = item, item.workspace  # already loaded: no query per comment
        comment.shown_replies = by_parent[comment.pk]
    return comments


def count_on(user, item, access):
    return shown_to(user, _on(item), access).exclude(status=Status.REMOVED).count()


def get_comment(user, workspace, comment_id, perm="comments.view_comment"):
    """The comment of this workspace, if the user holds `perm` on it; else 404 / 403."""
    comment = (Comment.objects.select_related("author", "workspace", "parent")
               .filter(workspace=workspace, pk=number_or_404(comment_id)).first())
    if comment is None:
        raise Http404("No such comment.")
    comment.workspace = workspace
    return require(user, perm, comment)
