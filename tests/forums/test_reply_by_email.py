"""Replies by email (registry.Repliable): the inbound service calls forums.services.reply_by_email
once it has checked the token and the sender; the forums apply the web's checks, refuse with a
plain message for the sender, and post a mail that arrives twice once."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from forums.models import Post, Thread
from workspaces import registry
from workspaces.permissions import can

from .builders import fresh


def _declared():
    return registry.repliables()["forums.Thread"]


def test_threads_are_declared_repliable(db):
    declared = _declared()
    assert (declared.perm, declared.post) == ("forums.reply_thread", "forums.services.reply_by_email")


def test_a_reply_by_email_is_posted_as_its_sender(thread, manager):
    post = import_string(_declared().post)(actor=manager, target=thread, text="Sent from my phone.",
                                           message_id="<abc@mail.example>")
    assert (post.number, post.author, post.body, post.message_id) == (2, manager, "Sent from my phone.",
                                                                      "<abc@mail.example>")
    assert fresh(thread).post_count == 1


def test_the_same_mail_twice_is_one_post(thread, manager):
    reply = import_string(_declared().post)
    first = reply(actor=manager, target=thread, text="Once.", message_id="<same@mail.example>")
    again = reply(actor=manager, target=thread, text="Once.", message_id="<same@mail.example>")
    assert first.pk == again.pk and Post.objects.filter(thread=thread).count() == 2


@pytest.mark.parametrize("change, message", [
    ({"is_locked": True}, "locked"),
    ({"is_deleted": True}, "gone"),
])
def test_a_reply_to_a_locked_or_deleted_thread_is_refused_plainly(thread, contributor, change, message):
    Thread.objects.filter(pk=thread.pk).update(**change)
    with pytest.raises(ValidationError) as refused:
        import_string(_declared().post)(actor=contributor, target=fresh(thread), text="Hi.", message_id="<x@y>")
    assert message in refused.value.messages[0] and not hasattr(refused.value, "error_dict")


def test_someone_who_may_no_longer_post_is_refused(thread, reader):
    assert not can(reader, _declared().perm, thread)
    with pytest.raises(ValidationError, match="Readers"):
        import_string(_declared().post)(actor=reader, target=thread, text="Hi.", message_id="<r@y>")


def test_an_empty_mail_is_refused_plainly(thread, contributor):
    with pytest.raises(ValidationError, match="Write something"):
        import_string(_declared().post)(actor=contributor, target=thread, text="  ", message_id="<e@y>")
