"""Every path answers with and without its trailing slash, so no client is ever redirected."""

from django.urls import re_path

from . import lifecycle_views, session_views, views

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
    re_path(r"^verify-email/?$", lifecycle_views.VerifyEmailView.as_view(), name="verify-email"),
    re_path(
        r"^verify-email/resend/?$",
        lifecycle_views.ResendVerificationView.as_view(),
        name="verify-email-resend",
    ),
    re_path(
        r"^password-reset/?$", lifecycle_views.PasswordResetView.as_view(), name="password-reset"
    ),
    re_path(
        r"^password-reset/confirm/?$",
        lifecycle_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    re_path(r"^email/?$", lifecycle_views.EmailChangeView.as_view(), name="email"),
    re_path(
        r"^email/confirm/?$", lifecycle_views.EmailChangeConfirmView.as_view(), name="email-confirm"
    ),
]
