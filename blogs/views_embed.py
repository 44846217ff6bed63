"""The latest-news widget for the department's own website (the embed part): the newest public
posts of a public workspace's blogs, in an iframe (workspaces.kit.embeds: framed only by the
workspace's allowed sites). What an anonymous visitor may see, whoever's browser it is."""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render

from workspaces.kit.embeds import embeddable
from workspaces.kit.views import workspace_view

from . import selectors

LATEST = 5


@embeddable
@workspace_view("blogs.view_blog")
def embed_latest(request):
    workspace = request.workspace
    posts = list(selectors.published_posts(AnonymousUser(), workspace)[:LATEST])
    for post in posts:
        post.workspace = workspace  # its address needs the workspace's slug: no query per post
    return render(request, "blogs/embed/latest.html", {"workspace": workspace, "posts": posts})
