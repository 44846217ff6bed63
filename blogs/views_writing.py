"""Writing: setting up blogs (new, settings, delete, restore), their drafts and scheduled posts,
the post editor (drafts kept, preview, an image checked by its content, no edit lost to another's
save), the "Publish" step (now or at a time, whom to email, the reach shown first), unpublishing,
deleting and restoring posts, and a post's image.

Every view: @workspace_view, then the blog and post through the selectors (require() with the
policy's action); writes go through services."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.forms import add_service_error
from workspaces.kit.services import ChangedMeanwhile, loaded_state
from workspaces.kit.views import (
    EditorPage,
    attempt,
    changed_form,
    confirmed,
    crumbs,
    editing,
    limit_upload_size,
    tool_url,
    workspace_view,
)
from workspaces.lib import files
from workspaces.lib.markdown import render_markdown
from workspaces.lib.pagination import paginate
from workspaces.permissions import can, visible

from . import selectors, services
from .forms import IMAGE_MAX_BYTES, BlogForm, PostForm, PublishForm
from .models import MAX_TEXT_LENGTH, Blog, Post, PostState
from .policies import public_q

IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
               "webp": "image/webp"}
ANNOUNCE = "notifications.announce_workspace"  # emailing members: the notifications app's rule


def _render(request, text):
    return mark_safe(render_markdown(text))  # noqa: S308 (sanitised by the one renderer)


POSTS = EditorPage(
    noun="post", prefix="post", text_class="post-text", max_length=MAX_TEXT_LENGTH, render=_render,
    created="Draft “{item.title}” saved. Publish it when it is ready: until then only you and the managers see it.",
    saved="Post “{item.title}” saved.", history="The post's activity", check=services.check_text,
)


def _blog_url(blog, name):
    return reverse(f"blogs:{name}", kwargs={"workspace": blog.workspace.slug, "blog": blog.slug})


def _post_url(post, name):
    return reverse(f"blogs:{name}", kwargs={"workspace": post.workspace.slug, "blog": post.blog.slug, "pk": post.pk})


def _blog_crumbs(request, blog, *trail):
    return crumbs(request, (blog.title, blog.get_absolute_url()), *trail)


def _post_crumbs(request, post, *trail):
    return crumbs(request, (post.blog.title, post.blog.get_absolute_url()), (post.title, post.get_absolute_url()),
                  *trail)


def _confirm(request, *, heading, consequences, button, act, done, done_url, cancel_url, trail, danger=True,
             warning=""):
    ok, problem = confirmed(request, act)
    if ok:
        messages.success(request, done)
        return redirect(done_url)
    return render(request, "blogs/writing/confirm.html", {
        "workspace": request.workspace, "heading": heading, "consequences": consequences, "button": button,
        "warning": warning, "problem": problem, "danger": danger, "cancel_url": cancel_url, "crumbs": trail,
    })


# --- Blogs -----------------------------------------------------------------------------------------


@workspace_view("blogs.create_blog")
@keeps_text
def create(request):
    workspace = request.workspace
    form = kept_form(request, lambda data=None, **kwargs: BlogForm(data, workspace=workspace, **kwargs),
                     initial={"view_access": "members", "change_access": "managers"})
    if request.method == "POST" and form.is_valid():
        blog = attempt(form, lambda: services.blog_create(actor=request.user, workspace=workspace,
                                                          **form.service_kwargs()))
        if blog is not None:
            messages.success(request, f"Blog “{blog.title}” started. Write its first post.")
            return redirect(blog)
    return render(request, "blogs/writing/blog_form.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New blog", "")),
    })


@workspace_view("blogs.create_blog")
@keeps_text
def blog_edit(request, blog):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog, perm="blogs.change_blog")

    def make_form(data=None, current=None, **kwargs):
        # A copy: validating a ModelForm changes its instance, and the page shows what is saved.
        return BlogForm(data, instance=copy(current or found), workspace=workspace, **kwargs)

    form = kept_form(request, make_form) if request.method != "POST" else make_form(request.POST)
    changed = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = attempt(form, lambda: services.blog_update(
                actor=request.user, blog=found, loaded_state=form.cleaned_data.get("loaded_state", ""),
                **form.service_kwargs()))
        except ChangedMeanwhile as exc:
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="the blog's settings")
        if saved is not None:
            messages.success(request, f"Settings of “{saved.title}” saved.")
            return redirect(saved)
    return render(request, "blogs/writing/blog_form.html", {
        "workspace": workspace, "blog": found, "form": form, "changed": changed,
        "cancel_url": found.get_absolute_url(), "crumbs": _blog_crumbs(request, found, ("Settings", "")),
    })


@workspace_view("blogs.create_blog")
def blog_delete(request, blog):
    found = selectors.get_blog(request.user, request.workspace, blog, perm="blogs.delete_blog")
    return _confirm(
        request, heading=f"Delete the blog “{found.title}”?",
        consequences="It and its posts disappear from the workspace and from its feeds. Managers can restore it "
                     "from “Deleted blogs and posts”.",
        button="Delete the blog", act=lambda: services.blog_delete(actor=request.user, blog=found),
        done=f"Blog “{found.title}” deleted.", done_url=tool_url(request), cancel_url=found.get_absolute_url(),
        trail=_blog_crumbs(request, found, ("Delete", "")))


@workspace_view("blogs.create_blog")
def blog_restore(request, blog):
    found = selectors.get_blog(request.user, request.workspace, blog, perm="blogs.delete_blog", deleted="show")
    if not found.is_deleted:
        messages.info(request, f"“{found.title}” is not deleted.")
        return redirect(found)
    return _confirm(
        request, heading=f"Restore the blog “{found.title}”?",
        consequences="It comes back with its posts as they were when it was deleted.", button="Restore the blog",
        act=lambda: services.blog_restore(actor=request.user, blog=found), done=f"Blog “{found.title}” restored.",
        done_url=found.get_absolute_url(), cancel_url=tool_url(request, "deleted"), danger=False,
        trail=crumbs(request, ("Deleted blogs and posts", tool_url(request, "deleted")), (found.title, "")))


@workspace_view("blogs.create_blog")
def deleted(request):
    """Deleted blogs and posts, for managers to restore."""
    workspace = request.workspace
    blogs = list(visible(request.user, Blog.objects.filter(workspace=workspace, is_deleted=True), within=workspace)
                 .select_related("deleted_by").order_by("-deleted_at", "-id")[:50])
    posts = (visible(request.user, Post.objects.filter(workspace=workspace, is_deleted=True, blog__is_deleted=False),
                     within=workspace).select_related("blog", "deleted_by").defer("text", "html")
             .order_by("-deleted_at", "-id"))
    page = paginate(request, posts)
    for blog in blogs:
        blog.workspace = workspace
    for post in page.object_list:
        post.workspace = post.blog.workspace = workspace
    return render(request, "blogs/writing/deleted.html", {
        "workspace": workspace, "blogs": blogs, "page_obj": page,
        "crumbs": crumbs(request, ("Deleted blogs and posts", "")),
    })


@workspace_view("blogs.add_post")
def drafts(request, blog):
    """The blog's posts not public: drafts, scheduled, unpublished (and held by a moderator) —
    one's own; a manager's, everyone's."""
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog, perm="blogs.write_blog")
    posts = (selectors.visible_posts(request.user, workspace).filter(blog=found).exclude(public_q())
             .defer("text", "html").order_by("-updated_at", "-id"))
    page = paginate(request, posts)
    now = timezone.now()
    for post in page.object_list:
        post.workspace, post.blog = workspace, found
        post.scheduled_now = post.is_scheduled(now)
    return render(request, "blogs/writing/drafts.html", {
        "workspace": workspace, "blog": found, "page_obj": page, "now": now,
        "new_url": _blog_url(found, "post_create"),
        "crumbs": _blog_crumbs(request, found, ("Drafts and scheduled", "")),
    })


