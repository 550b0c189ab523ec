"""The pages mailed links open when ACCOUNTS_FRONTEND_URL is unset; mounted at /accounts/."""

from django.urls import re_path

from . import pages

app_name = "account-pages"

urlpatterns = [
    re_path(r"^verify-email/?$", pages.verify_email, name="verify-email"),
    re_path(r"^reset-password/?$", pages.reset_password, name="reset-password"),
    re_path(r"^confirm-email/?$", pages.confirm_email, name="confirm-email"),
]
