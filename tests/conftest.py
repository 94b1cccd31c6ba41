"""Suite-wide hooks."""

import pytest


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
