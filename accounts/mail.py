"""The account mails: who gets which, with which link, rendered from overridable templates.

Each kind is a function of JSON-able arguments that looks the account up when the mail is sent
(in the worker, never in the request) and returns the message, or None when there is nobody to
write to. Each is rendered from `accounts/mail/<kind>_subject.txt`, `<kind>.txt` and `<kind>.html`,
which a host project overrides like any app template.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import link_tokens
from .models import User

Composer = Callable[..., EmailMultiAlternatives | None]
KINDS: dict[str, Composer] = {}


def kind(composer: Composer) -> Composer:
    KINDS[composer.__name__] = composer
    return composer


def render(template: str, to: str, **context: Any) -> EmailMultiAlternatives:
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"accounts/mail/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        # A header: one line, whatever the template's line breaks.
        " ".join(subject.split()),
        render_to_string(f"accounts/mail/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"accounts/mail/{template}.html", context), "text/html"
    )
    return message


def link(site_url: str, page: str, **params: str) -> str:
    """`{ACCOUNTS_FRONTEND_URL}/<page>?<params>`, or this project's own page for it; the query
    parameters are exactly the body of the endpoint that confirms the link."""
    if settings.ACCOUNTS_FRONTEND_URL:
        return f"{settings.ACCOUNTS_FRONTEND_URL}/{page}?{urlencode(params)}"
    return f"{site_url}{reverse(f'account-pages:{page}')}?{urlencode(params)}"


def active_user(**lookup: Any) -> User | None:
    return User.objects.filter(is_active=True, **lookup).first()


@kind
def verification(email: str, site_url: str) -> EmailMultiAlternatives | None:
    user = User.objects.with_email(email).filter(is_active=True, email_verified=False).first()
    if user is None:
        return None
    token = link_tokens.make_signed_token(link_tokens.EMAIL_VERIFICATION, user)
    return render("verification", user.email, link=link(site_url, "verify-email", token=token))


@kind
def password_reset(email: str, site_url: str) -> EmailMultiAlternatives | None:
    user = User.objects.with_email(email).filter(is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    params = {
        "uid": link_tokens.uid_of(user),
        "token": link_tokens.make_token(link_tokens.PASSWORD_RESET, user),
    }
    return render("password_reset", user.email, link=link(site_url, "reset-password", **params))


@kind
def email_change(public_id: str, new_email: str, site_url: str) -> EmailMultiAlternatives | None:
    user = active_user(public_id=public_id)
    # An address another account has gets no link: confirming it could only fail.
    if user is None or User.objects.with_email(new_email).exclude(pk=user.pk).exists():
        return None
    token = link_tokens.make_signed_token(link_tokens.EMAIL_CHANGE, user, email=new_email)
    return render(
        "email_change",
        new_email,
        new_email=new_email,
        link=link(site_url, "confirm-email", token=token),
    )


@kind
def email_change_requested(public_id: str, new_email: str) -> EmailMultiAlternatives | None:
    user = active_user(public_id=public_id)
    if user is None:
        return None
    return render("email_change_requested", user.email, new_email=new_email)


@kind
def email_changed(old_email: str, new_email: str) -> EmailMultiAlternatives:
    return render("email_changed", old_email, new_email=new_email)


@kind
def password_changed(public_id: str) -> EmailMultiAlternatives | None:
    user = active_user(public_id=public_id)
    if user is None:
        return None
    return render("password_changed", user.email)
