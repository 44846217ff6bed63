"""The workspace home: the registers with the newest risks this person may see, each with its
newest risk in the note (the home lists items, and a register is the risks' item); and what
waits for them (the risk part fills in waiting_for: reviews due and actions overdue that are
theirs, suggestions to triage)."""

from workspaces import permissions
from workspaces.registry import HomeEntry

from .models import Risk


def latest(user, workspace, limit):
    risks = (permissions.visible(user, Risk.objects.filter(workspace=workspace, register__is_deleted=False),
                                 within=workspace)
             .select_related("register").only("number", "title", "created_at", "register__title", "register__workspace",
                                                "register_id", "workspace_id").order_by("-created_at", "-id")[:50])
    entries, seen = [], set()
    for risk in risks:
        register = risk.register
        if register.pk in seen:
            continue
        seen.add(register.pk)
        register.workspace = workspace
        entries.append(HomeEntry(title=register.title, url=register.get_absolute_url(),
                                 note=f"newest: {risk.reference} {risk.title}", when=risk.created_at))
        if len(entries) >= limit:
            break
    return entries


def waiting_for(user, workspace, limit):
    return []
