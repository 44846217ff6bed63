"""A risk's reminders (workspaces.reminders, sent by the notifications app's beat task), kept in
step with its dates by sync(risk) after every change:

- its owner, 7 days before the next review (`risks.review_soon:<risk>`) and on the day
  (`risks.review_due:<risk>`);
- each open action's owner, 3 days before it is due (`risks.action_due:<action>`);
- the approver of the live formal acceptance, 7 days before its review-by date
  (`risks.acceptance_review:<acceptance>`).

Each goes out at 09:00 site time, only to the person named (audience RECIPIENTS) and only if
they may still see the risk then (target=the risk). Scheduling a key again moves it; a reminder
whose moment has passed, or whose reason went (the risk closed, the action done, the
acceptance ended, no owner), is cancelled."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from workspaces.kit.services import reminders

from .models import Acceptance, Action

SEND_AT = time(9, 0)
REVIEW_SOON_DAYS = 7
ACTION_DAYS = 3
ACCEPTANCE_DAYS = 7


def at_nine(day):
    """09:00 on `day`, site time (settings.TIME_ZONE)."""
    return datetime.combine(day, SEND_AT, tzinfo=ZoneInfo(settings.TIME_ZONE))


def review_soon_key(risk):
    return f"risks.review_soon:{risk.pk}"


def review_due_key(risk):
    return f"risks.review_due:{risk.pk}"


def action_key(action):
    return f"risks.action_due:{action.pk if hasattr(action, 'pk') else action}"


def acceptance_key(acceptance):
    return f"risks.acceptance_review:{acceptance.pk if hasattr(acceptance, 'pk') else acceptance}"


def _put(key, *, risk, due_at, person, subject, now):
    if person is None or due_at is None or due_at <= now:
        reminders.cancel(key=key)
        return
    reminders.schedule(key=key, workspace=risk.workspace, due_at=due_at, subject=subject[:200],
                       url=risk.get_absolute_url(), target=risk, audience=reminders.Audience.RECIPIENTS,
                       recipients=[person])


def sync(risk, *, now=None):
    """Schedule, move or cancel every reminder of `risk` (read with its workspace) as it is now."""
    now = now or timezone.now()
    live = risk.is_live
    review_by = risk.review_by if live else None
    owner = risk.owner if live and risk.owner_id else None
    name = f"{risk.reference} {risk.title}"
    _put(review_soon_key(risk), risk=risk, now=now, person=owner,
         due_at=at_nine(review_by - timedelta(days=REVIEW_SOON_DAYS)) if review_by else None,
         subject=f"Risk review due in {REVIEW_SOON_DAYS} days: {name}")
    _put(review_due_key(risk), risk=risk, now=now, person=owner, due_at=at_nine(review_by) if review_by else None,
         subject=f"Risk review due today: {name}")
    for action in Action.objects.filter(risk=risk).select_related("owner"):
        due = action.due_on if live and action.done_at is None else None
        _put(action_key(action), risk=risk, now=now, person=action.owner,
             due_at=at_nine(due - timedelta(days=ACTION_DAYS)) if due else None,
             subject=f"Risk action due in {ACTION_DAYS} days: {action.description} ({risk.reference})")
    for acceptance in Acceptance.objects.filter(risk=risk).select_related("approver"):
        review = acceptance.review_by if live and acceptance.ended_at is None else None
        _put(acceptance_key(acceptance), risk=risk, now=now, person=acceptance.approver,
             due_at=at_nine(review - timedelta(days=ACCEPTANCE_DAYS)) if review else None,
             subject=f"Accepted risk to review in {ACCEPTANCE_DAYS} days: {name}")
