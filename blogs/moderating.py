"""The moderation queue's hook (Moderatable(changed=...)): a post a moderator hid is no longer
public (policies.public_q reads its moderation status), so pages, lists and feeds leave it out
at once; nothing is counted, so there is nothing to keep here."""


def post_moderated(item, before_status, actor):
    return None
