"""Comment pages: adding a comment or a reply (POST from the item's page; one that needs
correcting comes back on a page of its own, as typed) and removing. Reporting and the
moderation queue are the moderation app's pages; the old addresses lead there. Every object
through require(); every rule in the policies."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.drafts import RESTORE_PARAM, keeps_text, kept_form
from workspaces.kit.moderation import report_url
from workspaces.kit.selectors import get_item
from workspaces.kit.views import attempt, confirmed
from workspaces.permissions import require
from workspaces.permissions.decorators import workspace_view

from . import selectors, services
from .forms import CommentForm
from .policies import commentable_models, perm_on


def _crumbs(request, *trail):
    workspace = request.workspace
    return [(workspace.name, reverse("workspace_home", args=[workspace.slug])), *trail]


def _item(request, type_id, pk, deleted="show"):
    """The commentable item of this workspace the URL names, if the person may see it
    (`deleted`: kit.selectors.get_item's; "as_live" for a comment written before it was deleted)."""
    try:
        model = ContentType.objects.get_for_id(type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("Not found.") from None
    if model is None or model not in commentable_models():
        raise Http404("Not found.")
    item = model._default_manager.filter(workspace=request.workspace, pk=pk).first()
    return get_item(request.user, item, perm_on(model, "view"), deleted=deleted, workspace=request.workspace)


def _back(item, comment=None):
    return item.get_absolute_url() + (f"#comment-{comment.pk}" if comment else "#comments")


@workspace_view("workspaces.view_workspace")
@keeps_text
def add(request, type_id, pk):
    """POST: add the comment. GET brings back a comment posted after its writer was signed out
    (or with an expired form): ?restore=<token> (kit.drafts). Any other GET (a sign-in's `next`,
    a reload, a bookmarked address) leads to the item's comments, never to a bare 405 page."""
    if request.method != "POST" and RESTORE_PARAM not in request.GET:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["POST"])
        return redirect(_back(_item(request, type_id, pk, deleted="hide")))
    # An item deleted while the comment was being written: the text comes back with why, to
    # whoever could see the item (anyone else: not found).
    item = _item(request, type_id, pk, deleted="as_live" if request.method == "POST" else "hide")
    posted_parent = (request.POST if request.method == "POST" else request.GET).get("parent", "")
    declared = services.commentable(item)

    def make_form(data=None, **kwargs):
        return CommentForm(data, anchored=bool(declared and declared.anchors), reply=bool(posted_parent), **kwargs)

    if getattr(item, "is_deleted", False):
        form = make_form(request.POST)
        form.is_valid()
        # Not named: whoever may not see deleted items has a stand-in without its title.
        form.add_error(None, f"This {item._meta.verbose_name} was deleted while you were writing, so your comment was "
                             "not added. Your text is below: copy anything you want to keep.")
        return _comment_page(request, item, form, None, type_id)
    parent = None
    if posted_parent.isdigit():
        parent = selectors.get_comment(request.user, request.workspace, posted_parent, "comments.reply_comment")
        if (parent.target_type_id, parent.target_id) != (type_id, item.pk):
            raise Http404("Not found.")
    else:
        require(request.user, perm_on(item, "comment"), item)
    form = kept_form(request, make_form)
    if request.method != "POST":
        return _comment_page(request, item, form, parent, type_id)
    if form.is_valid():
        data = form.cleaned_data
        comment = attempt(form, lambda: services.comment_add(actor=request.user, item=item, body=data["body"],
                                                             quote=data.get("quote", ""), parent=parent))
        if comment is not None:
            if comment.is_pending:
                messages.success(request, "Thank you. Your comment will appear once a moderator has read it.")
            else:
                messages.success(request, "Reply added." if parent else "Comment added.")
            return redirect(_back(item, comment))
    return _comment_page(request, item, form, parent, type_id)


def _comment_page(request, item, form, parent, type_id):
    """A comment or reply that needs something from its writer, on a page of its own, as typed."""
    back = "" if getattr(item, "is_deleted", False) else item.get_absolute_url()
    return render(request, "comments/comment_form.html", {
        "workspace": request.workspace, "item": item, "form": form, "parent": parent, "type_id": type_id,
        "crumbs": _crumbs(request, (str(item), back), ("Your comment", "")),
    })


@workspace_view("workspaces.view_workspace")
def remove(request, comment_id):
    comment = selectors.get_comment(request.user, request.workspace, comment_id, "comments.delete_comment")
    item = comment.target
    done, problem = confirmed(request, lambda: services.comment_remove(actor=request.user, comment=comment))
    if done:
        messages.success(request, "Comment removed.")
        return redirect(_back(item))
    return render(request, "comments/comment_remove.html", {
        "workspace": request.workspace, "comment": comment, "item": item, "problem": problem, "danger": True,
        "cancel_url": _back(item, comment),
        "crumbs": _crumbs(request, (str(item), item.get_absolute_url()), ("Remove a comment", "")),
    })


@workspace_view("workspaces.view_workspace")
def report(request, comment_id):
    """The old address of a comment's report form: the moderation app's now."""
    comment = selectors.get_comment(request.user, request.workspace, comment_id, "comments.report_comment")
    return redirect(report_url(comment))


@workspace_view("comments.moderate_workspace")
def queue(request):
    """The old address of the moderation queue (links in mail already sent)."""
    return redirect("moderation:queue", request.workspace.slug)


@workspace_view("comments.moderate_workspace")
def moderate(request, comment_id):
    """The old address of a comment's moderation page."""
    comment = selectors.get_comment(request.user, request.workspace, comment_id, "comments.moderate_comment")
    return redirect("moderation:item", request.workspace.slug, ContentType.objects.get_for_model(comment).pk,
                    comment.pk)
