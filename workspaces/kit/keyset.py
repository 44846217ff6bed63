"""Keyset ("seek") pagination: a page at any depth costs what the first page costs.

OFFSET 100,000 makes the database read and throw away 100,000 sorted rows; a keyset page asks for
the rows *after* (or *before*) a given row in the list's order instead, which an index on the
order's columns answers directly. The cursor in the URL is that row's primary key, never its
sort values (for the member directory those include an email address, which not every reader
may see); the database looks the values up itself, in the same query (a subquery), so a deep
page runs exactly the queries the first page runs.

    page = keyset_page(request, queryset, order=("user__display_name", "user__email"))

Query parameters (see KeysetPage.query): `after=<pk>` the page after that row, `before=<pk>` the
page before it, `last=1` the final page; `start=<n>` carries the position of the page's first row
for the "Members 101–125 of 200,053" line (a hint the links keep up to date, not trusted for
anything else: counting the rows before a cursor would cost the OFFSET this avoids).

`order` must be a total order (its last field unique within the list), ascending; or, with
`descending=True`, every field descending (newest first: a forum's threads by pinned, then last
activity, then id), served by an index on the same fields.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Subquery
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

CURSOR_PARAMS = ("after", "before", "last", "start")


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class KeysetPage:
    object_list: list
    has_previous: bool
    has_next: bool
    start: int | None  # position (1-based) of the first row, when known
    total: int | None  # the whole list's size, when known exactly
    more_than: int | None = None  # when the total was only counted up to a cap: "more than N"
    params: dict = field(default_factory=dict)  # the request's other query parameters (filters)
    first_pk: object = None
    last_pk: object = None

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def end(self):
        return self.start + len(self.object_list) - 1 if self.start else None

    def query(self, **cursor):
        """The query string for a cursor, keeping the filters: "?q=sam&after=12&start=26"."""
        query = self.params.copy()
        for key, value in cursor.items():
            if value is not None:
                query[key] = value
        return "?" + query.urlencode() if query else "?"

    @property
    def next_query(self):
        return self.query(after=self.last_pk, start=self.end + 1 if self.end else None)

    @property
    def previous_query(self):
        start = max(1, self.start - settings.ENGAGE_PAGE_SIZE) if self.start else None
        return self.query(before=self.first_pk, start=start)

    @property
    def first_query(self):
        return self.query()

    @property
    def last_query(self):
        return self.query(last=1)


def _cursor_filter(queryset, order, pk, after, descending=False):
    """Rows strictly after (or before) the row `pk` in `order`, the row's sort values read by
    subqueries; as a row comparison ((a, b) > (x, y)) on PostgreSQL, which an index on (a, b)
    serves as a range. A pk outside the list matches nothing (the caller starts over)."""
    anchor = queryset.order_by().filter(pk=pk)
    values = tuple(Subquery(anchor.values(name)[:1]) for name in order)
    lookup = TupleGreaterThan if after != descending else TupleLessThan
    return queryset.filter(lookup(Tuple(*(F(name) for name in order)), values))


def first_page_url(request):
    """This list's first page, its other query parameters (search, filters) kept."""
    query = request.GET.copy()
    for name in CURSOR_PARAMS + ("page",):
        query.pop(name, None)
    return request.path + ("?" + query.urlencode() if query else "")


def keyset_page(request, queryset, order, *, per_page=None, total=None, count_cap=None, descending=False):
    """The page of `queryset` (ordered by `order`) that the request's cursor asks for, or None
    when the cursor names no row of the list any more (the caller redirects to the first page).

    `total`: the list's size when the caller knows it cheaply (a denormalised count). Otherwise,
    with `count_cap`, the size is counted up to that many rows (one bounded query):
    exact below the cap, "more than count_cap" above it. `descending`: the list runs from the
    largest values of `order` down (every field descending)."""
    per_page = per_page or settings.ENGAGE_PAGE_SIZE
    get = request.GET
    after, before = _positive_int(get.get("after")), _positive_int(get.get("before"))
    last = get.get("last") == "1" and not (after or before)
    start = _positive_int(get.get("start"))
    params = get.copy()
    for name in CURSOR_PARAMS + ("page",):
        params.pop(name, None)

    more_than = None
    if total is None and count_cap:
        counted = queryset.order_by()[: count_cap + 1].count()
        if counted > count_cap:
            more_than = count_cap
        else:
            total = counted

    forward = [F(name).asc() for name in order]
    backward = [F(name).desc() for name in order]
    if descending:
        forward, backward = backward, forward
    if after:
        source = _cursor_filter(queryset, order, after, after=True, descending=descending)
        rows = list(source.order_by(*forward)[: per_page + 1])
        has_previous, has_next = True, len(rows) > per_page
        rows = rows[:per_page]
    elif before or last:
        source = _cursor_filter(queryset, order, before, after=False, descending=descending) if before else queryset
        rows = list(source.order_by(*backward)[: per_page + 1])
        has_previous, has_next = len(rows) > per_page, bool(before)
        rows = rows[:per_page][::-1]
        if last and total is not None:
            start = total - len(rows) + 1
    else:
        rows = list(queryset.order_by(*forward)[: per_page + 1])
        has_previous, has_next = False, len(rows) > per_page
        rows = rows[:per_page]
        start = 1
    if (after or before) and not rows:
        return None
    if not has_previous:
        start = 1
    return KeysetPage(
        object_list=rows, has_previous=has_previous, has_next=has_next, start=start, total=total,
        more_than=more_than, params=params,
        first_pk=rows[0].pk if rows else None, last_pk=rows[-1].pk if rows else None,
    )
