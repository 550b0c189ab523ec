"""Swagger UI and Redoc in a real browser, from the app's own static files only."""

import json
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Response, expect

from accounts.tests.factories import PASSWORD, UserFactory
from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def problems(page: Page) -> list[str]:
    """Every failed request and error answer of the page (the `context` fixture watches for
    requests off the machine, console errors and script errors)."""
    found: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            found.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda request: found.append(f"failed: {request.url}"))
    return found


def operation_at(documented: list[dict[str, Any]], url_name: str) -> dict[str, Any]:
    """The operation documented for a URL name; reverse() drops the optional trailing slash."""
    path = reverse(url_name).rstrip("/")
    return next(op for op in documented if op["path"].rstrip("/") == path)


def operations(page: Page, site_url: str) -> list[dict[str, Any]]:
    schema = page.request.get(f"{site_url}{reverse('schema')}?format=json").json()
    return [
        {"path": path, "method": method, **operation}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def swagger_operation(page: Page, operation_id: str) -> Any:
    return page.locator(f"[id^='operations-'][id$='-{operation_id}']")


def try_it_out(page: Page, operation_id: str, body: dict[str, str] | None = None) -> str:
    """Open an operation, fill its body, execute it and return the response body shown."""
    operation = swagger_operation(page, operation_id)
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    if body is not None:
        operation.locator("textarea.body-param__text").fill(json.dumps(body))
    operation.get_by_role("button", name="Execute").click()
    shown = operation.locator(".live-responses-table .response-col_description pre").first
    expect(shown).to_be_visible()
    return shown.inner_text()


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_signs_in_authorizes_and_calls_the_api_from_the_page(
    page: Page, site_url: str, problems: list[str]
) -> None:
    email = "ada@example.com"
    UserFactory(email=email)
    WidgetFactory(name="swaggerWidget")
    page.goto(f"{site_url}{reverse('swagger-ui')}")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Widgets API")

    documented = operations(page, site_url)
    for tag in {tag for operation in documented for tag in operation["tags"]}:
        expect(page.locator(f"h3.opblock-tag[data-tag='{tag}']")).to_be_visible()
    for operation in documented:
        expect(swagger_operation(page, operation["operationId"])).to_be_visible()

    login = operation_at(documented, "accounts:login")
    tokens = json.loads(
        try_it_out(page, login["operationId"], {"email": email, "password": PASSWORD})
    )
    page.locator(".auth-wrapper button.authorize").click()
    # One box, the Bearer one: a pasted access token cannot land in a cookie's box.
    offered = page.locator(".modal-ux .auth-container")
    expect(offered).to_have_count(1)
    bearer = offered.filter(has_text="jwtAuth")
    expect(bearer).to_contain_text("Bearer")
    bearer.locator("input").fill(tokens["access"])
    bearer.locator("button.authorize").click()
    expect(bearer.get_by_role("button", name="Remove authorization")).to_be_visible()
    bearer.get_by_role("button", name="Close").click()

    current = operation_at(documented, "accounts:user")
    shown = try_it_out(page, current["operationId"])

    assert json.loads(shown)["email"] == email
    expect(swagger_operation(page, current["operationId"])).to_contain_text(email)

    widgets = operation_at(documented, "widgets:widget-list")
    page_shown = json.loads(try_it_out(page, widgets["operationId"]))

    assert [widget["name"] for widget in page_shown["results"]] == ["swaggerWidget"]
    assert problems == []


@pytest.mark.django_db(transaction=True)
def test_redoc_renders_the_title_and_the_widget_operations(
    page: Page, site_url: str, problems: list[str]
) -> None:
    page.goto(f"{site_url}{reverse('redoc')}")

    expect(page.locator("h1").first).to_contain_text("Widgets API")
    widget_operations = [op for op in operations(page, site_url) if "widgets" in op["tags"]]
    assert len(widget_operations) == 6
    for operation in widget_operations:
        expect(page.get_by_role("heading", name=operation["summary"])).to_be_visible()
    expect(page.get_by_text("API docs by Redocly")).to_be_visible()
    assert problems == []
