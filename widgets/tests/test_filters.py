from datetime import date

import pytest

from widgets.tests.factories import AdminFactory, WidgetFactory
from widgets.tests.helpers import list_url, names, public_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def widgets(admin):
    """Three widgets around today (2026-06-01)."""
    other = AdminFactory()
    WidgetFactory(
        name="Alpha", info_url="https://one.example/x", deadline=date(2026, 5, 31), owner=admin
    )
    WidgetFactory(
        name="beta", info_url="https://two.example/alpha", deadline=date(2026, 6, 1), owner=other
    )
    WidgetFactory(
        name="Gamma", info_url="https://three.example/y", deadline=date(2026, 6, 2), owner=admin
    )
    return other


def get_names(api, **params):
    response = api.get(list_url(**params))
    assert response.status_code == 200, response.json()
    return names(response)


def test_name_matches_a_part_in_any_case(user_api, widgets):
    assert get_names(user_api, name="AMM") == ["Gamma"]
    assert get_names(user_api, name="a") == ["Alpha", "beta", "Gamma"]


def test_owner_is_the_owners_public_id(user_api, widgets, admin):
    assert get_names(user_api, owner=public_id(admin)) == ["Alpha", "Gamma"]
    assert get_names(user_api, owner=public_id(widgets)) == ["beta"]


def test_deadline_before_and_after_include_the_day_itself(user_api, widgets):
    assert get_names(user_api, deadline_before="2026-06-01") == ["Alpha", "beta"]
    assert get_names(user_api, deadline_after="2026-06-01") == ["beta", "Gamma"]
    assert get_names(user_api, deadline_after="2026-06-01", deadline_before="2026-06-01") == [
        "beta"
    ]


def test_deadline_passed_means_its_day_ended_before_today(user_api, widgets):
    assert get_names(user_api, deadline_passed="true") == ["Alpha"]
    assert get_names(user_api, deadline_passed="false") == ["beta", "Gamma"]


def test_search_looks_in_name_and_info_url(user_api, widgets):
    assert get_names(user_api, search="alpha") == ["Alpha", "beta"]
    assert get_names(user_api, search="three") == ["Gamma"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Alpha", "beta", "Gamma"]),
        ("-name", ["Gamma", "beta", "Alpha"]),
        ("deadline", ["Alpha", "beta", "Gamma"]),
        ("-deadline", ["Gamma", "beta", "Alpha"]),
        ("created_at", ["Alpha", "beta", "Gamma"]),
        ("-created_at", ["Gamma", "beta", "Alpha"]),
    ],
)
def test_ordering_sorts_by_name_regardless_of_case_deadline_or_creation(
    user_api, widgets, ordering, expected
):
    assert get_names(user_api, ordering=ordering) == expected


def test_filters_combine(user_api, widgets, admin):
    params = {"owner": public_id(admin), "deadline_passed": "false", "search": "example"}
    assert get_names(user_api, **params) == ["Gamma"]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("owner", "not-a-uuid"),
        ("deadline_before", "yesterday"),
        ("deadline_after", "2026-13-01"),
        ("deadline_passed", "maybe"),
        ("ordering", "info_url"),
        ("ordering", "name,deadline"),
        ("ordering", "-id"),
        ("name", "%00"),
        ("name", "x" * 101),
        ("search", "%00"),
        ("search", "x" * 256),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_parameter(user_api, param, value):
    response = user_api.get(list_url(**{param: value}))
    assert response.status_code == 400
    assert list(response.json()) == [param]
