"""This app's kinds of email in the core's outbox (workspaces.mail), and their builders, for a
chunk of rows at a time: everything a chunk needs is loaded in a fixed number of queries (see
preload), then each message is rendered from memory and made by workspaces.mail.compose. A
builder returns None when there is nothing (left) to tell: the row is skipped."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from workspaces import mail, registry
from workspaces.mail import replies

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
class Loaded:
    """What a chunk's notification and digest rows need, loaded once (mail.Batch.loaded)."""

    notifications: dict = field(default_factory=dict)  # notification id -> Notification (immediate)
    pending: dict = field(default_factory=lambda: defaultdict(list))  # (user id, frequency) -> [Notification]
    shown: set = field(default_factory=set)  # notification ids their recipient may see
    # Rendered digest entries, shared by everyone in the chunk whose digest has the same item
    # with the same events (a workspace's news reaches many followers): rendered once each.
    fragments: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)


def preload(rows, batch):
    """For notification and digest rows alike (one visibility check for all of them)."""
    loaded = Loaded()
    notification_ids = [r.ref_id for r in rows if r.kind == EmailKind.NOTIFICATION and r.ref_id]
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
        loaded.notifications = {n.pk: n for n in found}
    for frequency, user_ids in digest_users.items():
        pending = (
            Notification.objects.filter(recipient_id__in=user_ids, delivery=frequency, digested_at__isnull=True,
                                        emailed_at__isnull=True)
            .select_related("activity", "activity__actor", "workspace")
            .order_by("-activity__created_at", "-activity_id")
        )
        for n in pending:
            loaded.pending[(n.recipient_id, frequency)].append(n)
            found.append(n)
    loaded.shown = visible_notification_ids(batch.users, found)
    return loaded


def _frequency(kind):
    return Frequency.DAILY if kind == EmailKind.DIGEST_DAILY else Frequency.WEEKLY


def _notification(row, batch):
    """One event, at once. Covers its notification (emailed_at)."""
    user, loaded = batch.users[row.recipient_id], batch.loaded(row)
    n = loaded.notifications.get(row.ref_id)
    if n is None or n.pk not in loaded.shown or n.emailed_at or n.digested_at:
        return None, ()
    a = n.activity
    context = {
        "user": user, "notification": n, "activity": a, "workspace": n.workspace,
        "tool": tool_name(a.verb), "url": absolute(a.target_url or n.workspace.get_absolute_url()),
    }
    subject = f"{a.target_title or 'An update'} – {n.workspace.name}"
    # About an item a tool declared Repliable: this person's own Reply-To address, which posts
    # their answer there (the inbound app). Digests have none: they are about many items.
    reply_to = _reply_to(user, a, batch)
    context["reply_by_email"] = bool(reply_to)
    message = _message(row, user, subject, "notifications/email/notification", context,
                       unsubscribe_token(user.pk, workspace_id=n.workspace_id), batch,
                       ("notification", a.pk, bool(reply_to)), headers={"Reply-To": reply_to} if reply_to else None)
    return message, (n.pk,)


def _reply_to(user, activity, batch):
    """The recipient's reply address for the activity's item, if it is Repliable and they may
    post there (the item loaded once per chunk)."""
    if activity.target_id is None or not replies.is_repliable(activity.target_type_id):
        return None
    key = ("notifications:reply-target", activity.target_type_id, activity.target_id)
    if key not in batch.cache:
        model = ContentType.objects.get_for_id(activity.target_type_id).model_class()
        batch.cache[key] = model._default_manager.filter(pk=activity.target_id).first() if model else None
    target = batch.cache[key]
    if target is None:
        return None
    return replies.address_for(user, activity.target_type_id, activity.target_id, target=target)


def _digest(row, batch):
    """What waited for this person's daily or weekly digest. Covers all of it (digested_at)."""
    user, loaded = batch.users[row.recipient_id], batch.loaded(row)
    frequency = _frequency(row.kind)
    considered = loaded.pending.get((user.pk, frequency), [])
    notes = [n for n in considered if n.pk in loaded.shown]
    # What they may no longer see is dealt with too (never shown), so it is not reconsidered daily.
    covered = tuple(n.pk for n in considered)
    if not notes:
        return None, covered  # empty digests are not sent
    count, spaces = len(notes), len({n.workspace_id for n in notes})
    label = "daily" if frequency == Frequency.DAILY else "weekly"
    subject = (f"Your {label} digest: {count} update{'s' if count != 1 else ''}"
               f" in {spaces} workspace{'s' if spaces != 1 else ''}")

    def context():  # only when this batch has not rendered the same digest already
        return {"sections": digest_sections(notes, loaded), "count": count, "label": label, "period": row.period}

    message = _message(row, user, subject, "notifications/email/digest", context,
                       unsubscribe_token(user.pk, frequency=frequency), batch,
                       (row.kind, tuple(n.activity_id for n in notes)))
    # Every notification it stood for is digested, including those summarised as "and N more".
    return message, covered


