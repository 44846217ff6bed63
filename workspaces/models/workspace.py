from django.db import models
from django.urls import reverse


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private: only members can see it"
    PUBLIC = "public", "Public: anyone can read it, members contribute"


class Workspace(models.Model):
    """A stakeholder workspace: members with roles, and the tools enabled for them."""

    organisation = models.ForeignKey("workspaces.Organisation", on_delete=models.PROTECT, related_name="workspaces")
    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in web addresses: lower-case letters, numbers and hyphens."
    )
    description = models.TextField(blank=True, max_length=5000)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    enabled_tools = models.JSONField(default=list, blank=True)
    is_archived = models.BooleanField(
        "archived (read-only)", default=False, help_text="Members can still read everything; nobody can change it."
    )
    member_count = models.PositiveIntegerField(default=0, editable=False)
    # When a manager put away the home's getting-started checklist (it never comes back).
    checklist_dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moderation (the moderation app's settings, here so the permission layer reads them with the
    # workspace): who moderates besides the managers, and after how many people's reports an
    # item is hidden until a moderator has looked at it.
    moderators_team = models.ForeignKey("workspaces.Team", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    hide_after_reports = models.PositiveSmallIntegerField(default=3)
    # The department's own sites that may show this workspace's embeddable widgets (a poll, the
    # latest news) in an iframe: origins, one per line ("https://www.example.gov.uk"); none by
    # default. The widgets' Content-Security-Policy frame-ancestors is exactly this list
    # (workspaces.kit.embeds).
    embed_origins = models.TextField("sites that may embed this workspace's widgets", blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workspace_home", args=[self.slug])

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    def tool_enabled(self, slug):
        return slug in (self.enabled_tools or [])