# --- Posts -----------------------------------------------------------------------------------------


def _make_post_form(request, workspace, uploads, **options):
    def make_form(data=None, current=None, **kwargs):
        if current is not None:
            kwargs["instance"] = copy(current)
        elif "instance" in options:
            kwargs["instance"] = copy(options["instance"])
        extra = {k: v for k, v in options.items() if k != "instance"}
        return PostForm(data, uploads if data is not None else None,
                        workspace=workspace, too_large=getattr(request, "upload_too_large", None), **extra, **kwargs)

    return make_form


@workspace_view("blogs.add_post")
@limit_upload_size(max_bytes=IMAGE_MAX_BYTES)
@keeps_text
def post_create(request, blog):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog, perm="blogs.write_blog")
    make_form = _make_post_form(request, workspace, request.FILES if request.method == "POST" else None)
    return POSTS.respond(
        request, f"blogs:new:{found.pk}", make_form, template="blogs/writing/post_form.html",
        initial={"view_access": found.view_access, "change_access": "managers", "comments_open": found.comments},
        context={"workspace": workspace, "blog": found, "cancel_url": found.get_absolute_url(),
                 "crumbs": _blog_crumbs(request, found, ("New post", ""))},
        save=lambda form: services.post_create(actor=request.user, blog=found, **form.service_kwargs()))


