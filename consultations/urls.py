"""The consultations' URLs, one module per part (each part's views are its own module)."""

from . import urls_analysis, urls_authoring, urls_campaigns, urls_lifecycle, urls_publishing, urls_responding

app_name = "consultations"

urlpatterns = [
    *urls_authoring.urlpatterns,  # the list, adding, settings, the document and its import, questions, files
    *urls_responding.urlpatterns,  # the consultation's page, sections, commenting, the response, the receipt
    *urls_analysis.urlpatterns,  # responses, tagging, notes, codebook, analysis, suggestions, offline entry
    *urls_campaigns.urlpatterns,  # campaigns (grouping runs), exports
    *urls_publishing.urlpatterns,  # publishing decisions, redactions, published responses, the outcome
    *urls_lifecycle.urlpatterns,  # publish, withdraw, extend, start analysis
]
