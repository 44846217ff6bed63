"""No reply is lost (workspaces.kit.drafts): the reply box keeps a draft as one types and offers
it back; a refused reply leaves one; a reply sent after the session expired comes back in the
box after signing in, for the person to press "Post reply"."""

from django.test import Client
from django.urls import reverse

from forums.models import Post, Thread
from workspaces.models import Draft

from ..wikis.test_drafts import HTMX, _sign_in_and_follow, token_in
from .builders import thread_url, url


def test_the_reply_box_keeps_a_draft_and_offers_it_back(as_user, thread, contributor):
    client = as_user(contributor)
    html = client.get(thread_url(thread)).content.decode()
    saved = client.post(reverse("draft_save"), {"draft": token_in(html), "text": "Half a thought"}, **HTMX)
    assert saved.status_code == 200
    html = client.get(thread_url(thread)).content.decode()
    assert "You have an unsaved draft from" in html and "Half a thought</textarea>" in html
    client.post(thread_url(thread), {"text": "A whole thought."})
    assert not Draft.objects.filter(user=contributor).exists()  # posted: the draft has done its job


def test_a_refused_reply_leaves_a_draft(as_user, thread, contributor):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    as_user(contributor).post(thread_url(thread), {"text": "Kept for later."})
    assert Draft.objects.get(user=contributor).text == "Kept for later."


def test_a_reply_sent_after_the_session_expired_comes_back_after_signing_in(thread, contributor, password):
    client = Client()  # signed out while writing
    response = client.post(thread_url(thread), {"text": "An hour of careful writing.", "reply_to": "1"})
    assert not Post.objects.filter(thread=thread, number=2).exists()
    response = _sign_in_and_follow(client, response, contributor.email, password)
    html = response.content.decode()
    assert "You were signed out before this could be saved." in html
    assert "An hour of careful writing.</textarea>" in html and 'name="reply_to" value="1"' in html


def test_a_new_thread_sent_after_the_session_expired_comes_back_after_signing_in(board, contributor, password):
    client = Client()
    response = client.post(url("thread_create", board.workspace, pk=board.pk),
                           {"title": "Venues", "text": "Leeds or Bristol?"})
    response = _sign_in_and_follow(client, response, contributor.email, password)
    html = response.content.decode()
    assert 'value="Venues"' in html and "Leeds or Bristol?</textarea>" in html
