"""The polls' URLs, one module per part (each part's views are its own module)."""

from . import urls_embed, urls_managing, urls_voting

app_name = "polls"

urlpatterns = [
    *urls_managing.urlpatterns,  # the list, adding, editing, publishing, deleting; who took part; vote times
    *urls_voting.urlpatterns,  # the poll's page, voting, changing a vote, results
    *urls_embed.urlpatterns,  # the widget for the department's own site, visitors' votes there
]