@workspace_view("blogs.add_post")
@limit_upload_size(max_bytes=IMAGE_MAX_BYTES)
@keeps_text
def post_edit(request, blog, pk):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    post = selectors.get_post(request.user, workspace, found, pk, perm="blogs.change_post", deleted=editing(request))
    access_editable = not getattr(post, "is_stand_in", False) and can(request.user, "blogs.restrict_post", post)
    make_form = _make_post_form(request, workspace, request.FILES if request.method == "POST" else None,
                                instance=post, access_editable=access_editable)
    context = {"workspace": workspace, "blog": found, "post": post, "access_editable": access_editable,
               "cancel_url": post.get_absolute_url() if not post.is_deleted else found.get_absolute_url(),
               "crumbs": _post_crumbs(request, post, ("Edit", ""))}

    def save(form):
        data = form.service_kwargs()
        return services.post_update(actor=request.user, post=post, expected_version=form.cleaned_data["loaded_version"],
                                    remove_image=form.cleaned_data.get("remove_image", False), **data)

    try:
        return POSTS.respond(request, f"blogs:edit:{post.pk}", make_form, template="blogs/writing/post_form.html",
                             context=context, save=save, item=post)
    except ChangedMeanwhile as changed:
        context["form"] = changed_form(request, changed, make_form, what="this post", field="loaded_version")
        context["changed"] = changed
        return render(request, "blogs/writing/post_form.html", context)


def _publish_error(form, error):
    """The service's refusal next to the field it is about (a time in the past: the date)."""
    if hasattr(error, "error_dict") and "publish_at" in error.error_dict:
        form.add_error("publish_on", error.error_dict.pop("publish_at"))
    if hasattr(error, "error_dict") and not error.error_dict:
        return
    add_service_error(form, error)


@workspace_view("blogs.add_post")
def post_publish(request, blog, pk):
    """The "Publish" step: the post as readers will see it; now, or at a time (rescheduling a
    scheduled one); whom to email when it goes public, the number of people shown before it is
    confirmed."""
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    post = selectors.get_post(request.user, workspace, found, pk, perm="blogs.publish_post")
    now = timezone.now()
    if post.is_public(now):
        messages.info(request, f"“{post.title}” is already published.")
        return redirect(post)
    may_announce = post.announced_at is None and can(request.user, ANNOUNCE, workspace)
    teams = workspace.teams.order_by("name")
    initial = {"when": PublishForm.NOW, "announce": post.announce,
               "announce_teams": list(post.announce_teams.all()), "loaded_state": loaded_state(post, ("state",
                                                                                                    "published_at"))}
    if post.is_scheduled(now):
        local = timezone.localtime(post.published_at)
        initial.update(when=PublishForm.LATER, publish_on=local.date(), publish_time=local.time().replace(second=0,
                                                                                                       microsecond=0))
    form = PublishForm(request.POST or None, teams=teams, may_announce=may_announce, initial=initial)
    context = {"workspace": workspace, "blog": found, "post": post, "item": post, "form": form,
               "scheduled": post.is_scheduled(now), "cancel_url": post.get_absolute_url(),
               "to_draft_url": _post_url(post, "post_unpublish"),
               "crumbs": _post_crumbs(request, post, ("Publish", ""))}
    if may_announce:
        context["members_reach"] = services.announce_reach(post)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        if form.cleaned_data.get("loaded_state") and form.cleaned_data["loaded_state"] != initial["loaded_state"]:
            form.add_error(None, "Someone changed when this post is published while you had this page open. Check "
                                 "what it says now, and choose again.")
            return render(request, "blogs/writing/publish.html", context)
        announced = data.get("announce", Post.Announce.NOBODY) != Post.Announce.NOBODY
        if announced and request.POST.get("confirm") != "yes":
            context.update(confirming=True, reach=services.announce_reach(post, data.get("announce_teams") or ()),
                           announce_label=dict(Post.Announce.choices)[data["announce"]],
                           chosen_teams=data.get("announce_teams") or [], at=data["at"])
            return render(request, "blogs/writing/publish.html", context)
        try:
            done = services.post_publish(actor=request.user, post=post, **data)
        except ValidationError as error:
            _publish_error(form, error)
        else:
            if data["at"] is None:
                messages.success(request, f"“{done.title}” is published." + (
                    " The email to members is on its way." if announced else ""))
            else:
                messages.success(request, f"“{done.title}” is scheduled for "
                                          f"{timezone.localtime(done.published_at):%-d %B %Y, %H:%M}." + (
                                              " Members are emailed then." if announced else ""))
            return redirect(done)
    return render(request, "blogs/writing/publish.html", context)


