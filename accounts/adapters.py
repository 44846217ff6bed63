import hashlib
import ipaddress
import logging

from allauth import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from workspaces.edge import client_address
from workspaces.services.invitations import INVITATION_SESSION_KEY, address_has_account, find_valid_invitation

logger = logging.getLogger(__name__)

# An account's owner is emailed after this many failed sign-ins to it within LOGIN_NOTICE_WINDOW
# seconds, from wherever they came, and at most once every LOGIN_NOTICE_EVERY seconds.
LOGIN_NOTICE_AFTER = 5
LOGIN_NOTICE_WINDOW = 60 * 60
LOGIN_NOTICE_EVERY = 24 * 60 * 60


def rate_limit_address(request):
    """The client's address as the rate limits count it: an IPv6 address stands for its network
    (allauth's RATE_LIMIT_IPV6_PREFIX, a /64), all of which one household or machine holds."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
    return address


def session_invitation(request):
    """The still-usable invitation whose token this session holds, or None (cached per request)."""
    if not hasattr(request, "_engage_invitation"):
        invitation = None
        token = request.session.get(INVITATION_SESSION_KEY)
        if token:
            invitation = find_valid_invitation(token)
        request._engage_invitation = invitation
    return request._engage_invitation


def signup_invitation(request):
    """The invitation that lets this session create an account, or None: sign-up is by
    invitation (ENGAGE_OPEN_SIGNUP off), the session holds a usable invitation, and no account
    holds its address yet. The account is created for that address only (SignupProfileForm),
    so one link opens sign-up once; after that it leads to sign-in."""
    if settings.ENGAGE_OPEN_SIGNUP:
        return None
    invitation = session_invitation(request)
    if invitation is None or address_has_account(invitation.email):
        return None
    return invitation


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation unless ENGAGE_OPEN_SIGNUP is on.

    An invitation link stores its token in the session (see workspaces.views.invitations);
    while a valid one is there and its address has no account, the sign-up form is open for
    that address, signing up or in leads back to the invitation, and the invited address counts
    as verified (the link was sent to it).
    """

    def is_open_for_signup(self, request):
        if settings.ENGAGE_OPEN_SIGNUP:
            return True
        return signup_invitation(request) is not None

    def is_email_verified(self, request, email):
        # Following the invitation link proves the address is theirs: a new account for the
        # invited address needs no second confirmation email. Any other address still does.
        if super().is_email_verified(request, email):
            return True
        invitation = session_invitation(request)
        return invitation is not None and invitation.email.lower() == (email or "").lower()

    def get_login_redirect_url(self, request):
        token = request.session.get(INVITATION_SESSION_KEY)
        if token:
            if session_invitation(request) is not None:
                return reverse("invitation_accept", args=[token])
            request.session.pop(INVITATION_SESSION_KEY, None)  # used, withdrawn or expired
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    # --- Failed sign-ins ----------------------------------------------------------------------

    def _get_login_attempts_cache_key(self, request, **credentials):
        # The "key" of ACCOUNT_RATE_LIMITS["login_failed"]: allauth's is the account alone, so
        # five wrong passwords from anywhere would lock its owner out as well. Ours is the
        # account from one address: whoever guesses locks out only themselves.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{rate_limit_address(request)}"

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        login = (credentials.get("email") or "").strip().lower()
        if login:
            self._tell_owner_after_repeated_failures(request, login)

    def _tell_owner_after_repeated_failures(self, request, login):
        """Count failures per address typed (in the cache: no query for made-up ones) and, at
        LOGIN_NOTICE_AFTER, email the owner of that address, if there is one, once."""
        key = f"engage:login-failures:{hashlib.sha256(login.encode()).hexdigest()}"
        cache.add(key, 0, LOGIN_NOTICE_WINDOW)
        try:
            failures = cache.incr(key)
        except ValueError:  # expired in between
            return
        if failures < LOGIN_NOTICE_AFTER or cache.get(f"{key}:told"):
            return
        address = EmailAddress.objects.filter(email__iexact=login, verified=True, user__is_active=True).first()
        if address is None or not cache.add(f"{key}:told", True, LOGIN_NOTICE_EVERY):
            return
        context = {
            "attempts": failures,
            "ip": client_address(request),
            "password_change_url": settings.SITE_URL + reverse("account_change_password"),
            "password_reset_url": settings.SITE_URL + reverse("account_reset_password"),
            "two_factor_url": settings.SITE_URL + reverse("mfa_index"),
        }
        try:
            self.send_mail("account/email/login_failures", address.email, context)
        except Exception:  # a notice that cannot go out must not break the sign-in page
            logger.exception("Could not tell %s of failed sign-ins", address.email)
