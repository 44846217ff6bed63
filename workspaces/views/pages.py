"""The pages about the site itself, linked from every page's footer: help, the accessibility
statement and the privacy notice. Public: a visitor should read them before signing in."""

from django.conf import settings
from django.shortcuts import render

from ..permissions.decorators import public_view


def _context():
    # Who runs this installation, for "contact us": set by its operators (README, Configuration).
    return {
        "support_email": settings.ENGAGE_SUPPORT_EMAIL,
        "operator": settings.ENGAGE_OPERATOR_NAME,
        "draft_days": settings.ENGAGE_DRAFT_DAYS,
        "invitation_days": settings.ENGAGE_INVITATION_DAYS,
    }


@public_view
def help_page(request):
    return render(request, "pages/help.html", _context())


@public_view
def accessibility(request):
    return render(request, "pages/accessibility.html", _context())


@public_view
def privacy(request):
    return render(request, "pages/privacy.html", _context())
