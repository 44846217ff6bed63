from django.shortcuts import render
from django.views import defaults

from ..edge import ControlCharacterRefused
from ..kit import drafts
from ..lib.htmx import is_htmx
from .drafts import FORM_EXPIRED_STATUS, draft_status


def permission_denied(request, exception=None):
    """Every refusal of a tool, and of the core: why, and (for a POST) what was typed, to copy."""
    reason = str(exception) if exception and str(exception) else "You do not have permission to see this page."
    return render(request, "errors/403.html", {"reason": reason, "posted": drafts.posted_text(request)}, status=403)


def bad_request(request, exception=None):
    """Our own refusals say why on the site's page; any other bad request (a host not allowed,
    a body too large) keeps Django's plain answer, which needs nothing from the request."""
    if isinstance(exception, ControlCharacterRefused):
        return render(request, "errors/400.html", {"reason": str(exception)}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    # A POST to what the writer may no longer see (removed meanwhile): their text, to copy.
    return render(request, "errors/404.html", {"posted": drafts.posted_text(request)}, status=404)


def server_error(request):
    # Minimal context: the error may have come from the context processors themselves.
    from django.http import HttpResponseServerError
    from django.template.loader import get_template

    return HttpResponseServerError(get_template("errors/500.html").render({}))


def csrf_failure(request, reason=""):
    """A form whose CSRF token no longer matches: it expired, or its writer signed in again in
    another tab. An editor's text is not lost: the form comes back with it (kit.drafts), after
    signing in if the session is gone too. An autosave (htmx) is told why it was not kept."""
    kept = drafts.kept_after_csrf_failure(request)
    if kept is not None:
        return kept
    match = getattr(request, "resolver_match", None)
    if is_htmx(request) and match is not None and getattr(match.func, "engage_draft_status", False):
        return draft_status(request, FORM_EXPIRED_STATUS, 403)
    return render(request, "errors/csrf.html", status=403)
