from .builders import make_replies, thread_url, url


def test_pages_render(as_user, workspace, board, thread, contributor, manager):
    make_replies(thread, [manager, contributor], 3)
    client = as_user(contributor)
    for address in (url("index", workspace), url("board", workspace, pk=board.pk), thread_url(thread),
                    url("new_for_me", workspace), url("thread_create", workspace, pk=board.pk)):
        response = client.get(address)
        assert response.status_code == 200, address
    response = client.get(thread_url(thread))
    assert b"Post 2, in reply to" not in response.content
    assert b"Reply to post 2" in response.content
