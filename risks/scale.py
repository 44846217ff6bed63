"""The risk registers' share of the reference data (manage.py seed_scale, workspaces.scale): one
register in the flagship with SCALE.md's risks (20 at size S, 500 at L), each with 2–4 versions
over the past year (its snapshot after each change, as services write them), and some actions;
written by ctx.insert_rows (COPY on PostgreSQL). The register itself, its categories and matrix
come from services.register_create, so every page reads them as it would any register's."""

from datetime import timedelta

from django.urls import NoReverseMatch, reverse

from .history import state_of
from .models import LIVE_STATUSES, Action, Category, Proximity, Register, Response, Risk, RiskVersion, Status
from .services import register_create

TITLE = "Flagship programme risks"
RISKS_BY_SIZE = {"S": 20, "M": 100, "L": 500}
WORDS = ["supplier", "budget", "data", "staff", "system", "contract", "consultation", "regulator", "migration",
         "security", "estates", "funding", "benefits", "partner", "schedule"]
EVENTS = ["is delayed", "fails", "costs more than planned", "is challenged", "is not ready", "leaks", "is cut"]


def risk_count(size):
    """SCALE.md's risks for a size (workspaces.scale.SIZES), told apart by its stakeholders."""
    stakeholders = size.stakeholders
    return RISKS_BY_SIZE["S"] if stakeholders <= 200 else RISKS_BY_SIZE["M"] if stakeholders <= 20_000 else (
        RISKS_BY_SIZE["L"])


def _pair(rng):
    return rng.randint(1, 5), rng.randint(1, 5)


def seed_scale(ctx):
    workspace = ctx.workspace
    if Register.objects.filter(workspace=workspace, title=TITLE).exists():
        return None
    user_model = Risk._meta.get_field("owner").related_model
    author_id = ctx.demo["manager@example.org"].pk if "manager@example.org" in ctx.demo else ctx.staff_ids[0]
    author = user_model.objects.get(pk=author_id)
    register = register_create(actor=author, workspace=workspace, title=TITLE, view_access="members",
                               description="The flagship programme's risks (reference data).")
    rng = ctx.rng
    count = risk_count(ctx.size)
    categories = list(Category.objects.filter(register=register))
    owners = list(ctx.staff_ids) or [author_id]
    people = user_model.objects.in_bulk(owners)
    owners = list(people)
    statuses = [Status.OPEN] * 6 + [Status.MITIGATING] * 3 + [Status.CLOSED]
    risks, versions, actions = [], [], []
    for number in range(1, count + 1):
        inherent = _pair(rng)
        current = (max(1, inherent[0] - rng.randint(0, 2)), max(1, inherent[1] - rng.randint(0, 1)))
        target = (max(1, current[0] - 1), max(1, current[1] - 1))
        word, event = rng.choice(WORDS), rng.choice(EVENTS)
        category = rng.choice(categories)
        risk = Risk(workspace_id=workspace.pk, register_id=register.pk, number=number,
                    title=f"The {word} {event} ({number})", cause=f"Dependence on the {word}",
                    event=f"The {word} {event}", impact="Delivery slips and costs rise", category_id=category.pk,
                    owner_id=rng.choice(owners), proximity=rng.choice(Proximity.values), status=rng.choice(statuses),
                    response=rng.choice(Response.values), inherent_likelihood=inherent[0],
                    inherent_impact=inherent[1], current_likelihood=current[0], current_impact=current[1],
                    target_likelihood=target[0], target_impact=target[1],
                    review_by=(ctx.now + timedelta(days=rng.randint(-30, 120))).date(), created_by_id=author_id,
                    updated_by_id=author_id)
        risk.category = category
        risk.owner = people[risk.owner_id]  # for the versions' snapshots, without a query each
        changes = rng.randint(2, 4)
        risk.version = changes
        created = ctx.some_time(365)
        moments = sorted([created] + [created + (ctx.now - created) * rng.random() for _ in range(changes - 1)])
        risks.append(risk)
        versions.append((number, moments))
        if risk.status in LIVE_STATUSES and rng.random() < 0.4:
            actions.append((number, f"Reduce the {word} risk", rng.randint(-20, 60)))
    score_fields = ["inherent", "current", "target"]
    for risk in risks:
        for name in score_fields:
            setattr(risk, f"{name}_score", getattr(risk, f"{name}_likelihood") * getattr(risk, f"{name}_impact"))
    fields = ["workspace_id", "register_id", "number", "title", "cause", "event", "impact", "trigger", "category_id",
              "owner_id", "proximity", "status", "response", *[f"{n}_{p}" for n in score_fields
                                                                 for p in ("likelihood", "impact", "score")],
              "review_by", "decision_reason", "created_by_id", "updated_by_id", "version", "created_at",
              "updated_at"]
    firsts = {number: moments[0] for number, moments in versions}
    for risk in risks:
        risk.created_at = firsts[risk.number]
        risk.updated_at = ctx.now
    ctx.insert_rows(Risk, fields, ([getattr(risk, name) for name in fields] for risk in risks))
    Register.objects.filter(pk=register.pk).update(next_number=count + 1)
    ids = dict(Risk.objects.filter(register=register).values_list("number", "pk"))
    by_number = {risk.number: risk for risk in risks}

    def version_rows():
        for number, moments in versions:
            risk = by_number[number]
            for n, moment in enumerate(moments, start=1):
                state = state_of(risk)
                if n < len(moments):  # earlier versions: the current score one step higher
                    state["current_likelihood"] = min(5, risk.current_likelihood + len(moments) - n)
                kind = "created" if n == 1 else "changed"
                yield [ids[number], register.pk, n, moment, author_id, kind, "", state]

    ctx.insert_rows(RiskVersion, ["risk_id", "register_id", "number", "at", "by_id", "kind", "note", "state"],
                    version_rows())
    ctx.insert_rows(Action, ["risk_id", "description", "response", "owner_id", "due_on", "created_by_id",
                             "created_at"],
                    ([ids[number], text, Response.TREAT, rng.choice(owners),
                      (ctx.now + timedelta(days=days)).date(), author_id, ctx.now] for number, text, days in actions))
    return register


def bench_pages(workspace):
    register = Register.objects.filter(workspace=workspace, title=TITLE).first()
    if register is None:
        return []
    ws = workspace.slug
    pages = [("risk register table (500 risks)", reverse("risks:register", args=[ws, register.pk]))]
    try:
        pages.append(("risk heat map", reverse("risks:heatmap", args=[ws, register.pk])))
    except NoReverseMatch:  # the register part names the heat map's URL; until it lands, the table only
        pass
    return pages
