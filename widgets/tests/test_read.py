from datetime import date

import pytest
import time_machine

from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import detail_url, list_url, public_id

pytestmark = pytest.mark.django_db


def test_an_anonymous_client_is_told_to_authenticate(anon_api):
    response = anon_api.get(list_url())
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers


@time_machine.travel("2026-06-01 12:00:00+00:00", tick=False)
def test_a_widget_is_shown_with_every_field_of_the_contract(user_api, admin):
    WidgetFactory(
        name="tetraWIDG", info_url="https://example.com/t", deadline=date(2026, 6, 3), owner=admin
    )
    response = user_api.get(detail_url("tetraWIDG"))
    assert response.status_code == 200
    assert response.json() == {
        "name": "tetraWIDG",
        "info_url": "https://example.com/t",
        "deadline": "2026-06-03",
        "deadline_passed": False,
        "time_remaining": "2 days 12 hours",
        "created_at": "2026-06-01T12:00:00Z",
        "updated_at": "2026-06-01T12:00:00Z",
        "owner": {"public_id": public_id(admin), "email": admin.email},
        "url": "http://testserver" + detail_url("tetraWIDG"),
    }


@time_machine.travel("2026-06-01 12:00:00+00:00", tick=False)
def test_a_deadline_of_yesterday_has_passed_and_today_has_not(user_api):
    WidgetFactory(name="yesterday", deadline=date(2026, 5, 31))
    WidgetFactory(name="today", deadline=date(2026, 6, 1))
    passed = user_api.get(detail_url("yesterday")).json()
    today = user_api.get(detail_url("today")).json()
    assert (passed["deadline_passed"], passed["time_remaining"]) == (True, "No time remaining")
    assert (today["deadline_passed"], today["time_remaining"]) == (False, "12 hours")


@time_machine.travel("2026-06-02 03:00:00+00:00", tick=False)
def test_a_deadline_passes_at_the_end_of_its_day_in_time_zone(user_api, settings):
    settings.TIME_ZONE = "America/New_York"
    WidgetFactory(name="eastern", deadline=date(2026, 6, 1))
    body = user_api.get(detail_url("eastern")).json()
    assert (body["deadline_passed"], body["time_remaining"]) == (False, "1 hour")
    assert body["created_at"] == "2026-06-02T03:00:00Z"


@pytest.mark.parametrize("path_name", ["tetrawidg", "TETRAWIDG", "tetraWIDG", "TetraWidg"])
def test_a_widget_is_found_by_its_name_in_any_case(user_api, path_name):
    WidgetFactory(name="tetraWIDG")
    response = user_api.get(detail_url(path_name))
    assert response.status_code == 200
    assert response.json()["name"] == "tetraWIDG"


def test_paths_answer_with_and_without_the_trailing_slash(user_api):
    WidgetFactory(name="slash")
    for path in ["/api/v1/widgets/slash", "/api/v1/widgets/slash/"]:
        assert user_api.get(path).status_code == 200, path
    for path in ["/api/v1/widgets", "/api/v1/widgets/"]:
        assert user_api.get(path).status_code == 200, path


def test_a_missing_widget_is_a_json_404(user_api):
    response = user_api.get(detail_url("nothing"))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_widget_outlives_its_deleted_owner_with_no_owner(user_api, admin):
    WidgetFactory(name="orphan", owner=admin)
    admin.delete()
    response = user_api.get(detail_url("orphan"))
    assert response.status_code == 200
    assert response.json()["owner"] is None


@pytest.mark.parametrize("page_size", [1, 100])
def test_a_list_page_costs_a_count_and_a_page_query_whatever_its_size(
    user_api, admin, page_size, django_assert_max_num_queries
):
    WidgetFactory.create_batch(101, owner=admin)
    # Authentication adds at most 2 in the project (checked with its own tests): 4 in all.
    with django_assert_max_num_queries(2):
        response = user_api.get(list_url(page_size=page_size))
    assert len(response.json()["results"]) == page_size


def test_reading_a_widget_costs_one_query(user_api, django_assert_max_num_queries):
    WidgetFactory(name="cheap")
    with django_assert_max_num_queries(1):
        assert user_api.get(detail_url("cheap")).status_code == 200


@pytest.mark.parametrize(
    ("now", "deadline", "expected"),
    [
        ("2026-06-01 22:59:00+00:00", date(2026, 6, 2), "1 day 1 hour 1 minute"),
        ("2026-06-01 21:58:00+00:00", date(2026, 6, 3), "2 days 2 hours 2 minutes"),
        ("2026-06-01 23:59:00+00:00", date(2026, 6, 1), "1 minute"),
        ("2026-06-02 00:00:00+00:00", date(2026, 6, 1), "No time remaining"),
    ],
)
def test_time_remaining_counts_to_the_end_of_the_deadline_day_with_right_plurals(
    user_api, time_machine, now, deadline, expected
):
    time_machine.move_to(now, tick=False)
    WidgetFactory(name="clock", deadline=deadline)
    assert user_api.get(detail_url("clock")).json()["time_remaining"] == expected
