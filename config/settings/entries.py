"""Fresh entries: how long an activity may go unconfirmed by its owners."""

import os

from django.core.exceptions import ImproperlyConfigured

# An activity its owners have not confirmed ("Stadig korrekt") for this many weeks: they are
# asked by the weekly freshness job; then its page says since when it is unconfirmed; then
# it leaves the finder, the API and the feeds until they confirm it.
FRESHNESS_REMIND_WEEKS = int(os.environ.get("FRESHNESS_REMIND_WEEKS", "26"))
FRESHNESS_MARK_WEEKS = int(os.environ.get("FRESHNESS_MARK_WEEKS", "30"))
FRESHNESS_HIDE_WEEKS = int(os.environ.get("FRESHNESS_HIDE_WEEKS", "38"))
# How long the confirmation link of a reminder e-mail works.
FRESHNESS_LINK_DAYS = int(os.environ.get("FRESHNESS_LINK_DAYS", "28"))
if not 0 < FRESHNESS_REMIND_WEEKS <= FRESHNESS_MARK_WEEKS < FRESHNESS_HIDE_WEEKS:
    raise ImproperlyConfigured(
        "FRESHNESS_REMIND_WEEKS <= FRESHNESS_MARK_WEEKS < FRESHNESS_HIDE_WEEKS, all above 0."
    )
