"""The workspace's social links (the department's own channels: its LinkedIn page, its Mastodon
account): read on the blogs' pages, kept by managers (`blogs.manage_sociallink`, checked by the
views). Plain links only: no embeds, no scripts, no tracking; shown with rel="me noopener" and
their label as the visible text.

    links = social_links(workspace)
    link = social_create(actor=..., workspace=..., network="linkedin", label="...", url="https://...")
    social_update(actor=..., link=link, network=..., label=..., url=...)
    social_move(actor=..., link=link, up=True)     # one place up (or down) in the list
    social_delete(actor=..., link=link)
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404

from workspaces.kit.selectors import number_or_404
from workspaces.kit.services import audit, locked_rows
from workspaces.lib.forms import one_line

from .models import SocialLink

MAX_SOCIAL_LINKS = 12


def social_links(workspace):
    return SocialLink.objects.filter(workspace=workspace).order_by("position", "id")


def get_social_link(workspace, pk):
    found = SocialLink.objects.filter(workspace=workspace, pk=number_or_404(pk)).first()
    if found is None:
        raise Http404("Not found.")
    return found


def check_address(url):
    """https only, with a host: a channel's page, never javascript:, data: or plain http."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise ValidationError({"url": "Enter the channel's address starting with https://."})
    return url


def _changed(actor, link, action, before=None):
    audit(actor=actor, action=f"blogs.social_link_{action}", workspace=link.workspace, target=link,
          target_label=link.label, before=before, after={"label": link.label, "url": link.url, "network": link.network})


@transaction.atomic
def social_create(*, actor, workspace, network, label, url):
    if SocialLink.objects.filter(workspace=workspace).count() >= MAX_SOCIAL_LINKS:
        raise ValidationError(f"A workspace has at most {MAX_SOCIAL_LINKS} social links: remove one first.")
    position = (SocialLink.objects.filter(workspace=workspace).aggregate(last=Max("position"))["last"] or 0) + 1
    link = SocialLink.objects.create(workspace=workspace, network=network, label=one_line(label),
                                     url=check_address(url), position=position)
    _changed(actor, link, "added")
    return link


@transaction.atomic
def social_update(*, actor, link, network, label, url):
    before = {"label": link.label, "url": link.url, "network": link.network}
    link.network, link.label, link.url = network, one_line(label), check_address(url)
    link.save(update_fields=["network", "label", "url"])
    _changed(actor, link, "changed", before)
    return link


@transaction.atomic
def social_move(*, actor, link, up):
    """Swap the link with its neighbour above (up) or below; nothing at either end."""
    rows = locked_rows(SocialLink.objects.filter(workspace_id=link.workspace_id))
    ordered = sorted(rows, key=lambda row: (row.position, row.pk))
    index = next((n for n, row in enumerate(ordered) if row.pk == link.pk), None)
    if index is None:
        return link
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return link
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    return link


@transaction.atomic
def social_delete(*, actor, link):
    audit(actor=actor, action="blogs.social_link_removed", workspace=link.workspace, target=link,
          target_label=link.label, before={"label": link.label, "url": link.url})
    link.delete()
