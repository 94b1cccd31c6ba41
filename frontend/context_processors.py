"""What every page's navigation needs to know about the signed-in user."""

from django.utils.functional import SimpleLazyObject

from meetingplaces.roles import is_municipality_admin


def navigation(request):
    # Lazy: only pages that draw the menu for a signed-in user ask the database.
    return {"is_municipality_admin": SimpleLazyObject(lambda: is_municipality_admin(request.user))}
