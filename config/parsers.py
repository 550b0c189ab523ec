"""The API's parsers: DRF's, with every body they cannot take answered by a 400.

DRF's JSON parser lets two kinds of JSON through to a 500: nesting deeper than Python's recursion
limit (`RecursionError` is not a `ValueError`), and strings with lone surrogates (valid JSON
escapes such as "\\ud800", but no database driver or password hasher can encode them).

Django's form parsers, under DRF's form parsers, take any body at all: a multipart body with no
part in it, or an urlencoded one with no `=`, reads as an empty form, so a PATCH of it answered
200 having changed nothing. Here a form body that does not parse is a 400 saying so.
"""

import io
import json
from typing import IO, Any, cast
from urllib.parse import parse_qsl

from django.utils.http import parse_header_parameters
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# What follows the boundary that closes a multipart body.
CLOSING = b"--"


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


class FormParser(parsers.FormParser):
    """Every `&`-separated field of the body is `name=value`, percent-decoding to the request's
    encoding."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        body = stream.read()
        # DRF's parse checks the charset first: only a text encoding gets to decode the body.
        data = super().parse(io.BytesIO(body), media_type, parser_context)
        encoding = data.encoding
        try:
            parse_qsl(
                body.decode(encoding),
                keep_blank_values=True,
                strict_parsing=True,
                encoding=encoding,
                errors="strict",
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(
                f"Form parse error - the body is not an urlencoded form ({encoding}): {exc}."
            ) from exc
        return data


class MultiPartParser(parsers.MultiPartParser):
    """The body opens with the boundary its Content-Type names (RFC 2046) and holds a named field
    (RFC 7578), unless it is the empty form, the closing boundary alone (what clients send for
    no fields). Django's parser reads a body opening otherwise as a form all the same, with
    fields made of whatever it finds."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        _, params = parse_header_parameters(str(media_type or ""))
        opening = f"--{params.get('boundary', '')}".encode("ascii", "replace")
        head = stream.read(len(opening) + len(CLOSING))
        if not head.startswith(opening):
            raise ParseError(
                "Multipart form parse error - the body does not open with the boundary its "
                "Content-Type names."
            )
        rest = cast(IO[bytes], PrefixedStream(head, stream))
        parsed = super().parse(rest, media_type, parser_context)
        if not parsed.data and not parsed.files and head != opening + CLOSING:
            raise ParseError(
                "Multipart form parse error - the body has no form field (a part whose "
                "Content-Disposition names it)."
            )
        return parsed


class PrefixedStream:
    """`head` (already read from `rest`) followed by the rest of the stream: what Django's parser
    reads, a chunk at a time, so that file parts still stream to disk."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return bytes(self.rest.read(size))
        if size < 0:
            chunk, self.head = self.head + self.rest.read(), b""
            return chunk
        chunk, self.head = self.head[:size], self.head[size:]
        return chunk
