"""The test tool's Repliable.post: a reply to a note is kept in POSTED (thread-safe enough for
the SMTP tests, whose server stores and posts in another thread); a withdrawn note is "locked"."""

from django.core.exceptions import ValidationError

POSTED = []


def post_reply(*, actor, target, text, message_id):
    if target.status == "withdrawn":
        raise ValidationError("This thread is locked: no new replies.")
    if any(p["message_id"] == message_id for p in POSTED):
        return
    POSTED.append({"actor": actor.pk, "target": target.pk, "text": text, "message_id": message_id})
