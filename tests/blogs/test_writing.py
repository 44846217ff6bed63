"""The writing part: setting up blogs, writing posts (bad input refused next to its field, nothing
half-saved, hostile Markdown sanitised, images checked by their content, concurrent edits
noticed), publishing now or at a time (a past time refused), the announcement's reach shown
first and its one email when the post goes public, unpublishing, deleting and restoring."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blogs import services
from blogs.feeds import entry
from blogs.models import Blog, Post, PostState
from notifications.models import Announcement
from workspaces.models import Activity

from ..builders import make_team
from .builders import make_blog, make_post
from .security_writing import tiny_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(workspace, manager):
    return make_blog(workspace, manager, title="News", view_access="members", writers="contributors")


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def url(name, blog, post=None):
    kwargs = {"workspace": blog.workspace.slug, "blog": blog.slug}
    if post is not None:
        kwargs["pk"] = post.pk
    return reverse(f"blogs:{name}", kwargs=kwargs)


def post_data(**extra):
    return {"title": "Rivers reopen", "summary": "Good news.", "text": "The rivers **reopen**.", "tags": "rivers",
            "image_alt": "", "comments_open": "on", "view_access": "members", "change_access": "managers", **extra}


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


# --- Blogs -------------------------------------------------------------------------------------------


def test_a_manager_starts_a_blog_whose_address_avoids_the_fixed_words(as_user, workspace, manager):
    client = as_user(manager)
    response = client.post(reverse("blogs:create", args=[workspace.slug]), {
        "title": "Drafts", "description": "Our drafts", "writers": "contributors", "comments": "on",
        "view_access": "members", "change_access": "managers"})
    blog = Blog.objects.get(workspace=workspace, title="Drafts")
    assert response.status_code == 302 and response["Location"] == blog.get_absolute_url()
    assert blog.slug != "drafts" and blog.slug not in services.RESERVED_SLUGS
    assert Activity.objects.filter(verb="blogs.blog_created", target_id=blog.pk).count() == 1


def test_an_empty_title_is_refused_next_to_it_and_nothing_is_saved(as_user, workspace, manager):
    response = as_user(manager).post(reverse("blogs:create", args=[workspace.slug]), {
        "title": "   ", "description": "Kept", "writers": "managers", "view_access": "members",
        "change_access": "managers"})
    assert response.status_code == 200 and errors_of(response, "title")
    assert "Kept" in response.content.decode()
    assert not Blog.objects.filter(workspace=workspace).exists()


def test_blog_settings_saved_over_another_managers_change_are_noticed(as_user, blog, manager):
    client = as_user(manager)
    form = client.get(url("blog_edit", blog)).context["form"]
    state = form.initial["loaded_state"]
    services.blog_update(actor=manager, blog=blog, title="Renamed meanwhile", writers="managers",
                         loaded_state=state)
    response = client.post(url("blog_edit", blog), {
        "title": "Mine", "description": "", "writers": "contributors", "comments": "on", "view_access": "members",
        "change_access": "managers", "loaded_state": state})
    assert response.status_code == 200 and response.context["changed"] is not None
    assert "Renamed meanwhile" in response.content.decode()
    assert Blog.objects.get(pk=blog.pk).title == "Renamed meanwhile"
    # Saving again (now based on what is saved) is a deliberate choice, and goes through.
    again = response.context["form"].data.copy()
    assert client.post(url("blog_edit", blog), again).status_code == 302
    assert Blog.objects.get(pk=blog.pk).title == "Mine"


def test_a_blog_is_deleted_and_restored_by_managers(as_user, blog, manager, contributor):
    client = as_user(manager)
    assert as_user(contributor).post(url("blog_delete", blog)).status_code == 403
    assert client.post(url("blog_delete", blog)).status_code == 302
    assert Blog.objects.get(pk=blog.pk).is_deleted
    assert blog.title in client.get(reverse("blogs:deleted", args=[blog.workspace.slug])).content.decode()
    assert client.post(url("blog_restore", blog)).status_code == 302
    assert not Blog.objects.get(pk=blog.pk).is_deleted
    verbs = set(Activity.objects.filter(target_id=blog.pk, verb__startswith="blogs.blog_").values_list("verb",
                                                                                                     flat=True))
    assert {"blogs.blog_deleted", "blogs.blog_restored"} <= verbs


# --- Writing posts -----------------------------------------------------------------------------------


def test_a_contributor_writes_a_draft_only_they_and_managers_see(as_user, blog, contributor, reader):
    response = as_user(contributor).post(url("post_create", blog), post_data(tags="Rivers, Open  Data"))
    post = Post.objects.get(blog=blog)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.state == PostState.DRAFT and post.created_by == contributor
    assert post.tag_names == ["open data", "rivers"]
    assert as_user(reader).get(post.get_absolute_url()).status_code == 404
    assert as_user(contributor).get(post.get_absolute_url()).status_code == 200


def test_hostile_markdown_comes_out_sanitised_in_the_post_and_its_preview(as_user, blog, manager):
    hostile = ('<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n<img src=x onerror="alert(3)">\n\n'
               '<iframe src="https://evil.example"></iframe>')
    client = as_user(manager)
    preview = client.post(url("post_create", blog), post_data(text=hostile, preview="1"))
    assert preview.status_code == 200
    assert not Post.objects.exists()
    client.post(url("post_create", blog), post_data(text=hostile))
    post = Post.objects.get(blog=blog)
    for html in (post.html, preview.context["preview"]):
        assert "<script" not in html and "<iframe" not in html and "<img" not in html
        assert 'href="javascript' not in html and "onerror=" not in html.replace("&lt;img src=x onerror=", "")
    assert post.text == hostile  # what was typed is kept as typed


@pytest.mark.parametrize("field, extra", [
    ("title", {"title": "x" * 201}),
    ("tags", {"tags": ", ".join(f"tag {i}" for i in range(11))}),
    ("tags", {"tags": "y" * 41}),
    ("summary", {"summary": "s" * 401}),
])
def test_bad_input_is_refused_next_to_its_field_with_everything_typed_kept(as_user, blog, manager, field, extra):
    response = as_user(manager).post(url("post_create", blog), post_data(text="Words I typed.", **extra))
    assert response.status_code == 200 and errors_of(response, field)
    assert "Words I typed." in response.content.decode()
    assert not Post.objects.exists()


def test_too_many_tags_on_edit_change_nothing(as_user, blog, manager):
    post = make_post(blog, manager, stage="draft", title="Before", tags=["a"])
    response = as_user(manager).post(url("post_edit", blog, post), post_data(
        title="After", loaded_version=str(post.version), tags=", ".join(str(i) for i in range(12))))
    assert response.status_code == 200 and errors_of(response, "tags")
    post.refresh_from_db()
    assert post.title == "Before" and post.tag_names == ["a"] and post.version == 1


def test_a_file_that_is_not_an_image_is_refused_by_its_content(as_user, blog, manager):
    fake = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = as_user(manager).post(url("post_create", blog), {**post_data(image_alt="A photo"), "image": fake})
    assert response.status_code == 200 and errors_of(response, "image")
    assert not Post.objects.exists()
    pdf = SimpleUploadedFile("photo.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
                             content_type="application/pdf")
    response = as_user(manager).post(url("post_create", blog), {**post_data(image_alt="A photo"), "image": pdf})
    assert errors_of(response, "image") and not Post.objects.exists()


def test_an_image_needs_its_description_and_is_served_with_safe_headers(as_user, blog, manager, reader):
    client = as_user(manager)
    image = SimpleUploadedFile("river.png", tiny_png(), content_type="image/png")
    response = client.post(url("post_create", blog), {**post_data(), "image": image})
    assert errors_of(response, "image_alt") and not Post.objects.exists()
    image = SimpleUploadedFile("river.png", tiny_png(), content_type="image/png")
    client.post(url("post_create", blog), {**post_data(image_alt="The river at dawn"), "image": image})
    post = Post.objects.get(blog=blog)
    assert post.image and post.image_alt == "The river at dawn"
    served = client.get(url("image", blog, post))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff" and "sandbox" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content) == tiny_png()
    assert as_user(reader).get(url("image", blog, post)).status_code == 404  # a draft's image: not seen
    services.post_publish(actor=manager, post=post)
    assert as_user(reader).get(url("image", blog, post)).status_code == 200


def test_a_concurrent_edit_is_detected_and_nothing_is_overwritten(as_user, blog, manager, contributor):
    post = make_post(blog, manager, text="First text.", change_access="members")
    loaded = str(post.version)
    assert as_user(contributor).post(url("post_edit", blog, post),
                                     post_data(text="Contributor's text.", loaded_version=loaded)).status_code == 302
    response = as_user(manager).post(url("post_edit", blog, post), post_data(text="Manager's text.",
                                                                                loaded_version=loaded))
    assert response.status_code == 200 and response.context["changed"] is not None
    page = response.content.decode()
    assert "Contributor&#x27;s text." in page and "Manager&#x27;s text." in page  # theirs shown, mine kept
    assert Post.objects.get(pk=post.pk).text == "Contributor's text."
    # Saving again, now based on the current version, is deliberate and goes through.
    again = response.context["form"].data.copy()
    assert as_user(manager).post(url("post_edit", blog, post), again).status_code == 302
    assert Post.objects.get(pk=post.pk).text == "Manager's text."


def test_an_edit_of_a_post_deleted_meanwhile_keeps_the_text(as_user, blog, manager):
    post = make_post(blog, manager, stage="draft")
    services.post_delete(actor=manager, post=post)
    response = as_user(manager).post(url("post_edit", blog, post), post_data(text="Unsaved words.",
                                                                                loaded_version="1"))
    assert response.status_code == 200 and "Unsaved words." in response.content.decode()


def test_editing_a_published_post_moves_its_feed_entrys_updated_time(as_user, blog, manager):
    post = make_post(blog, manager, at=timezone.now() - timedelta(days=3))
    before = entry(Post.objects.get(pk=post.pk)).updated
    response = as_user(manager).post(url("post_edit", blog, post), post_data(title="Corrected",
                                                                                loaded_version=str(post.version)))
    assert response.status_code == 302
    post = Post.objects.get(pk=post.pk)
    assert post.title == "Corrected" and post.is_public()
    assert entry(post).updated > before
    assert Activity.objects.filter(verb="blogs.post_updated", target_id=post.pk).exists()


# --- Publishing --------------------------------------------------------------------------------------


def test_the_publish_step_previews_the_post_and_publishes_it_now(as_user, blog, manager):
    post = make_post(blog, manager, stage="draft", text="Hello **readers**")
    client = as_user(manager)
    page = client.get(url("post_publish", blog, post)).content.decode()
    assert "As readers will see it" in page and "<strong>readers</strong>" in page
    response = client.post(url("post_publish", blog, post), {"when": "now", "announce": "nobody"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_public() and post.published_by == manager
    assert Activity.objects.filter(verb="blogs.post_published", target_id=post.pk).count() == 1


def test_a_time_in_the_past_is_refused_next_to_the_date(as_user, blog, manager):
    post = make_post(blog, manager, stage="draft")
    past = timezone.localtime() - timedelta(hours=2)
    response = as_user(manager).post(url("post_publish", blog, post), {
        "when": "later", "publish_on": past.date().isoformat(), "publish_time": past.strftime("%H:%M"),
        "announce": "nobody"})
    assert response.status_code == 200 and errors_of(response, "publish_on")
    assert "future" in " ".join(errors_of(response, "publish_on"))
    assert Post.objects.get(pk=post.pk).state == PostState.DRAFT


def test_a_missing_time_is_refused_next_to_it(as_user, blog, manager):
    post = make_post(blog, manager, stage="draft")
    response = as_user(manager).post(url("post_publish", blog, post), {
        "when": "later", "publish_on": "2099-01-01", "publish_time": "", "announce": "nobody"})
    assert errors_of(response, "publish_time") and Post.objects.get(pk=post.pk).state == PostState.DRAFT


def test_a_scheduled_post_is_rescheduled_or_taken_back_to_a_draft(as_user, blog, manager, reader):
    post = make_post(blog, manager, stage="draft")
    client = as_user(manager)
    later = timezone.localtime() + timedelta(days=2)
    client.post(url("post_publish", blog, post), {"when": "later", "publish_on": later.date().isoformat(),
                                                  "publish_time": "09:30", "announce": "nobody"})
    post.refresh_from_db()
    assert post.is_scheduled() and timezone.localtime(post.published_at).strftime("%H:%M") == "09:30"
    assert as_user(reader).get(post.get_absolute_url()).status_code == 404
    even_later = later + timedelta(days=1)
    client.post(url("post_publish", blog, post), {"when": "later", "publish_on": even_later.date().isoformat(),
                                                  "publish_time": "10:00", "announce": "nobody"})
    post.refresh_from_db()
    assert timezone.localtime(post.published_at).date() == even_later.date()
    page = client.get(url("post_unpublish", blog, post)).content.decode()
    assert "back to a draft" in page
    client.post(url("post_unpublish", blog, post))
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and post.published_at is None
    assert services.publish_due(now=timezone.now() + timedelta(days=5)) == 0
    assert not Activity.objects.filter(verb="blogs.post_published", target_id=post.pk).exists()


def test_unpublishing_warns_that_copies_stay_and_takes_the_post_out_of_feeds(as_user, blog, manager, reader):
    post = make_post(blog, manager)
    client = as_user(manager)
    page = client.get(url("post_unpublish", blog, post)).content.decode()
    assert ("Feed readers and email may already have this post; unpublishing removes it from Engage and its feeds, "
            "not from copies people already have.") in page
    assert client.post(url("post_unpublish", blog, post)).status_code == 302
    assert Post.objects.get(pk=post.pk).state == PostState.UNPUBLISHED
    assert as_user(reader).get(post.get_absolute_url()).status_code == 404
    # Published again, it keeps its place and nobody is told twice.
    services.post_publish(actor=manager, post=Post.objects.get(pk=post.pk))
    again = Post.objects.get(pk=post.pk)
    assert again.published_at == post.published_at
    assert Activity.objects.filter(verb="blogs.post_published", target_id=post.pk).count() == 1


def test_a_contributor_publishes_their_own_post_but_emails_nobody(as_user, blog, contributor):
    post = make_post(blog, contributor, stage="draft")
    client = as_user(contributor)
    form = client.get(url("post_publish", blog, post)).context["form"]
    assert "announce" not in form.fields  # emailing members is the managers'
    assert client.post(url("post_publish", blog, post), {"when": "now", "announce": "members"}).status_code == 302
    post.refresh_from_db()
    assert post.is_public() and post.announce == Post.Announce.NOBODY
    assert not Announcement.objects.exists()


# --- The announcement --------------------------------------------------------------------------------


def test_the_reach_is_shown_before_publishing_and_one_email_goes(as_user, blog, workspace, manager, contributor,
                                                                  reader, commits):
    post = make_post(blog, manager, stage="draft", title="Big news")
    client = as_user(manager)
    page = client.get(url("post_publish", blog, post))
    members = page.context["members_reach"]
    assert members == 3  # manager, contributor, reader: the draft counted as if public
    step = client.post(url("post_publish", blog, post), {"when": "now", "announce": "members"})
    assert step.status_code == 200 and step.context["confirming"] and step.context["reach"] == 3
    assert "3 people" in step.content.decode()
    assert Post.objects.get(pk=post.pk).state == PostState.DRAFT  # nothing yet
    with commits():
        done = client.post(url("post_publish", blog, post), {"when": "now", "announce": "members", "confirm": "yes"})
    assert done.status_code == 302
    post.refresh_from_db()
    assert post.is_public() and post.announced_at is not None
    assert Announcement.objects.filter(target_id=post.pk).count() == 1
    emailed = {address for message in mail.outbox for address in message.to}
    assert {manager.email, contributor.email, reader.email} <= emailed
    assert services.publish_due(now=timezone.now() + timedelta(days=1)) == 0
    assert Announcement.objects.filter(target_id=post.pk).count() == 1


def test_a_scheduled_announcement_goes_once_when_the_post_goes_public(as_user, blog, workspace, manager,
                                                                       contributor, reader, commits):
    team = make_team(workspace, "Board", members=[contributor])
    post = make_post(blog, manager, stage="draft")
    client = as_user(manager)
    later = timezone.localtime() + timedelta(days=1)
    data = {"when": "later", "publish_on": later.date().isoformat(), "publish_time": later.strftime("%H:%M"),
            "announce": "teams", "announce_teams": [team.pk]}
    step = client.post(url("post_publish", blog, post), data)
    assert step.context["reach"] == 1
    assert client.post(url("post_publish", blog, post), {**data, "confirm": "yes"}).status_code == 302
    assert not Announcement.objects.exists()
    assert services.publish_due() == 0
    # Its time comes (as if a day had passed: who may see it is decided at that moment).
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    with commits():
        assert services.publish_due() == 1
        assert services.publish_due() == 0
    announcement = Announcement.objects.get(target_id=post.pk)
    assert list(announcement.teams.all()) == [team]
    emailed = {address for message in mail.outbox for address in message.to}
    assert contributor.email in emailed and reader.email not in emailed


def test_choosing_teams_without_a_team_is_refused_next_to_it(as_user, blog, workspace, manager):
    make_team(workspace, "Board")
    post = make_post(blog, manager, stage="draft")
    response = as_user(manager).post(url("post_publish", blog, post), {"when": "now", "announce": "teams"})
    assert errors_of(response, "announce_teams") and Post.objects.get(pk=post.pk).state == PostState.DRAFT


# --- Deleting and restoring posts --------------------------------------------------------------------


def test_a_post_is_deleted_and_restored_by_managers(as_user, blog, manager, reader):
    post = make_post(blog, manager)
    client = as_user(manager)
    assert client.post(url("post_delete", blog, post)).status_code == 302
    assert Post.objects.get(pk=post.pk).is_deleted
    assert as_user(reader).get(post.get_absolute_url()).status_code == 404
    assert post.title in client.get(reverse("blogs:deleted", args=[blog.workspace.slug])).content.decode()
    assert client.post(url("post_restore", blog, post)).status_code == 302
    assert not Post.objects.get(pk=post.pk).is_deleted


# --- Drafts and scheduled: bounded queries -----------------------------------------------------------


def _add_drafts(blog, authors, count):
    for i in range(count):
        make_post(blog, authors[i % len(authors)], stage=("draft", "scheduled", "unpublished")[i % 3],
                  tags=[f"t{i % 4}"])


@pytest.mark.parametrize("persona", ["manager", "contributor"])
def test_the_drafts_list_costs_the_same_queries_at_two_sizes(as_user, blog, manager, contributor, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user({"manager": manager, "contributor": contributor}[persona])

    def count():
        client.get(url("drafts", blog))  # warm what the header caches (counts that the new drafts' activity moved)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("drafts", blog))
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page_obj"].object_list)

    _add_drafts(blog, [manager, contributor], 4)
    small, small_rows = count()
    _add_drafts(blog, [manager, contributor], 30)
    large, large_rows = count()
    assert large <= 14
    assert large_rows > small_rows
    assert small == large, f"{small} queries for 4 drafts but {large} for 34"


def test_the_drafts_list_shows_ones_own_and_managers_everyones(as_user, blog, manager, contributor):
    mine = make_post(blog, contributor, stage="draft", title="Mine")
    theirs = make_post(blog, manager, stage="scheduled", title="The manager's")
    public = make_post(blog, manager, title="Already public")
    as_contributor = as_user(contributor).get(url("drafts", blog)).context["page_obj"].object_list
    as_manager = as_user(manager).get(url("drafts", blog)).context["page_obj"].object_list
    assert [p.pk for p in as_contributor] == [mine.pk]
    assert {p.pk for p in as_manager} == {mine.pk, theirs.pk}
    assert public.pk not in {p.pk for p in as_manager}
