"""Blogs and news: a workspace's blogs ("News", "Programme updates"), their posts, the posts'
tags, and the workspace's social links (the department's own channels).

A post is public only once its `state` is PUBLISHED, its `published_at` has come and no
moderator hid it (its moderation `status`, kit.moderation.Moderated: posts can be reported):
a scheduled post is PUBLISHED with a future `published_at` until the beat task
(blogs.tasks.publish_due) tells of it; pages, notifications and feeds decide from the moment
itself (policies.public_q), so nothing shows a minute early even if the task is late."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.models import SoftDeletable, Versioned, WorkspaceItem
from workspaces.kit.moderation import Moderated, ModerationStatus
from workspaces.lib.markdown import render_markdown

MAX_TITLE_LENGTH = 200
MAX_SUMMARY_LENGTH = 400
MAX_TEXT_LENGTH = 100_000
MAX_ALT_LENGTH = 250
MAX_BLOGS = 20  # per workspace


class Blog(SoftDeletable, Versioned, WorkspaceItem):
    """One blog of a workspace. Item access says who sees it (and so its posts); `writers`
    who may add posts to it: the managers only (a department's news) or any contributor."""

    class Writers(models.TextChoices):
        MANAGERS = "managers", "Managers only"
        CONTRIBUTORS = "contributors", "Any contributor"

    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(max_length=60)  # the blog's address in its workspace: /w/<ws>/blogs/<slug>/
    description = models.CharField(max_length=500, blank=True)
    writers = models.CharField(max_length=12, choices=Writers.choices, default=Writers.MANAGERS)
    comments = models.BooleanField("members may comment on posts", default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "slug"], name="blog_slug_per_workspace")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blogs:blog", kwargs={"workspace": self.workspace.slug, "blog": self.slug})


class PostState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"  # scheduled while published_at is ahead
    UNPUBLISHED = "unpublished", "Unpublished"


class Post(Moderated, SoftDeletable, Versioned, WorkspaceItem):
    """A post (news item) in a blog: Markdown text rendered once on save (`html`), a summary
    (feeds and lists show it), an optional image with its alternative text, tags.

    `published_at`: when it became (or becomes: scheduled) public; kept when unpublished, so a
    post published again keeps its place. `announce_teams`/`announce` say whom the publishing
    emails (the notifications' announce path), sent when it goes public, once (`announced_at`)."""

    class Announce(models.TextChoices):
        NOBODY = "nobody", "Nobody (followers of the blog are told as usual)"
        MEMBERS = "members", "Every member who may see it"
        TEAMS = "teams", "Members of chosen teams"

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    summary = models.CharField(max_length=MAX_SUMMARY_LENGTH, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, editable=False)
    image = models.FileField(upload_to="blogs/%Y/%m/", blank=True)
    image_alt = models.CharField("image description", max_length=MAX_ALT_LENGTH, blank=True)
    state = models.CharField(max_length=12, choices=PostState.choices, default=PostState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    told_at = models.DateTimeField(null=True, blank=True, editable=False)  # its publishing recorded (activity)
    announce = models.CharField(max_length=8, choices=Announce.choices, default=Announce.NOBODY)
    announce_teams = models.ManyToManyField("workspaces.Team", blank=True, related_name="+")
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    comments_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "state", "-published_at", "-id"], name="post_ws_published_idx"),
            models.Index(fields=["blog", "state", "-published_at", "-id"], name="post_blog_published_idx"),
            models.Index(fields=["state", "told_at", "published_at"], name="post_due_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "text" in update_fields:
            self.html = render_markdown(self.text)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blogs:post", kwargs={"workspace": self.workspace.slug, "blog": self.blog.slug,
                                             "pk": self.pk})

    def is_public(self, now=None):
        """Published, its moment come (a scheduled post is not, yet) and not held or hidden by a
        moderator."""
        return (self.state == PostState.PUBLISHED and self.published_at is not None
                and self.published_at <= (now or timezone.now()) and self.status == ModerationStatus.PUBLISHED)

    @property
    def author(self):  # what the moderation queue calls the writer (kit.moderation)
        return self.created_by

    @property
    def author_id(self):
        return self.created_by_id

    @property
    def moderation_label(self):
        return f"post {self.pk} in “{self.blog.title}”"

    def is_scheduled(self, now=None):
        return (self.state == PostState.PUBLISHED and self.published_at is not None
                and self.published_at > (now or timezone.now()))

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]  # prefetched by lists


class PostTag(models.Model):
    """One normalised tag (workspaces.lib.tags) on one post; `workspace` repeated so a tag's
    page and feed read one index."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="tags")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["post", "name"], name="posttag_unique_per_post")]
        indexes = [models.Index(fields=["workspace", "name"], name="posttag_ws_name_idx")]

    def __str__(self):
        return self.name


class SocialLink(models.Model):
    """One of the workspace's own channels (the department on LinkedIn, its Mastodon account):
    a plain link with an accessible name; never an embed, a script or a tracking pixel."""

    class Network(models.TextChoices):
        WEBSITE = "website", "Website"
        BLUESKY = "bluesky", "Bluesky"
        FACEBOOK = "facebook", "Facebook"
        FLICKR = "flickr", "Flickr"
        INSTAGRAM = "instagram", "Instagram"
        LINKEDIN = "linkedin", "LinkedIn"
        MASTODON = "mastodon", "Mastodon"
        THREADS = "threads", "Threads"
        X = "x", "X (Twitter)"
        YOUTUBE = "youtube", "YouTube"
        OTHER = "other", "Other"

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=12, choices=Network.choices, default=Network.WEBSITE)
    label = models.CharField(max_length=120)  # its accessible name: "Department for Rivers on LinkedIn"
    url = models.URLField(max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label
