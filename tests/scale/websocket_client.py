"""A real WebSocket client for the inbox, with a timeout on every wait."""

import asyncio
import json

from websockets.asyncio.client import ClientConnection, connect


async def open_inbox(server, cookie: str, *, timeout: float = 10) -> ClientConnection:
    """Connect to /ws/inbox/ as the user of the cookie; returns after the hello."""
    socket = await asyncio.wait_for(
        connect(
            f"{server.ws_url}/ws/inbox/",
            additional_headers={"Cookie": cookie},
            origin=server.url,
            open_timeout=timeout,
        ),
        timeout,
    )
    hello = await receive(socket, timeout=timeout)
    assert hello["event"] == "hello", hello
    return socket


async def receive(socket: ClientConnection, *, timeout: float = 10) -> dict:
    return json.loads(await asyncio.wait_for(socket.recv(), timeout))
