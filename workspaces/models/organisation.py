from django.db import models


class Organisation(models.Model):
    """A department or body that owns workspaces (and, later, licence pools)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
