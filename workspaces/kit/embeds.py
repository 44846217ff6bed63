"""Embeddable widgets (kit): the one way a tool makes a page that a department's own website
shows in an iframe (a poll, the latest news).

    @embeddable                                   # outermost: over workspace_view
    @workspace_view("polls.view_poll")
    def embed(request, pk): ...  render(request, "polls/embed/poll.html", ...)  # extends "kit/embed.html"

- Only a PUBLIC workspace has widgets: elsewhere the address is "not found" (an anonymous
  visitor is sent to sign in, as everywhere in a workspace that is not public), before the view
  runs, and may not be framed.
- The response may be framed only by the workspace's allowed sites (Workspace.embed_origins):
  `Content-Security-Policy: frame-ancestors <origins>` (none listed: 'none'); the rest of the
  strict CSP stays (django-csp's per-response "replace" of one directive), and X-Frame-Options
  is dropped (it cannot name sites; browsers that know CSP ignore it when frame-ancestors is set).
- A refusal inside the widget (404, 403) is a small framed page that says so, not a sign-in
  redirect or the site's error page with its header.
- The view shows only what an anonymous visitor may see (the tool's job: read as AnonymousUser()).

    origins = parse_origins(text)        # the settings' field: ValidationError naming each bad line
    allowed_origins(workspace)           # what is stored, read leniently (never fails)
"""

import re
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render

MAX_ORIGINS = 20
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
# What separates origins in the field: one per line is what the form asks for; commas and spaces
# are accepted too (pasted lists).
_SEPARATORS = re.compile(r"[\s,]+")


def _local_http_allowed():
    return bool(getattr(settings, "DEBUG", False) or getattr(settings, "TESTING", False))


def _problem(value):
    """Why `value` is not an origin we accept (None when it is), and the normalised origin."""
    shown = value if len(value) <= 80 else value[:77] + "…"
    if "*" in value:
        # A wildcard would let every page of every subdomain (other departments', a forgotten
        # test site) frame the widgets: each site is listed on its own.
        return f"“{shown}”: wildcards are not allowed; list each site on its own line.", None
    if "://" not in value:
        return f"“{shown}” is not a site address: write it with https://, as in https://www.example.org.", None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return f"“{shown}” is not a site address (check the port number).", None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return f"“{shown}”: give only the site, without a user name or password.", None
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        return (f"“{shown}”: give only the site (scheme, host and port), without a page’s path, "
                f"as in {scheme}://{parts.netloc}."), None
    try:
        host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError:
        return f"“{shown}” does not have a valid host name.", None
    labels = host.split(".")
    if not host or len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"“{shown}” does not have a valid host name.", None
    if scheme == "http":
        if host not in LOCAL_HOSTS or not _local_http_allowed():
            return f"“{shown}”: only https:// sites may embed widgets.", None
    elif scheme != "https":
        return f"“{shown}”: only https:// sites may embed widgets.", None
    if port == 0:
        return f"“{shown}” is not a site address (check the port number).", None
    if (scheme, port) in (("https", 443), ("http", 80)):
        port = None  # the default: browsers send the origin without it
    origin = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    return None, origin


def parse_origins(text):
    """The origins in `text` (one per line), normalised ("https://host[:port]", lower case, no
    default port), in order, without repeats. ValidationError listing every problem: not an
    https origin (http only for localhost/127.0.0.1 in development and tests), a path, a
    wildcard, more than MAX_ORIGINS."""
    origins, errors = [], []
    for value in _SEPARATORS.split(text or ""):
        if not value:
            continue
        problem, origin = _problem(value)
        if problem:
            errors.append(problem)
        elif origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        errors.append(f"List at most {MAX_ORIGINS} sites (there are {len(origins)}).")
    if errors:
        raise ValidationError(errors)
    return origins


def allowed_origins(workspace):
    """The sites that may frame this workspace's widgets, as stored (a line that no longer
    parses, say http://localhost in production, is left out)."""
    found = []
    for value in _SEPARATORS.split(workspace.embed_origins or ""):
        if value:
            problem, origin = _problem(value)
            if not problem and origin not in found:
                found.append(origin)
    return found[:MAX_ORIGINS]


def frame_for(response, origins):
    """Let `origins` (and only them) frame `response`: frame-ancestors replaced, the rest of the
    CSP untouched; X-Frame-Options not set (XFrameOptionsMiddleware skips an exempt response)."""
    response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}),
                             "frame-ancestors": list(origins) or ["'none'"]}
    response.xframe_options_exempt = True
    if "X-Frame-Options" in response.headers:
        del response.headers["X-Frame-Options"]
    return response


def unavailable(request, status, reason="", workspace=None):
    """A widget's refusal: a small page inside the frame."""
    return render(request, "kit/embed_unavailable.html",
                  {"status": status, "reason": reason, "embed_workspace": workspace}, status=status)


def embeddable(view):
    """Make a view a widget (see the module's docstring). Put it OVER workspace_view: the
    workspace is checked to be public before the view (and the permission layer) runs, and a
    refusal there becomes the framed "not available" page instead of a sign-in redirect."""
    from ..models import Workspace

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        workspace = (Workspace.objects.only("pk", "slug", "name", "visibility", "embed_origins")
                     .filter(slug=kwargs.get("workspace", "")).first())
        if workspace is None or not workspace.is_public:
            # Not found, and not framed, for everyone; an anonymous visitor is asked to sign in,
            # as at every address of a workspace that is not public (the sign-in page refuses
            # framing): a private workspace's existence is not revealed.
            request.in_workspace_view = True
            raise Http404("Widgets are only in public workspaces.")
        request.embedded = True
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = unavailable(request, 404, workspace=workspace)
        except PermissionDenied as exc:
            response = unavailable(request, 403, reason=str(exc), workspace=workspace)
        return frame_for(response, allowed_origins(workspace))

    return wrapper
