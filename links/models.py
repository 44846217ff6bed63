from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse

from workspaces.kit.models import Versioned, WorkspaceItem
from workspaces.lib.markdown import render_markdown

WEB_SCHEMES = ("http", "https")
validate_web_address = URLValidator(
    schemes=list(WEB_SCHEMES), message="Enter a web address starting with http:// or https://."
)


class Link(Versioned, WorkspaceItem):
    """A link to an article or web page, with a note and tags.

    `version` goes up by one on every edit; the edit form carries the version it was loaded
    with so that a concurrent change is detected instead of silently overwritten.
    """

    url = models.URLField("web address", max_length=2000, validators=[validate_web_address])
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True, max_length=5000)
    note_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="link_ws_recent_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered once here and stored: pages show note_html, never re-render.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "note" in update_fields:
            self.note_html = render_markdown(self.note)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "note_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("links:detail", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    @property
    def href(self):
        """The address to put in an <a href>: only ever http(s), whatever is in the row."""
        return self.url if urlsplit(self.url).scheme.lower() in WEB_SCHEMES else ""

    @property
    def domain(self):
        host = (urlsplit(self.url).hostname or "").lower()
        return host.removeprefix("www.")

    @property
    def tag_names(self):
        # Reads the prefetched rows when a list prefetched them (no query per link).
        return [tag.name for tag in self.tags.all()]


class LinkTag(models.Model):
    """One normalised tag on one link (a row per tag so filtering works on every database)."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["link", "name"], name="linktag_unique_per_link")]
        indexes = [models.Index(fields=["name"], name="linktag_name_idx")]

    def __str__(self):
        return self.name
