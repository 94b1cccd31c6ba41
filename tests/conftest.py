"""Suite-wide hooks."""

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
