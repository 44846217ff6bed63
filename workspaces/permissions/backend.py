from . import can


class WorkspacePermissionBackend:
    """Makes `user.has_perm(perm, obj)` (and so template and admin checks) use the same layer.
    Object-less perms are left to ModelBackend."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        # No is_active test here: an anonymous visitor is "inactive" yet may read a public
        # workspace, and can() already refuses deactivated accounts.
        if obj is None:
            return False
        return can(user_obj, perm, obj)
