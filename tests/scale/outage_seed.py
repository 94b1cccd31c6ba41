"""Seeds the private PostgreSQL of test_postgres_outage.py, in a process of its own (the
test process is connected to the suite's database): an activity with one free seat,
proposals of as many citizens to it, and a signed-in coordinator. Prints them as JSON."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.scale.settings")
django.setup()

from django.test import Client  # noqa: E402

from matching.models import Citizen  # noqa: E402
from tests.factories import (  # noqa: E402
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    TeamFactory,
    sign_in,
)

count = int(sys.argv[1])
activity = ActivityFactory(capacity=5, participants=4)
team = TeamFactory(municipality=activity.municipality)
proposed = Citizen.Status.PROPOSED
matches = [
    MatchFactory(activity=activity, citizen=CitizenFactory(team=team, status=proposed))
    for _ in range(count)
]
client = Client()
sign_in(client, CoordinatorFactory(organisation=activity.organisation))
print(
    json.dumps(
        {
            "activity": activity.pk,
            "matches": [str(match.pk) for match in matches],
            "session": client.cookies["sessionid"].value,
        }
    )
)
