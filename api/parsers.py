"""The API's JSON parser: DRF's, with one more kind of bad input answered as one."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """A document nested deeper than Python's parser goes (`[[[[…`) raises RecursionError,
    which DRF's parser does not catch: it is bad input (400), not a server error."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON-dokumentet er for dybt indlejret.")) from error
