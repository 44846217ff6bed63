from django.db import models


class Access(models.TextChoices):
    """Who may see, or change, one item. Provided once by the core for every tool."""

    ANYONE = "anyone", "Anyone who can see the workspace"
    MEMBERS = "members", "Members of the workspace"
    MANAGERS = "managers", "Managers only"
    TEAMS = "teams", "Chosen teams (and managers)"


VIEW_ACCESS_CHOICES = Access.choices
CHANGE_ACCESS_CHOICES = [
    (Access.MEMBERS, "Any contributor"),
    (Access.MANAGERS, "Managers only (and the author)"),
    (Access.TEAMS, "Contributors in chosen teams (and managers and the author)"),
]


class WorkspaceItem(models.Model):
    """Base for every tool's top-level item: belongs to a workspace, has an author, and can be
    limited for viewing and for changing (see workspaces.permissions.policies.ItemPolicy).

    Team limits are django-guardian group-object permissions (view_<model>, change_<model>)
    granted to each chosen team's group; set them with workspaces.services.items.set_item_teams.
    """

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    view_access = models.CharField(
        "who can see this", max_length=10, choices=VIEW_ACCESS_CHOICES, default=Access.ANYONE
    )
    change_access = models.CharField(
        "who can change this", max_length=10, choices=CHANGE_ACCESS_CHOICES, default=Access.MEMBERS
    )

    class Meta:
        abstract = True


def title_key(title):
    """The form of a title used to compare titles: whitespace collapsed, case ignored."""
    return " ".join((title or "").split()).lower()


class TitleKeyMixin:
    """For models with `title` and `title_key` fields: keeps title_key in step on every save
    (titles unique "in one folder" or "in one parent" are compared by it)."""

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_key"}
        super().save(*args, **kwargs)
