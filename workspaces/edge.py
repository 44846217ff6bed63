"""The edge of every request: who is asking, and characters nobody types.

`client_address(request)` is the one answer to "the client's address" for the whole platform
(sign-in rate limits, sessions, security emails, kept forms): allauth's, configured by
ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER (ENGAGE_TRUSTED_PROXY_COUNT /
ENGAGE_TRUSTED_CLIENT_IP_HEADER in the environment). With neither set it is the connection's own
address and X-Forwarded-For is ignored: anyone can write that header.

`RefuseControlCharactersMiddleware` answers 400 (errors/400.html) when the path, a query
parameter or a form field (name or value) holds a C0 control character other than tab, LF and
CR: NUL cannot be stored in PostgreSQL (a 500 wherever a view or form let it through) and the
others are never typed.
"""

import re

from allauth.account.adapter import get_adapter
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

REFUSED_MESSAGE = ("The address or the form you sent has a character that cannot be used: an invisible control "
                   "character, which sometimes comes with text copied from another program.")


def client_address(request):
    """The address of whoever sent the request ("" if none can be told), as allauth's rate
    limits and sessions see it: behind ENGAGE_TRUSTED_PROXY_COUNT proxies, the entry the
    nearest of them added to X-Forwarded-For, never one the client could have written."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all (a Unix socket with no proxy in front)
        return ""


class ControlCharacterRefused(BadRequest):
    """Raised at the edge; handler400 (workspaces.views.errors.bad_request) says why."""

    def __init__(self):
        super().__init__(REFUSED_MESSAGE)


def _holds_control_characters(data):
    return any(CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(v) for v in values)
               for name, values in data.lists())


class RefuseControlCharactersMiddleware:
    """Last in MIDDLEWARE, so that the 400 page has the user and the CSP nonce like every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path_info) or _holds_control_characters(request.GET):
            raise ControlCharacterRefused()
        if request.method == "POST":
            _check_form_when_read(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The form is read before the view, as the CSRF check reads it, whether or not the view
        # would: the answer to a bad field does not depend on the view. Not for a view that adds
        # upload handlers first (adds_upload_handlers), which reading the body now would bypass:
        # its form is checked when it reads it.
        if request.method == "POST" and not getattr(view_func, "engage_adds_upload_handlers", False):
            request.POST  # noqa: B018 (reading it runs the check)
        return None


def adds_upload_handlers(view):
    """Mark a view that adds upload handlers before it reads its body (kit.limit_upload_size;
    it must also be CSRF-exempt, as the CSRF check reads the body). Outer decorators copy the
    mark (functools.wraps)."""
    view.engage_adds_upload_handlers = True
    return view


def _check_form_when_read(request):
    """Check the form's fields, and the uploads' field names (not the files), when something
    first reads request.POST or request.FILES."""
    load = request._load_post_and_files

    def load_and_check():
        load()
        if _holds_control_characters(request._post) or any(CONTROL_CHARACTERS.search(name) for name in request._files):
            request._post, request._files = QueryDict(), MultiValueDict()  # nothing refused is read later
            raise ControlCharacterRefused()

    request._load_post_and_files = load_and_check
