from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from workspaces.services.invitations import INVITATION_SESSION_KEY, address_has_account, find_valid_invitation


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
