"""The editor's drafts (workspaces.kit.drafts): kept as one types (htmx), discarded by a plain
form post. The signed token the editor page embeds is the permission: it names this person and
a form their editor view let them open."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..kit.drafts import BadDraft, read_token, save_draft
from ..lib.htmx import is_htmx
from ..models import Draft
from ..permissions.decorators import login_view

SIGNED_OUT_STATUS = ("Not saved as a draft: you have been signed out. Your text is still in the box: when you press "
                     "Save you will be asked to sign in, and it will be kept.")
FORM_EXPIRED_STATUS = ("Not saved as a draft: this page has expired (perhaps you signed in again in another tab). "
                       "Your text is still in the box: press Save and it will be kept.")


def draft_status(request, message, status=200):
    """The editor's status line. htmx swaps only 2xx answers into the page, so an htmx request
    is answered 200 whatever happened (the words say it); anyone else gets the real status."""
    return HttpResponse(escape(message), status=200 if is_htmx(request) else status)


def _status_line_when_signed_out(view):
    # An autosave after the session expired: say so in the status line. A redirect to sign in
    # would be followed by htmx and swap the sign-in page into it.
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_htmx(request) and not request.user.is_authenticated:
            return draft_status(request, SIGNED_OUT_STATUS, 403)
        return view(request, *args, **kwargs)

    wrapper.engage_draft_status = True
    return wrapper


@_status_line_when_signed_out
@login_view
@require_POST
def draft_save(request):
    """Keep the posted text as this person's draft of the form the token names."""
    try:
        claim = read_token(request.POST.get("draft"), request.user)
    except BadDraft as bad:
        return draft_status(request, bad.message, bad.status)
    text = request.POST.get(claim["f"], "")
    if len(text) > claim["n"]:
        return draft_status(request, f"Not saved as a draft: the text is longer than {claim['n']:,} characters "
                                     f"(it has {len(text):,}). Shorten it before saving.", 400)
    try:
        base_version = int(request.POST.get(claim["vf"], ""))
    except ValueError:
        base_version = None
    draft = save_draft(user=request.user, key=claim["k"], workspace_id=claim["w"], text=text,
                       base_version=base_version if base_version and base_version > 0 else None)
    return draft_status(request, f"Draft saved {date_format(timezone.localtime(draft.saved_at), 'H:i')}")


@login_view
@require_POST
def draft_discard(request):
    """Delete this person's draft of the form the token names, and go back to that form."""
    try:
        claim = read_token(request.POST.get("draft"), request.user)
    except BadDraft:
        raise PermissionDenied("This draft cannot be discarded from here: open the editor again and use its "
                               "Discard button.") from None
    Draft.objects.filter(user=request.user, key=claim["k"]).delete()
    messages.info(request, "The draft has been discarded.")
    back = claim["p"]
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = "/"
    return redirect(back)
