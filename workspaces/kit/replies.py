"""Reply by email, for tools (the core's workspaces.mail.replies does the work).

Declare the model in Tool(repliable=(Repliable("forums.Thread", perm="forums.reply_thread",
post="forums.services.post_reply_by_email"),)); notification emails about activity on it then
carry each recipient's own Reply-To address by themselves. A tool that sends a mail of its own
about the item asks for the address here:

    address = reply_address(user, thread)   # None when replying by email is off
"""

from django.contrib.contenttypes.models import ContentType

from ..mail import replies


def reply_address(user, target):
    """`user`'s signed reply address for `target` ("reply+<token>@<ENGAGE_REPLY_DOMAIN>"), or
    None when no reply domain is set, `target`'s model is not declared Repliable, or `user` may
    not post there (the Repliable's perm)."""
    content_type = ContentType.objects.get_for_model(target)
    return replies.address_for(user, content_type.pk, target.pk, target=target)


__all__ = ["reply_address"]
