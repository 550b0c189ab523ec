import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from widgets.models import Widget
from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import list_url, names

pytestmark = pytest.mark.django_db


def links(response: Any) -> dict[str, str]:
    """The Link header as {rel: url}."""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])}


@pytest.fixture
def make_widgets(admin):
    def make(count: int) -> list[str]:
        widgets: list[Any] = WidgetFactory.create_batch(count, owner=admin)
        return [widget.name for widget in widgets]

    return make


def test_an_empty_collection_is_page_one_of_one(user_api):
    response = user_api.get(list_url())
    assert response.status_code == 200
    assert response.json() == {
        "count": 0,
        "page": 1,
        "page_size": 10,
        "total_pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert sorted(links(response)) == ["first", "last"]


def test_an_exactly_full_collection_is_one_page(user_api, make_widgets):
    created = make_widgets(10)
    body = user_api.get(list_url()).json()
    assert (body["count"], body["total_pages"], body["next"]) == (10, 1, None)
    assert [widget["name"] for widget in body["results"]] == created


def test_the_last_page_holds_the_remainder_in_order(user_api, make_widgets):
    created = make_widgets(25)
    response = user_api.get(list_url(page=3))
    body = response.json()
    assert (body["count"], body["page"], body["total_pages"]) == (25, 3, 3)
    assert names(response) == created[20:]
    assert body["next"] is None
    assert body["previous"] == "http://testserver" + list_url(page=2)


def test_links_point_to_first_last_prev_and_next_keeping_other_parameters(user_api, make_widgets):
    make_widgets(5)
    response = user_api.get(list_url(page_size=2, ordering="-name", page=2))
    found = {rel: urlsplit(url) for rel, url in links(response).items()}
    assert {rel: parse_qs(url.query)["page"] for rel, url in found.items()} == {
        "first": ["1"],
        "last": ["3"],
        "prev": ["1"],
        "next": ["3"],
    }
    for url in found.values():
        assert (url.scheme, url.netloc, url.path) == ("http", "testserver", list_url())
        assert parse_qs(url.query)["ordering"] == ["-name"]
        assert parse_qs(url.query)["page_size"] == ["2"]
    assert response.json()["next"] == links(response)["next"]
    assert response.json()["previous"] == links(response)["prev"]


@pytest.mark.parametrize(
    "ordering", ["created_at", "-created_at", "deadline", "-deadline", "name", "-name"]
)
def test_pages_read_in_turn_give_every_widget_once_in_order(user_api, admin, ordering):
    for number in range(9):
        # One deadline for all, so the id tiebreaker decides that ordering.
        WidgetFactory(owner=admin, name=f"w{number % 3}-{number}")
    expected = names(user_api.get(list_url(ordering=ordering, page_size=100)))
    pages = [
        names(user_api.get(list_url(ordering=ordering, page_size=2, page=page)))
        for page in range(1, 6)
    ]
    assert [name for page in pages for name in page] == expected
    assert sorted(expected) == sorted(Widget.objects.values_list("name", flat=True))


@pytest.mark.parametrize("page_size", [1, 100])
def test_page_size_may_be_one_or_a_hundred(user_api, make_widgets, page_size):
    make_widgets(101)
    body = user_api.get(list_url(page_size=page_size)).json()
    assert (len(body["results"]), body["page_size"]) == (page_size, page_size)
    assert body["total_pages"] == -(-101 // page_size)


def test_a_page_past_the_last_is_a_json_404(user_api, make_widgets):
    make_widgets(3)
    response = user_api.get(list_url(page=2))
    assert response.status_code == 404
    assert "past the last page" in response.json()["detail"]


def test_page_two_of_an_empty_collection_is_a_404(user_api):
    assert user_api.get(list_url(page=2)).status_code == 404


def test_a_page_number_of_any_length_is_past_the_last_page(user_api):
    assert user_api.get(list_url(page="9" * 5000)).status_code == 404
    assert user_api.get(list_url(page_size="9" * 5000)).status_code == 400


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "%00", "%C2%B2", "1e3"])
def test_a_page_that_is_not_a_positive_whole_number_is_a_400(user_api, page):
    response = user_api.get(list_url(page=page))
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


@pytest.mark.parametrize("page_size", ["0", "101", "-5", "ten", ""])
def test_a_page_size_outside_one_to_a_hundred_is_a_400(user_api, page_size):
    response = user_api.get(list_url(page_size=page_size))
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]
    assert "1 to 100" in response.json()["page_size"][0]
