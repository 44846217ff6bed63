from . import can


class WorkspacePermissionBackend:
    """Makes `user.has_perm(perm, obj)` (and so template and admin checks) use the same layer.
    Object-less perms are left to ModelBackend."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or not user_obj.is_active:
            return False
        return can(user_obj, perm, obj)
