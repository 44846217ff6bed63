"""The risk registers' URLs, one module per part (each part's views are its own module)."""

from . import urls_import, urls_register, urls_risk

app_name = "risks"

urlpatterns = [
    *urls_import.urlpatterns,  # import from XLSX/CSV (a dry run, then confirm); suggesting a risk, triage
    *urls_risk.urlpatterns,  # a risk's page, timeline; adding, editing, scores, status, controls, actions, acceptance
    *urls_register.urlpatterns,  # registers, the table, the heat map, "as at", due lists, exports, the board view
]
