"""Pages of a list numbered by position (a thread's posts 1, 2, 3, ...; a consultation's
numbered responses): page p holds positions (p-1)*size+1 .. p*size, whatever rows between
are hidden from the reader. Each page is one range on an index of (parent, position), so the
last page of 5,000 costs what the first costs, and the page of any position is known without
counting: a link to item 1234 lands on page ceil(1234 / size).

    pages = PositionPages(request, last=thread.next_number - 1, per_page=25)   # ?page=<n>, ?page=last
    posts = visible_posts.filter(number__range=pages.range)
    pages.page_of(1234)    pages.url(3)    {% include "components/position_pagination.html" %}

A position beyond `last` is not a page (the view shows the last page instead), nor is a number
that is not one: no 500s for ?page=abc.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings

PARAM = "page"
MAX_PAGE = 2**31 // 1000


@dataclass
class PositionPages:
    request: object
    last: int  # the highest position given so far (0: none)
    per_page: int = 0
    number: int = field(init=False)

    def __post_init__(self):
        self.per_page = self.per_page or settings.ENGAGE_PAGE_SIZE
        asked = self.request.GET.get(PARAM, "")
        if asked == "last":
            self.number = self.count
        else:
            try:
                self.number = min(max(1, int(asked)), self.count, MAX_PAGE)
            except (TypeError, ValueError):
                self.number = 1

    @property
    def count(self):
        """How many pages (1 for an empty list)."""
        return max(1, math.ceil(self.last / self.per_page))

    @property
    def range(self):
        """(first, last) positions of this page, for a `__range` filter."""
        start = (self.number - 1) * self.per_page + 1
        return start, start + self.per_page - 1

    def page_of(self, position):
        return max(1, math.ceil(position / self.per_page))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.count

    @property
    def has_other_pages(self):
        return self.count > 1

    @property
    def is_last(self):
        return self.number == self.count

    def url(self, number, anchor=""):
        """This page's address at page `number`, the other query parameters kept."""
        query = self.request.GET.copy()
        for name in (PARAM, "quote"):
            query.pop(name, None)
        if number > 1:
            query[PARAM] = number
        text = query.urlencode()
        return f"{self.request.path}{'?' + text if text else ''}{'#' + anchor if anchor else ''}"

    @property
    def first_url(self):
        return self.url(1)

    @property
    def previous_url(self):
        return self.url(self.number - 1)

    @property
    def next_url(self):
        return self.url(self.number + 1)

    @property
    def last_url(self):
        return self.url(self.count)
