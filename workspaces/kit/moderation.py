"""Moderation, the tools' side of the contract: reports with a typed reason, hiding with a
reason shown in place, pre-moderation, and one queue per workspace for every kind of item
(forum posts, comments, consultation responses...). The moderation app does the work (its
models, the queue pages, the moderators' header count and daily email); a tool never imports
it and calls the functions below, which the app provides through the registry.

A tool's moderatable model:

    class Post(Moderated, SoftDeletable, WorkspaceItem):
        body = models.TextField()

    Tool(..., moderatable=(Moderatable("forums.Post", noun="post", text_field="body",
                                       changed="forums.services.post_moderated"),))

Who moderates: a workspace's managers, and the members of its moderators team if a manager
named one (access.has("moderate")). Statuses:

    published   everyone who may see the item sees it
    pending     waits for a moderator (pre-moderation, or hidden after reports and then edited
                by its author): only its author and the moderators see it, marked so
    hidden      shown in place as hidden, with the reason (the author and moderators may still
                read the text)
    removed     removed by its author or a moderator, kept to hold the shape of a thread
"""

from django.db import models
from django.db.models import Q

from .. import registry

MAX_REASON_LENGTH = 300
MAX_NOTE_LENGTH = 1000


class ModerationStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for a moderator"
    HIDDEN = "hidden", "Hidden by a moderator"
    REMOVED = "removed", "Removed"


class ReportReason(models.TextChoices):
    OFF_TOPIC = "off_topic", "Off-topic or disruptive"
    ABUSE = "abuse", "Abusive, offensive or threatening"
    SPAM = "spam", "Spam or advertising"
    PERSONAL = "personal", "It shares someone's personal information"
    OTHER = "other", "Something else"


class Action:
    """What a moderator can do with an item in the queue."""

    APPROVE = "approve"  # a pending item: everyone may read it now
    HIDE = "hide"  # with a reason, shown in its place; its author is told why
    RESTORE = "restore"  # a hidden item shown again
    DISMISS = "dismiss"  # keep it as it is: the open reports are closed


class Moderated(models.Model):
    """An item the moderation queue can act on (declare it: registry.Moderatable)."""

    status = models.CharField(max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.PUBLISHED)
    hidden_reason = models.CharField(max_length=MAX_REASON_LENGTH, blank=True)
    moderated_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def moderation_label(self):
        """How the queue, its buttons and the report page name it, without its author ("post 6
        in “Workshop dates”"): unique among what one page lists. Override it; the default is the
        declared noun and the row's id ("comment 12")."""
        declared = registry.moderatables().get(self._meta.label)
        return f"{declared.noun if declared else 'item'} {self.pk}"

    @property
    def is_published(self):
        return self.status == ModerationStatus.PUBLISHED

    @property
    def is_pending(self):
        return self.status == ModerationStatus.PENDING

    @property
    def is_hidden(self):
        return self.status == ModerationStatus.HIDDEN

    @property
    def is_removed(self):
        return self.status == ModerationStatus.REMOVED


def shown_to(access, queryset, author_field="author"):
    """Leave out what waits for a moderator, but the person's own (moderators see all): the
    filter every list and count of a moderatable model goes through."""
    if access.has("moderate") or access.is_manager:
        return queryset
    if access.user.is_authenticated:
        return queryset.filter(~Q(status=ModerationStatus.PENDING) | Q(**{author_field: access.user.pk}))
    return queryset.exclude(status=ModerationStatus.PENDING)


# --- Writes, done by the moderation app ----------------------------------------------------------
# Each runs in the caller's transaction; the caller has checked the person may do it (the
# tool's policy: report needs "view" and not being the author; moderate, access.has("moderate")).


def submitted(*, actor, item):
    """A pre-moderated item was saved as pending: it joins the queue and the moderators hear."""
    return registry.service("moderation.submitted")(actor=actor, item=item)


def report(*, actor, item, reason, note=""):
    """Report an item (one open report per person and item). After reports from the
    workspace's threshold of different people the item is hidden pending review and its author
    told why. Returns the report."""
    return registry.service("moderation.report")(actor=actor, item=item, reason=reason, note=note)


def moderate(*, actor, item, action, reason=""):
    """A moderator's decision (Action); closes the item's open reports; audited."""
    return registry.service("moderation.moderate")(actor=actor, item=item, action=action, reason=reason)


def edited(*, actor, item):
    """Its author edited a hidden item: it becomes pending and goes back in the queue."""
    return registry.service("moderation.edited")(actor=actor, item=item)


def withdrawn(*, item):
    """The item was removed or deleted: it leaves the queue (its reports are closed)."""
    return registry.service("moderation.withdrawn")(item=item)


def premoderates(workspace, actor):
    """Whether the workspace asks a moderator to approve everything `actor` posts (the
    workspace-wide setting; a tool adds its own rules, such as a board's)."""
    return registry.service("moderation.premoderates")(workspace=workspace, actor=actor)


def report_url(item):
    """The address of the page where someone reports `item` (the moderation app's form, which
    asks for the reason and goes back to the item): for a "Report post 5" link."""
    return registry.service("moderation.report_url")(item=item)


def report_url_maker(model, workspace):
    """report_url for a page of items of one `model` in one workspace: a function item ->
    address, reversed once for the page (a "Report post N" link under each post)."""
    return registry.service("moderation.report_url_maker")(model=model, workspace=workspace)
