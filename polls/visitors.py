"""Visitors' votes in public polls (no account): one per browser, by a signed cookie holding a
random id, and a per-address limit on how fast one address may vote. Only digests are stored
(Participation.visitor_key, address_key), keyed with the site's secret, so the rows name no
browser or address anyone could look up. The embed part owns and refines this module.

    key = visitor_key(request)           # "" when the browser sent no valid cookie
    remember(request, response)          # on a page showing the vote form: set the cookie once
    address_key(request), too_fast(request, poll)

Inside another site's iframe (the embed part) the cookie is a third-party one: it is set
SameSite=None; Secure; Partitioned (CHIPS: a jar of its own per embedding site, which browsers
blocking third-party cookies still keep), and the vote form carries a token bound to the voter
instead of Django's CSRF token (whose SameSite=Lax cookie never reaches a cross-site frame):

    browser_id, fresh = browser(request)               # the cookie's id, or a new one to set
    token = vote_token(poll, voter(request, browser_id))
    vote_token_valid(token, poll, voter(request, browser_id))   # signed, recent, this voter's"""

import hashlib
import hmac
import secrets
from http.cookies import Morsel

from django.conf import settings
from django.core import signing
from django.core.cache import cache

COOKIE = "engage_voter"
SALT = "polls.visitor"
COOKIE_AGE = 365 * 24 * 3600
TOKEN_SALT = "polls.vote_token"
TOKEN_AGE = 12 * 3600  # a vote form left open half a day still works; an older one is shown again
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
VOTES_PER_ADDRESS_PER_HOUR = 30  # per poll: a school or office behind one address still votes


def _digest(kind, value):
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _browser_id(request):
    try:
        return request.get_signed_cookie(COOKIE, salt=SALT, max_age=COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        return ""


def visitor_key(request):
    browser = _browser_id(request)
    return _digest("browser", browser) if browser else ""


def browser(request):
    """(the browser's id from its cookie, False), or (a new id, True) to set with remember()."""
    found = _browser_id(request)
    return (found, False) if found else (secrets.token_urlsafe(24), True)


class _PartitionedMorsel(Morsel):
    """A cookie with the CHIPS attribute (Python 3.11's http.cookies and Django 5.2's
    set_cookie do not know `Partitioned`; the test client and the handlers read this Morsel)."""

    def OutputString(self, attrs=None):
        return super().OutputString(attrs) + "; Partitioned"


def _cross_site_ok(request):
    """Whether a SameSite=None cookie can be set: it must be Secure, which browsers accept over
    https, and over plain http only from localhost (development, the browser tests)."""
    if request.is_secure():
        return True
    local = request.get_host().split(":")[0] in LOCAL_HOSTS
    return local and bool(settings.DEBUG or getattr(settings, "TESTING", False))


def remember(request, response, browser_id=None):
    """Set the visitor's cookie (once: unless the browser sent a valid one). `browser_id`: the
    one browser() made for this page's form (its token is bound to it)."""
    if _browser_id(request):
        return response
    browser_id = browser_id or secrets.token_urlsafe(24)
    if not _cross_site_ok(request):
        response.set_signed_cookie(COOKIE, browser_id, salt=SALT, max_age=COOKIE_AGE, secure=request.is_secure(),
                                   httponly=True, samesite="Lax")
        return response
    response.set_signed_cookie(COOKIE, browser_id, salt=SALT, max_age=COOKIE_AGE, secure=True, httponly=True,
                               samesite="None")
    partitioned = _PartitionedMorsel()
    partitioned.update(response.cookies[COOKIE])
    partitioned.set(COOKIE, response.cookies[COOKIE].value, response.cookies[COOKIE].coded_value)
    response.cookies[COOKIE] = partitioned
    return response


def voter(request, browser_id):
    """Who a vote form is for: the signed-in person, else the browser."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"browser:{browser_id}" if browser_id else ""


def vote_token(poll, who):
    """A signed, timed token for `poll` bound to `who` (voter()): what stands in for the CSRF
    token in a cross-site frame. Another site cannot read it (the frame's page is cross-origin)
    and one it fetched for its own visitor is bound to that visitor, not to the victim."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{poll.pk}:{_digest('voter', who)[:32]}")


def vote_token_valid(token, poll, who):
    if not who or not token:
        return False
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=TOKEN_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return False
    return hmac.compare_digest(value, f"{poll.pk}:{_digest('voter', who)[:32]}")


def address_key(request):
    return _digest("address", request.META.get("REMOTE_ADDR", ""))


def too_fast(request, poll):
    """Counts this vote against the address's hourly allowance for the poll; True once spent."""
    key = f"polls:rate:{poll.pk}:{address_key(request)[:32]}"
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key) > VOTES_PER_ADDRESS_PER_HOUR
    except ValueError:
        return False
