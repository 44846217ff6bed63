from django.db import models


class Organisation(models.Model):
    """A department or body that owns workspaces and their licence pools."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    licensing_enabled = models.BooleanField(
        "licences required", default=False,
        help_text="Members of this organisation's workspaces need a current licence to get in.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Shown with the organisation's name in its workspaces' bar; set by its admins
    # (workspaces.views.organisation). Only PNG, JPEG or WebP, as found from the content
    # (workspaces.lib.files), never SVG (it can carry scripts), and never fetched from elsewhere.
    logo = models.FileField(upload_to="organisation-logos/", max_length=255, blank=True)
    logo_type = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def logo_version(self):
        """Changes with the file, so the logo's address can be cached for long."""
        return self.logo.name.rsplit("/", 1)[-1][:40] if self.logo else ""
