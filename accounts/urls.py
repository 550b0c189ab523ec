"""Every path answers with and without its trailing slash, so no client is ever redirected."""

from django.urls import re_path

from . import session_views, views

app_name = "accounts"

urlpatterns = [
    re_path(r"^register/?$", views.RegisterView.as_view(), name="register"),
    re_path(r"^login/?$", views.LoginView.as_view(), name="login"),
    re_path(r"^refresh/?$", views.RefreshView.as_view(), name="refresh"),
    re_path(r"^logout/?$", session_views.LogoutView.as_view(), name="logout"),
    re_path(r"^logout-all/?$", session_views.LogoutAllView.as_view(), name="logout-all"),
    re_path(r"^sessions/?$", session_views.SessionListView.as_view(), name="sessions"),
    re_path(
        r"^sessions/(?P<pk>[0-9a-fA-F-]{32,36})/?$",
        session_views.SessionDetailView.as_view(),
        name="session-detail",
    ),
    re_path(r"^events/?$", session_views.SecurityEventListView.as_view(), name="events"),
    re_path(r"^user/?$", views.CurrentUserView.as_view(), name="user"),
    re_path(r"^password/?$", views.PasswordChangeView.as_view(), name="password"),
]
