"""The pages mailed links open (ACCOUNTS_FRONTEND_URL unset), in a real browser, no JavaScript."""

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from config.tests.smtp import MailServer, link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "violet-Harbor-42-lantern"


def mailed_link(mail_server: MailServer, run_worker: Callable[[], None], to: str) -> str:
    run_worker()
    return link_in(mail_server.to(to)[-1])[0]


def test_a_user_opens_the_mailed_reset_link_sets_a_password_and_logs_in_with_it(
    chromium: Browser, site_url: str, mail_server: MailServer, run_worker: Callable[[], None]
) -> None:
    # No JavaScript at all: the pages must work with forms alone.
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    UserFactory(email="ada@example.com")
    requested = page.request.post(
        f"{site_url}{reverse('accounts:password-reset')}", data={"email": "ADA@example.com"}
    )
    assert requested.status == 202

    link = mailed_link(mail_server, run_worker, "ada@example.com")
    assert link.startswith(f"{site_url}/accounts/reset-password?uid=")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    # The admin's look, from the collected static files.
    assert page.locator("#header").evaluate("e => getComputedStyle(e).display") == "flex"
    page.get_by_label("New password:").fill(NEW_PASSWORD)
    page.get_by_label("Confirm password:").fill(NEW_PASSWORD + "typo")
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator(".errorlist")).to_be_visible()

    page.get_by_label("New password:").fill(NEW_PASSWORD)
    page.get_by_label("Confirm password:").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator("h1")).to_have_text("Password changed")

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{site_url}{reverse('accounts:user')}?format=json")
    expect(page.locator("body")).to_contain_text('"email":"ada@example.com"')

    page.goto(link)  # the link worked once
    expect(page.locator("h1")).to_have_text("Invalid link")
    context.close()


def test_the_verification_page_confirms_on_the_button_press_only(
    page: Page, site_url: str, mail_server: MailServer, run_worker: Callable[[], None]
) -> None:
    registered = page.request.post(
        f"{site_url}{reverse('accounts:register')}",
        data={"email": "grace@example.com", "password": PASSWORD},
    )
    assert registered.status == 201

    page.goto(mailed_link(mail_server, run_worker, "grace@example.com"))
    expect(page.locator("h1")).to_have_text("Confirm your email address")
    assert User.objects.get().email_verified is False
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator("h1")).to_have_text("Email address confirmed")
    assert User.objects.get().email_verified is True


def test_the_email_change_page_changes_the_email_on_the_button_press(
    page: Page, site_url: str, mail_server: MailServer, run_worker: Callable[[], None]
) -> None:
    UserFactory(email="ada@example.com")
    login = page.request.post(
        f"{site_url}{reverse('accounts:login')}",
        data={"email": "ada@example.com", "password": PASSWORD},
    )
    changed = page.request.post(
        f"{site_url}{reverse('accounts:email')}",
        data={"new_email": "ada@new.example", "password": PASSWORD},
        headers={"Authorization": f"Bearer {login.json()['access']}"},
    )
    assert changed.status == 202

    page.goto(mailed_link(mail_server, run_worker, "ada@new.example"))
    page.get_by_role("button", name="Change my email").click()

    expect(page.locator("h1")).to_have_text("Email address changed")
    assert User.objects.get().email == "ada@new.example"
