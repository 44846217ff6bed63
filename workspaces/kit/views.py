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
- page_or_partial(), wants_partial(): one template for the page and its htmx partial,
  `Vary: HX-Request` (workspaces.lib.htmx, shared with the core and horizontal apps).
- revisions_page(): an item's revisions, to compare (templates extending kit/revisions.html).
- preview(), conflict_form(), conflict_context(), saved_message(): the Markdown editor's
  live preview and the no-lost-edits conflict page (templates components/editor.html and
  components/conflict.html); changed_form(): the same for a form of an item's fields.
- attempt(): run a service for a valid form, putting its refusal next to the field.
- EditorPage: a tool's pages that add or edit an item's Markdown text, declared once with the
  tool's words (its templates extend kit/form.html); respond() does the rest.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import get_text_list
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..edge import adds_upload_handlers
from ..lib.diff import diff_texts
from ..lib.files import SizeLimitHandler
from ..lib.forms import add_service_error
from ..lib.htmx import page_or_partial, wants_partial
from ..lib.pagination import paginate
from ..permissions.decorators import current_tool, workspace_view
from .drafts import Editor
from .forms import unbound_copy
from .selectors import MAX_NUMBER, Moved
from .services import Busy, ChangedMeanwhile, ItemGone, Saved, TextConflict, check_length, normalise_text

__all__ = [
    "ChangedMeanwhile", "EditorPage", "Moved", "attempt", "changed_form", "compared_numbers", "confirmed",
    "conflict_context", "conflict_form", "crumbs",
    "current_tool", "deleted_while_editing", "editing",
    "limit_upload_size", "names", "restore_page", "revisions_page",
    "page_or_partial", "preview", "saved_message", "tool_url", "unbound_copy", "wants_partial", "with_item",
    "workspace_view",
]


def with_item(get, perm=None, *, kwarg="pk", deleted="hide"):
    """Resolve the URL's `kwarg` to an item and call view(request, item, ...).

    get(user, workspace, key, perm=..., deleted=...) is the tool's selector (ending in
    get_item/require); `perm` defaults to the selector's own. `deleted` is passed on; a callable
    gets the request (an editor: `editing`, "as_live" for a POST). A selector may raise Moved for an old
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
                if getattr(moved.item, "is_stand_in", False):
                    # A renamed item deleted since, for someone who may not see it: answered at
                    # the address posted to, since its new one would say what it is called now.
                    item = moved.item
                    setattr(item, kwarg, key)
                    return view(request, item, *args, **kwargs)
                if request.method in ("GET", "HEAD"):
                    match = request.resolver_match
                    url = reverse(match.view_name, kwargs={**match.kwargs, **moved.kwargs})
                    query = request.META.get("QUERY_STRING", "")
                    return redirect(f"{url}?{query}" if query else url)
                item = get(request.user, request.workspace, moved.kwargs[kwarg], **options)
            return view(request, item, *args, **kwargs)

        return wrapper

    return decorator


def editing(request):
    """with_item(..., deleted=editing) for an editor: a POST to an item deleted meanwhile is
    answered with the editor's text kept (EditorPage says why), not a 404; a GET is not found."""
    return "as_live" if request.method == "POST" else "hide"


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


def preview(request, html, *, template, context, make_form=None, partial="components/preview.html", error=""):
    """The Markdown editor's preview (a POST with `preview`): save nothing. htmx gets just the
    rendered `html` (sanitised by the caller's render); without JavaScript the whole form comes
    back as typed, with the preview under it and no error messages.

    `error`: why nothing is previewed, shown in its place: a text too long to save is not
    rendered (check its length first, with the message the save would give)."""
    context.update(preview=html, previewed=True, preview_error=error)
    if wants_partial(request):
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


def revisions_page(request, revisions, *, template, context):
    """An item's revisions (a RevisionBase queryset, newest first) a page at a time, for a
    template extending kit/revisions.html; the comparison starts at this page's latest change."""
    page_obj = paginate(request, revisions)
    rows = list(page_obj.object_list)
    return render(request, template, {
        **context, "page_obj": page_obj, "revisions": rows,
        "default_to": rows[0].number if rows else None, "default_from": rows[1].number if len(rows) > 1 else None,
    })


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


