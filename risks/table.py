"""The register table, its heat map and due lists: filtering, sorting, "as at" a date and the
trend per risk, shared by the pages, the board view and the exports (risks.exports), so that
they all say the same thing.

    filters = Filters.from_query(request.GET, register)         bad values are dropped, never a 500
    rows = table_rows(user, register, filters)                  a list (as at) or a queryset of Risks
    page rows: as_rows(register, risks, moment=None)            Row objects with band, outside, trend
    grid = heat_map(user, register, score="current", moment=None)
    lists = due_lists(user, register, today)

Now: filters and sorting in SQL (bands through Matrix.band_range, outside appetite as
current_score > its category's max_score, heat-map counts by selectors.heat_counts). As at a
date: each risk's state from risks.history.as_at, filtered and sorted in Python (a register has
at most a few thousand risks)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import BooleanField, Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse

from workspaces.permissions import visible

from . import history, selectors
from .models import LIVE_STATUSES, Acceptance, Action, Category, Risk, RiskVersion, Status, VersionKind

SHOWN_STATUSES = (Status.OPEN, Status.MITIGATING, Status.CLOSED)  # the table's; suggestions are listed apart
STATUS_FILTERS = {"live": ("Open or mitigating", LIVE_STATUSES), "open": ("Open", (Status.OPEN,)),
                  "mitigating": ("Mitigating", (Status.MITIGATING,)), "closed": ("Closed", (Status.CLOSED,)),
                  "all": ("Any status", SHOWN_STATUSES)}
SCORE_NAMES = {"current": "Current", "inherent": "Inherent", "target": "Target"}
# Sort key -> (label, the SQL order, the Row attribute as at a date)
SORTS = {
    "ref": ("Reference", ("number",), "number"),
    "title": ("Title", ("title", "number"), "title_key"),
    "category": ("Category", ("category__name", "number"), "category_key"),
    "owner": ("Owner", ("owner__display_name", "owner__email", "number"), "owner_key"),
    "score": ("Current score", ("current_score", "number"), "score_key"),
    "appetite": ("Outside appetite", ("outside", "number"), "outside"),
    "status": ("Status", ("status", "number"), "status"),
    "review": ("Next review", ("review_by", "number"), "review_key"),
}
DEFAULT_SORT = "-score"
PER_PAGE = 50
TREND_WORDS = {"up": ("↑", "worse since the last review"), "down": ("↓", "better since the last review"),
               "same": ("→", "no change since the last review")}


def end_of_day(day):
    """The last moment of `day` in the site's time zone: "as at 1 March" includes all of 1 March."""
    return datetime.combine(day, time.max).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass
class Filters:
    status: str = "live"
    category: int | None = None
    band: str = ""
    owner: int | None = None
    outside: bool = False
    likelihood: int | None = None
    impact: int | None = None
    score: str = "current"
    sort: str = DEFAULT_SORT
    as_at: date | None = None
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, query, register):
        """The filters asked for in `query` (request.GET); a value that makes no sense is dropped
        (an as-at date that is not one is reported in `errors`)."""
        found = cls()
        if query.get("status") in STATUS_FILTERS:
            found.status = query["status"]
        found.category = _number(query.get("category"))
        if query.get("band") in ("low", "medium", "high"):
            found.band = query["band"]
        found.owner = _number(query.get("owner"))
        found.outside = query.get("outside") in ("1", "on", "true")
        size = register.size
        found.likelihood = _number(query.get("likelihood"), 1, size)
        found.impact = _number(query.get("impact"), 1, size)
        if query.get("score") in SCORE_NAMES:
            found.score = query["score"]
        if query.get("sort", "").lstrip("-") in SORTS:
            found.sort = query["sort"]
        raw = (query.get("as_at") or "").strip()
        if raw:
            try:
                found.as_at = date.fromisoformat(raw)
            except ValueError:
                found.errors["as_at"] = "Give the date as a date, for example 2027-03-01."
            else:
                if found.as_at.year < 2000 or found.as_at > date.today() + timedelta(days=1):
                    found.errors["as_at"] = "Give a date from 2000 up to today."
                    found.as_at = None
        return found

    @property
    def moment(self):
        return end_of_day(self.as_at) if self.as_at else None

    @property
    def cell(self):
        return (self.likelihood, self.impact) if self.likelihood and self.impact else None

    def query(self, **changes):
        """These filters as query parameters (for links: a sort header, a page), with `changes`."""
        values = {"status": self.status if self.status != "live" else "", "category": self.category or "",
                  "band": self.band, "owner": self.owner or "", "outside": "1" if self.outside else "",
                  "likelihood": self.likelihood or "", "impact": self.impact or "",
                  "score": self.score if self.score != "current" else "",
                  "sort": self.sort if self.sort != DEFAULT_SORT else "",
                  "as_at": self.as_at.isoformat() if self.as_at else ""}
        values.update(changes)
        from urllib.parse import urlencode

        return urlencode({key: value for key, value in values.items() if value not in ("", None)})


