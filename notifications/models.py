"""Notifications: who follows what, what each person was told, and how they want to hear.
Their email goes through the core's outbox (workspaces.models.OutboundEmail, workspaces.mail)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately, one email per event"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"
    OFF = "off", "No email (notifications on the site only)"


DEFAULT_FREQUENCY = Frequency.DAILY
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


class Follow(models.Model):
    """A person follows one item; they hear of what happens to it (the FOLLOWERS rule)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "user"], name="one_follow_per_item"),
        ]

    def __str__(self):
        return f"user {self.user_id} follows {self.target_type_id}:{self.target_id}"


class Notification(models.Model):
    """One activity, for one person: the in-app list and the source of emails and digests.

    `delivery` is how it goes out by email, fixed from the person's preference when the event
    happened; `emailed_at` / `digested_at` say it went, so a digest never repeats an email.
    """

    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey("workspaces.Activity", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20)  # the rule that reached them: followers, mentioned, ...
    delivery = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "recipient"], name="one_notification_per_activity"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent_idx"),
            # The bell (selectors.unread_count): a person's newest unread, in the order it reads them.
            models.Index(fields=["recipient", "-created_at", "-id"], condition=models.Q(read_at__isnull=True),
                         name="notif_unread_newest_idx"),
            # The digest planner's scan: only what still waits for a digest.
            models.Index(fields=["delivery", "recipient"], condition=models.Q(digested_at__isnull=True),
                         name="notif_digest_pending_idx"),
        ]

    def __str__(self):
        return f"activity {self.activity_id} for user {self.recipient_id}"


class Preference(models.Model):
    """How a person wants email: for one workspace, or (workspace empty) everywhere else."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=DEFAULT_FREQUENCY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="one_preference_per_workspace"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(workspace__isnull=True),
                                    name="one_global_preference"),
        ]

    def __str__(self):
        where = f"workspace {self.workspace_id}" if self.workspace_id else "everywhere"
        return f"user {self.user_id}: {self.frequency} ({where})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class UserSettings(models.Model):
    """Per-person email settings; a person without a row has the defaults."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="+", primary_key=True)
    no_email = models.BooleanField("no email at all", default=False)
    timezone = models.CharField("time zone", max_length=60, blank=True)  # blank: the site's TIME_ZONE
    digest_hour = models.PositiveSmallIntegerField("digest time", default=7)
    digest_weekday = models.PositiveSmallIntegerField("weekly digest day", choices=Weekday.choices,
                                                      default=Weekday.MONDAY)

    def __str__(self):
        return f"email settings of user {self.user_id}"


class EmailKind(models.TextChoices):
    """The kinds of email this app sends through the core's outbox (workspaces.mail), each
    registered in NotificationsConfig.ready()."""

    NOTIFICATION = "notification", "Notification"
    DIGEST_DAILY = "digest_daily", "Daily digest"
    DIGEST_WEEKLY = "digest_weekly", "Weekly digest"
    ANNOUNCEMENT = "announcement", "Announcement"
    REMINDER = "reminder", "Reminder"


class Announcement(models.Model):
    """A manager's email about an item to the workspace's members (or chosen teams). Written
    in the publishing transaction; a task fans it out to the outbox in chunks, idempotently
    (key announcement:<id>:<user>), and the sweep restarts an unfinished fan-out."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=150)
    message = models.TextField(max_length=5000)
    url = models.CharField(max_length=500, blank=True)  # the item, if it is about one
    # ... and the item itself: only those who may see it are emailed (permissions.members_who_may_see).
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    teams = models.ManyToManyField("workspaces.Team", blank=True, related_name="+")
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject


class Fanout(models.Model):
    """An activity whose WORKSPACE_MEMBERS rule still has to reach every member: too many
    people to write inside the change's transaction, so a task does it in chunks afterwards."""

    activity = models.OneToOneField("workspaces.Activity", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"fan-out of activity {self.activity_id}"
