"""Run one action from many threads at once, each on its own real database connection.

All threads open their connection first and then wait at a barrier, so the actions start
together and race for real. Used for "N coordinators accept the last seat at once".
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None
    backend_pid: int | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None


def run_concurrently(
    action: Callable[[int], Any], *, count: int = 50, timeout: float = 60
) -> list[Outcome]:
    """Call action(i) for i in range(count), each in its own thread and connection."""
    barrier = threading.Barrier(count, timeout=timeout)
    outcomes: list[Outcome | None] = [None] * count

    def worker(index: int) -> None:
        outcome = Outcome()
        try:
            connection.ensure_connection()
            outcome.backend_pid = connection.connection.info.backend_pid
            barrier.wait()
            outcome.value = action(index)
        except BaseException as error:
            outcome.error = error
        finally:
            outcomes[index] = outcome
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        raise TimeoutError(f"{stuck} of {count} threads still running after {timeout} s")
    return outcomes  # type: ignore[return-value]
