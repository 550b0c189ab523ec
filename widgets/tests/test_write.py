from datetime import date

import pytest

from widgets.models import Widget
from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import detail_url, list_url, public_id

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_clock"),
]
VALID = {"name": "tetraWIDG", "info_url": "https://example.com/tetra", "deadline": "2026-12-31"}


def test_an_admin_creates_a_widget_and_is_told_where_it_lives(admin_api, admin):
    response = admin_api.post(list_url(), VALID)
    assert response.status_code == 201
    body = response.json()
    assert (
        response.headers["Location"] == body["url"] == "http://testserver" + detail_url("tetraWIDG")
    )
    assert body["owner"] == {"public_id": public_id(admin), "email": admin.email}
    widget = Widget.objects.get()
    assert (widget.name, widget.deadline, widget.owner) == ("tetraWIDG", date(2026, 12, 31), admin)


def test_creating_costs_at_most_four_queries(admin_api, django_assert_max_num_queries):
    # Authentication adds at most 2 in the project: 6 in all.
    with django_assert_max_num_queries(4):
        assert admin_api.post(list_url(), VALID).status_code == 201


@pytest.mark.parametrize("taken", ["tetrawidg", "TETRAWIDG", "tetraWIDG"])
def test_a_name_taken_in_any_case_is_a_conflict(admin_api, taken):
    WidgetFactory(name=taken)
    response = admin_api.post(list_url(), VALID)
    assert response.status_code == 409
    assert list(response.json()) == ["name"]
    assert Widget.objects.count() == 1


@pytest.mark.parametrize("body", [{"name": "bad name"}, "{not json", ""])
def test_anonymous_writes_are_401_before_the_body_is_looked_at(anon_api, body):
    response = anon_api.post(list_url(), body, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_changes_are_401_before_the_body_is_looked_at(anon_api, method):
    WidgetFactory(name="kept")
    response = getattr(anon_api, method)(
        detail_url("kept"), "{oops", content_type="application/json"
    )
    assert response.status_code == 401
    assert Widget.objects.filter(name="kept").exists()


def test_a_regular_user_may_not_create_even_with_a_bad_body(user_api):
    assert user_api.post(list_url(), VALID).status_code == 403
    assert user_api.post(list_url(), {"name": ""}).status_code == 403
    assert not Widget.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_regular_user_may_not_change_a_widget(user_api, method):
    widget = WidgetFactory(name="kept", info_url="https://example.com/kept")
    response = getattr(user_api, method)(detail_url("kept"), {**VALID, "name": "other"})
    assert response.status_code == 403
    assert Widget.objects.get().info_url == widget.info_url


def test_every_invalid_field_is_reported_at_once(admin_api):
    response = admin_api.post(
        list_url(), {"name": "no spaces", "info_url": "ftp://x.org", "deadline": "soon"}
    )
    assert response.status_code == 400
    body = response.json()
    assert sorted(body) == ["deadline", "info_url", "name"]
    assert "letters" in body["name"][0]
    assert "MM/DD/YYYY" in body["deadline"][0]


def test_missing_fields_are_each_required(admin_api):
    response = admin_api.post(list_url(), {})
    assert response.status_code == 400
    assert sorted(response.json()) == ["deadline", "info_url", "name"]


@pytest.mark.parametrize(
    "name", ["", "a b", "ünïcode", "x" * 101, "trailing\n", "nul\x00byte", "dot.name", "ä", "a/b"]
)
def test_a_name_outside_the_allowed_characters_is_refused_with_the_rule(admin_api, name):
    response = admin_api.post(list_url(), {**VALID, "name": name})
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert any("hyphens" in message for message in response.json()["name"])


@pytest.mark.parametrize("name", ["a", "A-b_9", "x" * 100, "-_-"])
def test_a_name_of_allowed_characters_is_accepted(admin_api, name):
    assert admin_api.post(list_url(), {**VALID, "name": name}).status_code == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 123),
        ("name", None),
        ("name", ["a"]),
        ("info_url", True),
        ("info_url", {"a": 1}),
        ("deadline", 20261231),
        ("deadline", None),
        ("deadline", ["2026-12-31"]),
    ],
)
def test_a_wrong_json_type_is_a_400_naming_the_field(admin_api, field, value):
    response = admin_api.post(list_url(), {**VALID, field: value})
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("body", [[VALID], "a string", 42, None])
def test_a_body_that_is_not_an_object_is_a_400(admin_api, body):
    assert admin_api.post(list_url(), body).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "javascript:alert(1)",
        "example.com",
        "https://example.com/" + "x" * 236,
        "https://example.com/\x00",
    ],
)
def test_an_info_url_that_is_not_short_http_or_https_is_refused(admin_api, url):
    response = admin_api.post(list_url(), {**VALID, "info_url": url})
    assert response.status_code == 400
    assert list(response.json()) == ["info_url"]


def test_an_info_url_of_255_characters_is_accepted(admin_api):
    url = "https://example.com/" + "x" * 235
    assert admin_api.post(list_url(), {**VALID, "info_url": url}).status_code == 201


@pytest.mark.parametrize("text", ["2026-12-31", "12/31/2026", "12/31/26", "Dec 31 2026"])
def test_a_deadline_is_read_in_every_accepted_format(admin_api, text):
    response = admin_api.post(list_url(), {**VALID, "deadline": text})
    assert response.status_code == 201
    assert response.json()["deadline"] == "2026-12-31"


def test_a_deadline_of_today_is_accepted(admin_api):
    assert admin_api.post(list_url(), {**VALID, "deadline": "06/01/2026"}).status_code == 201


def test_a_past_deadline_says_what_was_read_and_what_today_is(admin_api):
    response = admin_api.post(list_url(), {**VALID, "deadline": "05/31/26"})
    assert response.status_code == 400
    [message] = response.json()["deadline"]
    assert "2026-05-31" in message
    assert "2026-06-01" in message


def test_an_unreadable_deadline_lists_the_accepted_formats(admin_api):
    response = admin_api.post(list_url(), {**VALID, "deadline": "31.12.2026"})
    assert response.status_code == 400
    [message] = response.json()["deadline"]
    for label in ["YYYY-MM-DD", "MM/DD/YYYY", "MM/DD/YY", "Mon DD YYYY"]:
        assert label in message


def test_a_form_encoded_body_works_like_json(admin_api):
    response = admin_api.post(list_url(), VALID, format="multipart")
    assert response.status_code == 201
