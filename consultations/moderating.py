"""The moderation queue's hook (Moderatable(changed=...)): after a moderator hid, showed again or
approved a comment. The analysis part keeps what follows (counters)."""


def comment_moderated(item, before_status, actor):
    """Called by the moderation app in its transaction. Nothing to keep yet."""
