"""DRF's browsable API in a real browser: session login, then the HTML forms, CSRF enforced."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD, AdminFactory
from widgets.models import Widget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, site_url: str, email: str, next_url: str) -> None:
    page.goto(f"{site_url}{reverse('rest_framework:login')}?next={next_url}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_admin_creates_sees_and_deletes_a_widget_through_the_html_forms(
    page: Page, site_url: str
) -> None:
    admin = AdminFactory(email="root@example.com")
    widgets = reverse("widgets:widget-list")
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()

    page.goto(f"{site_url}{reverse('api-root')}")
    for link in ("register", "login", "user", "sessions", "widgets"):
        expect(page.locator(".response-info")).to_contain_text(f'"{link}"')
    sign_in(page, site_url, "root@example.com", widgets)
    expect(page.locator(".breadcrumb")).to_contain_text("Widget List")
    expect(page.locator(".navbar")).to_contain_text("root@example.com")

    form = page.locator("#post-object-form form")
    form.locator("input[name='name']").fill("browserWidget")
    form.locator("input[name='info_url']").fill("https://example.com/browser")
    form.locator("input[name='deadline']").fill(deadline)
    form.get_by_role("button", name="POST").click()

    expect(page.locator(".response-info")).to_contain_text("HTTP 201 Created")
    widget = Widget.objects.get(name="browserWidget")
    assert widget.owner == admin
    assert widget.deadline.isoformat() == deadline

    page.goto(f"{site_url}{widgets}")
    expect(page.locator(".response-info")).to_contain_text('"name": "browserWidget"')

    page.goto(f"{site_url}{reverse('widgets:widget-detail', args=['BROWSERwidget'])}")
    page.get_by_role("button", name="DELETE").first.click()
    # DRF's confirm dialog keeps aria-hidden="true" while shown, so find its button by CSS.
    page.locator("#deleteModal button.btn-danger").click()

    expect(page.locator(".response-info")).to_contain_text("HTTP 204 No Content")
    assert not Widget.objects.filter(name="browserWidget").exists()
    page.goto(f"{site_url}{widgets}")
    expect(page.locator(".response-info")).to_contain_text('"count": 0')
