"""What a tool's views are built from.

    from workspaces.kit.views import crumbs, page_or_partial, with_item, workspace_view

    @workspace_view("links.view_link")            # the workspace, its membership, the tool enabled
    @with_item(selectors.get_link)                # <pk> -> the link, through require()
    def detail(request, link):
        return render(request, "links/link_detail.html",
                      {"link": link, "crumbs": crumbs(request, (link.title, ""))})

- workspace_view(perm): resolves `<workspace>` with the user's standing in one query, refuses
  a tool that is not enabled there (the tool is the URL's namespace) and checks `perm` on the
  workspace. Every view of a tool starts with it (the URL-walking test reads its marker).
- with_item(get, perm): resolves the URL's `<pk>` (or another kwarg) to an item through the
  tool's selector, which ends in require() (404 for what one may not see, 403 with a reason).
- crumbs(request, *trail): breadcrumbs "workspace › tool › ..." (the last one is the page).
- page_or_partial(): one template for the page and its htmx partial, `Vary: HX-Request`.
- preview(), conflict_form(), conflict_context(), saved_message(): the Markdown editor's
  live preview and the no-lost-edits conflict page (templates components/editor.html and
  components/conflict.html).
- attempt(): run a service for a valid form, putting its refusal next to the field.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import get_text_list
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..lib.diff import diff_texts
from ..lib.files import SizeLimitHandler
from ..lib.forms import add_service_error
from ..permissions.decorators import current_tool, workspace_view
from .forms import unbound_copy
from .selectors import MAX_NUMBER, Moved
from .services import ItemGone

__all__ = [
    "Moved", "attempt", "compared_numbers", "confirmed", "conflict_context", "conflict_form", "crumbs", "current_tool",
    "limit_upload_size", "names", "restore_page",
    "page_or_partial", "preview", "saved_message", "tool_url", "unbound_copy", "with_item", "workspace_view",
]


def with_item(get, perm=None, *, kwarg="pk", deleted="hide"):
    """Resolve the URL's `kwarg` to an item and call view(request, item, ...).

    get(user, workspace, key, perm=..., deleted=...) is the tool's selector (ending in
    get_item/require); `perm` defaults to the selector's own. `deleted` is passed on; a callable
    gets the request (an editor: "as_live" for a POST). A selector may raise Moved for an old
    address: a GET is redirected to the same view at the new one, a POST served there."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = kwargs.pop(kwarg)
            options = {"deleted": deleted(request) if callable(deleted) else deleted}
            if perm is not None:
                options["perm"] = perm
            try:
                item = get(request.user, request.workspace, key, **options)
            except Moved as moved:
                if request.method in ("GET", "HEAD"):
                    match = request.resolver_match
                    url = reverse(match.view_name, kwargs={**match.kwargs, **moved.kwargs})
                    query = request.META.get("QUERY_STRING", "")
                    return redirect(f"{url}?{query}" if query else url)
                item = get(request.user, request.workspace, moved.kwargs[kwarg], **options)
            return view(request, item, *args, **kwargs)

        return wrapper

    return decorator


def tool_url(request, name="", **kwargs):
    """reverse() within the current tool's namespace, in the current workspace."""
    tool = current_tool(request)
    return reverse(f"{tool.slug}:{name or tool.home_view}", kwargs={"workspace": request.workspace.slug, **kwargs})


def crumbs(request, *trail):
    """Breadcrumbs: workspace › the tool › trail, as (label, url) pairs; the last is the
    current page (its url is not linked). With no trail, the tool's own page is the last."""
    workspace = request.workspace
    tool = current_tool(request)
    items = [(workspace.name, reverse("workspace_home", args=[workspace.slug]))]
    items.append((tool.name, "" if not trail else tool_url(request)))
    return items + list(trail)


