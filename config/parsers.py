"""The API's JSON parser: DRF's, with every body it cannot take answered by a 400.

DRF's parser lets two kinds of JSON through to a 500: nesting deeper than Python's recursion
limit (`RecursionError` is not a `ValueError`), and strings with lone surrogates (valid JSON
escapes such as "\\ud800", but no database driver or password hasher can encode them).
"""

import json
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply.") from exc
        try:
            json.dumps(data, ensure_ascii=False).encode()
        except UnicodeEncodeError as exc:
            raise ParseError("JSON parse error - a string is not valid Unicode.") from exc
        return data
