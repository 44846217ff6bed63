"""Writes of the shared moderation queue, provided to tools through the registry (the
signatures of workspaces.kit.moderation). Each runs in the caller's transaction (or its own):
the item's row is locked first, so that counting reporters and changing its status are one
step whoever else reports it at the same moment."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from workspaces.kit.moderation import MAX_NOTE_LENGTH, MAX_REASON_LENGTH, Action, ModerationStatus, ReportReason
from workspaces.kit.services import audit, locked_row, normalise_text, record
from workspaces.lib.reversing import url_maker
from workspaces.models import Role
from workspaces.permissions import access_for, counting_memberships

from .header_count import queue_changed
from .models import EXCERPT_LENGTH, ModerationSettings, Outcome, QueueEntry, Report, Why
from .policies import declared_for

# The verbs of the moderation app (workspaces.registry.register_verbs in apps.py).
REPORTED = "moderation.item_reported"  # to the moderators: the reported text, and a link to act
SUBMITTED = "moderation.item_submitted"  # to the moderators: something waits for approval
HIDDEN = "moderation.item_hidden"  # to its author: why it is hidden
ACTIONS = {Action.APPROVE, Action.HIDE, Action.RESTORE, Action.DISMISS}
AUTO_HIDDEN = "Hidden until a moderator has looked at it, after reports from {count} members."


def _declared(item):
    declared = declared_for(item)
    if declared is None:
        raise LookupError(f"{item._meta.label} is not moderatable: declare it (registry.Moderatable).")
    return declared


def _type_id(item):
    return ContentType.objects.get_for_model(item).pk


def excerpt_of(item, declared=None):
    text = getattr(item, (declared or _declared(item)).text_field, "") or ""
    text = normalise_text(str(text)).strip()
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH - 1] + "…"


def label_of(item):
    """"post 6 in “Workshop dates”": the item's own name for the queue (Moderated.moderation_label)."""
    return item.moderation_label


def noun_phrase(item, declared=None):
    """"comment by Ana" (the queue's and the messages' way of naming an item)."""
    author = item.author.name if getattr(item, "author", None) else "a former member"
    return f"{(declared or _declared(item)).noun} by {author}"


def moderators(workspace):
    """Ids of the people who moderate the workspace: its managers and the members of its
    moderators team, whose membership counts now (licence current)."""
    members = counting_memberships(workspace)
    managers = set(members.filter(role__gte=Role.MANAGER).values_list("user_id", flat=True))
    if workspace.moderators_team_id:
        managers |= set(members.filter(user__groups__team__pk=workspace.moderators_team_id)
                        .values_list("user_id", flat=True))
    return managers


def entry_url(workspace, type_id, pk):
    return reverse("moderation:item", args=[workspace.slug, type_id, pk])


def _open_reports(item):
    return Report.objects.filter(target_type_id=_type_id(item), target_id=item.pk, resolved_at__isnull=True)


def open_entry(item):
    return QueueEntry.objects.filter(target_type_id=_type_id(item), target_id=item.pk, closed_at__isnull=True).first()


def _queue(item, why, declared):
    """Put the item in the queue (or bring its open entry up to date): why, the open reports'
    count, the text as it reads now."""
    entry = open_entry(item) or QueueEntry(workspace_id=item.workspace_id, target_type_id=_type_id(item),
                                           target_id=item.pk, why=why)
    if why is not None:
        entry.why = why
    entry.author_id = getattr(item, "author_id", None)
    entry.open_reports = _open_reports(item).values("reporter").distinct().count()
    entry.excerpt = excerpt_of(item, declared)
    entry.label = label_of(item)[:300]
    entry.item_url = item.get_absolute_url()[:500]
    entry.save()
    return entry


def _close(item, actor, outcome, now):
    Report.objects.filter(target_type_id=_type_id(item), target_id=item.pk, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor if getattr(actor, "is_authenticated", False) else None, outcome=outcome)
    QueueEntry.objects.filter(target_type_id=_type_id(item), target_id=item.pk, closed_at__isnull=True).update(
        closed_at=now, closed_by=actor if getattr(actor, "is_authenticated", False) else None, outcome=outcome)
    queue_changed([item.workspace_id])  # update() sends no signal


