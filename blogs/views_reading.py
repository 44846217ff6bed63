"""Reading blogs (the reading part fills this in)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, workspace_view

from . import selectors


@workspace_view("blogs.view_blog")
def index(request):
    workspace = request.workspace
    return render(request, "blogs/index.html", {
        "workspace": workspace, "blogs": list(selectors.visible_blogs(request.user, workspace)),
        "posts": list(selectors.published_posts(request.user, workspace)[:20]), "crumbs": crumbs(request),
    })


@workspace_view("blogs.view_blog")
def blog(request, blog):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    return render(request, "blogs/index.html", {
        "workspace": workspace, "blog": found,
        "posts": list(selectors.published_posts(request.user, workspace, blog=found)[:20]),
        "crumbs": crumbs(request, (found.title, "")),
    })


@workspace_view("blogs.view_blog")
def post(request, blog, pk):
    workspace = request.workspace
    found = selectors.get_blog(request.user, workspace, blog)
    item = selectors.get_post(request.user, workspace, found, pk)
    return render(request, "blogs/post.html", {
        "workspace": workspace, "blog": found, "post": item, "item": item,
        "crumbs": crumbs(request, (found.title, found.get_absolute_url()), (item.title, "")),
    })
