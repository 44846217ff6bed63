"""Reading blogs: the blogs' front page ("News"), a blog, a post with its comments, the posts of
a tag and of an author, and the workspace's social links (managers keep them).

Lists are keyset pages of selectors.published_posts (newest first, on (published_at, id)): what
any reader sees is what is public to them, never a draft or a scheduled post, not even to its
author; those are reached from the writing part's pages and shown on their own page with a
banner saying so."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.selectors import number_or_404
from workspaces.kit.views import attempt, confirmed, crumbs, tool_url, workspace_view
from workspaces.lib.tags import MAX_TAG_LENGTH, normalise_tag
from workspaces.permissions import can

from . import selectors, social
from .actions import blog_actions, index_actions, post_actions
from .forms_social import SocialLinkForm
from .models import Post, PostState

POST_ORDER = ("published_at", "id")
MANAGE_SOCIAL = "blogs.manage_sociallink"


def _page(request, posts):
    """A keyset page of published posts, newest first; None for a cursor gone from the list."""
    return keyset_page(request, posts.defer("text", "html"), POST_ORDER, descending=True)


def _list(request, template, context, posts, *, empty_is_404=False):
    page = _page(request, posts)
    if page is None:
        return redirect(first_page_url(request))
    if empty_is_404 and not page.object_list and not page.has_previous:
        raise Http404("Nothing here.")
    workspace = request.workspace
    return render(request, template, {
        "workspace": workspace, "page_obj": page, "social_links": list(social.social_links(workspace)),
        **context,
    })


@workspace_view("blogs.view_blog")
def index(request):
    workspace, user = request.workspace, request.user
    return _list(request, "blogs/index.html", {
        "blogs": list(selectors.visible_blogs(user, workspace)), "actions": index_actions(user, workspace),
        "may_manage_social": can(user, MANAGE_SOCIAL, workspace), "crumbs": crumbs(request),
    }, selectors.published_posts(user, workspace))


@workspace_view("blogs.view_blog")
def blog(request, blog):
    workspace, user = request.workspace, request.user
    found = selectors.get_blog(user, workspace, blog)
    return _list(request, "blogs/blog.html", {
        "blog": found, "item": found, "actions": blog_actions(user, found),
        "crumbs": crumbs(request, (found.title, "")),
    }, selectors.published_posts(user, workspace, blog=found))


@workspace_view("blogs.view_blog")
def tag(request, tag):
    workspace, user = request.workspace, request.user
    name = normalise_tag(tag)
    if not name or len(name) > MAX_TAG_LENGTH:
        raise Http404("No such tag.")
    return _list(request, "blogs/tag.html", {
        "tag": name, "crumbs": crumbs(request, (f"Tagged “{name}”", "")),
    }, selectors.published_posts(user, workspace, tag=name), empty_is_404=True)


@workspace_view("blogs.view_blog")
def author(request, author):
    workspace, user = request.workspace, request.user
    person = Post._meta.get_field("created_by").related_model.objects.filter(pk=number_or_404(author)).first()
    if person is None:
        raise Http404("No such author.")
    return _list(request, "blogs/author.html", {
        "author": person, "crumbs": crumbs(request, (f"Posts by {person.name}", "")),
    }, selectors.published_posts(user, workspace, author=person), empty_is_404=True)


def _banner(post):
    """What a post not yet public says at its top (only its author and managers see it)."""
    if post.state == PostState.DRAFT:
        return "draft"
    if post.state == PostState.UNPUBLISHED:
        return "unpublished"
    if post.is_scheduled():
        return "scheduled"
    if not post.is_public():
        return "hidden"
    return ""


@workspace_view("blogs.view_blog")
def post(request, blog, pk):
    workspace, user = request.workspace, request.user
    found = selectors.get_blog(user, workspace, blog)
    item = selectors.get_post(user, workspace, found, pk)
    item.blog = found
    banner = _banner(item)
    return render(request, "blogs/post.html", {
        "workspace": workspace, "blog": found, "post": item, "item": item, "banner": banner,
        "actions": post_actions(user, item), "tags": item.tag_names,
        "comments_closed": not banner and not (found.comments and item.comments_open),
        "crumbs": crumbs(request, (found.title, found.get_absolute_url()), (item.title, "")),
    })


# --- Social links (managers) ----------------------------------------------------------------------


def _social_form(request, instance=None):
    return SocialLinkForm(request.POST if request.method == "POST" else None, instance=instance)


@workspace_view(MANAGE_SOCIAL)
def social_list(request):
    """The workspace's channels, in order, to edit, move or remove; the form adds one."""
    workspace = request.workspace
    form = _social_form(request)
    if request.method == "POST" and form.is_valid():
        added = attempt(form, lambda: social.social_create(actor=request.user, workspace=workspace,
                                                           **form.service_kwargs()))
        if added is not None:
            messages.success(request, f"“{added.label}” added.")
            return redirect(tool_url(request, "social"))
    return render(request, "blogs/social.html", {
        "workspace": workspace, "links": list(social.social_links(workspace)), "form": form,
        "crumbs": crumbs(request, ("Social links", "")),
    })


@workspace_view(MANAGE_SOCIAL)
def social_edit(request, social_link):
    workspace = request.workspace
    link = social.get_social_link(workspace, social_link)
    form = _social_form(request, instance=link)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: social.social_update(actor=request.user, link=link, **form.service_kwargs()))
        if saved is not None:
            messages.success(request, f"“{saved.label}” saved.")
            return redirect(tool_url(request, "social"))
    return render(request, "blogs/social_edit.html", {
        "workspace": workspace, "link": link, "form": form, "cancel_url": tool_url(request, "social"),
        "crumbs": crumbs(request, ("Social links", tool_url(request, "social")), ("Edit", "")),
    })


@workspace_view(MANAGE_SOCIAL)
def social_delete(request, social_link):
    workspace = request.workspace
    link = social.get_social_link(workspace, social_link)
    done, problem = confirmed(request, lambda: social.social_delete(actor=request.user, link=link))
    if done:
        messages.success(request, f"“{link.label}” removed.")
        return redirect(tool_url(request, "social"))
    return render(request, "blogs/social_delete.html", {
        "workspace": workspace, "link": link, "problem": problem, "danger": True,
        "cancel_url": tool_url(request, "social"),
        "crumbs": crumbs(request, ("Social links", tool_url(request, "social")), ("Remove", "")),
    })


@workspace_view(MANAGE_SOCIAL)
def social_move(request, social_link):
    """POST direction=up|down: one place up or down the list (a GET shows the list)."""
    workspace = request.workspace
    link = social.get_social_link(workspace, social_link)
    if request.method == "POST":
        social.social_move(actor=request.user, link=link, up=request.POST.get("direction") != "down")
    return redirect(reverse("blogs:social", kwargs={"workspace": workspace.slug}) + f"#social-{link.pk}")
