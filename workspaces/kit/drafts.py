"""Nothing typed in an editor is lost: not to a closed tab, nor to a session that expired.

A tool's editor view gets both halves with a decorator and one object:

    from workspaces.kit.drafts import Editor, keeps_text

    @workspace_view("wikis.add_page")
    @with_page("wikis.change_page", deleted=editing)
    @keeps_text                                   # a signed-out or expired-form POST is kept (below)
    def edit(request, page):
        editor = Editor(request, key=f"wikis:edit:{page.pk}", noun="page", max_length=MAX_TEXT_LENGTH,
                        version=page.version, text=page.text)
        form = editor.form(make_form)             # POST: the posted data; GET: kept text, a draft or the saved text
        ...
        if saved:
            editor.saved()                        # the draft has done its job
        context["editor"] = editor                # components/editor.html autosaves and offers the draft

1. Drafts (Draft). The editor component posts the text to /drafts/save/ two seconds after the
   last keystroke (htmx) and says "Draft saved 14:02" in a polite live region; every Save or
   Preview posted to the view keeps it too (so without JavaScript a Preview is a draft, and a
   submit refused for any reason — a conflict, a lock, a length — leaves one). One draft per
   person and form: the key is the view's own (scoped to the workspace), and reaches the
   browser only inside a signed token binding it to the person (draft_token), so nobody can
   read or write another's draft. Opening the editor again offers a draft that differs from the
   saved text ("You have an unsaved draft from 1 December, 14:02", with a Discard button that is
   a plain form post), loaded with the version it was written on, so that saving goes through
   the tool's three-way merge and overwrites nobody's changes silently. Saving the form deletes
   it; beat purges drafts untouched for ENGAGE_DRAFT_DAYS (workspaces.tasks.purge_drafts).

2. Kept forms (FormStash). A Save pressed after the session expired reaches workspace_view
   anonymous; one whose CSRF token no longer matches (it expired, or the person signed in again
   in another tab) reaches the CSRF failure view. For a view marked @keeps_text both keep the
   posted text fields (never files, passwords or tokens; size-capped and rate-capped) under a
   random token that is not bound to the session (it is gone) but to the browser (a cookie) and,
   when known, the person, and answer with a redirect — to sign in first if need be — to
   "<the form>?restore=<token>". There Editor.form() opens the form with what was typed and
   says so (a form that is not a Markdown editor — a comment, a link, a document's details —
   opens with kept_form(request, make_form) instead). A token works once, only in that browser,
   only on the form it came from, and only after that view's own permission checks, i.e. for a
   signed-in person who may use the form; it expires after ENGAGE_RESTORE_HOURS and beat purges
   what nobody restored.

   Why not save automatically after sign-in: re-posting a kept form on someone's behalf once
   they sign in would let anyone who can get a person to sign in (or to follow a link while
   signed in) submit content as them — a CSRF hole by another name. The person sees their text
   in the form and presses Save: one deliberate click is the safe form of "then save it".
   For the same reason an expired-CSRF post is only kept when the browser says it came from
   our own pages (Origin, or Referer); a post forged by another site gets the plain CSRF page.

3. Refusals (posted_text). A Save refused because its writer lost the right meanwhile (made a
   reader, removed, a licence ended, the document checked out by someone else) is answered by
   the one refusal page (workspaces.views.errors: 403, or 404 where the item is now hidden from
   them, and the licence page), which shows what they typed, read-only, to copy — for every
   tool, with nothing for the tool to do. Only for a post whose CSRF token was checked (so
   another site cannot put its words on our page), never secrets, never machinery (ids,
   versions, choices, check boxes).
"""

import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db.models import Sum
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property

from ..edge import client_address
from ..lib.htmx import is_htmx
from ..models import Draft, FormStash
from .forms import unbound_copy

__all__ = ["BadDraft", "Editor", "keeps_text", "kept_form", "posted_text", "purge", "read_token", "save_draft"]

logger = logging.getLogger(__name__)

SALT = "engage.kit.drafts"
TOKEN_MAX_AGE = timedelta(days=7)  # a page left open longer than this is reloaded before drafts save again
COOKIE = "engage_kept"  # binds kept forms to the browser they were typed in
RESTORE_PARAM = "restore"

# What a kept form never holds, by field name.
SECRET_NAMES = re.compile(r"csrf|passw|secret|token|otp|api.?key", re.IGNORECASE)
MAX_KEPT_CHARS = 1_200_000  # one form: a 500,000-character text and the fields around it
MAX_KEPT_PER_CLIENT = 20  # live kept forms from one address
MAX_KEPT_CHARS_IN_ALL = 100_000_000  # every live kept form together

