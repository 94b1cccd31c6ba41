"""ASGI entry point: HTTP through Django's own ASGI handler, WebSockets through channels'
consumers. The embedded `make run` serves this with uvicorn (deploy/serve-embedded); in the
scale-out layout
gunicorn serves HTTP (config.wsgi) and uvicorn only the WebSockets (docs/deploy.md)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Sets Django up, which must happen before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from matching.routing import websocket_urlpatterns  # noqa: E402
from security.body_limit import BodyLimitASGI  # noqa: E402

application = ProtocolTypeRouter(
    {
        # A body over the limit, chunked or not, is refused before it is read.
        "http": BodyLimitASGI(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
