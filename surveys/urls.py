"""The surveys' URLs, one module per part (each part's views are its own module)."""

from . import urls_answering, urls_building, urls_distribution, urls_exports, urls_results

app_name = "surveys"

urlpatterns = [
    *urls_building.urlpatterns,  # the list, building, logic check, versions
    *urls_answering.urlpatterns,  # the survey's page, answering, resume, paper entry
    *urls_results.urlpatterns,  # results, responses, tags, exports
    *urls_distribution.urlpatterns,  # invitations, reminders, the response-rate panel
    *urls_exports.urlpatterns,  # exports, the codebook, themes and tagging
]
