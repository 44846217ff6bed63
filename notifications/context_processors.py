from django.utils.functional import SimpleLazyObject

from .bell import bell_count


def unread(request):
    """The bell's count, for the header: only when a page shows the bell, and from the cache
    (no query) when nothing changed since it was counted (bell.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: bell_count(user))}
