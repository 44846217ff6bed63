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
