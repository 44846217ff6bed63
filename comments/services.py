"""Writes for comments: adding and replying, removing. Each is one transaction with its activity,
recorded under the item's tool's verbs (<app>.comment_added, ...: declared for it by
Tool(commentable=...)), so that the item's followers hear of it and digests group it with the
item's tool. Reporting and moderating are the shared queue's (workspaces.kit.moderation); it
tells comment_moderated() when a moderator changed a comment's status."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workspaces import registry
from workspaces.kit import moderation
from workspaces.kit.services import ItemGone, audit, locked_row, mentioned_members, normalise_text, record
from workspaces.lib.markdown import render_markdown

from .models import MAX_BODY_LENGTH, Status
from .models import Comment as CommentModel


def commentable(item):
    """The Commentable declaration of the item's model, or None."""
    label = item._meta.label
    for tool in registry.all_tools():
        for declared in tool.commentable:
            if declared.model == label:
                return declared
    return None


def premoderated(item, actor=None):
    """Whether a comment on the item waits for a moderator: the item's tool says so
    (Commentable(moderation="pre")), or the workspace does for what `actor` writes."""
    declared = commentable(item)
    return bool((declared and declared.moderation == "pre") or moderation.premoderates(item.workspace, actor))


def _verb(item, name):
    return f"{item._meta.app_label}.{name}"


def comment_url(comment, item):
    return f"{item.get_absolute_url()}#comment-{comment.pk}"


@transaction.atomic
def comment_add(*, actor, item, body, quote="", parent=None):
    """Comment on an item (or, with `parent`, reply to a comment on it). The caller has checked
    that the actor may comment on the item. Waits for a moderator when the workspace (or the
    item's tool) pre-moderates; otherwise records `<app>.comment_added` (or `comment_replied`,
    which tells the author of the comment answered). Raises ItemGone if the item was deleted."""
    body = normalise_text(body).strip()
    if not body:
        raise ValidationError({"body": "Write your comment."})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError({"body": f"Keep the comment to {MAX_BODY_LENGTH:,} characters or fewer "
                                       f"(it has {len(body):,})."})
    item = type(item)._default_manager.select_related("workspace").get(pk=item.pk)
    if getattr(item, "is_deleted", False):
        raise ItemGone(item)
    if parent is not None:
        parent = parent.parent or parent  # replies are one level deep
    declared = commentable(item)
    anchored = bool(declared and declared.anchors)
    comment = CommentModel.objects.create(
        workspace=item.workspace, target_type=ContentType.objects.get_for_model(item), target_id=item.pk,
        parent=parent, author=actor, body=body, body_html=render_markdown(body),
        quote=" ".join(normalise_text(quote).split()) if anchored else "",
        version_number=getattr(item, "version", None) if anchored else None,
        status=Status.PENDING if premoderated(item, actor) else Status.PUBLISHED,
    )
    comment.target = item
    if comment.is_pending:
        moderation.submitted(actor=actor, item=comment)  # in the queue; the moderators hear
    else:
        _published(comment, item, actor)
    return comment


def _published(comment, item, actor):
    """The activity of a comment everyone may now read (at once, or once a moderator approved)."""
    mentions = mentioned_members(item.workspace, comment.body)
    if comment.parent_id:
        record(workspace=item.workspace, actor=actor, verb=_verb(item, "comment_replied"), target=item,
               url=comment_url(comment, item), summary="replied to a comment", mentions=mentions,
               addressed=[comment.parent.author_id] if comment.parent.author_id else [])
    else:
        record(workspace=item.workspace, actor=actor, verb=_verb(item, "comment_added"), target=item,
               url=comment_url(comment, item), summary=f"commented on the {item._meta.verbose_name}",
               mentions=mentions)


@transaction.atomic
def comment_remove(*, actor, comment):
    """Remove a comment (its author, or a moderator: audited when it is someone else's). One
    with replies is blanked and kept, so that the thread keeps its shape; one without goes."""
    comment = locked_row(comment, "author")  # lock, then read (the author is a nullable join)
    item = comment.target
    if comment.author_id != getattr(actor, "pk", None):
        who = comment.author.name if comment.author else "a former member"
        audit(actor=actor, action=f"{item._meta.model_name}_comment.deleted", workspace=comment.workspace,
              target=item, target_label=f"Comment by {who} on “{item}”", before={"body": comment.body[:500]})
    moderation.withdrawn(item=comment)  # out of the queue, its reports closed
    if comment.replies.exists():
        comment.status, comment.body, comment.body_html, comment.quote = Status.REMOVED, "", "", ""
        comment.moderated_by, comment.moderated_at = actor, timezone.now()
        comment.save()
    else:
        comment.delete()


def comment_moderated(comment, before, actor):
    """The moderation app changed a comment's status (Moderatable.changed): an approved comment
    is news to the item's followers now, as if it had just been added."""
    if before == Status.PENDING and comment.is_published:
        _published(comment, comment.target, comment.author)
