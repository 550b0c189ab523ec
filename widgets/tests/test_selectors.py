"""Reads come from the cache when it is on, are never stale after a write, and count right."""

from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count

from widgets import selectors
from widgets.models import Widget
from widgets.tests.factories import UserFactory, WidgetFactory
from widgets.tests.helpers import detail_url, list_url, names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
VALID = {"name": "cached", "info_url": "https://example.com/c", "deadline": "2026-12-31"}


def count(api: Any, **params: Any) -> int:
    response = api.get(list_url(**params))
    assert response.status_code == 200
    return response.json()["count"]


@pytest.mark.usefixtures("shared_cache")
def test_distinct_and_grouped_counts_are_right_while_the_count_of_all_is_cached(user_api):
    for owner in UserFactory.create_batch(2):
        WidgetFactory.create_batch(3, owner=owner)
    assert count(user_api) == 6  # now in the cache
    owners_qs = Widget.objects.values("owner").order_by()
    assert owners_qs.distinct().count() == 2
    assert owners_qs.annotate(n=Count("id")).count() == 2


@pytest.mark.usefixtures("shared_cache")
def test_a_cached_page_and_detail_are_answered_with_no_query(user_api, django_assert_num_queries):
    WidgetFactory.create_batch(3)
    WidgetFactory(name="kept")
    first_page, detail = user_api.get(list_url()).json(), user_api.get(detail_url("kept")).json()
    with django_assert_num_queries(0):
        assert user_api.get(list_url()).json() == first_page
        assert user_api.get(detail_url("KEPT")).json() == detail


@pytest.mark.usefixtures("shared_cache")
def test_each_filter_and_page_is_cached_apart(user_api):
    WidgetFactory(name="alpha")
    WidgetFactory(name="beta")
    assert names(user_api.get(list_url(name="alp"))) == ["alpha"]
    assert names(user_api.get(list_url(name="bet"))) == ["beta"]
    assert names(user_api.get(list_url(page_size=1, page=2))) == ["beta"]


@pytest.mark.usefixtures("shared_cache")
def test_a_passed_deadline_filter_is_not_served_from_yesterday(user_api, time_machine):
    WidgetFactory(name="today", deadline="2026-06-01")
    assert count(user_api, deadline_passed="true") == 0
    time_machine.move_to("2026-06-02 12:00:00+00:00", tick=False)
    assert count(user_api, deadline_passed="true") == 1


@pytest.mark.usefixtures("shared_cache")
def test_creates_updates_and_deletes_show_in_the_next_read(admin_api):
    WidgetFactory(name="present")
    assert count(admin_api) == 1
    assert admin_api.post(list_url(), VALID).status_code == 201
    assert count(admin_api) == 2
    assert admin_api.get(detail_url("cached")).json()["info_url"] == VALID["info_url"]
    changed = {"info_url": "https://example.com/changed"}
    assert admin_api.patch(detail_url("cached"), changed).status_code == 200
    assert admin_api.get(detail_url("cached")).json()["info_url"] == changed["info_url"]
    assert admin_api.get(list_url(page=1)).json()["results"][1]["info_url"] == changed["info_url"]
    assert admin_api.delete(detail_url("cached")).status_code == 204
    assert count(admin_api) == 1
    assert admin_api.get(detail_url("cached")).status_code == 404


@pytest.mark.usefixtures("shared_cache")
def test_an_owner_changing_email_shows_in_the_next_read(user_api, admin):
    WidgetFactory(name="owned", owner=admin)
    assert user_api.get(detail_url("owned")).json()["owner"]["email"] == admin.email
    admin.email = "renamed@example.com"
    admin.save()
    assert user_api.get(detail_url("owned")).json()["owner"]["email"] == "renamed@example.com"
    admin.delete()
    assert user_api.get(detail_url("owned")).json()["owner"] is None


@pytest.mark.usefixtures("shared_cache")
def test_seeded_widgets_show_in_the_next_count(user_api):
    assert count(user_api) == 0
    call_command("seed_widgets", count=4, verbosity=0)
    assert count(user_api) == 4


@pytest.mark.usefixtures("shared_cache")
def test_a_read_loaded_before_a_write_commits_is_not_served_after_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        selectors.widgets_changed()
        # A reader loading while the write is not yet visible to it.
        assert selectors.cached("widgets:test", lambda: 5) == 5
    assert selectors.cached("widgets:test", lambda: 6) == 6
    assert selectors.cached("widgets:test", lambda: 7) == 6


def test_without_the_setting_every_read_asks_the_database(
    user_api, settings, django_assert_num_queries
):
    settings.WIDGETS_CACHE_SECONDS = 0
    WidgetFactory(name="asked")
    user_api.get(list_url())
    with django_assert_num_queries(3):  # the count, the page, the detail
        assert count(user_api) == 1
        assert user_api.get(detail_url("asked")).status_code == 200


class BrokenCache:
    def get(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("cache down")

    get_many = set = get


@pytest.mark.usefixtures("shared_cache")
def test_a_broken_cache_costs_only_the_cached_reads(admin_api, monkeypatch):
    monkeypatch.setattr(selectors, "cache", BrokenCache())
    WidgetFactory(name="read")
    assert count(admin_api) == 1
    assert admin_api.post(list_url(), VALID).status_code == 201
    assert count(admin_api) == 2
    assert admin_api.get(detail_url("read")).status_code == 200
