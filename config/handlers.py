"""Django's HTTP path under an ASGI server, in one thread hop per request.

Django's own ASGIHandler runs the middleware chain in async mode. Our views and most
middleware (Django's, WhiteNoise's, django-csp's, axes', ours) are synchronous, so a request
crosses between the event loop and a thread once or twice for each of them, the request
signals cross once more each, and every request gets a thread of its own (asgiref's
ThreadSensitiveContext). Under load a worker then has as many threads as open requests, all
competing for the GIL with the event loop, and a request's turn comes when the scheduler
says so: on the load benchmark the 99th percentile came to 3-4x the median.

`OneHopASGIHandler` reads the request and writes the response on the event loop, as
Django's handler does, and runs everything in between (the request signals, the middleware,
the view, rendering) in a single call on a small, fixed pool of threads: the chain a WSGI
worker runs. The pool is the worker's concurrency for HTTP (`ASGI_HTTP_THREADS`, default
1): requests take their turn in order instead of sharing the CPU in slices. Database
connections are returned at the end of each call by request_finished, in the thread that
used them (to psycopg's pool under DATABASE_POOL=1), so no thread holds one between
requests.

Garbage: a DRF request leaves a few hundred objects in reference cycles (serializer and
field, request and response). Left to Python's collector they reach the oldest generation
and are freed together, every hundred requests or so, in one pause of 50-130 ms that every
waiting request sits through (measured with gc.callbacks on the load benchmark). So the
objects of start-up are frozen out of the collector's sight, and each request's young
cycles are collected when its call ends, in well under a millisecond.
"""

import gc
import os
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.urls import set_script_prefix


class OneHopASGIHandler(ASGIHandler):
    def __init__(self, threads: int | None = None):
        # Not ASGIHandler.__init__: that loads the middleware in async mode.
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        threads = threads or int(os.environ.get("ASGI_HTTP_THREADS", "1"))
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="http")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django serves HTTP only, not {scope['type']}.")
        await self.handle(scope, receive, send)

    async def handle(self, scope, receive, send):
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response = await self.on_pool(self.respond, scope, body_file)
            try:
                await self.send_response(response, send)
            except OSError:
                pass  # the client has gone; nothing is left to tell it
            finally:
                if response.streaming:  # its body was read while sending
                    await self.on_pool(self.finish, response)
        finally:
            body_file.close()

    def respond(self, scope, body_file):
        """Everything of a request between reading it and sending the answer, in one call."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
        response._handler_class = self.__class__
        if not response.streaming:
            # The body is in memory: close now (request_finished returns the database
            # connections in this thread) rather than come back to the pool for it.
            self.finish(response)
        return response

    async def on_pool(self, function, *args):
        return await sync_to_async(function, thread_sensitive=False, executor=self.executor)(*args)

    @staticmethod
    def finish(response):
        """Close the response, and collect the young garbage its request left."""
        response.close()
        gc.collect(1)


def settle_garbage_collector() -> None:
    """Keep what start-up built (modules, URL patterns, settings) out of every collection."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
