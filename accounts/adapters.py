from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

INVITATION_SESSION_KEY = "engage_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation unless ENGAGE_OPEN_SIGNUP is on.

    An invitation link stores its token in the session (see workspaces.views.invitations);
    while a valid one is there, the sign-up form is open.
    """

    def is_open_for_signup(self, request):
        if settings.ENGAGE_OPEN_SIGNUP:
            return True
        token = request.session.get(INVITATION_SESSION_KEY)
        if not token:
            return False
        from workspaces.services.invitations import find_valid_invitation

        return find_valid_invitation(token) is not None

    def get_login_redirect_url(self, request):
        token = request.session.get(INVITATION_SESSION_KEY)
        if token:
            from django.urls import reverse

            return reverse("invitation_accept", args=[token])
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)