def _workspace_urls(workspace, loaded):
    if workspace.pk not in loaded.urls:
        loaded.urls[workspace.pk] = (absolute(reverse("workspace_home", args=[workspace.slug])),
                                     absolute(reverse("workspace_activity", args=[workspace.slug])))
    return loaded.urls[workspace.pk]


def digest_sections(notes, loaded=None):
    """Workspaces (most recent activity first) -> tools -> items (newest first) -> events,
    with "and N more" counts instead of silently dropped rows. `notes` are newest first.
    Each item carries its rendered entry (html, text), rendered once per chunk."""
    loaded = loaded or Loaded()
    workspaces = {}
    for n in notes:
        a = n.activity
        home_url, activity_url = _workspace_urls(n.workspace, loaded)
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
                item["html"], item["text"] = _fragment(item, loaded)
            tools.append({"name": tool["name"], "items": shown_items,
                          "more": len(items) - min(len(items), ITEMS_PER_GROUP)})
        sections.append({**ws, "tools": tools})
    return sections


def _fragment(item, loaded):
    key = (item["title"], item["url"], item["more"], tuple(a.pk for a in item["events"]))
    if key not in loaded.fragments:
        loaded.fragments[key] = (render_to_string("notifications/email/_digest_item.html", {"item": item}),
                                 render_to_string("notifications/email/_digest_item.txt", {"item": item}))
    return loaded.fragments[key]


def _from_payload(row, batch):
    """Announcements and reminders: what to say was decided when the row was written."""
    user = batch.users[row.recipient_id]
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


def _message(row, user, subject, template, context, token, batch, content_key, headers=None):
    """The email for one row. Templates see no per-person value but the unsubscribe link, so
    the bodies are rendered once per chunk for each `content_key` (what they say; kept in the
    chunk's mail.Batch.cache) and the link put in after. `context` may be a function, called
    only when the bodies are rendered."""
    urls = _urls()
    placeholder = f"/{_PLACEHOLDER}/"
    unsubscribe_url = urls["unsubscribe"].replace(placeholder, f"/{token}/")
    key = ("notifications", template, content_key)
    bodies = batch.cache.get(key)
    if bodies is None:
        context = {**(context() if callable(context) else context), "unsubscribe_url": urls["unsubscribe"],
                   "site_url": settings.SITE_URL, "preferences_url": urls["preferences"]}
        bodies = batch.cache[key] = (render_to_string(f"{template}.txt", context),
                                     render_to_string(f"{template}.html", context))
    text, html = (body.replace(placeholder, f"/{token}/") for body in bodies)
    return mail.compose(row, to=user.email, subject=subject, text=text, html=html, unsubscribe_url=unsubscribe_url,
                        headers=headers)


_tool_names = {}


def tool_name(verb):
    app = verb.partition(".")[0]
    if app not in _tool_names:
        tool = registry.for_app(app)
        _tool_names[app] = tool.name if tool else app.replace("_", " ").capitalize()
    return _tool_names[app]


DIGEST_KINDS = {Frequency.DAILY: EmailKind.DIGEST_DAILY, Frequency.WEEKLY: EmailKind.DIGEST_WEEKLY}
assert set(DIGEST_KINDS) == set(DIGEST_FREQUENCIES)


def _kind(kind, build, **options):
    return mail.MailKind(name=kind.value, label=kind.label, build=build, unsubscribe=True, **options)


# Registered in NotificationsConfig.ready(). Every one carries a one-click unsubscribe.
MAIL_KINDS = (
    _kind(EmailKind.NOTIFICATION, _notification, preload=preload, covers=(Notification, "emailed_at")),
    _kind(EmailKind.DIGEST_DAILY, _digest, preload=preload, covers=(Notification, "digested_at")),
    _kind(EmailKind.DIGEST_WEEKLY, _digest, preload=preload, covers=(Notification, "digested_at")),
    _kind(EmailKind.ANNOUNCEMENT, _from_payload),
    _kind(EmailKind.REMINDER, _from_payload),
)
