"""Posting a received reply, or refusing it with a short reason, off the receiving path (a task).

In order: an automatic message (an out-of-office, a bounce, a list) is ignored without an
answer; then the reply token among the recipients, its signature and age, the sender (the
token owner's address or one of their verified addresses), the account still active, the item
still there and still Repliable, `can(user, perm, item)`, no attachments, some text; then the
tool's `post(actor=..., target=..., text=..., message_id=...)`, whose ValidationError (a locked or
closed thread, slow mode) is the sender's refusal. Each refusal is one short mail to the sender,
except to a robot or to ourselves. One run per stored mail: it is claimed first.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr

from allauth.account.models import EmailAddress
from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workspaces import mail
from workspaces.mail import replies
from workspaces.permissions import can

from . import parsing
from .models import InboundMail, InboundStatus
from .refusals import refuse

logger = logging.getLogger(__name__)
MAX_REPLY_CHARS = 50_000
CLAIM_TIMEOUT = timedelta(minutes=15)
SWEEP_LIMIT = 1000
KEEP_DAYS = 30
# Never answered: a bounce to these would loop or go nowhere.
_ROBOTS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply")


class Refused(Exception):
    """Not posted; `reason` goes back to the sender (when `tell`)."""

    def __init__(self, reason, *, tell=True, text=""):
        super().__init__(reason)
        self.reason, self.tell, self.text = reason, tell, text  # text: what they wrote, given back


def process(inbound_id):
    """Post or refuse one stored mail; its final status. A mail already claimed is left alone."""
    claimed = InboundMail.objects.filter(pk=inbound_id, status=InboundStatus.PENDING).update(
        status=InboundStatus.PROCESSING, claimed_at=timezone.now())
    if not claimed:
        return None
    inbound = InboundMail.objects.get(pk=inbound_id)
    parsed = None
    try:
        parsed = parsing.parse(bytes(inbound.raw))
        with transaction.atomic():
            _post(inbound, parsed)
            _finish(inbound, InboundStatus.POSTED, "")
        return InboundStatus.POSTED
    except Refused as refusal:
        told = refusal.tell and _may_answer(parsed)
        with transaction.atomic():
            if told:
                refuse(inbound, to=parsed.sender, subject=parsed.header("Subject"), reason=refusal.reason,
                       text=refusal.text)
            _finish(inbound, InboundStatus.REFUSED if told else InboundStatus.IGNORED, refusal.reason)
        return InboundStatus.REFUSED if told else InboundStatus.IGNORED
    except Exception as exc:  # noqa: BLE001 - a bug or a broken tool: kept for site admins, not retried
        logger.exception("Could not process inbound mail %s", inbound_id)
        _finish(inbound, InboundStatus.FAILED, repr(exc)[:2000])
        return InboundStatus.FAILED


@shared_task(name="inbound.tasks.process_inbound", acks_late=True)
def process_inbound(inbound_id):
    return process(inbound_id)


def sweep(now=None):
    """What a broker outage or a lost worker left behind (and mail past KEEP_DAYS, deleted): a
    claim older than CLAIM_TIMEOUT goes
    back to pending (the post and its status commit together, so nothing was posted), and mail
    pending for two minutes or more is queued again (a second task finds nothing to claim).
    The ids queued."""
    now = now or timezone.now()
    InboundMail.objects.filter(status=InboundStatus.PROCESSING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        status=InboundStatus.PENDING)
    ids = list(InboundMail.objects.filter(status=InboundStatus.PENDING, received_at__lt=now - timedelta(minutes=2))
               .order_by("pk").values_list("pk", flat=True)[:SWEEP_LIMIT])
    for inbound_id in ids:
        mail.enqueue(process_inbound, inbound_id)
    # Mail is kept KEEP_DAYS for site admins (and to know a late duplicate), then deleted.
    done = InboundMail.objects.exclude(status__in=(InboundStatus.PENDING, InboundStatus.PROCESSING)).filter(
        received_at__lt=now - timedelta(days=KEEP_DAYS))
    InboundMail.objects.filter(pk__in=list(done.values_list("pk", flat=True)[:SWEEP_LIMIT])).delete()
    return ids


@shared_task(name="inbound.tasks.sweep_inbound")
def sweep_inbound():
    return len(sweep())


def _finish(inbound, status, outcome):
    InboundMail.objects.filter(pk=inbound.pk).update(status=status, outcome=outcome[:2000],
                                                     user_id=inbound.user_id, processed_at=timezone.now())


def _post(inbound, parsed):
    if parsed.is_automatic:
        raise Refused("An automatic message (Auto-Submitted, Precedence or a delivery report).", tell=False)
    token = _find_token(inbound, parsed)
    user = get_user_model().objects.filter(pk=token.user_id).first()
    try:
        replies.check_token(token, user)
    except replies.BadToken:
        raise Refused("This reply address is not valid (it may have been changed or withdrawn). "
                      "Please reply on the website instead.") from None
    except replies.ExpiredToken:
        target = _target(token)
        where = f" Please reply on the website: {_url(target)}" if target is not None else ""
        raise Refused(f"This reply address has expired (they last {replies.token_days()} days).{where}") from None
    inbound.user_id = user.pk
    if not user.is_active:
        raise Refused("This account is no longer active, so its replies cannot be posted.")
    if not _sent_by(user, parsed.sender):
        raise Refused("This reply address belongs to someone else: only the person it was sent to can "
                      "reply with it, from their own email address.")
    target = _target(token)
    declared = replies.repliable_for(token.content_type()) if target is not None else None
    if declared is None:
        raise Refused("What you replied to is no longer there, so your reply could not be posted.")
    if not can(user, declared.perm, target):
        raise Refused(f"You may no longer post there. See {_url(target)}", text=parsed.text)
    if parsed.attachments:
        raise Refused("Attachments cannot be posted by email. Please send your reply again without "
                      f"attachments, or post it on the website: {_url(target)}", text=parsed.text)
    if not parsed.text.strip():
        raise Refused("Your reply was empty (quoted text and signatures are left out), so nothing was "
                      "posted. Please write your reply above the quoted message.")
    if len(parsed.text) > MAX_REPLY_CHARS:
        raise Refused(f"Your reply is too long to post by email ({len(parsed.text)} characters, "
                      f"at most {MAX_REPLY_CHARS}). Please post it on the website: {_url(target)}")
    try:
        with transaction.atomic():
            import_string(declared.post)(actor=user, target=target, text=parsed.text,
                                         message_id=inbound.message_id)
    except ValidationError as error:
        raise Refused(" ".join(error.messages) or "Your reply could not be posted.", text=parsed.text) from None


def _find_token(inbound, parsed):
    """The first reply token among the envelope recipients and the To, Cc, Delivered-To and
    X-Original-To headers (a forwarding MTA keeps the address in the last two)."""
    candidates = [str(a).lower() for a in inbound.envelope_to]
    candidates += parsed.addresses("To", "Cc", "Delivered-To", "X-Original-To")
    bad = False
    for address in candidates:
        if not address.partition("@")[0].startswith(replies.PREFIX):
            continue
        try:
            return replies.read_token(address)
        except replies.BadToken:
            bad = True
    raise Refused("This reply address is not valid." if bad else "This mail was not sent to a reply address.")


def _sent_by(user, sender):
    sender = (sender or "").strip().lower()
    if not sender:
        return False
    if sender == (user.email or "").lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=sender, verified=True).exists()


def _target(token):
    try:
        model = token.content_type().model_class()
    except Exception:  # noqa: BLE001 - a content type that no longer exists
        return None
    if model is None:
        return None
    return model._default_manager.filter(pk=token.object_id).first()


def _url(target):
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def _may_answer(parsed):
    """Whether a refusal may be sent: a sender, not a robot, not ourselves, not automatic."""
    if parsed is None or not parsed.sender or parsed.is_automatic:
        return False
    local, _, host = parsed.sender.partition("@")
    ours = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    reply_domain = replies.domain()
    return (local not in _ROBOTS and not local.startswith(_ROBOTS) and parsed.sender != ours
            and not (reply_domain and host == reply_domain))
