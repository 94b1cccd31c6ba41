"""The WebSocket at /ws/inbox/: live proposals and status changes for the signed-in user."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from security.second_factor import session_is_open

from .events import groups_for, user_group

# Close codes in the 4000 range are ours; 4401 mirrors HTTP 401.
UNAUTHENTICATED = 4401


class InboxConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        # A session signed in with the password alone gets no live events (as no pages).
        if not await database_sync_to_async(session_is_open)(user, self.scope.get("session")):
            await self.close(code=UNAUTHENTICATED)
            return
        self.groups_joined = [
            *await database_sync_to_async(groups_for)(user),
            user_group(user.pk),
        ]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        groups = len(self.groups_joined) - 1  # the user's own group is not a subscription
        await self.send_json({"event": "hello", "payload": {"groups": groups}})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # The socket only pushes; anything a client sends is ignored.
        return

    async def session_end(self, message):
        """The user's access changed: the socket closes, and the page signs in again or
        reconnects with what the access now allows. It leaves its groups first, so that
        no event reaches it between the close and the client's goodbye."""
        await self.disconnect(UNAUTHENTICATED)
        self.groups_joined = []
        await self.close(code=UNAUTHENTICATED)

    async def inbox_event(self, message):
        await self.send_json({"event": message["event"], "payload": message["payload"]})

    async def dispatch(self, message):
        # A live event only goes on to the socket and never touches the database, so it
        # skips channels' close_old_connections before each handler: a hop to the database
        # thread for every socket, which was most of the server's time for a broadcast to
        # 2,000 sockets (benchmarks/README.md).
        if message["type"] == "inbox.event":
            await self.inbox_event(message)
        else:
            await super().dispatch(message)
