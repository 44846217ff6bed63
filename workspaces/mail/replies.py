"""Reply-by-email addresses: `reply+<token>@<ENGAGE_REPLY_DOMAIN>`, one per person and item.

The token names the person, the item (content type and id) and the day it was made, and is
signed with an HMAC of SECRET_KEY that also covers the person's password hash and active flag:
changing one's password or deactivating the account revokes every reply address sent so far
(as Django's password-reset tokens do). It expires after ENGAGE_REPLY_TOKEN_DAYS (180).

Everything in it is lower-case letters, digits and dots, because mail systems are free to
change the case of a local part; and the local part stays within RFC 5321's 64 characters.
The inbound app (reply processing) reads tokens with read_token() and check_token().
"""

import base64
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .. import registry
from ..permissions import can

PREFIX = "reply+"
LOCAL_PART_LIMIT = 64
SIGNATURE_CHARS = 20  # base32: 100 bits of HMAC-SHA256
_SALT = "engage.mail.replies"
_EPOCH = date(2020, 1, 1)  # days are counted from here, to keep the number short
_TOKEN = re.compile(r"([0-9a-z]{1,13})\.([0-9a-z]{1,13})\.([0-9a-z]{1,13})\.([0-9a-z]{1,4})\.([a-z2-7]{20})")


class BadToken(ValueError):
    """Not a reply token we made (forged, damaged, or revoked by its owner)."""


class ExpiredToken(ValueError):
    """A genuine token, older than ENGAGE_REPLY_TOKEN_DAYS."""


@dataclass(frozen=True)
class ReplyToken:
    user_id: int
    content_type_id: int
    object_id: int
    day: int  # days since _EPOCH when it was made
    signature: str

    def content_type(self):
        return ContentType.objects.get_for_id(self.content_type_id)


def domain():
    """The domain reply addresses are under; "" when replying by email is off."""
    return (getattr(settings, "ENGAGE_REPLY_DOMAIN", "") or "").strip().lower()


def token_days():
    return int(getattr(settings, "ENGAGE_REPLY_TOKEN_DAYS", 180))


def is_repliable(content_type_id):
    """Whether a tool declared this model Repliable (registry.repliables())."""
    return content_type_id is not None and repliable_for(ContentType.objects.get_for_id(content_type_id)) is not None


def repliable_for(content_type):
    """The Repliable declaration for this content type, or None."""
    name = f"{content_type.app_label}.{content_type.model}"
    return next((d for model, d in registry.repliables().items() if model.lower() == name), None)


def address_for(user, content_type_id, object_id, *, target=None, today=None):
    """`user`'s reply address for the item, or None: when replying by email is off, the item is
    not of a Repliable model or is gone, or `user` may not post there (its `perm`), so that
    nobody is invited to reply only to be refused. `target`: the item, if the caller has it."""
    reply_domain = domain()
    if not reply_domain or not user.pk or content_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached by Django
    declared = repliable_for(content_type)
    if declared is None:
        return None
    if target is None:
        target = content_type.get_object_for_this_type(pk=object_id) if content_type.model_class() else None
    if target is None or not can(user, declared.perm, target):
        return None
    local = PREFIX + make_token(user, content_type_id, object_id, today=today)
    return f"{local}@{reply_domain}" if len(local) <= LOCAL_PART_LIMIT else None


def make_token(user, content_type_id, object_id, *, today=None):
    day = ((today or timezone.now().date()) - _EPOCH).days
    fields = (_b36(user.pk), _b36(content_type_id), _b36(object_id), _b36(day))
    return ".".join((*fields, _signature(user, fields)))


def read_token(address_or_token):
    """The ReplyToken in an address ("reply+…@domain", any case) or a bare token; BadToken if
    there is none. Its signature is not checked yet: that needs its owner (check_token)."""
    value = address_or_token.strip().strip("<>").lower()
    local = value.rpartition("@")[0] if "@" in value else value
    if local.startswith(PREFIX):
        local = local[len(PREFIX):]
    match = _TOKEN.fullmatch(local)
    if not match:
        raise BadToken("not a reply token")
    user_id, content_type_id, object_id, day = (int(part, 36) for part in match.groups()[:4])
    return ReplyToken(user_id, content_type_id, object_id, day, match.group(5))


def check_token(token, user, *, today=None):
    """Raise BadToken unless `token` was made for `user` as they are now (same password, still
    active), then ExpiredToken if it is too old."""
    fields = (_b36(token.user_id), _b36(token.content_type_id), _b36(token.object_id), _b36(token.day))
    if user is None or user.pk != token.user_id or not constant_time_compare(_signature(user, fields),
                                                                            token.signature):
        raise BadToken("signature does not match")
    age = ((today or timezone.now().date()) - _EPOCH).days - token.day
    if age > token_days() or age < -1:
        raise ExpiredToken(f"made {age} days ago")


def is_reply_address(address):
    """An address under the reply domain (the inbound server accepts only these)."""
    reply_domain = domain()
    local, _, host = address.strip().strip("<>").lower().rpartition("@")
    return bool(reply_domain) and host == reply_domain and local.startswith(PREFIX)


def _signature(user, fields):
    # The password hash and the active flag: a new password or a deactivation revokes the token.
    value = "|".join((*fields, user.password or "", str(bool(user.is_active))))
    digest = salted_hmac(_SALT, value, algorithm="sha256").digest()
    return base64.b32encode(digest).decode().lower()[:SIGNATURE_CHARS]


def _b36(number):
    number = int(number)
    if number < 0:
        raise ValueError("ids and days are not negative")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out
