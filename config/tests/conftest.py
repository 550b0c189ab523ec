import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

LogLines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """What the configured stdout handler writes (its real filter and formatter), parsed."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    assert isinstance(handler, logging.StreamHandler)
    output = io.StringIO()
    previous = handler.setStream(output)
    try:
        yield lambda: [json.loads(line) for line in output.getvalue().splitlines()]
    finally:
        handler.setStream(previous)
