"""The unfiltered count comes from the cache when it is on, and is never stale after a write."""

from typing import Any

import pytest
from django.core.management import call_command

from widgets import counting
from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import detail_url, list_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
VALID = {"name": "counted", "info_url": "https://example.com/c", "deadline": "2026-12-31"}


@pytest.fixture
def count_cache(settings):
    settings.WIDGETS_COUNT_CACHE_SECONDS = 60


def count(api: Any, **params: Any) -> int:
    response = api.get(list_url(**params))
    assert response.status_code == 200
    return response.json()["count"]


@pytest.mark.usefixtures("count_cache")
def test_the_unfiltered_count_is_asked_of_the_database_once(user_api, django_assert_num_queries):
    WidgetFactory.create_batch(3)
    assert count(user_api) == 3
    with django_assert_num_queries(1):  # the page
        assert count(user_api) == 3


@pytest.mark.usefixtures("count_cache")
def test_a_filtered_count_is_always_asked_of_the_database(user_api, django_assert_num_queries):
    WidgetFactory.create_batch(3)
    count(user_api, name="widget")
    with django_assert_num_queries(2):  # the count and the page
        assert count(user_api, name="widget") == 3


def test_without_the_setting_every_count_is_asked_of_the_database(
    user_api, settings, django_assert_num_queries
):
    settings.WIDGETS_COUNT_CACHE_SECONDS = 0
    WidgetFactory()
    count(user_api)
    with django_assert_num_queries(2):
        assert count(user_api) == 1


@pytest.mark.usefixtures("count_cache")
def test_creates_and_deletes_show_in_the_next_count(admin_api):
    WidgetFactory()
    assert count(admin_api) == 1
    assert admin_api.post(list_url(), VALID).status_code == 201
    assert count(admin_api) == 2
    assert admin_api.delete(detail_url("counted")).status_code == 204
    assert count(admin_api) == 1


@pytest.mark.usefixtures("count_cache")
def test_seeded_widgets_show_in_the_next_count(user_api):
    assert count(user_api) == 0
    call_command("seed_widgets", count=4, verbosity=0)
    assert count(user_api) == 4


@pytest.mark.usefixtures("count_cache")
def test_a_count_taken_before_a_write_commits_is_not_served_after_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        counting.forget_count()
        # A reader counting while the write is not yet visible to it.
        assert counting.cached_count(lambda: 5) == 5
    assert counting.cached_count(lambda: 6) == 6


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get_many = set = get


@pytest.mark.usefixtures("count_cache")
def test_a_broken_cache_costs_only_the_cached_count(admin_api, monkeypatch):
    monkeypatch.setattr(counting, "cache", BrokenCache())
    WidgetFactory()
    assert count(admin_api) == 1
    assert admin_api.post(list_url(), VALID).status_code == 201
    assert count(admin_api) == 2
