"""The Django admin in a real browser, with its static files served by whitenoise."""

import pytest
from django.urls import reverse
from playwright.sync_api import APIRequestContext, Page, expect

from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory
from widgets.tests.factories import WidgetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def access_token(api: APIRequestContext, site_url: str, email: str) -> str:
    response = api.post(
        f"{site_url}{reverse('accounts:login')}", data={"email": email, "password": PASSWORD}
    )
    assert response.status == 200
    token: str = response.json()["access"]
    return token


def current_user_status(api: APIRequestContext, site_url: str, token: str) -> int:
    response = api.get(
        f"{site_url}{reverse('accounts:user')}", headers={"Authorization": f"Bearer {token}"}
    )
    return response.status


def test_an_admin_finds_a_user_opens_a_widget_and_revokes_every_session_of_the_user(
    page: Page, site_url: str
) -> None:
    AdminFactory(email="root@example.com", is_superuser=True)
    UserFactory(email="bob@example.com")
    UserFactory(email="carol@example.com")
    WidgetFactory(name="adminWidget", info_url="https://example.com/admin-widget")
    tokens = [access_token(page.request, site_url, "bob@example.com") for _ in range(2)]
    assert {current_user_status(page.request, site_url, token) for token in tokens} == {200}

    page.goto(f"{site_url}{reverse('admin:index')}")
    page.get_by_label("Email address").fill("root@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    # The admin's stylesheet came through whitenoise from the collected, hashed files.
    assert page.locator("#header").evaluate("e => getComputedStyle(e).display") == "flex"

    page.goto(f"{site_url}{reverse('admin:widgets_widget_changelist')}")
    page.get_by_role("link", name="adminWidget").click()
    expect(page.locator("input[name='name']")).to_have_value("adminWidget")
    expect(page.locator("input[name='info_url']")).to_have_value("https://example.com/admin-widget")

    page.goto(f"{site_url}{reverse('admin:accounts_user_changelist')}")
    page.locator("#searchbar").fill("BOB@example")
    page.locator("#searchbar").press("Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("bob@example.com")

    rows.locator("input.action-select").check()
    page.locator("select[name='action']").select_option(label="Revoke all sessions")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("Revoked 2 session(s).")
    assert {current_user_status(page.request, site_url, token) for token in tokens} == {401}
