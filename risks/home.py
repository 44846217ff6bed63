"""The workspace home: the registers with the newest risks this person may see, each with its
newest risk in the note (the home lists items, and a register is the risks' item); and what
waits for them (the risk part fills in waiting_for: reviews due and actions overdue that are
theirs, suggestions to triage)."""

from django.db.models import Count
from django.utils import timezone

from workspaces import permissions
from workspaces.registry import HomeEntry

from .models import LIVE_STATUSES, Acceptance, Action, Register, Risk, Status
from .policies import kept_registers


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


def _counts(queryset, field="register_id"):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def _plural(n, one, many):
    return f"{n} {one if n == 1 else many}"


def waiting_for(user, workspace, limit):
    """The registers where this person has something to do, each with what ("2 reviews due ·
    1 action overdue"): reviews of the live risks they own that are due (today or before),
    actions of theirs overdue, formal acceptances they approved whose review date has come,
    and, in the registers they keep, suggestions to triage. A few queries at any size."""
    if not user.is_authenticated or workspace.is_archived:
        return []
    today = timezone.localdate()
    registers = list(permissions.visible(user, Register.objects.filter(is_deleted=False), within=workspace)
                     .defer("description", "description_html"))
    if not registers:
        return []
    for register in registers:
        register.workspace = workspace  # for the policy and the URL: no query per register
    ids = [register.pk for register in registers]
    live = Risk.objects.filter(register__in=ids, status__in=LIVE_STATUSES)
    reviews = _counts(live.filter(owner=user.pk, review_by__lte=today))
    overdue = _counts(Action.objects.filter(risk__in=live, owner=user.pk, done_at__isnull=True, due_on__lt=today),
                      "risk__register_id")
    acceptances = _counts(Acceptance.objects.filter(risk__in=live, approver=user.pk, ended_at__isnull=True,
                                                    review_by__lte=today), "risk__register_id")
    kept = set(kept_registers(user, registers))
    suggestions = _counts(Risk.objects.filter(register__in=kept, status=Status.PROPOSED)) if kept else {}
    entries = []
    for register in registers:
        notes = [text for n, text in (
            (reviews.get(register.pk, 0), _plural(reviews.get(register.pk, 0), "review due", "reviews due")),
            (overdue.get(register.pk, 0), _plural(overdue.get(register.pk, 0), "action overdue", "actions overdue")),
            (acceptances.get(register.pk, 0), _plural(acceptances.get(register.pk, 0), "acceptance to review",
                                                      "acceptances to review")),
            (suggestions.get(register.pk, 0), _plural(suggestions.get(register.pk, 0), "suggestion to triage",
                                                      "suggestions to triage")),
        ) if n]
        if notes:
            entries.append(HomeEntry(title=register.title, url=register.get_absolute_url(), note=" · ".join(notes)))
        if len(entries) >= limit:
            break
    return entries