def _number(value, low=1, high=2**31 - 1):
    value = (value or "").strip()
    if value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


class Row:
    """One risk in the table, the heat map's counts, the exports and the board: as it is now or
    as it was at a date."""

    def __init__(self, *, pk, number, title, category_id, category, appetite_max, owner_id, owner, status, scores,
                 review_by, matrix, url):
        self.pk, self.number, self.title, self.url = pk, number, title, url
        self.category_id, self.category, self.appetite_max = category_id, category, appetite_max
        self.owner_id, self.owner, self.status, self.review_by = owner_id, owner, status, review_by
        self.scores = scores  # {"current": (likelihood, impact, score) or None, ...}
        current = scores.get("current")
        self.score = current[2] if current else None
        self.band = matrix.band(self.score)
        self.outside = self.score is not None and appetite_max is not None and self.score > appetite_max
        self.trend = None

    @property
    def reference(self):
        return f"R-{self.number}"

    @property
    def status_label(self):
        return Status(self.status).label if self.status in Status.values else self.status

    @property
    def trend_words(self):
        return TREND_WORDS.get(self.trend)

    # sort keys as at a date (None last, as SQL sorts them ascending on PostgreSQL)
    @property
    def title_key(self):
        return self.title.casefold()

    @property
    def category_key(self):
        return (self.category == "", self.category.casefold())

    @property
    def owner_key(self):
        return (self.owner == "", self.owner.casefold())

    @property
    def score_key(self):
        return (self.score is None, self.score or 0)

    @property
    def review_key(self):
        return (self.review_by is None, self.review_by or date.min)


def _risk_url(register, number):
    return reverse("risks:risk", kwargs={"workspace": register.workspace.slug, "register": register.pk,
                                          "number": number})


def _row_of_risk(register, matrix, risk):
    scores = {}
    for name in SCORE_NAMES:
        likelihood, impact = getattr(risk, f"{name}_likelihood"), getattr(risk, f"{name}_impact")
        scores[name] = (likelihood, impact, likelihood * impact) if likelihood and impact else None
    category = risk.category if risk.category_id else None
    return Row(pk=risk.pk, number=risk.number, title=risk.title, category_id=risk.category_id,
               category=category.name if category else "", appetite_max=category.max_score if category else None,
               owner_id=risk.owner_id, owner=risk.owner.name if risk.owner_id and risk.owner else "",
               status=risk.status, scores=scores, review_by=risk.review_by, matrix=matrix,
               url=_risk_url(register, risk.number))


def _row_of_state(register, matrix, pk, number, state, categories):
    scores = {}
    for name in SCORE_NAMES:
        likelihood, impact = state.get(f"{name}_likelihood"), state.get(f"{name}_impact")
        scores[name] = (likelihood, impact, likelihood * impact) if likelihood and impact else None
    category = categories.get(state.get("category_id"))
    review_by = state.get("review_by")
    return Row(pk=pk, number=number, title=state.get("title", ""), category_id=state.get("category_id"),
               category=state.get("category", ""), appetite_max=category.max_score if category else None,
               owner_id=state.get("owner_id"), owner=state.get("owner", ""), status=state.get("status", ""),
               scores=scores, review_by=date.fromisoformat(review_by) if review_by else None, matrix=matrix,
               url=_risk_url(register, number))


def seen_risks(user, register):
    """The risks of the table this person sees (suggestions apart), with category and owner."""
    return selectors.risks_of(user, register).filter(status__in=SHOWN_STATUSES)


def _outside_q(score="current"):
    return Q(**{f"{score}_score__gt": F("category__max_score")})