def page_or_partial(request, template, partial, context, status=200):
    """The whole page, or (for an htmx request that swaps part of it) just `partial`: one source
    of markup. A boosted request and a history restore need the whole page."""
    wants_partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    response = render(request, partial if wants_partial else template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def preview(request, html, *, template, context, make_form=None, partial="components/preview.html", error=""):
    """The Markdown editor's preview (a POST with `preview`): save nothing. htmx gets just the
    rendered `html` (sanitised by the caller's render); without JavaScript the whole form comes
    back as typed, with the preview under it and no error messages.

    `error`: why nothing is previewed, shown in its place: a text too long to save is not
    rendered (check its length first, with the message the save would give)."""
    context.update(preview=html, previewed=True, preview_error=error)
    if request.htmx:
        response = render(request, partial, context)
    else:
        form = context.get("form")
        if make_form is not None:
            context["form"] = unbound_copy(form, make_form)
        elif form is not None:
            form.errors.clear()  # a preview is not a save: no "there is a problem"
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def compared_numbers(request, latest):
    """?from=<n>&to=<m> of a comparison page, as (old, new) revision numbers: the latest change
    by default, in order, ignoring what is not a number the database could hold."""

    def number(value):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        return number if 1 <= number <= MAX_NUMBER else None

    new = number(request.GET.get("to")) or latest
    old = number(request.GET.get("from")) or max(new - 1, 1)
    return (new, old) if old > new else (old, new)


def confirmed(request, act):
    """A confirm page's POST: run act() (a service). Returns (done, problem): done when it went
    through; problem, the refusal to show on the page (a ValidationError's message)."""
    if request.method != "POST":
        return False, ""
    try:
        act()
    except ValidationError as exc:
        return False, exc.messages[0]
    return True, ""


def restore_page(request, item, restore, *, template, context, restored):
    """The page that brings back an item deleted softly (for managers): "not deleted" if it is
    not; on a POST, restore() (the tool's service call), or the refusal on the page; the
    "Cancel" goes back to the tool's list of deleted items (its URL name "deleted")."""
    if not item.is_deleted:
        messages.info(request, f"“{item}” is not deleted.")
        return redirect(item)
    done, problem = confirmed(request, restore)
    if done:
        messages.success(request, restored)
        return redirect(item)
    return render(request, template, {**context, "problem": problem, "cancel_url": tool_url(request, "deleted")})


def names(people):
    """"Maya Manager and you (in another window)", capitalised."""
    text = get_text_list(list(people), "and")
    return text[:1].upper() + text[1:]


def conflict_form(request, conflict, make_form, *, noun):
    """The editor's own text, now based on the current version (hidden `loaded_version`):
    saving it again is a deliberate choice, made after seeing the other changes."""
    data = request.POST.copy()
    data["loaded_version"] = str(conflict.current.version)
    form = make_form(data, current=conflict.current)
    form.is_valid()
    form.add_error(None, f"{names(conflict.others) or 'Someone'} changed this {noun} while you were editing it, "
                         "and some of their changes overlap with yours, so nothing has been saved yet. Your text is "
                         "still in the box below. Compare the overlapping parts, combine what you want to keep in the "
                         "box, and save again.")
    return form


def conflict_context(conflict, *, noun, revision_word, url):
    """What components/conflict.html shows: what changed since the editor opened it, and the
    overlapping regions side by side."""
    return {
        "current": conflict.current,
        "others": conflict.others,
        "noun": noun,
        "revision_word": revision_word,
        "url": url,
        "their_changes": diff_texts(conflict.base.text, conflict.current.text) if conflict.base else None,
        "overlaps": [{"line": c.line, "theirs": "\n".join(c.theirs), "yours": "\n".join(c.yours)}
                     for c in conflict.merge.conflicts],
        "base_version": conflict.base.number if conflict.base else None,
    }


def saved_message(request, saved, *, noun, saved_text, lead="Saved.", history):
    """The message after saving text: merged with whom, nothing new, or saved. `saved_text` is
    what a plain save says ("Page “Plan” saved."), `lead` how a merged save starts ("Saved as
    version 3."), `history` where each change is listed ("The page history")."""
    if saved.merged_with:
        if saved.revised:
            messages.success(request, f"{lead} {names(saved.merged_with)} also changed this {noun} while you were "
                                      "editing it; the changes did not overlap with yours, so both have been kept. "
                                      f"{history} shows each change.")
        else:
            messages.info(request, f"Nothing new to save: {get_text_list(saved.merged_with, 'and')} had already made "
                                   "the same changes.")
    elif saved.revised:
        messages.success(request, saved_text)
    else:
        messages.info(request, "There were no changes to save.")


SAME_MOMENT = "Someone added one with the same title at the same moment. Check the title and save again."
GONE = "A manager deleted this while you had the page open, so nothing was saved."


def attempt(form, save, *, same_title=SAME_MOMENT, gone=GONE):
    """Run a service call for a valid form: its result, or None with the problem put on the
    form — a refusal next to its field, a title taken at the same moment (IntegrityError), the
    item deleted meanwhile (ItemGone) — so that the page comes back with everything typed."""
    try:
        return save()
    except ValidationError as exc:
        add_service_error(form, exc)
    except IntegrityError:
        form.add_error("title" if "title" in form.fields else None, same_title)
    except ItemGone:
        form.add_error(None, gone)
    return None


def limit_upload_size(view):
    """For views that take a file: lib.files.SizeLimitHandler reads the upload first, so that an
    oversized file is dropped while it arrives (request.upload_too_large names its field).
    Upload handlers cannot be changed once the CSRF check has read the body, so the check moves
    inside: the view is CSRF-exempt to the middleware and protected here, after the handler is
    in place (Django's documented way). Put it inside workspace_view."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, SizeLimitHandler(request))
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)
