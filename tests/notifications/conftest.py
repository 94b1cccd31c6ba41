"""A fake SMS gateway on 127.0.0.1 that records what it is sent, and the actors of a match."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import (
    ActivityFactory,
    CitizenFactory,
    CoordinatorFactory,
    MatchFactory,
    StaffFactory,
    VolunteerFactory,
)


@dataclass
class FakeGateway:
    url: str
    requests: list = field(default_factory=list)
    status: int = 200


@pytest.fixture
def sms_gateway(settings):
    """GatewayAPI's endpoint as a thread: answers `gateway.status`, records each request."""
    gateway = FakeGateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            gateway.requests.append(
                {"path": self.path, "auth": self.headers["Authorization"], "json": json.loads(body)}
            )
            self.send_response(gateway.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ids": [1]}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_port}/rest/mtsms"
    settings.SMS_PROVIDER = "gatewayapi"
    settings.SMS_API_URL = gateway.url
    settings.SMS_API_TOKEN = "test-token"
    settings.SMS_SENDER = "Samvaer"
    settings.SMS_TIMEOUT = 2
    yield gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def match_parties(db):
    """A proposal with everyone who hears about it: coordinator, staff, companion, citizen."""
    coordinator = CoordinatorFactory(first_name="Kirsten", email="kirsten@example.dk")
    organisation = coordinator.memberships.get().organisation
    organisation.phone = "54 11 22 33"
    organisation.save()
    staff = StaffFactory(first_name="Sanne", email="sanne@example.dk")
    team = staff.memberships.get().team
    citizen = CitizenFactory(team=team, flagged_by=staff, first_name="Inger", phone="20304050")
    activity = ActivityFactory(
        organisation=organisation, coordinator=coordinator, title="Kortspil", weekday=1
    )
    companion = VolunteerFactory(
        organisation=organisation, first_name="Hanne", email="hanne@example.dk", phone="30405060"
    )
    match = MatchFactory(citizen=citizen, activity=activity, coordinator=coordinator)
    return match, coordinator, staff, companion
