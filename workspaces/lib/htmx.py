"""Answering htmx: the one place that decides between a whole page and the part htmx swaps in,
for the core's views, the horizontal apps' and the tools' (through workspaces.kit.views).

    return page_or_partial(request, "links/link_list.html", "links/partials/_link_list.html", context)

    if wants_partial(request):          # after a POST: the changed part, else a redirect
        return render(request, "notifications/partials/_row.html", context)
    return redirect(...)

Focus and announcements after a swap (static/js/focus.js does them): the focus, if it was in
the part swapped out, moves into what replaced it (the element marked data-swap-focus, else a
control of the same name, else an error summary, else the first control); say what changed with
announced(response, text). A swapped part's own status line (role="status" inside it, as a search's
"3 links match your filter.") is read out too.
"""

import json

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request):
    """Any request htmx made (a swap, a boosted link, an autosave): htmx swaps only 2xx answers
    and follows redirects itself, so some answers differ for it."""
    return bool(getattr(request, "htmx", False))


def wants_partial(request):
    """An htmx request that swaps a part of the page. A boosted link or form and a history
    restore (htmx lost its copy of the page) want the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def page_or_partial(request, template, partial, context, status=200, *, page_context=None):
    """The whole page, or (wants_partial) just `partial`: one source of markup, `Vary: HX-Request`
    so that no cache serves one for the other. `page_context()`: what only the whole page needs
    (not worked out for the partial)."""
    if wants_partial(request):
        response = render(request, partial, context, status=status)
    else:
        response = render(request, template, {**context, **(page_context() if page_context else {})}, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def announced(response, text):
    """Have the page read `text` out after an htmx request (a polite live region, #announcer in
    base.html; static/js/focus.js writes it there): say what changed, in a few words, for
    those who cannot see it change ("You follow this now.", "Marked as read.").

    It goes in the HX-Trigger header as {"announce": text}, merged with any other events the
    response already triggers. Without htmx (a whole page), say it with a flash message."""
    events = {}
    if response.has_header("HX-Trigger"):
        current = response["HX-Trigger"]
        events = json.loads(current) if current.startswith("{") else {name.strip(): None for name in current.split(",")}
    events["announce"] = str(text)
    response["HX-Trigger"] = json.dumps(events)  # ASCII only (json escapes the rest), as headers must be
    return response
