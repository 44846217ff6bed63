from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request):
    """The bell's count, for the header: one query, and only when a page shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
