"""The moderation queue's hook (Moderatable(changed=...)): after a moderator hid, showed again or
approved a comment.

The counters (Consultation.response_count/comment_count, Section.comment_count) count comments
*received*: a hidden comment was still said, analysts still read and code it (hidden only from
other participants), and the published totals say how many responses were received. So hiding
or showing a comment changes no counter, and there is nothing to keep here.

The respondent is told when a comment is hidden, and why, by the moderation app itself
(moderation.services._tell_author: an activity addressed to the comment's author, with the
reason); an offline comment has no author to tell (tests/consultations/test_analysis_views.py)."""


def comment_moderated(item, before_status, actor):
    """Called by the moderation app in its transaction: counts are of comments received, so a
    moderator's decision changes none of them."""
    return None
