from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from widgets.tests.factories import WidgetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
CHANGELIST = reverse("admin:widgets_widget_changelist")


@pytest.fixture(autouse=True)
def static_files_without_manifest(settings: Settings) -> None:
    """Production settings want collected static files, which a test run has not made."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}


def changelist_queries(client: Any, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return len(queries)


def test_the_changelist_costs_the_same_queries_for_one_widget_or_many(admin_client, admin):
    WidgetFactory(owner=admin)
    few = changelist_queries(admin_client)
    WidgetFactory.create_batch(30, owner=admin)
    assert changelist_queries(admin_client) == few


def test_the_changelist_shows_name_owner_deadline_and_whether_it_passed(admin_client, admin):
    WidgetFactory(name="shown", owner=admin, deadline=date(2026, 5, 1))
    page = admin_client.get(CHANGELIST).content.decode()
    assert "shown" in page
    assert admin.email in page
    assert "icon-yes.svg" in page  # passed


@pytest.mark.parametrize(
    ("passed", "shown", "hidden"), [("yes", "late", "early"), ("no", "early", "late")]
)
def test_the_deadline_passed_filter_splits_the_widgets(admin_client, admin, passed, shown, hidden):
    WidgetFactory(name="late", owner=admin, deadline=date(2026, 5, 31))
    WidgetFactory(name="early", owner=admin, deadline=date(2026, 6, 1))
    response = admin_client.get(CHANGELIST, {"deadline_passed": passed})
    result = [str(widget) for widget in response.context["cl"].result_list]
    assert result == [shown]
    assert hidden not in result


def test_search_looks_in_name_and_url(admin_client, admin):
    WidgetFactory(name="findme", owner=admin)
    WidgetFactory(name="other", owner=admin, info_url="https://example.com/findme-too")
    WidgetFactory(name="hidden", owner=admin)
    response = admin_client.get(CHANGELIST, {"q": "findme"})
    assert sorted(str(w) for w in response.context["cl"].result_list) == ["findme", "other"]


def test_the_add_form_picks_the_owner_with_autocomplete(admin_client):
    response = admin_client.get(reverse("admin:widgets_widget_add"))
    assert response.status_code == 200
    assert "admin-autocomplete" in response.content.decode()
