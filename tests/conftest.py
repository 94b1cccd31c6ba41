"""Suite-wide hooks, and the people most tests are about, made once: a coordinator of an
organisation and a staff member of a home-care team, each also signed in to the pages and
to the API. A module that needs someone else makes them with tests/factories.py.

Pages are signed in as a person signs in, the second factor included
(`tests.factories.sign_in`); the API's `force_authenticate` stands for an API key."""

import os

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run (derandomised), so a run is
# repeatable; locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(items):
    """Mark the browser tests and run them last, after the async (channels) tests."""
    browser, other = [], []
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            browser.append(item)
        else:
            other.append(item)
    items[:] = other + browser


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL (make test-scale), end the connections that threads of async tests
    left open, which would otherwise keep the test database from being dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def danish_by_default():
    """Each test starts in the default language (Danish), whatever the last one switched to."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Ældre Sagen Sakskøbing")


@pytest.fixture
def coordinator(organisation):
    """Anna, a volunteer coordinator of `organisation`."""
    from tests.factories import CoordinatorFactory

    return CoordinatorFactory(organisation=organisation, first_name="Anna")


@pytest.fixture
def team(db):
    from tests.factories import TeamFactory

    return TeamFactory()


@pytest.fixture
def staff(team):
    """A home-care staff member of `team`."""
    from tests.factories import StaffFactory

    return StaffFactory(team=team)


@pytest.fixture
def municipality_admin(db):
    """Mette, an admin of the municipality the default team and organisation belong to."""
    from meetingplaces.models import Membership
    from tests.factories import MunicipalityFactory, UserFactory

    user = UserFactory(username="mette", first_name="Mette")
    Membership.objects.create(
        user=user, role=Membership.Role.ADMIN, municipality=MunicipalityFactory()
    )
    return user


@pytest.fixture
def municipality_admin_client(client, municipality_admin):
    """The pages, signed in as the municipality admin."""
    from tests.factories import sign_in

    sign_in(client, municipality_admin)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    """The pages, signed in as the coordinator."""
    from tests.factories import sign_in

    sign_in(client, coordinator)
    return client


@pytest.fixture
def staff_client(client, staff):
    """The pages, signed in as the staff member."""
    from tests.factories import sign_in

    sign_in(client, staff)
    return client


@pytest.fixture
def anonymous_api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def coordinator_api(anonymous_api, coordinator):
    """The API, signed in as the coordinator."""
    anonymous_api.force_authenticate(coordinator)
    return anonymous_api


@pytest.fixture
def staff_api(anonymous_api, staff):
    """The API, signed in as the staff member."""
    anonymous_api.force_authenticate(staff)
    return anonymous_api
