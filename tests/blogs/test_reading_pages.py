"""Reading blogs: the News index, a blog, a post (its states, its comments), tags and authors;
who sees what, persona by persona, for every state a post may be in."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from blogs.models import Post, SocialLink
from workspaces.kit.moderation import ModerationStatus
from workspaces.models import Access

from ..builders import make_team
from .builders import make_blog, make_post

pytestmark = pytest.mark.django_db


def url(name, workspace, **kwargs):
    return reverse(f"blogs:{name}", kwargs={"workspace": workspace.slug, **kwargs})


def post_url(post):
    return url("post", post.workspace, blog=post.blog.slug, pk=post.pk)


@pytest.fixture
def news(workspace, manager, contributor):
    blog = make_blog(workspace, manager, title="News", description="From the team.", writers="contributors")
    team = make_team(workspace, "Board", members=[contributor])
    posts = {
        "public": make_post(blog, manager, title="Rivers reopen", tags=["rivers", "summer"],
                            text="## Heading\n\n- one\n- two\n\n[a link](https://example.org)"),
        "draft": make_post(blog, contributor, stage="draft", title="A draft"),
        "scheduled": make_post(blog, manager, stage="scheduled", title="Next week"),
        "unpublished": make_post(blog, manager, stage="unpublished", title="Taken down"),
        "team": make_post(blog, manager, title="Board only", view_access=Access.TEAMS, view_teams=[team]),
        "deleted": make_post(blog, manager, title="Gone"),
        "hidden": make_post(blog, contributor, title="Hidden by a moderator"),
    }
    Post.objects.filter(pk=posts["deleted"].pk).update(is_deleted=True)
    Post.objects.filter(pk=posts["hidden"].pk).update(status=ModerationStatus.HIDDEN)
    return blog, posts


# What each persona gets from each post's page (private workspace, blog open to members).
POST_PAGES = {
    #              reader contributor manager site_admin outsider
    "public":      (200, 200, 200, 200, 404),
    "draft":       (404, 200, 200, 200, 404),  # the contributor wrote it
    "scheduled":   (404, 404, 200, 200, 404),
    "unpublished": (404, 404, 200, 200, 404),
    "team":        (404, 200, 200, 200, 404),  # the contributor is in the team
    "deleted":     (404, 404, 404, 404, 404),  # restoring is the writing part's page
    "hidden":      (404, 200, 200, 200, 404),  # its author and managers
}


@pytest.mark.parametrize("state", sorted(POST_PAGES))
def test_who_sees_each_post(news, personas, as_user, state):
    _, posts = news
    got = tuple(as_user(personas[p]).get(post_url(posts[state])).status_code
                for p in ("reader", "contributor", "manager", "site_admin", "outsider"))
    assert got == POST_PAGES[state]


@pytest.mark.parametrize("state, words", [("draft", "Draft."), ("scheduled", "Scheduled for"),
                                          ("unpublished", "Unpublished."), ("hidden", "Hidden by a moderator.")])
def test_a_post_not_yet_public_says_so_to_whoever_sees_it(news, manager, as_user, state, words):
    _, posts = news
    page = as_user(manager).get(post_url(posts[state])).content.decode()
    assert words in page
    assert "Published " not in page
    assert 'id="comments"' not in page  # no comments before it is public


def test_the_post_page_shows_text_tags_author_and_comments(news, workspace, contributor, manager, as_user):
    _, posts = news
    post = posts["public"]
    response = as_user(contributor).get(post_url(post))
    page = response.content.decode()
    assert "<h2>Heading</h2>" in page and "<li>one</li>" in page
    assert 'href="https://example.org"' in page
    assert f'href="{url("tag", workspace, tag="rivers")}"' in page
    assert f'href="{url("author", workspace, author=manager.pk)}"' in page
    assert "Published <time" in page
    assert 'id="comments"' in page and "Add the comment" in page
    assert "Follow" in page


def test_readers_read_comments_but_do_not_write_them(news, reader, as_user):
    _, posts = news
    page = as_user(reader).get(post_url(posts["public"])).content.decode()
    assert 'id="comments"' in page and "Add the comment" not in page


def test_a_contributor_comments_on_a_public_post(news, workspace, contributor, as_user):
    _, posts = news
    post = posts["public"]
    type_id = ContentType.objects.get_for_model(Post).pk
    client = as_user(contributor)
    response = client.post(reverse("comments:add", args=[workspace.slug, type_id, post.pk]),
                           {"body": "Good to hear it."})
    assert response.status_code == 302
    assert "Good to hear it." in client.get(post_url(post)).content.decode()


def test_comments_closed_by_the_post_or_the_blog(news, contributor, as_user):
    blog, posts = news
    post = posts["public"]
    Post.objects.filter(pk=post.pk).update(comments_open=False)
    page = as_user(contributor).get(post_url(post)).content.decode()
    assert "Comments are closed" in page and "Add the comment" not in page
    Post.objects.filter(pk=post.pk).update(comments_open=True)
    type(blog).objects.filter(pk=blog.pk).update(comments=False)
    page = as_user(contributor).get(post_url(post)).content.decode()
    assert "Comments are closed" in page and "Add the comment" not in page


def test_the_index_lists_public_posts_blogs_and_social_links(news, workspace, contributor, as_user):
    SocialLink.objects.create(workspace=workspace, network="linkedin", label="Rivers on LinkedIn",
                              url="https://www.linkedin.com/company/rivers")
    response = as_user(contributor).get(url("index", workspace))
    page = response.content.decode()
    titles = [post.title for post in response.context["page_obj"].object_list]
    # Lists show what is public only, even to whoever may open a draft.
    assert titles == ["Board only", "Rivers reopen"]
    assert "From the team." in page
    assert '<a href="https://www.linkedin.com/company/rivers" rel="me noopener">Rivers on LinkedIn</a>' in page


def test_the_blog_page_lists_its_posts_and_offers_follow(news, workspace, reader, as_user):
    blog, _ = news
    other = make_blog(workspace, blog.created_by, title="Elsewhere")
    make_post(other, blog.created_by, title="Not in News")
    response = as_user(reader).get(url("blog", workspace, blog=blog.slug))
    assert [p.title for p in response.context["page_obj"].object_list] == ["Rivers reopen"]
    assert "Follow" in response.content.decode()


def test_tag_and_author_pages(news, workspace, manager, contributor, reader, as_user):
    _, posts = news
    client = as_user(reader)
    response = client.get(url("tag", workspace, tag="Rivers"))
    assert [p.title for p in response.context["page_obj"].object_list] == ["Rivers reopen"]
    assert client.get(url("tag", workspace, tag="nothing here")).status_code == 404
    response = client.get(url("author", workspace, author=manager.pk))
    assert [p.title for p in response.context["page_obj"].object_list] == ["Rivers reopen"]
    # The contributor wrote a draft and a hidden post: nothing public here.
    assert client.get(url("author", workspace, author=contributor.pk)).status_code == 404
    assert client.get(url("author", workspace, author=999999)).status_code == 404


def test_a_tag_with_a_slash_has_a_page(workspace, manager, reader, as_user):
    blog = make_blog(workspace, manager)
    make_post(blog, manager, title="Either", tags=["and/or"])
    page = as_user(reader).get(url("index", workspace)).content.decode()
    tag_url = url("tag", workspace, tag="and/or")
    assert f'href="{tag_url}"' in page
    assert as_user(reader).get(tag_url).status_code == 200


def test_lists_are_keyset_pages(workspace, manager, reader, as_user, settings):
    settings.ENGAGE_PAGE_SIZE = 3
    blog = make_blog(workspace, manager)
    now = timezone.now()
    for n in range(7):
        make_post(blog, manager, title=f"Post {n}", at=now - timedelta(days=n))
    client = as_user(reader)
    first = client.get(url("blog", workspace, blog=blog.slug)).context["page_obj"]
    assert [p.title for p in first.object_list] == ["Post 0", "Post 1", "Post 2"] and first.has_next
    second = client.get(url("blog", workspace, blog=blog.slug) + first.next_query).context["page_obj"]
    assert [p.title for p in second.object_list] == ["Post 3", "Post 4", "Post 5"]
    # A cursor no longer in the list: back to the first page.
    response = client.get(url("blog", workspace, blog=blog.slug) + "?after=99999999")
    assert response.status_code == 302


def test_a_scheduled_post_appears_once_its_time_has_come(workspace, manager, reader, as_user):
    blog = make_blog(workspace, manager)
    post = make_post(blog, manager, stage="scheduled", title="Later")
    client = as_user(reader)
    assert client.get(post_url(post)).status_code == 404
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(post_url(post)).status_code == 200
    assert [p.title for p in client.get(url("index", workspace)).context["page_obj"].object_list] == ["Later"]


def test_a_public_workspace_reads_without_signing_in(public_workspace, manager, client):
    blog = make_blog(public_workspace, manager, title="Public news")
    post = make_post(blog, manager, title="Open to all", tags=["open"])
    assert client.get(url("index", public_workspace)).status_code == 200
    page = client.get(post_url(post)).content.decode()
    assert "Open to all" in page and "Add the comment" not in page
    assert client.get(url("tag", public_workspace, tag="open")).status_code == 200
