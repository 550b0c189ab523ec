import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from pytest_django import Settings

from config.tests.conftest import LogLines
from config.views import server_error

TEST_URLS = "config.tests.urls"


def refuse_queries(*args: object) -> None:
    raise OperationalError("could not connect to server")


@pytest.fixture
def failing_client(client: Client) -> Client:
    """A client that gets the answer a real server sends, not the exception."""
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_unknown_api_url_is_a_json_404(client: Client) -> None:
    response = client.get("/api/does-not-exist/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_unknown_api_url_is_a_json_404_in_debug_mode_too(
    client: Client, settings: Settings
) -> None:
    settings.DEBUG = True

    response = client.get("/api/v1/nothing/here")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unknown_health_url_is_a_json_404(client: Client) -> None:
    response = client.get("/health/nothing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unknown_page_outside_the_api_is_django_s_html_404(client: Client) -> None:
    response = client.get("/nothing/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls(TEST_URLS)
def test_server_error_under_the_api_is_a_json_500_without_traceback(
    failing_client: Client,
) -> None:
    response = failing_client.get("/api/test/crash/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal server error."}
    assert b"secret detail" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.urls(TEST_URLS)
def test_server_error_in_a_drf_view_is_a_json_500_without_traceback(
    failing_client: Client,
) -> None:
    response = failing_client.get("/api/test/crash-in-drf/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}


@pytest.mark.urls(TEST_URLS)
def test_drf_errors_keep_drf_s_answer(failing_client: Client) -> None:
    response = failing_client.get("/api/test/crash-in-drf/?found=no")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.urls(TEST_URLS)
def test_server_error_outside_the_api_is_an_html_500(failing_client: Client) -> None:
    response = failing_client.get("/html/crash/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls(TEST_URLS)
def test_database_error_in_a_plain_view_under_the_api_is_a_json_503(
    failing_client: Client, log_lines: LogLines
) -> None:
    response = failing_client.get("/api/test/lose-database/")

    assert response.status_code == 503
    assert response.json() == {"detail": "Service temporarily unavailable"}
    assert response["Retry-After"] == "5"
    warning = next(line for line in log_lines() if line["level"] == "WARNING")
    assert warning["message"] == "Database unavailable: OperationalError"
    assert warning["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.urls(TEST_URLS)
def test_database_error_while_authenticating_is_a_json_503(failing_client: Client) -> None:
    with connection.execute_wrapper(refuse_queries):
        response = failing_client.get("/api/test/authenticated/")

    assert response.status_code == 503
    assert response.json() == {"detail": "Service temporarily unavailable"}


@pytest.mark.django_db
@pytest.mark.urls(TEST_URLS)
def test_authenticated_api_view_answers_when_the_database_does(failing_client: Client) -> None:
    response = failing_client.get("/api/test/authenticated/")

    assert response.status_code == 200


def test_server_error_handler_answers_503_when_the_database_failed_outside_any_view(
    rf: RequestFactory,
) -> None:
    request = rf.get("/api/v1/widgets/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("handler", "status"),
    [("bad_request", 400), ("permission_denied", 403)],
)
def test_other_error_handlers_answer_json_under_the_api_and_html_elsewhere(
    rf: RequestFactory, handler: str, status: int
) -> None:
    from config import views

    view = getattr(views, handler)

    api_response = view(rf.get("/api/v1/widgets/"), Exception())
    page_response = view(rf.get("/admin/"), Exception())

    assert api_response.status_code == page_response.status_code == status
    assert api_response["Content-Type"] == "application/json"
    assert page_response["Content-Type"].startswith("text/html")
