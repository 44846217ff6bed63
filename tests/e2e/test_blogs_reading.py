"""Reading the news in a real browser: a contributor opens the News page at 320 pixels, reads a
post (its text, tags and author), comments on it, and follows the post's blog; axe on every page."""

import pytest

from blogs.models import Post
from comments.models import Comment
from notifications.models import Follow
from workspaces.models import Role

from ..blogs.builders import make_blog, make_post
from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROWEST = {"width": 320, "height": 640}


@pytest.fixture
def world():
    workspace = make_workspace(name="River Bathing Review", slug="rivers",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    blog = make_blog(workspace, manager, title="News", description="From the programme team.")
    post = make_post(blog, manager, title="The consultation opens", tags=["consultation", "rivers"],
                     summary="Twelve weeks to tell us what you think.",
                     text="## What we ask\n\n- testing\n- signs\n\nRead [the principles](https://www.gov.uk/).")
    make_post(blog, manager, title="An older post", tags=["rivers"])
    from blogs.social import social_create

    social_create(actor=manager, workspace=workspace, network="linkedin", label="Department for Rivers on LinkedIn",
                  url="https://www.linkedin.com/company/rivers")
    return {"workspace": workspace, "contributor": contributor, "blog": blog, "post": post}


def test_reading_a_post_and_commenting_at_320_pixels(world, new_context, sign_in, visit, submit, follow, shot):
    page = sign_in(new_context(viewport=NARROWEST), world["contributor"]).new_page()
    visit(page, "/w/rivers/blogs/")
    assert page.get_by_role("link", name="Department for Rivers on LinkedIn").get_attribute("rel") == "me noopener"
    shot(page, "blogs-index-320")
    follow(page, "The consultation opens")
    assert page.locator("h1").inner_text() == "The consultation opens"
    assert page.locator(".post-text h2").inner_text() == "What we ask"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_label("Your comment").fill("Will there be drop-in sessions?")
    submit(page, "Add the comment")
    assert Comment.objects.filter(target_id=world["post"].pk, body="Will there be drop-in sessions?").exists()
    assert "Will there be drop-in sessions?" in page.locator("#comments").inner_text()
    shot(page, "blogs-post-320")

    follow(page, "rivers")  # the tag
    assert "Posts tagged “rivers”" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="An older post").count() == 1

    visit(page, world["blog"].get_absolute_url())
    page.get_by_role("button", name="Follow News").click()  # htmx swaps the button in place
    page.get_by_role("button", name="Following News: stop following").wait_for()
    assert Follow.objects.filter(user=world["contributor"], target_id=world["blog"].pk).exists()
    assert Post.objects.count() == 2
