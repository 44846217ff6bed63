"""An organisation's licence pages, under /o/<organisation>/licences/ (included by workspaces.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    # The organisation's admins and site admins.
    path("", views.licence_overview, name="licence_overview"),
    path("export.csv", views.licence_export, name="licence_export"),
    path("export.xlsx", views.licence_export_xlsx, name="licence_export_xlsx"),
    path("assign/", views.licence_assign, name="licence_assign"),
    path("upload/", views.licence_bulk, name="licence_bulk"),
    path("release/", views.licence_bulk_release, name="licence_bulk_release"),
    path("audit/", views.licence_audit, name="licence_audit"),
    path("<int:licence_id>/release/", views.licence_release, name="licence_release"),
    # Site admins only: pools, organisation admins, whether licences are required.
    path("pools/new/", views.licence_pool_create, name="licence_pool_create"),
    path("pools/<int:pool_id>/", views.licence_pool_edit, name="licence_pool_edit"),
    path("admins/", views.organisation_admins_page, name="organisation_admins"),
]
