"""Request bodies over the limit are refused before they are read, by the server's entry
points (config/wsgi.py, config/asgi.py) as well as by Django's middleware.

Django checks Content-Length only once the request reaches its middleware: under ASGI its
handler has by then read the whole body, and under WSGI a chunked body (no Content-Length)
is never counted at all. These two wrappers count the bytes as they arrive and answer 413
as soon as the limit is passed; a chunked body under the limit is handed to Django with its
length, so it is read like any other.
"""

import io
import json

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

CHUNK = 64 * 1024


def accepts_file_upload(max_size: int):
    """A page view that takes a file of up to `max_size` bytes (multipart form data)."""

    def decorator(view):
        view.max_upload_size = max_size
        return view

    return decorator


def body_limit(path: str, content_type: str) -> int | None:
    """The largest body accepted at `path`: DATA_UPLOAD_MAX_MEMORY_SIZE, plus the file a
    page that takes one allows (multipart only). None: no limit."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or not content_type.startswith("multipart/form-data"):
        return limit
    try:
        view = resolve(path).func
    except Resolver404:
        return limit
    return limit + getattr(view, "max_upload_size", 0)


def too_large_message() -> str:
    return _("Forespørgslen er for stor (højst %(limit)d kB).") % {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    }


def refusal(path: str) -> tuple[bytes, bytes]:
    """The 413 answer's body and content type: the API's JSON shape under /api/."""
    if path.startswith("/api/"):
        return json.dumps({"detail": too_large_message()}).encode(), b"application/json"
    return too_large_message().encode(), b"text/plain; charset=utf-8"


def _declared_length(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None  # Django's middleware answers 400 for it


class BodyLimitWSGI:
    """WSGI: a declared length over the limit is refused unread; a chunked body is read
    up to the limit (no further) and handed on with its length."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        limit = body_limit(path, environ.get("CONTENT_TYPE", ""))
        declared = _declared_length(environ.get("CONTENT_LENGTH"))
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if limit is not None and declared is not None and declared > limit:
            return self._refuse(path, start_response)
        if chunked and declared is None:
            body = io.BytesIO()
            stream = environ["wsgi.input"]
            while chunk := stream.read(CHUNK):
                body.write(chunk)
                if limit is not None and body.tell() > limit:
                    return self._refuse(path, start_response)
            environ["CONTENT_LENGTH"] = str(body.tell())
            environ["wsgi.input"] = io.BytesIO(body.getvalue())
        return self.app(environ, start_response)

    @staticmethod
    def _refuse(path, start_response):
        content, content_type = refusal(path)
        start_response(
            "413 Request Entity Too Large",
            [
                ("Content-Type", content_type.decode()),
                ("Content-Length", str(len(content))),
                ("Connection", "close"),
            ],
        )
        return [content]


class BodyLimitASGI:
    """ASGI: a declared length over the limit is refused before the first byte of the body
    is taken; a body without one (chunked) is taken up to the limit (no further) and handed
    on with its length."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers", ()))
        path = scope.get("path", "")
        limit = body_limit(path, headers.get(b"content-type", b"").decode("latin-1"))
        declared = _declared_length(headers.get(b"content-length", b"").decode("latin-1"))
        if declared is not None:
            if limit is not None and declared > limit:
                return await self._refuse(path, send)
            return await self.app(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if limit is not None and len(body) > limit:
                return await self._refuse(path, send)
            if not message.get("more_body"):
                break
        scope = {
            **scope,
            "headers": [
                *(pair for pair in scope.get("headers", ()) if pair[0] != b"transfer-encoding"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(path, send):
        content, content_type = refusal(path)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(content)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})
