"""The API's pages: a page that does not exist is a bad query parameter (400, naming
`page`), like any other, not a missing resource."""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise ValidationError({self.page_query_param: [_("Den side findes ikke.")]}) from None
