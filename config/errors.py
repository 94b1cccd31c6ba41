"""The base of the errors that services raise for a person to read.

Each error carries the HTTP status and the machine-readable code that every interface
answers it with (the API's exception handler, the pages' form helper), and the field it is
about when there is one.
"""


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
