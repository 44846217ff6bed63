"""What the comments app adds to pages it does not own (workspaces.registry.ItemPanel): the
thread and its form under every commentable item ({% item_panels item "comments" %})."""

from django.contrib.contenttypes.models import ContentType

from workspaces.lib.pagination import paginate
from workspaces.permissions import access_for, can

from . import selectors, services
from .forms import CommentForm
from .models import Comment
from .policies import commentable_models, perm_on


def thread_panel(request, item):
    if type(item) not in commentable_models():
        return None
    user, access = request.user, access_for(request.user, item.workspace)
    page = paginate(request, selectors.thread(user, item, access), param="comments")
    page.object_list = selectors.attach_replies(user, item, access, page.object_list)
    declared = services.commentable(item)
    anchored = bool(declared and declared.anchors)
    may_comment = can(user, perm_on(item, "comment"), item) and not getattr(item, "is_deleted", False)
    return {
        "item": item, "workspace": item.workspace, "comments": page, "count": selectors.count_on(user, item, access),
        "type_id": ContentType.objects.get_for_model(item).pk, "anchored": anchored,
        "comment_type_id": ContentType.objects.get_for_model(Comment).pk,  # its report address
        "may_comment": may_comment, "comment_form": CommentForm(anchored=anchored),
        "premoderated": may_comment and services.premoderated(item, user),
        # When the item takes comments ("Comments open until 15 January 2027, 17:00"): a window
        # the tool's policy enforces; its phrase replaces the form while comments are closed.
        "window_phrase": item.window_phrase() if declared and declared.window and not getattr(
            item, "is_deleted", False) else "",
        "moderator": access.has("moderate"),
    }

