"""Building the emails in the outbox, for a batch of rows at a time: everything a batch needs
is loaded in a fixed number of queries (see preload), then each message is rendered from
memory. A builder returns None when there is nothing (left) to tell: the row is skipped."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from workspaces import registry

from .models import DIGEST_FREQUENCIES, EmailKind, Frequency, Notification
from .visibility import visible_notification_ids

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ITEMS_PER_GROUP = 8  # items shown per workspace and tool in a digest; the rest are counted
EVENTS_PER_ITEM = 3  # events shown per item; the rest are counted


def unsubscribe_token(user_id, workspace_id=None, frequency=None):
    """A signed, non-expiring token: stop email from one workspace, or one kind of digest."""
    return signing.dumps({"u": user_id, "w": workspace_id, "f": frequency}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def absolute(url):
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


@dataclass
class Batch:
    """What a batch of outbox rows needs, loaded once."""

    users: dict = field(default_factory=dict)
    notifications: dict = field(default_factory=dict)  # notification id -> Notification (immediate)
    pending: dict = field(default_factory=lambda: defaultdict(list))  # (user id, frequency) -> [Notification]
    shown: set = field(default_factory=set)  # notification ids their recipient may see
    # Rendered digest entries, shared by everyone in the batch whose digest has the same item
    # with the same events (a workspace's news reaches many followers): rendered once each.
    fragments: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    # Rendered bodies (text, html) by content, with the unsubscribe link as a placeholder: the
    # same digest, announcement or event reaches many people and is rendered once per batch.
    bodies: dict = field(default_factory=dict)


def preload(rows):
    batch = Batch()
    batch.users = get_user_model().objects.in_bulk({r.recipient_id for r in rows})
    notification_ids = [r.notification_id for r in rows if r.notification_id]
    digest_users = defaultdict(set)
    for r in rows:
        if r.kind in (EmailKind.DIGEST_DAILY, EmailKind.DIGEST_WEEKLY):
            digest_users[_frequency(r.kind)].add(r.recipient_id)
    found = []
    if notification_ids:
        found += list(
            Notification.objects.filter(pk__in=notification_ids)
            .select_related("activity", "activity__actor", "workspace")
        )
        batch.notifications = {n.pk: n for n in found}
    for frequency, user_ids in digest_users.items():
        pending = (
            Notification.objects.filter(recipient_id__in=user_ids, delivery=frequency, digested_at__isnull=True,
                                        emailed_at__isnull=True)
            .select_related("activity", "activity__actor", "workspace")
            .order_by("-activity__created_at", "-activity_id")
        )
        for n in pending:
            batch.pending[(n.recipient_id, frequency)].append(n)
            found.append(n)
    batch.shown = visible_notification_ids(batch.users, found)
    return batch


def _frequency(kind):
    return Frequency.DAILY if kind == EmailKind.DIGEST_DAILY else Frequency.WEEKLY


def build(row, batch):
    """(message, notification ids it covers) or (None, ()) when there is nothing to send."""
    user = batch.users.get(row.recipient_id)
    if user is None or not user.is_active or not user.email:
        return None, ()
    if row.kind == EmailKind.NOTIFICATION:
        return _notification(row, user, batch)
    if row.kind in (EmailKind.DIGEST_DAILY, EmailKind.DIGEST_WEEKLY):
        return _digest(row, user, batch)
    return _from_payload(row, user, batch)


def _notification(row, user, batch):
    n = batch.notifications.get(row.notification_id)
    if n is None or n.pk not in batch.shown or n.emailed_at or n.digested_at:
        return None, ()
    a = n.activity
    context = {
        "user": user, "notification": n, "activity": a, "workspace": n.workspace,
        "tool": tool_name(a.verb), "url": absolute(a.target_url or n.workspace.get_absolute_url()),
    }
    subject = f"{a.target_title or 'An update'} – {n.workspace.name}"
    message = _message(row, user, subject, "notifications/email/notification", context,
                       unsubscribe_token(user.pk, workspace_id=n.workspace_id), batch, ("notification", a.pk))
    return message, (n.pk,)


def _digest(row, user, batch):
    frequency = _frequency(row.kind)
    considered = batch.pending.get((user.pk, frequency), [])
    notes = [n for n in considered if n.pk in batch.shown]
    # What they may no longer see is dealt with too (never shown), so it is not reconsidered daily.
    covered = tuple(n.pk for n in considered)
    if not notes:
        return None, covered  # empty digests are not sent
    count, spaces = len(notes), len({n.workspace_id for n in notes})
    label = "daily" if frequency == Frequency.DAILY else "weekly"
    subject = (f"Your {label} digest: {count} update{'s' if count != 1 else ''}"
               f" in {spaces} workspace{'s' if spaces != 1 else ''}")

    def context():  # only when this batch has not rendered the same digest already
        return {"sections": digest_sections(notes, batch), "count": count, "label": label, "period": row.period}

    message = _message(row, user, subject, "notifications/email/digest", context,
                       unsubscribe_token(user.pk, frequency=frequency), batch,
                       (row.kind, tuple(n.activity_id for n in notes)))
    # Every notification it stood for is digested, including those summarised as "and N more".
    return message, covered


def _workspace_urls(workspace, batch):
    if workspace.pk not in batch.urls:
        batch.urls[workspace.pk] = (absolute(reverse("workspace_home", args=[workspace.slug])),
                                    absolute(reverse("workspace_activity", args=[workspace.slug])))
    return batch.urls[workspace.pk]


def digest_sections(notes, batch=None):
    """Workspaces (most recent activity first) -> tools -> items (newest first) -> events,
    with "and N more" counts instead of silently dropped rows. `notes` are newest first.
    Each item carries its rendered entry (html, text), rendered once per batch."""
    batch = batch or Batch()
    workspaces = {}
    for n in notes:
        a = n.activity
        home_url, activity_url = _workspace_urls(n.workspace, batch)
        ws = workspaces.setdefault(n.workspace_id, {
            "workspace": n.workspace, "url": home_url, "activity_url": activity_url, "tools": {},
        })
        tool = ws["tools"].setdefault(tool_name(a.verb), {"name": tool_name(a.verb), "items": {}, "more": 0})
        key = (a.target_type_id, a.target_id) if a.target_id is not None else ("activity", a.pk)
        item = tool["items"].setdefault(key, {"title": a.target_title or "An item",
                                              "url": absolute(a.target_url or ws["url"]), "events": [], "more": 0})
        if len(item["events"]) < EVENTS_PER_ITEM:
            item["events"].append(a)
        else:
            item["more"] += 1
    sections = []
    for ws in workspaces.values():
        tools = []
        for tool in ws["tools"].values():
            items = list(tool["items"].values())
            shown_items = items[:ITEMS_PER_GROUP]
            for item in shown_items:
                item["html"], item["text"] = _fragment(item, batch)
            tools.append({"name": tool["name"], "items": shown_items,
                          "more": len(items) - min(len(items), ITEMS_PER_GROUP)})
        sections.append({**ws, "tools": tools})
    return sections


def _fragment(item, batch):
    key = (item["title"], item["url"], item["more"], tuple(a.pk for a in item["events"]))
    if key not in batch.fragments:
        batch.fragments[key] = (render_to_string("notifications/email/_digest_item.html", {"item": item}),
                                render_to_string("notifications/email/_digest_item.txt", {"item": item}))
    return batch.fragments[key]


def _from_payload(row, user, batch):
    """Announcements and reminders: what to say was decided when the row was written."""
    payload = row.payload or {}
    context = {"user": user, **payload, "url": absolute(payload.get("url") or "/")}
    template = "notifications/email/announcement" if row.kind == EmailKind.ANNOUNCEMENT \
        else "notifications/email/reminder"
    token = unsubscribe_token(user.pk, workspace_id=payload.get("workspace_id"))
    # announcement:<id>:<user> and reminder:<id>:<user> say the same to everyone they reach.
    return _message(row, user, row.subject, template, context, token, batch,
                    (row.kind, row.idempotency_key.rpartition(":")[0])), ()


_PLACEHOLDER = "unsubscribe-token-goes-here"  # never in a signed token, which has a colon


def _urls():
    # reverse() once, not once per mail: the unsubscribe path differs only by its token.
    # Built whole, then swapped in: sending threads share it.
    global _url_cache
    urls = _url_cache
    if urls.get("site") != settings.SITE_URL:
        urls = {"site": settings.SITE_URL,
                "unsubscribe": absolute(reverse("notifications:unsubscribe", args=[_PLACEHOLDER])),
                "preferences": absolute(reverse("notifications:preferences"))}
        _url_cache = urls
    return urls


_url_cache = {}


def _message(row, user, subject, template, context, token, batch, content_key):
    """The email for one row. Templates see no per-person value but the unsubscribe link, so
    the bodies are rendered once per batch for each `content_key` (what they say) and the link
    put in after. `context` may be a function, called only when the bodies are rendered."""
    urls = _urls()
    placeholder = f"/{_PLACEHOLDER}/"
    unsubscribe_url = urls["unsubscribe"].replace(placeholder, f"/{token}/")
    key = (template, content_key)
    bodies = batch.bodies.get(key)
    if bodies is None:
        context = {**(context() if callable(context) else context), "unsubscribe_url": urls["unsubscribe"],
                   "site_url": settings.SITE_URL, "preferences_url": urls["preferences"]}
        bodies = batch.bodies[key] = (render_to_string(f"{template}.txt", context),
                                      render_to_string(f"{template}.html", context))
    text, html = (body.replace(placeholder, f"/{token}/") for body in bodies)
    digest = hashlib.sha256(row.idempotency_key.encode()).hexdigest()[:32]
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:200],
        body=text,
        to=[user.email],
        headers={
            # RFC 8058 one-click unsubscribe: the mail client POSTs to the URL.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same key gives the same Message-ID: a receiving system can drop a duplicate.
            "Message-ID": f"<{digest}@engage.notifications>",
            "X-Engage-Key": row.idempotency_key,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


_tool_names = {}


def tool_name(verb):
    app = verb.partition(".")[0]
    if app not in _tool_names:
        tool = registry.for_app(app)
        _tool_names[app] = tool.name if tool else app.replace("_", " ").capitalize()
    return _tool_names[app]


DIGEST_KINDS = {Frequency.DAILY: EmailKind.DIGEST_DAILY, Frequency.WEEKLY: EmailKind.DIGEST_WEEKLY}
assert set(DIGEST_KINDS) == set(DIGEST_FREQUENCIES)
