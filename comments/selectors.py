"""Reads for comments: an item's thread a page at a time (comments, their replies and authors
in a fixed number of queries), and the workspace's moderation queue."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Q, When
from django.http import Http404

from workspaces.kit.selectors import number_or_404
from workspaces.permissions import require, visible

from .models import Comment, Report, Status


def _on(item):
    return Comment.objects.filter(target_type=ContentType.objects.get_for_model(item), target_id=item.pk)


def shown_to(user, comments, access):
    """Leave out comments waiting for a moderator, but the person's own (and, for managers, all)."""
    if access.is_manager:
        return comments
    if user.is_authenticated:
        return comments.filter(~Q(status=Status.PENDING) | Q(author=user.pk))
    return comments.exclude(status=Status.PENDING)


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


def moderation_queue(user, workspace):
    """Comments of the workspace waiting for a moderator, or reported and not yet dealt with:
    waiting ones first, then the most reported, oldest first."""
    reported = Report.objects.filter(comment__workspace=workspace, resolved_at__isnull=True).values("comment_id")
    return (
        visible(user, Comment.objects.all(), within=workspace)
        .filter(Q(status=Status.PENDING) | Q(pk__in=reported))
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
                  waiting=Case(When(status=Status.PENDING, then=0), default=1))
        .select_related("author")
        .order_by("waiting", "-open_reports", "created_at", "id")
    )


def waiting_count(workspace):
    """How many comments need a moderator (for the managers' reminder on the workspace home)."""
    reported = Report.objects.filter(comment__workspace=workspace, resolved_at__isnull=True).values("comment_id")
    return Comment.objects.filter(Q(workspace=workspace) & (Q(status=Status.PENDING) | Q(pk__in=reported))).count()


def attach_targets_and_reasons(comments):
    """For a page of the queue: each comment's item (one query per kind of item) and the reasons
    of its open reports (one query)."""
    comments = list(comments)
    by_type = defaultdict(set)
    for comment in comments:
        by_type[comment.target_type_id].add(comment.target_id)
    items = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            for item in model._default_manager.select_related("workspace").filter(pk__in=ids):
                items[(type_id, item.pk)] = item
    reports = defaultdict(list)
    for report in Report.objects.filter(comment__in=comments, resolved_at__isnull=True).order_by("created_at"):
        reports[report.comment_id].append(report)
    for comment in comments:
        comment.target = items.get((comment.target_type_id, comment.target_id))
        comment.open_report_list = reports[comment.pk]
    return comments