def _filtered_queryset(user, register, filters):
    matrix = register.matrix()
    found = seen_risks(user, register).filter(status__in=STATUS_FILTERS[filters.status][1]).annotate(
        outside=Case(When(_outside_q(), then=Value(True)), default=Value(False), output_field=BooleanField()))
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.owner:
        found = found.filter(owner=filters.owner)
    if filters.band:
        found = found.filter(current_score__range=matrix.band_range(filters.band))
    if filters.outside:
        found = found.filter(outside=True)
    if filters.cell:
        found = found.filter(**{f"{filters.score}_likelihood": filters.likelihood,
                                f"{filters.score}_impact": filters.impact})
    descending = filters.sort.startswith("-")
    order = SORTS[filters.sort.lstrip("-")][1]
    return found.order_by(*[F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
                            for name in order])


def _rows_as_at(user, register, filters):
    """The table's rows as at the filters' date, filtered and sorted as the SQL would."""
    matrix = register.matrix()
    states = history.as_at(register, filters.moment)
    numbers = dict(seen_risks(user, register).order_by().values_list("pk", "number")) if states else {}
    categories = {category.pk: category for category in Category.objects.filter(register=register)}
    wanted = STATUS_FILTERS[filters.status][1]
    rows = []
    for pk, state in states.items():
        if pk not in numbers or state.get("status") not in wanted:
            continue
        row = _row_of_state(register, matrix, pk, numbers[pk], state, categories)
        if filters.category and row.category_id != filters.category:
            continue
        if filters.owner and row.owner_id != filters.owner:
            continue
        if filters.band and (row.band is None or row.band.key != filters.band):
            continue
        if filters.outside and not row.outside:
            continue
        if filters.cell and (row.scores.get(filters.score) or (None, None))[:2] != filters.cell:
            continue
        rows.append(row)
    key = SORTS[filters.sort.lstrip("-")][2]
    rows.sort(key=lambda row: row.number)
    rows.sort(key=lambda row: getattr(row, key), reverse=filters.sort.startswith("-"))
    return rows


def table_rows(user, register, filters):
    """As at a date: a list of Rows (trends set); now: a queryset of Risks (make a page's
    Rows with as_rows)."""
    if filters.as_at:
        return _rows_as_at(user, register, filters)
    return _filtered_queryset(user, register, filters)


def as_rows(register, items, moment=None):
    """Rows for a page of Risks (or Rows already), each with its trend since its last review:
    two queries for the page, whatever its length."""
    matrix = register.matrix()
    rows = [item if isinstance(item, Row) else _row_of_risk(register, matrix, item) for item in items]
    with_trends(rows, moment)
    return rows


def with_trends(rows, moment=None):
    """Set each row's trend: its current score against the one at its last review (its last
    REVIEWED version, at or before `moment`), or at its first version if never reviewed."""
    if not rows:
        return rows
    baseline = (RiskVersion.objects.filter(risk=OuterRef("pk"))
                .filter(Q(kind=VersionKind.REVIEWED) | Q(number=1))
                .annotate(reviewed=Case(When(kind=VersionKind.REVIEWED, then=Value(1)), default=Value(0),
                                        output_field=IntegerField())))
    if moment is not None:
        baseline = baseline.filter(at__lte=moment)
    baseline = baseline.order_by("-reviewed", "-number").values("pk")[:1]
    pks = (Risk.objects.filter(pk__in=[row.pk for row in rows]).order_by()
           .annotate(base=Subquery(baseline)).values_list("pk", "base"))
    base_of = {pk: base for pk, base in pks if base}
    states = dict(RiskVersion.objects.filter(pk__in=base_of.values()).values_list("pk", "state"))
    for row in rows:
        state = states.get(base_of.get(row.pk)) or {}
        likelihood, impact = state.get("current_likelihood"), state.get("current_impact")
        before = likelihood * impact if likelihood and impact else None
        if before is None or row.score is None:
            row.trend = None
        elif row.score > before:
            row.trend = "up"
        elif row.score < before:
            row.trend = "down"
        else:
            row.trend = "same"
    return rows


# --- The heat map ---------------------------------------------------------------------------------


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    score: int
    band: object
    count: int
    outside: int
    url: str

    @property
    def text(self):
        return f"{self.score} ({self.band.label})"