def changed_form(request, changed, make_form, *, what, field="loaded_state"):
    """After kit.services.ChangedMeanwhile: the person's own values, now based on what is saved
    (hidden `field`), with who changed `what` ("these details") meanwhile. The template shows
    `changed.current` above the form; saving again is a deliberate choice, made after seeing it."""
    data = request.POST.copy()
    data[field] = changed.state
    form = make_form(data, current=changed.current)
    form.is_valid()
    by = getattr(changed.current, "updated_by", None)
    form.add_error(None, f"{by.name if by else 'Someone'} changed {what} while you had this page open, so your "
                         "changes have not been saved yet. What is saved now is shown first; what you typed is still "
                         "in the form under it: check it and save again.")
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
    item deleted meanwhile (ItemGone), others changing the same rows at that moment (Busy) —
    so that the page comes back with everything typed."""
    try:
        return save()
    except ValidationError as exc:
        add_service_error(form, exc)
    except Busy as busy:
        form.add_error(None, busy.message)
    except IntegrityError:
        form.add_error("title" if "title" in form.fields else None, same_title)
    except ItemGone:
        form.add_error(None, gone)
    return None


def deleted_while_editing(noun):
    return (f"A manager deleted this {noun} while you were editing it, so your changes could not be saved. Your text "
            "is still in the box below: copy anything you want to keep.")


@dataclass(frozen=True)
class EditorPage:
    """A tool's pages that write an item's Markdown text with the kit's editor (adding one,
    editing one), declared once with the tool's words; respond() runs a page (its template
    extends kit/form.html). Messages are formatted with the item: "Page “{item.title}” saved."."""

    noun: str  # "page": in what the person is told, and the context name of the item edited
    prefix: str  # the editor's ids and classes ("wiki")
    text_class: str  # the class of the rendered text ("wiki-text")
    max_length: int  # of the text
    render: Callable  # render(request, text) -> the preview's HTML, sanitised
    created: str  # after adding: "Page “{item.title}” created."
    saved: str  # after a save that wrote a new revision: "Page “{item.title}” saved."
    history: str  # where each change is listed: "The page history"
    saved_lead: str = "Saved."  # how a save merged with others' changes is announced
    revision_word: str = "version"
    same_title: str = SAME_MOMENT
    # check(text) raises the save's own ValidationError for a text it would refuse (too long):
    # a preview shows that refusal instead of rendering, so no preview costs more than a save.
    check: Callable | None = None

    def respond(self, request, key, make_form, *, template, context, save, item=None, initial=None):
        """The page: the form (make_form(data=None, **kwargs), as for Editor.form) with the draft kept
        under `key`; a Preview saves nothing; a Save of a valid form runs save(form) — the service,
        returning the new item or a kit.services.Saved — then tells the person and goes to the item.
        A refusal, a title taken at the same moment, `item` deleted meanwhile or a TextConflict (the
        other changes shown above the form) come back with the text kept."""
        editor = Editor(request, key=key, noun=self.noun, max_length=self.max_length,
                        version=getattr(item, "version", None), text=getattr(item, "text", ""))
        form = editor.form(make_form, initial=initial)
        context.update(form=form, editor=editor, prefix=self.prefix, text_class=self.text_class)
        if request.method != "POST":
            self._first_preview(request, form[editor.field].value(), context)
            return render(request, template, context)
        if "preview" in request.POST:
            text = normalise_text(form.data.get(editor.field, ""))
            try:
                (self.check or (lambda text: check_length(text, self.max_length)))(text)
            except ValidationError as refused:
                return preview(request, "", template=template, context=context, make_form=make_form,
                               error=" ".join(refused.messages))
            return preview(request, self.render(request, text), template=template, context=context, make_form=make_form)
        gone = deleted_while_editing(self.noun)
        if item is not None and item.is_deleted:
            form.is_valid()
            form.add_error(None, gone)
        elif form.is_valid():
            try:
                result = attempt(form, lambda: save(form), same_title=self.same_title, gone=gone)
            except TextConflict as conflict:
                context.update({self.noun: conflict.current, "form": conflict_form(request, conflict, make_form,
                                                                                   noun=self.noun)})
                context["conflict"] = conflict_context(conflict, noun=self.noun, revision_word=self.revision_word,
                                                       url=conflict.current.get_absolute_url())
            else:
                if result is not None:
                    editor.saved()
                    return redirect(self._told(request, result))
        return render(request, template, context)

    def _first_preview(self, request, text, context):
        """The text the editor opens with, previewed beside it (the preview then follows typing)."""
        text = normalise_text(text or "")
        if not text.strip():
            return
        try:
            (self.check or (lambda text: check_length(text, self.max_length)))(text)
        except ValidationError:
            return  # too long to keep: the first preview the person asks for says so
        context.update(preview=self.render(request, text), previewed=True, preview_error="")

    def _told(self, request, result):
        """Tell the person what was saved; the item."""
        if isinstance(result, Saved):
            item = result.item
            saved_message(request, result, noun=self.noun, saved_text=self.saved.format(item=item),
                          lead=self.saved_lead.format(item=item), history=self.history)
            return item
        messages.success(request, self.created.format(item=result))
        return result


def limit_upload_size(view=None, *, max_bytes=None):
    """For views that take a file: lib.files.SizeLimitHandler reads the upload first, so that a
    file over max_bytes (ENGAGE_MAX_UPLOAD_MB unless given) is dropped while it arrives
    (request.upload_too_large names its field). Upload handlers cannot be changed once the CSRF
    check has read the body, so the check moves inside: the view is CSRF-exempt to the
    middleware and protected here, after the handler is in place (Django's documented way); the
    edge's check of the form waits for it too (edge.adds_upload_handlers). Put it inside
    workspace_view: `@limit_upload_size` or `@limit_upload_size(max_bytes=...)`."""
    if view is None:
        return lambda view: limit_upload_size(view, max_bytes=max_bytes)
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, SizeLimitHandler(request, limit=max_bytes))
        return protected(request, *args, **kwargs)

    return csrf_exempt(adds_upload_handlers(wrapper))
