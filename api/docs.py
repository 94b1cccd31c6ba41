"""The API docs page under the site's Content-Security-Policy.

Swagger UI's start-up script is served as a file by drf-spectacular's split view, so no
inline script is needed; its page keeps one inline <style> block, so style-src is relaxed
for this page only.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import schema  # noqa: F401  (registers the schema extensions before any schema is built)


@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    pass
