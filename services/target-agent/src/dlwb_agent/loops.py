"""The timed loops, as benchmark_app runs them.

Async: keep every infer request busy; take the latency of a request when it is reused (no Python
callback in the runtime's threads, which would compete for the GIL); continue until the limits are
met and the iteration count is a multiple of the number of requests. Sync: one request, ``infer()``.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import openvino as ov

from dlwb_common.errors import CancelledError

REPORT_EVERY_SECONDS = 0.5


class Cancelled(CancelledError):
    pass


@dataclass
class Limits:
    duration_seconds: float | None
    niter: int | None
    cancel: threading.Event | None = None

    def running(self, iterations: int, elapsed: float) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cancelled while measuring")
        return bool((self.niter and iterations < self.niter)
                    or (self.duration_seconds and elapsed < self.duration_seconds))

    def fraction(self, iterations: int, elapsed: float) -> float:
        parts = []
        if self.duration_seconds:
            parts.append(elapsed / self.duration_seconds)
        if self.niter:
            parts.append(iterations / self.niter)
        return min(1.0, max(parts)) if len(parts) == 1 else min(1.0, min(parts))


@dataclass
class LoopResult:
    """Samples are kept in ``array('d')``: 8 bytes each, appended in C, sorted by numpy without the GIL
    (a 1-hour run at 5000 inferences/s holds 2 x 144 MB, not 1.2 GB of Python floats)."""

    latencies_ms: array
    iterations: int
    duration_seconds: float
    starts: array = field(default_factory=lambda: array("d"))  # seconds since the loop began, per iteration


Tick = Callable[[float, int, float, array], None]  # (fraction done, iterations, elapsed s, latencies)


def sync_loop(request: ov.InferRequest, limits: Limits, tick: Tick) -> LoopResult:
    latencies, starts = array("d"), array("d")
    iterations, elapsed = 0, 0.0
    began = time.perf_counter()
    next_report = REPORT_EVERY_SECONDS
    while limits.running(iterations, elapsed):
        starts.append(elapsed)
        request.infer()
        latencies.append(request.latency)
        iterations += 1
        elapsed = time.perf_counter() - began
        if elapsed >= next_report:
            tick(limits.fraction(iterations, elapsed), iterations, elapsed, latencies)
            next_report = elapsed + REPORT_EVERY_SECONDS
    return LoopResult(latencies, iterations, max(time.perf_counter() - began, 1e-9), starts)


def async_loop(queue: ov.AsyncInferQueue, limits: Limits, tick: Tick) -> LoopResult:
    latencies, starts = array("d"), array("d")
    in_flight: set[int] = set()
    nireq = len(queue)
    iterations, elapsed = 0, 0.0
    began = time.perf_counter()
    next_report = REPORT_EVERY_SECONDS
    while limits.running(iterations, elapsed) or iterations % nireq:
        idle = queue.get_idle_request_id()
        if idle in in_flight:
            latencies.append(queue[idle].latency)
        else:
            in_flight.add(idle)
        starts.append(elapsed)
        queue.start_async()
        iterations += 1
        elapsed = time.perf_counter() - began
        if elapsed >= next_report:
            tick(limits.fraction(iterations, elapsed), iterations, elapsed, latencies)
            next_report = elapsed + REPORT_EVERY_SECONDS
    queue.wait_all()
    duration = max(time.perf_counter() - began, 1e-9)
    latencies.extend(queue[request_id].latency for request_id in in_flight)
    return LoopResult(latencies, iterations, duration, starts)
