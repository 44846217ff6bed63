"""Quick polls: one question, its options, and the votes.

A vote is split in two, so that an anonymous poll can be trusted:

- Participation: THAT someone voted (the member, or a visitor's browser key) and when. One per
  member and one per browser key, enforced by unique constraints: a second vote is refused by
  the database, not by a check that two requests can both pass.
- Ballot (+ BallotChoice): WHAT was chosen. In an anonymous poll a ballot has no voter, no
  time and a random id (a UUID, not a sequence that would follow the participations' order),
  so no column, key or ordering links a person to a choice. In a named poll the ballot names
  its voter (unique per poll), so a vote can be changed while the poll is open.

Nothing is counted on the poll row: a vote is a few inserts and never locks the poll, so
200,000 people can vote at once; results are counted in SQL (selectors.results)."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse

from workspaces.kit.lifecycles import Phrases
from workspaces.kit.models import SoftDeletable, Versioned, Window, WorkspaceItem, window_indexes

MAX_QUESTION_LENGTH = 300
MAX_DESCRIPTION_LENGTH = 2000
MAX_OPTION_LENGTH = 200
MAX_OPTIONS = 30
MAX_OTHER_LENGTH = 200


class Kind(models.TextChoices):
    SINGLE = "single", "One answer"
    MULTIPLE = "multiple", "Several answers"


class Results(models.TextChoices):
    ALWAYS = "always", "Always"
    AFTER_VOTE = "after_vote", "After voting"
    AFTER_CLOSE = "after_close", "After the poll closes"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Published"  # scheduled, open or closed: its window says which


class Poll(SoftDeletable, Versioned, Window, WorkspaceItem):
    """A one-question poll. Item access says who sees it (and so who may vote while it is
    open); `status` whether its author has published it; the window when it takes votes.

    `anonymous` is fixed once the first vote is in (services refuse the change). In a public
    workspace, a poll anyone may see may also take visitors' votes (one per browser, counted
    apart as "unverified"), unless `sign_in_required`. `embed` lets the department's own sites
    show it in an iframe (the workspace's allowed sites: Workspace.embed_origins)."""

    WINDOW_PHRASES = Phrases(not_yet_open="Opens for votes on {opens}",
                             not_yet_open_until="Open for votes from {opens} to {closes}",
                             open_until="Open for votes until {closes}", closed="Voting closed on {closes}")

    question = models.CharField(max_length=MAX_QUESTION_LENGTH)
    description = models.TextField(blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    description_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.SINGLE)
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)  # several answers: at most this many
    allow_other = models.BooleanField("offer “Other” with a box to type in", default=False)
    results = models.CharField("show results", max_length=12, choices=Results.choices, default=Results.AFTER_VOTE)
    anonymous = models.BooleanField(default=False)
    sign_in_required = models.BooleanField("only signed-in members may vote", default=False)
    embed = models.BooleanField("may be embedded on the workspace's allowed sites", default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "status", "-created_at"], name="poll_ws_recent_idx"),
                   *window_indexes("poll")]

    def __str__(self):
        return self.question

    @property
    def title(self):  # what lists, activity and search call it
        return self.question

    def save(self, *args, **kwargs):
        from workspaces.lib.markdown import render_markdown

        update_fields = kwargs.get("update_fields")
        if update_fields is None or "description" in update_fields:
            self.description_html = render_markdown(self.description)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "description_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("polls:poll", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    @property
    def is_live(self):
        return self.status == Status.LIVE

    @property
    def selection_limit(self):
        """How many options one vote may choose."""
        if self.kind == Kind.SINGLE:
            return 1
        return self.max_choices or MAX_OPTIONS + 1


class Option(models.Model):
    """One answer to choose. Plain text (shown escaped, never as Markdown)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=MAX_OPTION_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")]

    def __str__(self):
        return self.label


class Participation(models.Model):
    """That someone voted, and when (a burst of visitors' votes shows in the export). Never what
    they chose. One per member (`user`) or per browser (`visitor_key`: the digest of a signed
    cookie's random id), enforced by the database. `unverified`: a visitor, or someone signed in
    who is not a member of the workspace."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    visitor_key = models.CharField(max_length=64, blank=True)
    unverified = models.BooleanField(default=False)
    address_key = models.CharField(max_length=64, blank=True)  # a keyed digest of the visitor's IP (bursts)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], condition=Q(user__isnull=False),
                                    name="poll_one_vote_per_member"),
            models.UniqueConstraint(fields=["poll", "visitor_key"], condition=~Q(visitor_key=""),
                                    name="poll_one_vote_per_browser"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(visitor_key=""),
                                   name="poll_participation_has_voter"),
        ]
        indexes = [models.Index(fields=["poll", "created_at"], name="poll_participation_time_idx")]

    def __str__(self):
        return f"A vote in poll {self.poll_id}"


class Ballot(models.Model):
    """What one vote chose. In an anonymous poll: no voter, no time, a random id. In a named
    poll: its voter (one ballot per member, so a vote is changed in place) and when it was
    last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unverified = models.BooleanField(default=False)
    other = models.CharField(max_length=MAX_OTHER_LENGTH, blank=True)  # the "Other" answer typed in
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], condition=Q(user__isnull=False),
                                    name="poll_one_ballot_per_member"),
        ]
        indexes = [models.Index(fields=["poll", "unverified"], name="poll_ballot_count_idx")]

    def __str__(self):
        return f"A ballot in poll {self.poll_id}"


class BallotChoice(models.Model):
    """One option chosen on one ballot (`poll` repeated: results count one index). A random id
    too: a sequence here would follow the order people voted in, as the participations do."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    # None: the "Other" answer typed in
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "option"], name="poll_choice_once")]
        indexes = [models.Index(fields=["poll", "option"], name="poll_choice_count_idx")]

    def __str__(self):
        return f"A choice in poll {self.poll_id}"
