"""The project's own pages for mailed links, used when ACCOUNTS_FRONTEND_URL is unset.

Plain Django forms in the admin's look, no JavaScript. A GET never changes anything (a mail
scanner may open a link before its owner does): the verification and the email change confirm on
a button press, the reset asks for the new password twice. They call the API's services.
"""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import SetPasswordForm
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from rest_framework.request import Request

from . import lifecycle, link_tokens
from .models import User
from .throttles import RateLimit, client_ip

INVALID_LINK = "This link is invalid or has expired, or it was used already."


class TokenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=4096)


def page(
    request: HttpRequest, template: str, title: str, status: int = 200, **context: Any
) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": title,
        "site_name": settings.SITE_NAME,
        "login_url": reverse("rest_framework:login"),
        **context,
    }
    return render(request, f"accounts/pages/{template}.html", context, status=status)


def message(request: HttpRequest, title: str, text: str, status: int = 200) -> HttpResponse:
    return page(request, "message", title, status, message=text)


def limited(request: HttpRequest) -> HttpResponse | None:
    """The API's per-IP limit on link attempts, for a form post; None while under it."""
    if request.method != "POST":
        return None
    # client_ip reads only META, which a Django request has as well.
    limit = RateLimit("link_ip", client_ip(cast(Request, request)))
    wait = limit.wait()
    if wait is not None:
        response = message(request, "Too many attempts", "Try again later.", status=429)
        response["Retry-After"] = str(wait)
        return response
    limit.hit()
    return None


def invalid_link(request: HttpRequest) -> HttpResponse:
    return message(request, "Invalid link", INVALID_LINK, status=400)


def confirmed(
    request: HttpRequest, purpose: str, title: str, button: str
) -> tuple[User, dict[str, Any]] | HttpResponse:
    """A button page for a link with a signed token: on the press, its user and claims."""
    if response := limited(request):
        return response
    form = TokenForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return invalid_link(request)
    try:
        found = link_tokens.read_signed_token(purpose, form.cleaned_data["token"])
    except link_tokens.InvalidLink:
        return invalid_link(request)
    if request.method == "GET":
        return page(request, "confirm", title, form=form, button=button)
    return found


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest) -> HttpResponse:
    found = confirmed(
        request, link_tokens.EMAIL_VERIFICATION, "Confirm your email address", "Confirm"
    )
    if isinstance(found, HttpResponse):
        return found
    lifecycle.verify_email(found[0], request)
    return message(request, "Email address confirmed", "Thank you: your address is confirmed.")


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest) -> HttpResponse:
    found = confirmed(
        request, link_tokens.EMAIL_CHANGE, "Confirm your new email address", "Change my email"
    )
    if isinstance(found, HttpResponse):
        return found
    user, claims = found
    new_email = str(claims.get("email", ""))
    try:
        if User.objects.with_email(new_email).exclude(pk=user.pk).exists():
            raise IntegrityError
        lifecycle.change_email(user, new_email, request)
    except IntegrityError:  # taken before, or by a concurrent change (the constraint decides)
        return message(request, "Email taken", "Another account has this email now.", 409)
    return message(request, "Email address changed", f"Your email address is now {new_email}.")


@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest) -> HttpResponse:
    if response := limited(request):
        return response
    link = request.POST if request.method == "POST" else request.GET
    try:
        user = link_tokens.user_for(
            link_tokens.PASSWORD_RESET, link.get("uid", ""), link.get("token", "")
        )
    except link_tokens.InvalidLink:
        return invalid_link(request)
    title = "Choose a new password"
    if request.method == "GET":
        return page(request, "reset_password", title, form=SetPasswordForm(user), link=link)
    form = SetPasswordForm(user, request.POST)
    if not form.is_valid():
        return page(request, "reset_password", title, 400, form=form, link=link)
    lifecycle.reset_password(user, form.cleaned_data["new_password1"], request)
    return page(
        request,
        "message",
        "Password changed",
        message="Your password was changed; every session was signed out.",
        sign_in=True,
    )
