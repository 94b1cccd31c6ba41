"""A real ASGI server (daphne, with WebSockets) for browser tests, on the test database.

Started with "spawn", not "fork": a forked child would inherit the test process's event
loops and asgiref's worker threads (which do not exist in the child) and hang on its
first WebSocket. Nothing here imports models: the child sets Django up first.
"""

import multiprocessing
from functools import partial

from channels.testing.live import make_application, set_database_connection
from daphne.testing import DaphneProcess


def _prepare_child() -> None:
    set_database_connection()


def _application():
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    return make_application(static_wrapper=ASGIStaticFilesHandler)


class SpawnedDaphne(DaphneProcess):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Its shared objects must come from the same context as the process.
        spawn = multiprocessing.get_context("spawn")
        self.port = spawn.Value("i", 0)
        self.ready = spawn.Event()
        self.errors = spawn.Queue()

    @staticmethod
    def _Popen(process_obj):
        return multiprocessing.get_context("spawn").Process._Popen(process_obj)


def start(host: str = "127.0.0.1") -> SpawnedDaphne:
    process = SpawnedDaphne(host, partial(_application), setup=_prepare_child)
    process.start()
    return process