SIGNED_OUT = FormStash.Reason.SIGNED_OUT
EXPIRED_FORM = FormStash.Reason.EXPIRED_FORM
KEPT_MESSAGES = {
    SIGNED_OUT: "You were signed out before this could be saved. Your text is below — check it and press Save.",
    EXPIRED_FORM: "This form had expired (perhaps you signed in again in another tab), so it was not saved. "
                  "Your text is below — check it and press Save.",
}
NOT_KEPT = ("The text kept from before could not be brought back: it is kept for a short while, for the browser it "
            "was typed in, and can be brought back once.")


# --- Drafts ------------------------------------------------------------------------------------


class BadDraft(Exception):
    """A draft token that does not entitle this person to save (or discard) that draft."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.message, self.status = message, status


def draft_token(*, user, key, workspace_id, field, version_field, max_length, path):
    """The signed claim the editor page embeds: this person may keep a draft of this form."""
    claim = {"u": user.pk, "k": key, "w": workspace_id, "f": field, "vf": version_field, "n": max_length, "p": path}
    return signing.dumps(claim, salt=SALT, compress=True)


def read_token(token, user):
    """The claim in a draft token, if it is valid, recent and this person's; else BadDraft."""
    try:
        claim = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise BadDraft("Not saved as a draft: this page has been open for more than a week. Copy your text, "
                       "reload the page and paste it back.") from None
    except signing.BadSignature:
        raise BadDraft("Not saved as a draft: this page did not come from here. Reload it.") from None
    if claim.get("u") != user.pk:
        raise BadDraft("Not saved as a draft: this draft belongs to someone else.")
    return claim


def save_draft(*, user, key, workspace_id, text, base_version):
    """Keep (or replace) this person's draft of this form."""
    draft, _ = Draft.objects.update_or_create(
        user=user, key=key,
        defaults={"workspace_id": workspace_id, "text": text.replace("\r\n", "\n"), "base_version": base_version,
                  "saved_at": timezone.now()},
    )
    return draft


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class Editor:
    """The drafts side of one Markdown editor, for one request (see the module docstring).

    key: the form's name for this person's draft ("wikis:create", "wikis:edit:<id>"), scoped to
    the workspace here; noun: what is edited ("page"); max_length: the tool's text limit;
    version, text: the item's current version and text (an edit form), for telling whether a
    draft differs and whether the item changed since it was written; field, version_field: the
    names of the text and of the loaded-version fields."""

    def __init__(self, request, *, key, max_length, noun="text", version=None, text="", field="text",
                 version_field="loaded_version"):
        self.request = request
        workspace = getattr(request, "workspace", None)
        self.workspace_id = workspace.pk if workspace is not None else None
        self.key = f"w{self.workspace_id}:{key}" if workspace is not None else key
        self.max_length, self.noun, self.version, self.text = max_length, noun, version, text or ""
        self.field, self.version_field = field, version_field
        self.offered = None  # the Draft put into the form when it opened (components/editor.html offers it)
        self.changed_since = False  # ... and the item has been saved since that draft was written

    # What the template uses.

    @cached_property
    def token(self):
        query = self.request.GET.copy()
        query.pop(RESTORE_PARAM, None)
        path = self.request.path + (f"?{query.urlencode()}" if query else "")
        return draft_token(user=self.request.user, key=self.key, workspace_id=self.workspace_id, field=self.field,
                           version_field=self.version_field, max_length=self.max_length, path=path)

    @property
    def save_url(self):
        return reverse("draft_save")

    @property
    def discard_url(self):
        return reverse("draft_discard")

    # What the view calls.

    def form(self, make_form, initial=None):
        """The editor's form, built by make_form(data=None, **kwargs): the tool's form, bound
        to `data` or unbound with `initial=` (which must win over the item's own values, as in
        a ModelForm). A POST: bound to what was posted (and kept as a draft first, so that a
        save refused for any reason leaves one). A GET: the form kept when its writer was
        signed out (?restore=), else this person's draft if it differs from the saved text,
        else make_form(initial=initial)."""
        request = self.request
        if request.method == "POST":
            if not is_htmx(request):
                self._keep(request.POST.get(self.field, ""), request.POST.get(self.version_field))
            return make_form(request.POST)
        initial = dict(initial or {})
        if not request.user.is_authenticated:
            return make_form(initial=initial)
        lost = False
        if RESTORE_PARAM in request.GET:
            form = self._restored(make_form)
            if form is not None:
                return form
            lost = True
        draft = Draft.objects.filter(user=request.user, key=self.key).first()
        if draft is not None:
            if draft.text.strip() and draft.text != self.text.replace("\r\n", "\n"):
                initial[self.field] = draft.text
                if self.version is not None and draft.base_version:
                    # Saving goes through the three-way merge from the version it was written on.
                    initial[self.version_field] = min(draft.base_version, self.version)
                    self.changed_since = draft.base_version < self.version
                self.offered = draft
            else:
                draft.delete()  # nothing in it that is not saved
        if lost and self.offered is None:
            # (A reload of a restored form finds its token spent, and the text in the draft.)
            messages.error(request, NOT_KEPT)
        return make_form(initial=initial)

    def saved(self):
        """The form was saved: its draft has done its job."""
        Draft.objects.filter(user=self.request.user, key=self.key).delete()

    def _keep(self, text, version):
        if len(text) <= self.max_length and self.request.user.is_authenticated:
            save_draft(user=self.request.user, key=self.key, workspace_id=self.workspace_id, text=text,
                       base_version=_int(version) or self.version)

    def _restored(self, make_form):
        request = self.request
        stash = take_stash(request, request.GET.get(RESTORE_PARAM, ""))
        if stash is None:
            return None
        posted = _posted(stash)
        form = unbound_copy(make_form(posted), make_form)
        base = _int(posted.get(self.version_field))
        self._keep(posted.get(self.field, ""), base)  # a reload before saving still finds it
        message = KEPT_MESSAGES[stash.reason]
        if self.version is not None and base is not None and base < self.version:
            self.changed_since = True
            message += (f" The {self.noun} has been changed since you opened it: when you save, your changes are "
                        "merged with those, and anything that overlaps is shown to you first.")
        # Shown, not saved: the person presses Save. Re-posting it for them would be a CSRF hole
        # (see the module docstring).
        messages.warning(request, message)
        return form


