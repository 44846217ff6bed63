"""Following, the tools' side: people follow items through the notifications app (the Follow
button beside an item's title; NotifyRule(follow=True) on a verb), and a tool that filters a
list to "what I follow" asks here, never importing that app.

    threads = followed_by(request.user, threads)     # the rows of `threads` the person follows
"""

from .. import registry


def followed_by(user, queryset):
    """The rows of `queryset` that `user` follows (none for someone signed out, or when no app
    keeps follows). One subquery, no query of its own."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    try:
        ids = registry.service("notifications.followed_ids")(user=user, model=queryset.model)
    except LookupError:
        return queryset.none()
    return queryset.filter(pk__in=ids)
