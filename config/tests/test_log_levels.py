"""A client's mistake is logged as a WARNING line without a traceback, never as a server ERROR."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from config.tests.conftest import LogLines

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [reverse("health-live"), "/api/v1/widgets/", "/admin/"])
def test_a_foreign_host_is_a_warning_without_a_traceback_carrying_the_request_id(
    client: Client, log_lines: LogLines, path: str
) -> None:
    response = client.get(path, headers={"Host": "attacker.example"})

    assert response.status_code == 400
    lines = log_lines()
    [refused] = [line for line in lines if line["logger"] == "django.security.DisallowedHost"]
    assert refused["level"] == "WARNING"
    assert "attacker.example" in refused["message"]
    assert "exc_info" not in refused
    assert "Traceback" not in json.dumps(lines)
    assert refused["request_id"] == response["X-Request-ID"]
    assert [line["level"] for line in lines] == ["WARNING", "INFO"]