def _posted(stash):
    posted = QueryDict(mutable=True)
    for name, values in stash.data.items():
        posted.setlist(name, values)
    return posted


# --- Kept forms ----------------------------------------------------------------------------------


def kept_form(request, make_form, **kwargs):
    """The form of a @keeps_text view that has no Editor (a comment, a link, a document's
    details): on a GET with ?restore=<token>, the form as its writer typed it before they were
    signed out (or its CSRF token expired), saying so; otherwise make_form(**kwargs) — bound to
    request.POST on a POST. make_form(data=None, **kwargs) builds the tool's form, and must let
    `initial=` win over an instance's own values (as a ModelForm does). Call it after the view's
    permission checks: a token works only for someone the form lets in."""
    if request.method == "POST":
        return make_form(request.POST, **kwargs)
    if RESTORE_PARAM in request.GET and request.user.is_authenticated:
        stash = take_stash(request, request.GET.get(RESTORE_PARAM, ""))
        if stash is not None:
            messages.warning(request, KEPT_MESSAGES[stash.reason])  # shown, not saved: they press Save
            return unbound_copy(make_form(_posted(stash)), make_form)
        messages.error(request, NOT_KEPT)
    return make_form(**kwargs)


def keeps_text(view):
    """Mark an editor view: a POST to it that could not be saved because its writer had been
    signed out, or because its CSRF token had expired, is kept and comes back in the form
    (Editor.form) once they are signed in. Outer decorators copy the mark (functools.wraps)."""
    view.engage_keeps_text = True
    return view


def _hash(value):
    return hashlib.sha256(value.encode()).hexdigest()


def _lifetime():
    return timedelta(hours=settings.ENGAGE_RESTORE_HOURS)


def _is_kept_here(request):
    match = getattr(request, "resolver_match", None)
    return (request.method == "POST" and not is_htmx(request)  # a preview or an autosave
            and match is not None and getattr(match.func, "engage_keeps_text", False))


