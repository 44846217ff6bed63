"""Two revisions compared, as the text and as it reads: the context of a comparison page with
`{% include "components/diff_views.html" %}` (two links switch between the views, so it works
without JavaScript; only the view asked for is computed).

    context.update(compare_context(request, old_revision, new_revision))
    context.update(compare_context(request, old, new, resolve=lambda html: links_resolved(html)))

`resolve`, if given, finishes the rendered HTML for this reader (the wiki's [[links]])."""

from urllib.parse import urlencode

from ..lib.diff import diff_texts
from ..lib.rendered_diff import diff_rendered

TEXT, RENDERED = "text", "rendered"


def compare_context(request, old, new, *, resolve=None):
    view = RENDERED if request.GET.get("view") == RENDERED else TEXT
    base = {"from": old.number, "to": new.number}
    context = {
        "diff_view": view,
        "diff_view_urls": {
            TEXT: "?" + urlencode(base),
            RENDERED: "?" + urlencode({**base, "view": RENDERED}),
        },
    }
    if view == TEXT:
        context["diff"] = diff_texts(old.text, new.text)
    else:
        rendered = diff_rendered(old.html, new.html)
        if rendered.html and resolve is not None:
            rendered.html = resolve(rendered.html)
        context["rendered_diff"] = rendered
    return context
