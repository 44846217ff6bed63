"""Reads for the profile page: a summary of the person's sign-in and security settings."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession


@dataclass(frozen=True)
class SecuritySummary:
    email: str
    email_verified: bool
    pending_email: str
    two_factor_on: bool
    session_count: int


def security_summary(user):
    """Primary email, an address awaiting verification, two-factor state, session count (3 queries)."""
    primary, pending = None, None
    for address in EmailAddress.objects.filter(user=user).order_by("-primary", "pk"):
        if address.primary and primary is None:
            primary = address
        elif not address.verified and pending is None:
            pending = address
    return SecuritySummary(
        email=primary.email if primary else user.email,
        email_verified=bool(primary and primary.verified),
        pending_email=pending.email if pending else "",
        two_factor_on=Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        session_count=UserSession.objects.filter(user=user).count(),
    )
