"""Comments on a tool's items come from the comments app (a horizontal app the tools never
import): a tool declares what may be commented on (Tool(commentable=(Commentable("app.Model"),)),
its policy decides the `comment` action, and its item page shows the thread with
`{% item_panels item "comments" %}`. The one write a tool may need itself (demo data, an import)
is this."""

from .. import registry


def add_comment(*, actor, item, body, quote="", parent=None):
    """Comment on `item` as `actor` (checks are the caller's), as the comments app does for a
    person posting the form: moderation, activity and notifications included."""
    return registry.service("comments.add")(actor=actor, item=item, body=body, quote=quote, parent=parent)
