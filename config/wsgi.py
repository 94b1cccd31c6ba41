"""WSGI entry point, for serving plain HTTP with a WSGI server such as gunicorn. A body over
the limit, chunked or not, is refused before it is read (security.body_limit)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_wsgi_app = get_wsgi_application()

from security.body_limit import BodyLimitWSGI  # noqa: E402

application = BodyLimitWSGI(django_wsgi_app)
