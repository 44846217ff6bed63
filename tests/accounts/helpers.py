"""Helpers for account tests: sign in through allauth's form, read links out of emails, TOTP codes."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from ..builders import PASSWORD


def sign_in(email, password=PASSWORD, client=None, **client_kwargs):
    """Sign in through allauth's own form (not force_login), as a browser would."""
    client = client or Client(**client_kwargs)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return client, response


def link_in(message, pattern):
    """The path of the first link in an email body whose path matches the regex `pattern`."""
    paths = [m.group(1) for m in re.finditer(r"https?://[^/\s]+(/\S*)", message.body)]
    matching = [p for p in paths if re.search(pattern, p)]
    assert matching, f"no link matching {pattern!r} in:\n{message.body}"
    return matching[0]


def totp_code(secret, offset=0):
    """The code an authenticator app would show now (offset: periods later/earlier). The server
    checks a code against the period it is in when the request arrives (no tolerance), so a
    code made in the last seconds of a period may be stale by then on a busy machine: those
    seconds are waited out."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.05)
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def activate_totp(client, password=PASSWORD):
    """Confirm the password (allauth asks again before MFA changes), open the set-up page and
    answer it with a code made from the secret it put in the session. Returns (secret, response)."""
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = client.session[SECRET_SESSION_KEY]
    return secret, client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
