"""The API's JSON, written by orjson."""

import orjson
from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    """Django REST framework's JSON renderer, with orjson doing the writing.

    The standard library took a twentieth of a nearby search's server time to write its
    page of 20 activities (16 kB); orjson takes a tenth of that. The bytes are DRF's: what
    orjson leaves aside (dates and times, decimals, translated strings, querysets) goes to
    DRF's own encoder, U+2028 and U+2029 are escaped as DRF escapes them, and a client
    that asks for indentation gets DRF's renderer (tests/api/test_renderer.py).
    """

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        if indent is not None or not self.compact or self.ensure_ascii:
            # Pretty, spaced or ASCII-only JSON (a client's or a setting's wish): DRF's.
            return super().render(data, accepted_media_type, renderer_context)
        written = orjson.dumps(data, default=self.encoder_class().default, option=self.options)
        # Valid JSON, but not valid JavaScript before ES2019: DRF escapes them, so do we.
        return written.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
