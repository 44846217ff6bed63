"""Visitors' votes in public polls (no account): one per browser, by a signed cookie holding a
random id, and a per-address limit on how fast one address may vote. Only digests are stored
(Participation.visitor_key, address_key), keyed with the site's secret, so the rows name no
browser or address anyone could look up. The embed part owns and refines this module.

    key = visitor_key(request)           # "" when the browser sent no valid cookie
    remember(request, response)          # on a page showing the vote form: set the cookie once
    address_key(request), too_fast(request, poll)"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

COOKIE = "engage_voter"
SALT = "polls.visitor"
COOKIE_AGE = 365 * 24 * 3600
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


def remember(request, response):
    if not _browser_id(request):
        response.set_signed_cookie(COOKIE, secrets.token_urlsafe(24), salt=SALT, max_age=COOKIE_AGE,
                                   secure=request.is_secure(), httponly=True, samesite="Lax")
    return response


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
