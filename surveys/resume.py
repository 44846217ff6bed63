"""Resume links and the secret that finds a response again.

Every response gets a random secret when it is first saved; only its SHA-256 is stored
(Response.resume_hash). The secret lives in the person's session (so the same browser finds the
response) and in the single-purpose resume link emailed to them, a django.core.signing token
with its own salt holding the response id, the secret and — for an anonymous survey, whose
Response holds no person — the id of the person the link was sent to, so that the link can be
checked as its owner. A link is never a login: it authorises only that one response's answering
pages (resume.grant), and only while its owner may still respond (the survey's policy, asked
again on every request: a closed survey, a lost membership or a deleted survey end it; that is
how the link "expires when the survey closes").
"""

import hashlib
import hmac
import secrets

from django.core import signing

SALT = "surveys.resume"
SESSION_KEY = "surveys.answering"  # {survey pk: {"r": response id, "s": secret, "u": owner id or None}}


def new_secret():
    return secrets.token_urlsafe(24)


def hash_of(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(response, secret):
    return bool(secret) and bool(response.resume_hash) and hmac.compare_digest(response.resume_hash, hash_of(secret))


def make_token(response, secret, *, owner_id=None, anonymous=False):
    """A signed (not encrypted) token: for an anonymous survey it names no response, which is
    found by the secret's hash, so that the link in the outbox does not spell out which
    response is whose."""
    return signing.dumps({"r": None if anonymous else response.pk, "s": secret, "u": owner_id}, salt=SALT,
                         compress=True)


def read_token(token):
    """(response id or None, secret, owner id or None), or None for a token that is not ours."""
    try:
        data = signing.loads(token, salt=SALT)
        response_id = int(data["r"]) if data.get("r") is not None else None
        return response_id, str(data["s"]), (int(data["u"]) if data.get("u") is not None else None)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def find(survey, response_id, secret):
    """The survey's response the secret opens, or None."""
    from .models import Response

    found = Response.objects.filter(survey=survey, resume_hash=hash_of(secret))
    if response_id is not None:
        found = found.filter(pk=response_id)
    response = found.select_related("version").first()
    return response if response is not None and matches(response, secret) else None


# --- The email ------------------------------------------------------------------------------------

MAIL_KIND = "surveys.resume"


def build_resume_mail(row, batch):
    from workspaces.kit.mail import compose

    to = batch.users[row.recipient_id].email if row.recipient_id else row.address
    data = row.payload
    text = (f"You saved your answers to “{data['title']}”.\n\n"
            f"To continue where you left off, on any device, open this link:\n{data['link']}\n\n"
            f"{data.get('window', '')}\n\n"
            "This link is only for you: it opens your own answers. If you did not ask for it, ignore this email.\n")
    return compose(row, to=to, subject=row.subject, text=text), []


# --- The session: which response this browser is answering -----------------------------------

def remember(request, survey_pk, response_pk, secret, owner_id=None):
    held = dict(request.session.get(SESSION_KEY, {}))
    held[str(survey_pk)] = {"r": response_pk, "s": secret, "u": owner_id}
    request.session[SESSION_KEY] = held


def forget(request, survey_pk):
    held = dict(request.session.get(SESSION_KEY, {}))
    if held.pop(str(survey_pk), None) is not None:
        request.session[SESSION_KEY] = held


def held(request, survey_pk):
    """{"r", "s", "u"} for the survey in this browser, or None."""
    entry = request.session.get(SESSION_KEY, {}).get(str(survey_pk))
    return entry if isinstance(entry, dict) and entry.get("r") and entry.get("s") else None
