"""HSDS paths as the specification writes them (`/services/{id}`), with or without a
trailing slash."""

from django.urls import re_path

from . import views

app_name = "hsds"

ID = r"(?P<id>[^/]+)"

urlpatterns = [
    re_path(r"^$", views.ApiInfo.as_view(), name="info"),
    re_path(r"^services/?$", views.ServiceList.as_view(), name="services"),
    re_path(rf"^services/{ID}/?$", views.ServiceDetail.as_view(), name="service"),
    re_path(r"^organizations/?$", views.OrganizationList.as_view(), name="organizations"),
    re_path(rf"^organizations/{ID}/?$", views.OrganizationDetail.as_view(), name="organization"),
    re_path(
        r"^service_at_locations/?$",
        views.ServiceAtLocationList.as_view(),
        name="service-at-locations",
    ),
    re_path(
        rf"^service_at_locations/{ID}/?$",
        views.ServiceAtLocationDetail.as_view(),
        name="service-at-location",
    ),
    re_path(r"^taxonomies/?$", views.TaxonomyList.as_view(), name="taxonomies"),
    re_path(rf"^taxonomies/{ID}/?$", views.TaxonomyDetail.as_view(), name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermList.as_view(), name="taxonomy-terms"),
    re_path(rf"^taxonomy_terms/{ID}/?$", views.TaxonomyTermDetail.as_view(), name="taxonomy-term"),
]
