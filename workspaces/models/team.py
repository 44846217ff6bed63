from django.contrib.auth.models import Group
from django.db import models


class Team(models.Model):
    """A named group of members inside one workspace ("Task force", "Conveyancers").

    Each team owns a Django auth Group: team membership is the group's user set, and item
    restrictions to a team are django-guardian group-object permissions on that group, so
    200,000 members never mean 200,000 permission rows.
    """

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="team_name_unique_in_workspace")]

    def __str__(self):
        return self.name

    @property
    def members(self):
        return self.group.user_set
