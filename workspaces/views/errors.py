from django.shortcuts import render


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else "You do not have permission to see this page."
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Minimal context: the error may have come from the context processors themselves.
    from django.http import HttpResponseServerError
    from django.template.loader import get_template

    return HttpResponseServerError(get_template("errors/500.html").render({}))


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