def _changed(item, before, actor, declared):
    if declared.changed and item.status != before:
        import_string(declared.changed)(item, before, actor)


def _lock(item):
    # The author is a field of most moderated models; an item (a blog post) names it created_by
    # and answers `author` as a property.
    has_author = any(f.name == "author" and f.is_relation for f in item._meta.get_fields())
    current = locked_row(item, "workspace", *(("author",) if has_author else ()))
    if getattr(item, "_target", None) is not None:  # a comment's item, already loaded
        current.target = item._target
    return current


@transaction.atomic
def submitted(*, actor, item):
    """A pre-moderated item was saved as pending: it joins the queue and the moderators hear."""
    declared = _declared(item)
    entry = _queue(item, Why.PENDING, declared)
    record(workspace=item.workspace, actor=actor, verb=SUBMITTED, target=entry, url=entry.get_absolute_url(),
           summary=f"sent a {declared.noun} for approval",
           addressed=moderators(item.workspace) - {getattr(actor, "pk", None)})
    return entry


@transaction.atomic
def report(*, actor, item, reason, note=""):
    """Report an item (one open report per person and item: reporting it again changes nothing).
    After open reports from the workspace's threshold of different people a published item is
    hidden until a moderator has looked at it, and its author told why. Returns the report."""
    declared = _declared(item)
    if reason not in ReportReason.values:
        raise ValidationError({"reason": "Choose what is wrong with it."})
    note = normalise_text(note or "").strip()
    if reason == ReportReason.OTHER and not note:
        raise ValidationError({"note": "Say what is wrong with it: the moderators read this."})
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": f"Keep this to {MAX_NOTE_LENGTH:,} characters or fewer (it has {len(note):,})."})
    item = _lock(item)
    existing = _open_reports(item).filter(reporter=actor).first()
    if existing is not None:
        return existing
    made = Report.objects.create(workspace_id=item.workspace_id, target_type_id=_type_id(item), target_id=item.pk,
                                 reporter=actor, reason=reason, note=note)
    entry = open_entry(item)
    entry = _queue(item, entry.why if entry else Why.REPORTED, declared)
    workspace = item.workspace
    record(workspace=workspace, actor=actor, verb=REPORTED, target=entry, url=entry.get_absolute_url(),
           summary=f"reported a {declared.noun} ({ReportReason(reason).label.lower()})"
                   + (f": {note}" if note else ""),
           addressed=moderators(workspace) - {actor.pk})
    if item.is_published and entry.open_reports >= max(1, workspace.hide_after_reports):
        _auto_hide(item, entry, declared)
    return made


def _auto_hide(item, entry, declared):
    before, now = item.status, timezone.now()
    item.status, item.hidden_reason = ModerationStatus.HIDDEN, AUTO_HIDDEN.format(count=entry.open_reports)
    item.moderated_by, item.moderated_at = None, now
    item.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    entry.why = Why.HIDDEN
    entry.save()
    audit(actor=None, action=f"{item._meta.model_name}.auto_hidden", workspace=item.workspace, target=item,
          target_label=noun_phrase(item, declared).capitalize()[:254], before={"status": before},
          after={"status": item.status, "reason": item.hidden_reason})
    # Nobody did it (reporters stay unnamed): "Someone reported your comment, and it is hidden..."
    _tell_author(item, None, declared, f"reported your {declared.noun}, and it is hidden until a moderator has "
                                       f"looked at it (reports from {entry.open_reports} members). You can edit it "
                                       "meanwhile")
    _changed(item, before, None, declared)


def _tell_author(item, actor, declared, summary):
    if item.author_id:
        record(workspace=item.workspace, actor=actor, verb=HIDDEN, target=item, url=item.get_absolute_url(),
               title=f"Your {declared.noun}", summary=summary[:300], addressed=[item.author_id])


