"""The webhook for mail providers that post inbound mail as HTTP (Mailgun's "body-mime",
SendGrid's raw "email", or the raw message as the body, Content-Type: message/rfc822)."""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from workspaces.mail import replies
from workspaces.permissions.decorators import public_view

from .receiving import TooLarge, max_bytes, receive

RAW_TYPES = ("message/rfc822", "application/octet-stream", "text/plain")
MIME_FIELDS = ("body-mime", "email", "message")  # Mailgun, SendGrid, anything else


@public_view  # the shared secret in the Authorization header is the proof
@csrf_exempt  # a provider's server posts it, with no session
@never_cache
@require_POST
def webhook(request):
    secret = settings.ENGAGE_INBOUND_SECRET
    if not secret or not replies.domain():
        raise Http404("Inbound mail is not configured here.")
    given = request.headers.get("Authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), secret.encode()):
        return HttpResponse("Wrong or missing bearer token.\n", status=403, content_type="text/plain")
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > max_bytes() + 64 * 1024:  # a form's own fields come on top of the message
        return HttpResponse("Message too large.\n", status=413, content_type="text/plain")
    raw, recipients = _message(request)
    if not raw:
        return HttpResponse("No message: post it raw (message/rfc822) or as the field body-mime or email.\n",
                            status=400, content_type="text/plain")
    try:
        receive(raw, envelope_to=recipients, transport="webhook")
    except TooLarge:
        return HttpResponse("Message too large.\n", status=413, content_type="text/plain")
    return HttpResponse("Accepted.\n", status=202, content_type="text/plain")


def _message(request):
    """(the raw message as bytes, the envelope recipients the provider named)."""
    if request.content_type in RAW_TYPES:
        return request.read(max_bytes() + 1), []
    for name in MIME_FIELDS:
        if request.POST.get(name):
            return request.POST[name].encode("utf-8", errors="surrogateescape"), _recipients(request)
    return b"", []


def _recipients(request):
    named = " ".join(request.POST.getlist("recipient") + request.POST.getlist("to"))
    return [a for a in named.replace(",", " ").split() if replies.is_reply_address(a)][:50]