def stash_form(request, *, reason, user=None):
    """Keep this POST's text fields (no files: request.POST holds none; no secrets, by name).
    Returns (token, browser id) or None when there is nothing to keep or a cap is reached."""
    data = {name: request.POST.getlist(name) for name in request.POST if not SECRET_NAMES.search(name)}
    size = sum(len(name) + sum(len(v) for v in values) for name, values in data.items())
    if not data or size > MAX_KEPT_CHARS or len(request.path) > 500:
        return None
    now = timezone.now()
    client = salted_hmac(SALT, client_address(request)).hexdigest()
    live = FormStash.objects.filter(expires_at__gt=now)
    if live.filter(client_hash=client).count() >= MAX_KEPT_PER_CLIENT or (
            (live.aggregate(total=Sum("size"))["total"] or 0) + size > MAX_KEPT_CHARS_IN_ALL):
        logger.warning("Not keeping a form posted to %s: the cap on kept forms is reached", request.path)
        return None
    token = secrets.token_urlsafe(32)
    browser = request.COOKIES.get(COOKIE) or secrets.token_urlsafe(32)
    FormStash.objects.create(
        token_hash=_hash(token), path=request.path, data=data, size=size, reason=reason, user=user,
        browser_hash=_hash(browser), client_hash=client, expires_at=now + _lifetime(),
    )
    return token, browser


def take_stash(request, token):
    """The kept form for this token, taken (it works once); None if there is none (any more),
    or it is another browser's or another person's, or another form's."""
    if not token or len(token) > 100:
        return None
    stash = FormStash.objects.filter(token_hash=_hash(token), expires_at__gt=timezone.now()).first()
    if stash is None or stash.path != request.path:
        return None
    if stash.user_id is not None and stash.user_id != request.user.pk:
        return None
    if not hmac.compare_digest(stash.browser_hash, _hash(request.COOKIES.get(COOKIE, ""))):
        return None
    taken, _ = FormStash.objects.filter(pk=stash.pk).delete()
    return stash if taken else None


def kept_response(request, *, reason):
    """For a POST to a @keeps_text view that cannot be saved now: keep its text and answer with
    the redirect that brings it back — to sign in first when nobody is signed in. None when it
    is not such a POST, or nothing could be kept (the caller answers as before)."""
    if not _is_kept_here(request):
        return None
    user = request.user if request.user.is_authenticated else None
    kept = stash_form(request, reason=reason, user=user)
    if kept is None:
        return None
    token, browser = kept
    back = f"{request.path}?{urlencode({RESTORE_PARAM: token})}"
    response = redirect(back) if user is not None else redirect_to_login(back)
    response.set_cookie(COOKIE, browser, max_age=int(_lifetime().total_seconds()), httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    return response


def _from_our_pages(request):
    """Whether the browser says this POST came from a page of this site (Origin, else Referer).
    A cross-site forgery carries the other site's Origin; an old browser may send neither."""
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin in ours
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" in ours


def kept_after_csrf_failure(request):
    """The CSRF failure view's answer for an editor's POST from our own pages: the form again
    with the text (after signing in, if the session is gone too). None otherwise."""
    if not _is_kept_here(request) or not _from_our_pages(request):
        return None
    reason = EXPIRED_FORM if request.user.is_authenticated else SIGNED_OUT
    return kept_response(request, reason=reason)


# --- Refusals ------------------------------------------------------------------------------------

MACHINERY = re.compile(r"\d*|on|[a-z_]{1,20}")  # ids, versions, check boxes, choices ("members")


def posted_text(request):
    """What the signed-in writer typed into a POST that is being refused, as (label, text) pairs
    for the refusal page to show back read-only. Nothing for a post whose CSRF token was not
    checked (a csrf_exempt view refused before its own check), nor secrets or machinery."""
    if (request.method != "POST" or not getattr(request, "csrf_processing_done", False)
            or not getattr(request, "user", None) or not request.user.is_authenticated):
        return []
    try:
        posted = request.POST
    except Exception:  # an unreadable body: nothing to show  # noqa: BLE001
        return []
    shown = []
    for name in posted:
        if SECRET_NAMES.search(name):
            continue
        for value in posted.getlist(name):
            if not MACHINERY.fullmatch(value.strip()):
                shown.append((name.replace("_", " ").capitalize(), value))
    return shown


# --- Housekeeping --------------------------------------------------------------------------------


def purge(now=None):
    """Delete drafts untouched for ENGAGE_DRAFT_DAYS and kept forms past their time.
    Returns (drafts, kept forms) deleted."""
    now = now or timezone.now()
    drafts, _ = Draft.objects.filter(saved_at__lt=now - timedelta(days=settings.ENGAGE_DRAFT_DAYS)).delete()
    stashes, _ = FormStash.objects.filter(expires_at__lte=now).delete()
    return drafts, stashes