def heat_map(user, register, *, score="current", moment=None, base_url=""):
    """The rows of the heat map (highest likelihood first), each {"likelihood", "label", "cells":
    HeatCells by impact}:
    how many live risks this person sees sit there and how many of them are outside their
    category's appetite (the cell's score above the category's highest acceptable score)."""
    matrix = register.matrix()
    if moment is None:
        live = seen_risks(user, register).filter(status__in=LIVE_STATUSES)
        counts = selectors.heat_counts(live, score)
        outside = selectors.heat_counts(live.filter(_outside_q(score)), score)
    else:
        counts, outside = {}, {}
        rows = _rows_as_at(user, register, Filters(status="live", as_at=moment.date()))
        for row in rows:
            found = row.scores.get(score)
            if not found:
                continue
            cell = found[:2]
            counts[cell] = counts.get(cell, 0) + 1
            if row.appetite_max is not None and found[2] > row.appetite_max:
                outside[cell] = outside.get(cell, 0) + 1
    as_at = f"&as_at={moment.date().isoformat()}" if moment is not None else ""
    kind = f"&score={score}" if score != "current" else ""
    grid = []
    for cells in matrix.rows():
        likelihood = cells[0].likelihood
        heat = [HeatCell(cell.likelihood, cell.impact, cell.score, cell.band,
                         counts.get((cell.likelihood, cell.impact), 0), outside.get((cell.likelihood, cell.impact), 0),
                         f"{base_url}?likelihood={cell.likelihood}&impact={cell.impact}{kind}{as_at}")
                for cell in cells]
        grid.append({"likelihood": likelihood, "label": matrix.likelihood_label(likelihood), "cells": heat})
    return grid


# --- Due lists --------------------------------------------------------------------------------------


@dataclass
class DueLists:
    reviews: list
    acceptances_lapsed: list
    actions: list
    expiring: list

    @property
    def empty(self):
        return not (self.reviews or self.acceptances_lapsed or self.actions or self.expiring)


DUE_LIMIT = 200
EXPIRING_DAYS = 30


def due_lists(user, register, today, limit=DUE_LIMIT):
    """Reviews due (live risks whose review_by has come, live acceptances whose review date has
    passed), actions overdue (not done, due before today) and acceptances expiring within 30
    days, of the risks this person sees: four queries."""
    seen = seen_risks(user, register).filter(status__in=LIVE_STATUSES)
    reviews = list(seen.filter(review_by__lte=today).order_by("review_by", "number")[:limit])
    live = Acceptance.objects.filter(risk__in=seen.values("pk"), ended_at__isnull=True).select_related(
        "risk", "approver")
    lapsed = list(live.filter(review_by__lt=today).order_by("review_by", "id")[:limit])
    expiring = list(live.filter(review_by__gte=today, review_by__lte=today + timedelta(days=EXPIRING_DAYS))
                    .order_by("review_by", "id")[:limit])
    actions = list(Action.objects.filter(risk__in=seen.values("pk"), done_at__isnull=True, due_on__lt=today)
                   .select_related("risk", "owner").order_by("due_on", "id")[:limit])
    for risk in [*reviews, *(item.risk for item in [*lapsed, *expiring, *actions])]:
        risk.register, risk.workspace = register, register.workspace  # their links: no query per row
    return DueLists(reviews, lapsed, actions, expiring)


def top_risks(user, register, limit=10):
    """The board's top risks: live, highest current score first."""
    found = (seen_risks(user, register).filter(status__in=LIVE_STATUSES, current_score__isnull=False)
             .order_by("-current_score", "number")[:limit])
    return as_rows(register, found)


def outside_risks(user, register, limit=100):
    found = (seen_risks(user, register).filter(status__in=LIVE_STATUSES).filter(_outside_q())
             .order_by("-current_score", "number")[:limit])
    return as_rows(register, found)


def owners_of(user, register):
    """(id, name) of the owners of the risks this person sees, for the owner filter."""
    from django.contrib.auth import get_user_model

    ids = seen_risks(user, register).exclude(owner=None).order_by().values("owner")
    people = get_user_model().objects.filter(pk__in=ids).order_by("display_name", "email")
    return [(person.pk, person.name) for person in people]


def suggestions(user, register, limit=50):
    """Suggestions waiting for triage ("proposed"), for the register's keepers."""
    return list(visible(user, Risk.objects.filter(register=register, status=Status.PROPOSED), within=register)
                .select_related("created_by").order_by("created_at", "id")[:limit])
