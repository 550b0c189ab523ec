"""URL configuration: the API under /api/, its docs, the admin and health checks."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from config import health, views
from config.api_views import ApiRootView, SchemaView

urlpatterns = [
    # The API first: Django tries the patterns in order, and API calls are most of the traffic.
    path("api/v1/auth/", include("accounts.urls")),
    path("api/v1/", include("widgets.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.page_urls")),
    re_path(r"^health/live/?$", health.live, name="health-live"),
    re_path(r"^health/ready/?$", health.ready, name="health-ready"),
    path("api-auth/", include("rest_framework.urls")),
    re_path(r"^api/schema/?$", SchemaView.as_view(), name="schema"),
    re_path(r"^api/docs/?$", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    re_path(r"^api/redoc/?$", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    re_path(r"^api/v1/?$", ApiRootView.as_view(), name="api-root"),
    # Last under /api/: whatever nothing above matched is a JSON 404, in debug mode too.
    re_path(r"^api/", views.api_not_found),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
