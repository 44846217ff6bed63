"""Writes for comments: adding and replying, removing, reporting and moderating. Each is one
transaction with its activity, recorded under the item's tool's verbs (<app>.comment_added, ...:
declared for it by Tool(commentable=...)), so that the item's followers hear of it and digests
group it with the item's tool."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workspaces import registry
from workspaces.kit.services import ItemGone, audit, locked_row, mentioned_members, normalise_text, record
from workspaces.lib.markdown import render_markdown

from .models import MAX_BODY_LENGTH, ModerationSettings, Report, Status
from .models import Comment as CommentModel


class Action:
    APPROVE, HIDE, UNHIDE, DISMISS = "approve", "hide", "unhide", "dismiss"


def commentable(item):
    """The Commentable declaration of the item's model, or None."""
    label = item._meta.label
    for tool in registry.all_tools():
        for declared in tool.commentable:
            if declared.model == label:
                return declared
    return None


def premoderated(item):
    declared = commentable(item)
    settings_row = ModerationSettings.objects.filter(workspace_id=item.workspace_id).first()
    return bool((declared and declared.moderation == "pre") or (settings_row and settings_row.premoderate))


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
        status=Status.PENDING if premoderated(item) else Status.PUBLISHED,
    )
    comment.target = item
    if comment.is_pending:
        record(workspace=item.workspace, actor=actor, verb=_verb(item, "comment_submitted"), target=item,
               url=comment_url(comment, item), summary="sent a comment for moderation")
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
    if comment.replies.exists():
        comment.status, comment.body, comment.body_html, comment.quote = Status.REMOVED, "", "", ""
        comment.moderated_by, comment.moderated_at = actor, timezone.now()
        comment.save()
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now(),
                                                                                resolved_by=actor)
    else:
        comment.delete()


@transaction.atomic
def comment_report(*, actor, comment, reason, note=""):
    """Report a comment to the workspace's moderators. Reporting it again while the first report
    is open changes nothing. Returns the report."""
    report = Report.objects.filter(comment=comment, reporter=actor, resolved_at__isnull=True).first()
    if report is None:
        report = Report.objects.create(comment=comment, reporter=actor, reason=reason,
                                       note=normalise_text(note).strip()[:1000])
    return report


@transaction.atomic
def comment_moderate(*, actor, comment, action, reason=""):
    """A moderator's decision: approve a waiting comment, hide one (with a reason, shown in its
    place; its author is told), show a hidden one again, or keep it (dismiss the reports). Every
    decision closes the open reports and is audited."""
    comment = locked_row(comment)
    item = comment.target
    now = timezone.now()
    reason = " ".join((reason or "").split())
    before = comment.status
    if action == Action.HIDE:
        if not reason:
            raise ValidationError({"reason": "Say why it is hidden: the reason is shown in its place."})
        comment.status, comment.hidden_reason = Status.HIDDEN, reason[:300]
    elif action == Action.APPROVE and comment.is_pending:
        comment.status = Status.PUBLISHED
    elif action == Action.UNHIDE and comment.is_hidden:
        comment.status, comment.hidden_reason = Status.PUBLISHED, ""
    elif action not in (Action.DISMISS, Action.APPROVE, Action.UNHIDE):
        raise ValidationError("Choose what to do with the comment.")
    comment.moderated_by, comment.moderated_at = actor, now
    comment.save()
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor)
    audit(actor=actor, action=f"comment.{action}", workspace=comment.workspace, target=item,
          target_label=f"Comment {comment.pk} on “{item}”", before={"status": before},
          after={"status": comment.status, **({"reason": comment.hidden_reason} if comment.is_hidden else {})})
    if action == Action.HIDE:
        record(workspace=comment.workspace, actor=actor, verb=_verb(item, "comment_hidden"), target=item,
               url=comment_url(comment, item), summary="hid a comment",
               addressed=[comment.author_id] if comment.author_id else [])
    elif action == Action.APPROVE and before == Status.PENDING:
        _published(comment, item, comment.author)
    return comment


@transaction.atomic
def moderation_settings_save(*, actor, workspace, premoderate):
    row, _ = ModerationSettings.objects.get_or_create(workspace=workspace)
    if row.premoderate != premoderate:
        audit(actor=actor, action="comment.moderation_changed", workspace=workspace, target=workspace,
              before={"premoderate": row.premoderate}, after={"premoderate": premoderate})
        row.premoderate = premoderate
        row.save()
    return row
