from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page=None, count=None, param="page"):
    """The requested page of a queryset; bad or out-of-range page numbers give the nearest page.

    Pass `count` when the caller already knows it (e.g. a denormalised member count) to skip
    the COUNT(*) query on very large tables; `param` when a page has two paginated lists (the
    query parameter this one's page number is in; components/pagination.html takes it too).
    """
    paginator = Paginator(queryset, per_page or settings.ENGAGE_PAGE_SIZE)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get(param))


def paginate_without_total(request, queryset, per_page=None, param="page"):
    """paginate() for lists shown without a total (components/pagination.html with no_total):
    the COUNT reads no further than one row past the requested page (a LIMITed subquery), so a
    long backlog costs nothing on its first pages, and Next still shows when there is more."""
    per_page = per_page or settings.ENGAGE_PAGE_SIZE
    asked = request.GET.get(param, "")
    number = min(int(asked), 10**6) if asked.isdigit() and int(asked) > 0 else 1
    count = queryset.order_by()[: number * per_page + 1].count()
    return paginate(request, queryset, per_page=per_page, count=count, param=param)
