"""The forum's forms: refusals next to the field with the text kept, a refused reply keeps its
text, a double-submitted form is one post, quoting, previews, hostile text made inert."""

import pytest

from forums.models import MAX_BODY_LENGTH, Post, Thread

from ..links.builders import html_elements
from ..links.test_hostile import HOSTILE_NOTE, assert_inert
from .builders import fresh, thread_url, url


def _reply(client, thread, text, **extra):
    return client.post(thread_url(thread), {"text": text, "client_key": extra.pop("client_key", ""), **extra})


@pytest.mark.parametrize("text, message", [("", "Write something before posting."),
                                           ("x" * (MAX_BODY_LENGTH + 1), "too long")])
def test_an_empty_or_oversized_reply_is_refused_next_to_the_box_with_its_text(as_user, thread, contributor, text,
                                                                              message):
    response = _reply(as_user(contributor), thread, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_text_error"' in page and message in page
    if text:
        assert text in page  # nothing typed is lost
    assert fresh(thread).next_number == 2


def test_a_reply_to_a_thread_locked_meanwhile_keeps_its_text(as_user, thread, contributor):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    response = _reply(as_user(contributor), thread, "My careful answer, written for an hour.")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This thread is locked" in page and "My careful answer, written for an hour." in page
    assert not Post.objects.filter(thread=thread, number=2).exists()


def test_a_reply_goes_to_its_post_and_the_form_sent_twice_is_one_post(as_user, thread, contributor):
    client = as_user(contributor)
    first = _reply(client, thread, "Counting on it.", client_key="abc123")
    assert first.status_code == 302 and first["Location"].endswith("/post/2/")
    again = _reply(client, thread, "Counting on it.", client_key="abc123")
    assert again["Location"] == first["Location"]
    assert Post.objects.filter(thread=thread).count() == 2


def test_quoting_a_post_prefills_the_reply_attributed_and_linked(as_user, thread, manager):
    page = as_user(manager).get(thread_url(thread, quote=1)).content.decode()
    assert "&gt; **Chris Contributor** wrote in [post 1](/w/" in page
    assert "&gt; Which dates suit everyone?" in page
    assert 'name="reply_to" value="1"' in page
    response = as_user(manager).post(thread_url(thread), {
        "text": "> **Chris Contributor** wrote in [post 1](/x):\n> Which dates?\n\nThe 12th.", "reply_to": "1"})
    post = Post.objects.get(thread=thread, number=2)
    assert response.status_code == 302 and post.reply_to_number == 1
    page = as_user(manager).get(thread_url(thread)).content.decode()
    assert "Post 2, in reply to post 1" in page and "<blockquote>" in page


def test_a_preview_saves_nothing_and_shows_the_text(as_user, thread, contributor):
    response = as_user(contributor).post(thread_url(thread), {"text": "**Bold** idea", "preview": "1"})
    assert response.status_code == 200
    assert "<strong>Bold</strong> idea" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1
    partial = as_user(contributor).post(thread_url(thread), {"text": "**Bold**", "preview": "1"},
                                        headers={"HX-Request": "true"})
    assert "<strong>Bold</strong>" in partial.content.decode() and "<html" not in partial.content.decode()


def test_a_new_thread_needs_a_title_and_a_first_post(as_user, board, contributor):
    client = as_user(contributor)
    address = url("thread_create", board.workspace, pk=board.pk)
    page = client.post(address, {"title": "  ", "text": "Kept text."}).content.decode()
    assert "Give the thread a title." in page and "Kept text." in page
    response = client.post(address, {"title": "Venues", "text": "Where shall we meet?"})
    thread = Thread.objects.get(title="Venues")
    assert response["Location"] == thread.get_absolute_url()


def test_editing_ones_post_keeps_the_history_for_the_author_and_moderators(as_user, thread, contributor, manager,
                                                                          reader):
    address = url("post_edit", thread.workspace, pk=thread.pk, number=1)
    response = as_user(contributor).post(address, {"text": "Which dates suit you?"})
    assert response.status_code == 302
    history = url("post_history", thread.workspace, pk=thread.pk, number=1)
    assert "Which dates suit everyone?" in as_user(manager).get(history).content.decode()
    assert as_user(reader).get(history).status_code == 403
    page = as_user(reader).get(thread_url(thread)).content.decode()
    assert "· edited" in page and "History of post 1" not in page
    assert "History of post 1" in as_user(contributor).get(thread_url(thread)).content.decode()


def test_removing_ones_post_shows_it_removed_in_its_place(as_user, thread, contributor, reader):
    response = as_user(contributor).post(url("post_remove", thread.workspace, pk=thread.pk, number=1))
    assert response.status_code == 302
    page = as_user(reader).get(thread_url(thread)).content.decode()
    assert "Post 1 (unread, removed)" in page and "Removed by its author." in page
    assert "Which dates suit everyone?" not in page


def test_hostile_titles_and_posts_are_inert(as_user, board, contributor):
    client = as_user(contributor)
    client.post(url("thread_create", board.workspace, pk=board.pk),
                {"title": "<script>alert('t')</script><img src=x onerror=alert(5)>", "text": HOSTILE_NOTE})
    thread = Thread.objects.get()
    _reply(client, thread, HOSTILE_NOTE + "\n\nagain")
    for address in (thread_url(thread), url("board", board.workspace, pk=board.pk), url("index", board.workspace),
                    url("new_for_me", board.workspace), thread_url(thread, quote=2)):
        html = client.get(address).content.decode()
        assert_inert(html)
        assert "<script>alert" not in html
    assert_inert(Post.objects.get(thread=thread, number=1).body_html)


def test_every_post_is_an_article_with_a_heading_and_unique_action_labels(as_user, thread, manager, contributor):
    _reply(as_user(manager), thread, "Second.", reply_to="1")
    html = as_user(contributor).get(thread_url(thread)).content.decode()
    articles = [attrs for tag, attrs in html_elements(html) if tag == "article" and "forum-post" in attrs.get(
        "class", "")]
    assert [a["id"] for a in articles] == ["post-1", "post-2"]
    for label in ("Reply to post 1", "Quote post 1", "Edit post 1", "Reply to post 2", "Quote post 2"):
        assert html.count(f">{label}<") == 1, label
    assert "Go to post 1<span class=\"visually-hidden\">, which post 2 answers</span>" in html
