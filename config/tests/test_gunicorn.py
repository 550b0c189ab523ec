import json
import signal
import threading
import time
from collections.abc import Callable

from config.tests.servers import GunicornServers, Response
from config.tests.slow_wsgi import STARTED


def wait_for_log(server_logs: Callable[[], str], text: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while text not in server_logs():
        assert time.monotonic() < deadline, f"{text!r} never logged"
        time.sleep(0.05)


def test_sigterm_lets_the_request_in_flight_finish_and_the_server_exit_cleanly(
    gunicorn_servers: GunicornServers,
) -> None:
    server = gunicorn_servers.start("config.tests.slow_wsgi")
    answers: list[Response] = []
    client = threading.Thread(
        target=lambda: answers.append(server.get("/health/live/", headers={"X-Test-Delay": "2"}))
    )
    client.start()
    wait_for_log(server.logs, STARTED)

    server.process.send_signal(signal.SIGTERM)
    client.join(timeout=30)
    exit_status = server.process.wait(timeout=30)

    assert [(answer.status, answer.json()) for answer in answers] == [(200, {"status": "ok"})]
    assert exit_status == 0
    json_lines = [json.loads(line) for line in server.logs().splitlines() if line.startswith("{")]
    gunicorn_messages = [
        line["message"] for line in json_lines if line["logger"] == "gunicorn.error"
    ]
    assert "Shutting down: Master" in gunicorn_messages
    assert not any(line["logger"] == "gunicorn.access" for line in json_lines)
