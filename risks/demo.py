"""The risk registers' demo content (manage.py seed_demo): a lively "Programme risk register" in
the demo workspace — fifteen risks across the Orange Book categories with government-programme
text, several outside their category's appetite and one High, controls and actions (one overdue,
one done), a formal acceptance, four months of history (versions dated in the past through the
services' `now=`), one risk closed last month, one reopened, and the contributor's suggestion
waiting for triage. Idempotent: a register of that title already in the workspace is left alone."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Action, Category, Control, ControlType, Proximity, Register, Response, Status

TITLE = "Programme risk register"

# title, cause, event, effect, category, owner ("manager"/"contributor"), inherent, current then
# (four months ago, today), target, proximity, response
RISKS = [
    ("Case management system goes live late", "A single supplier is building the new case system to a fixed date",
     "The supplier misses the go-live date", "Services stay on the old system; licence extension costs £400k",
     "Commercial", "manager", (5, 5), (4, 4), (4, 5), (2, 3), Proximity.NEAR, Response.TREAT),
    ("Funding for year two not confirmed", "The spending review settlement is not yet known",
     "Year-two funding is cut or delayed", "Planned rollout to the regions stops", "Financial", "manager",
     (4, 5), (3, 4), (3, 4), (2, 3), Proximity.MEDIUM, Response.TREAT),
    ("Key digital staff leave", "Contractors make up half of the digital team",
     "Several leave at contract renewal", "Knowledge is lost and delivery slows", "People", "contributor",
     (4, 4), (3, 3), (3, 4), (2, 2), Proximity.NEAR, Response.TREAT),
    ("Personal data disclosed in error", "Case workers email documents with personal data",
     "A document goes to the wrong recipient", "A reportable breach, ICO action and loss of trust",
     "Information", "manager", (4, 5), (2, 4), (3, 4), (1, 4), Proximity.IMMINENT, Response.TREAT),
    ("Procurement challenged by a losing bidder", "The framework call-off was awarded quickly",
     "A bidder challenges the award", "Contract suspended while the challenge is heard", "Legal", "manager",
     (3, 5), (2, 4), (2, 4), (1, 3), Proximity.NEAR, Response.TREAT),
    ("Stakeholders disengage from the consultation", "Earlier consultations had low response rates",
     "Community groups do not take part", "Decisions lack a mandate and are challenged", "Reputational",
     "contributor", (3, 4), (3, 3), (2, 3), (2, 2), Proximity.MEDIUM, Response.TREAT),
    ("Legacy servers fail before migration", "The old data centre hardware is out of support",
     "A server fails before data is migrated", "Service outage of several days", "Technology", "manager",
     (4, 4), (3, 4), (2, 4), (1, 3), Proximity.IMMINENT, Response.TREAT),
    ("Benefits not realised", "Benefits depend on teams changing how they work",
     "Teams keep old processes alongside the new system", "Savings in the business case are not made",
     "Strategy", "manager", (4, 4), (3, 4), (3, 4), (2, 3), Proximity.DISTANT, Response.TREAT),
    ("Governance board decisions delayed", "The board meets quarterly", "Change requests wait months",
     "Delivery stalls waiting for approvals", "Governance", "contributor", (3, 3), (3, 3), (2, 3), (1, 2),
     Proximity.MEDIUM, Response.TREAT),
    ("Office move disrupts the team", "The lease on the current office ends in spring",
     "The move coincides with go-live", "Reduced capacity at a critical time", "Property", "manager",
     (3, 3), (2, 3), (2, 2), (1, 2), Proximity.MEDIUM, Response.TOLERATE),
    ("Phishing attack compromises accounts", "Staff receive targeted phishing emails",
     "An account with admin rights is compromised", "Data loss and service disruption", "Security",
     "manager", (4, 5), (3, 3), (2, 3), (1, 3), Proximity.IMMINENT, Response.TREAT),
    ("Supplier costs rise with inflation", "Contracts index prices to inflation", "Inflation stays high",
     "Running costs exceed budget by 8%", "Financial", "contributor", (3, 3), (3, 3), (3, 3), (2, 2),
     Proximity.MEDIUM, Response.TOLERATE),
    ("Accessibility audit fails", "Some screens were built before the accessibility standard was adopted",
     "The statutory audit finds failures", "Service must publish non-compliance and fix under scrutiny",
     "Legal", "contributor", (3, 4), (3, 3), (2, 3), (1, 2), Proximity.NEAR, Response.TREAT),
    ("Pilot region withdraws", "The pilot relies on one local authority's goodwill",
     "The authority withdraws after elections", "The pilot must restart elsewhere", "Project/Programme",
     "manager", (3, 4), (2, 4), (2, 3), (1, 3), Proximity.DISTANT, Response.TREAT),
    ("Data migration loses records", "Records are held in three legacy formats",
     "Records fail to migrate or are duplicated", "Case histories incomplete; rework needed", "Operations",
     "contributor", (4, 4), (3, 4), (2, 4), (1, 3), Proximity.NEAR, Response.TREAT),
]
CLOSED = "Office move disrupts the team"
REOPENED = "Legacy servers fail before migration"
ACCEPTED = "Supplier costs rise with inflation"
SUGGESTION = "Winter pressures delay staff training"


def seed_demo(workspace, users):
    manager, contributor = users.get("manager@example.org"), users.get("contributor@example.org")
    if manager is None or Register.objects.filter(workspace=workspace, title=TITLE).exists():
        return None
    contributor = contributor or manager
    people = {"manager": manager, "contributor": contributor}
    now = timezone.now()
    today = timezone.localdate(now)
    register = services.register_create(
        actor=manager, workspace=workspace, title=TITLE, view_access="members", change_access="managers",
        description="The programme's principal risks, reviewed monthly by the programme board. Scores are "
                    "likelihood × impact on a 5×5 matrix; appetite is set per category by the board.")
    categories = {c.name: c for c in Category.objects.filter(register=register)}
    risks = {}
    for (title, cause, event, effect, category, owner, inherent, first, current, target, proximity,
         response) in RISKS:
        created = now - timedelta(days=120)
        risk = services.risk_create(
            actor=manager, register=register, title=title, cause=cause, event=event, impact=effect,
            category=categories.get(category), owner=people[owner], proximity=proximity, response=response,
            scores={"inherent": inherent, "current": first, "target": target}, now=created,
            review_by=today + timedelta(days=30 + len(risks) * 5))
        if first != current:
            middle = (max(1, min(5, (first[0] + current[0] + 1) // 2)), max(1, min(5, (first[1] + current[1]) // 2)))
            risk = services.risk_update(actor=people[owner], risk=risk, now=now - timedelta(days=75),
                                        scores={"inherent": inherent, "current": middle, "target": target},
                                        note="Reviewed at the programme board")
            risk = services.risk_update(actor=people[owner], risk=risk, now=now - timedelta(days=20),
                                        scores={"inherent": inherent, "current": current, "target": target},
                                        note="Reviewed at the programme board")
        risks[title] = risk
    _controls_and_actions(risks, manager, contributor, today, now)
    services.move(actor=manager, risk=risks[CLOSED], to=Status.CLOSED, now=now - timedelta(days=35))
    server = services.move(actor=manager, risk=risks[REOPENED], to=Status.CLOSED, now=now - timedelta(days=60))
    services.move(actor=manager, risk=server, to=Status.OPEN, now=now - timedelta(days=25),
                  reason="A second server failed in testing: the migration is not finished.")
    services.move(actor=manager, risk=risks["Key digital staff leave"], to=Status.MITIGATING,
                  now=now - timedelta(days=40))
    services.accept(actor=manager, risk=risks[ACCEPTED], now=now - timedelta(days=10),
                    justification="Inflation is outside our control; the contingency budget covers 8%. Reviewed "
                                  "each quarter.", review_by=today + timedelta(days=80))
    services.risk_suggest(actor=contributor, register=register, title=SUGGESTION,
                          cause="Training is planned for January", event="Winter sickness and demand peak",
                          impact="Staff are not trained before go-live", category=categories.get("People"))
    return register


def _controls_and_actions(risks, manager, contributor, today, now):
    Control.objects.bulk_create([
        Control(risk=risks["Case management system goes live late"], owner=manager, kind=ControlType.DETECTIVE,
                description="Fortnightly supplier progress review against the plan"),
        Control(risk=risks["Personal data disclosed in error"], owner=manager, kind=ControlType.PREVENTIVE,
                description="Secure email with recipient checks for personal data"),
        Control(risk=risks["Personal data disclosed in error"], owner=contributor, kind=ControlType.DIRECTIVE,
                description="Annual data protection training for all case workers"),
        Control(risk=risks["Phishing attack compromises accounts"], owner=manager, kind=ControlType.PREVENTIVE,
                description="Multi-factor sign-in on every account"),
        Control(risk=risks["Procurement challenged by a losing bidder"], owner=manager,
                kind=ControlType.PREVENTIVE, description="Legal review of the award decision before notice"),
    ])
    Action.objects.bulk_create([
        Action(risk=risks["Case management system goes live late"], owner=manager, created_by=manager,
               description="Agree a recovery plan with the supplier", due_on=today - timedelta(days=6)),  # overdue
        Action(risk=risks["Key digital staff leave"], owner=contributor, created_by=manager,
               description="Recruit two permanent developers", due_on=today + timedelta(days=45)),
        Action(risk=risks["Legacy servers fail before migration"], owner=manager, created_by=manager,
               description="Move the last two services off the legacy servers", due_on=today + timedelta(days=14)),
        Action(risk=risks["Phishing attack compromises accounts"], owner=manager, created_by=manager,
               description="Run a phishing simulation exercise", due_on=today - timedelta(days=30),
               done_at=now - timedelta(days=32)),  # done
        Action(risk=risks["Funding for year two not confirmed"], owner=manager, created_by=manager,
               response=Response.TRANSFER, description="Agree a fallback with the sponsor department",
               due_on=today + timedelta(days=60)),
    ])
