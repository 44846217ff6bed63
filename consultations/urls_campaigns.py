"""The campaigns part's URLs: campaigns (grouping runs) and the downloads."""

from django.urls import path

from . import views_campaigns as views

urlpatterns = [
    path("<int:pk>/campaigns/", views.campaigns, name="campaigns"),
    path("<int:pk>/campaigns/<int:campaign>/", views.campaign, name="campaign"),
    path("<int:pk>/campaigns/<int:campaign>/act/", views.campaign_act, name="campaign_act"),
    path("<int:pk>/exports/", views.exports_page, name="exports"),
    path("<int:pk>/exports/<slug:what>.<slug:fmt>", views.export, name="export"),
]
