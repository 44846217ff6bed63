from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from workspaces import registry
from workspaces.views import errors

admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("moderation.urls")),
    path("", include("comments.urls")),
    path("", include("inbound.urls")),
    path("", include("workspaces.urls")),
    # URLs that belong to a person rather than a workspace (Tool.personal_urls): /me/<tool>/...
    path("me/", include((registry.personal_url_patterns(), "me"))),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
