from django.http import Http404


def index(request, workspace):
    raise Http404


board = thread = post_link = index
