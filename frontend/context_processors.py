"""What every page's navigation needs to know about the signed-in user."""

from django.utils.functional import SimpleLazyObject

from .navigation import Viewer, links_for


def navigation(request):
    """The viewer's links (frontend.navigation), with the current page marked."""

    def links():
        match = getattr(request, "resolver_match", None)
        return links_for(Viewer.of_request(request), view_name=match.view_name if match else None)

    # Lazy: asked of the database only by a page that draws the menu.
    return {"nav_links": SimpleLazyObject(links)}