@transaction.atomic
def moderate(*, actor, item, action, reason=""):
    """A moderator's decision (Action): approve a waiting item, hide one (the reason is shown in
    its place and its author told why), restore a hidden one, or dismiss the reports (it stays as
    it is). Closes its open reports and its queue entry; audited; the tool's `changed` hook told."""
    declared = _declared(item)
    if action not in ACTIONS:
        raise ValidationError(f"Choose what to do with the {declared.noun}.")
    reason = " ".join((reason or "").split())
    if action == Action.HIDE:
        if not reason:
            raise ValidationError({"reason": "Say why it is hidden: the reason is shown in its place."})
        if len(reason) > MAX_REASON_LENGTH:
            raise ValidationError({"reason": f"Keep the reason to {MAX_REASON_LENGTH} characters or fewer "
                                             f"(it has {len(reason)})."})
    item = _lock(item)
    if item.is_removed:
        raise ValidationError(f"This {declared.noun} was removed meanwhile: there is nothing left to moderate.")
    before, now = item.status, timezone.now()
    if action == Action.HIDE:
        item.status, item.hidden_reason = ModerationStatus.HIDDEN, reason
    elif action in (Action.APPROVE, Action.RESTORE) and item.status in (ModerationStatus.PENDING,
                                                                         ModerationStatus.HIDDEN):
        item.status, item.hidden_reason = ModerationStatus.PUBLISHED, ""
    item.moderated_by, item.moderated_at = actor, now
    item.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    _close(item, actor, action, now)
    audit(actor=actor, action=f"{item._meta.model_name}.{action}", workspace=item.workspace, target=item,
          target_label=noun_phrase(item, declared).capitalize()[:254], before={"status": before},
          after={"status": item.status, **({"reason": item.hidden_reason} if item.is_hidden else {})})
    if action == Action.HIDE:
        _tell_author(item, actor, declared, f"hid your {declared.noun}: {reason}")
    _changed(item, before, actor, declared)
    return item


@transaction.atomic
def edited(*, actor, item):
    """Its author edited a hidden item: it waits for a moderator again (pending), back in the
    queue marked "edited by its author since it was hidden"."""
    declared = _declared(item)
    item = _lock(item)
    if not item.is_hidden:
        if item.is_pending and open_entry(item):
            _queue(item, None, declared)  # the queue shows the text as it reads now
        return item
    before = item.status
    item.status = ModerationStatus.PENDING
    item.save(update_fields=["status"])
    _queue(item, Why.EDITED, declared)
    _changed(item, before, actor, declared)
    return item


@transaction.atomic
def withdrawn(*, item):
    """The item was removed or deleted: it leaves the queue (its reports are closed)."""
    _close(item, None, Outcome.WITHDRAWN, timezone.now())


def premoderates(*, workspace, actor):
    """The workspace-wide switch: everything `actor` posts waits for a moderator (moderators'
    own posts never wait)."""
    settings_row = ModerationSettings.objects.filter(workspace_id=workspace.pk).first()
    if not (settings_row and settings_row.premoderate):
        return False
    return not (actor is not None and access_for(actor, workspace).has("moderate"))


def report_url(*, item):
    return reverse("moderation:report", args=[item.workspace.slug, _type_id(item), item.pk])


def report_url_maker(*, model, workspace):
    """report_url for many items of `model` in `workspace`: one reverse for them all."""
    make = url_maker("moderation:report", ["pk"], workspace=workspace.slug,
                     type_id=ContentType.objects.get_for_model(model).pk)
    return lambda item: make(pk=item.pk)


@transaction.atomic
def settings_save(*, actor, workspace, premoderate, hide_after_reports, moderators_team):
    """A manager's moderation settings; each change audited."""
    row, _ = ModerationSettings.objects.get_or_create(workspace=workspace)
    before = {"premoderate": row.premoderate, "hide_after_reports": workspace.hide_after_reports,
              "moderators_team": workspace.moderators_team_id}
    after = {"premoderate": premoderate, "hide_after_reports": hide_after_reports,
             "moderators_team": moderators_team.pk if moderators_team else None}
    if before == after:
        return row
    row.premoderate = premoderate
    row.save()
    workspace.hide_after_reports, workspace.moderators_team = hide_after_reports, moderators_team
    workspace.save(update_fields=["hide_after_reports", "moderators_team", "updated_at"])
    audit(actor=actor, action="moderation.settings_changed", workspace=workspace, target=workspace,
          before=before, after=after)
    return row