@workspace_view("blogs.add_post")
def post_unpublish(request, blog, pk):
    """A public post: back to unpublished (with the warning that copies stay where they went). A
    scheduled one: back to a draft."""
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    post = selectors.get_post(request.user, workspace, found, pk, perm="blogs.publish_post")
    now = timezone.now()
    trail = _post_crumbs(request, post, ("Unpublish", ""))
    if post.is_scheduled(now):
        return _confirm(
            request, heading=f"Take “{post.title}” back to a draft?",
            consequences=f"It will not be published on {timezone.localtime(post.published_at):%-d %B %Y at %H:%M}, "
                         "and nobody is emailed. You can publish or schedule it again later.",
            button="Back to draft", danger=False,
            act=lambda: services.post_to_draft(actor=request.user, post=post),
            done=f"“{post.title}” is a draft again.", done_url=post.get_absolute_url(),
            cancel_url=post.get_absolute_url(), trail=trail)
    if post.state != PostState.PUBLISHED:
        messages.info(request, f"“{post.title}” is not published.")
        return redirect(post)
    return _confirm(
        request, heading=f"Unpublish “{post.title}”?",
        consequences="It disappears from the blog, the workspace's news and the feeds. You and the managers can still "
                     "see it, edit it and publish it again.",
        warning="Feed readers and email may already have this post; unpublishing removes it from Engage and its "
                "feeds, not from copies people already have.",
        button="Unpublish", act=lambda: services.post_unpublish(actor=request.user, post=post),
        done=f"“{post.title}” is unpublished.", done_url=post.get_absolute_url(), cancel_url=post.get_absolute_url(),
        trail=trail)


@workspace_view("blogs.add_post")
def post_delete(request, blog, pk):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    post = selectors.get_post(request.user, workspace, found, pk, perm="blogs.delete_post")
    return _confirm(
        request, heading=f"Delete the post “{post.title}”?",
        consequences="It disappears from the blog and its feeds. Managers can restore it from “Deleted blogs and "
                     "posts”.",
        warning="Feed readers and email may already have this post: deleting it does not remove those copies."
        if post.told_at else "",
        button="Delete the post", act=lambda: services.post_delete(actor=request.user, post=post),
        done=f"Post “{post.title}” deleted.", done_url=found.get_absolute_url(), cancel_url=post.get_absolute_url(),
        trail=_post_crumbs(request, post, ("Delete", "")))


@workspace_view("blogs.add_post")
def post_restore(request, blog, pk):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    post = selectors.get_post(request.user, workspace, found, pk, perm="blogs.delete_post", deleted="show")
    if not post.is_deleted:
        messages.info(request, f"“{post.title}” is not deleted.")
        return redirect(post)
    return _confirm(
        request, heading=f"Restore the post “{post.title}”?",
        consequences="It comes back as it was when it was deleted (published, if it was).", button="Restore the post",
        act=lambda: services.post_restore(actor=request.user, post=post), done=f"Post “{post.title}” restored.",
        done_url=post.get_absolute_url(), cancel_url=tool_url(request, "deleted"), danger=False,
        trail=crumbs(request, ("Deleted blogs and posts", tool_url(request, "deleted")), (post.title, "")))


@workspace_view("blogs.view_blog")
def image(request, blog, pk):
    """A post's image, to whoever may see the post: an image type only (from its checked name),
    never sniffed, sandboxed, not cached by shared caches."""
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    post = selectors.get_post(request.user, workspace, found, pk)
    content_type = IMAGE_TYPES.get(files.extension(post.image.name or ""))
    if not post.image or content_type is None:
        raise Http404("This post has no image.")
    try:
        handle = post.image.open("rb")
    except FileNotFoundError:
        raise Http404("The image is missing from storage.") from None
    response = FileResponse(handle, content_type=content_type,
                            filename=files.safe_name(post.image.name.rsplit("/", 1)[-1], default="image"))
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300" if post.is_public() else "private, no-store"
    return response
