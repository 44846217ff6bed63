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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
