"""The timed loops, as benchmark_app runs them, minus the Python wrapper's per-inference costs.

Async: keep every infer request busy; take the latency of a request when it is reused (no Python
callback in the runtime's threads, which would compete for the GIL); continue until the limits are
met and the iteration count is a multiple of the number of requests. Sync: one request, ``infer()``.

Between two inferences only C++ methods of the bindings are called: the Python ``InferRequest.infer``
copies every output into a new numpy array and wraps it in an ``OVDict`` on each call (on a 768 KB output
that doubled the time per inference), and ``AsyncInferQueue.start_async`` looks the idle request up
twice and wraps it in a new Python object. Progress goes out at 0.5 s, then ever less often (up to every
``REPORT_EVERY_MAX_SECONDS``): each report sets the whole system to work (bus, job store, SSE) on the
cores the timed inferences run on.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import openvino as ov
import openvino._pyopenvino as ov_bindings

from dlwb_common.errors import CancelledError

REPORT_EVERY_SECONDS = 0.5
REPORT_EVERY_MAX_SECONDS = 2.0  # as often as the heartbeat
NO_INPUTS: dict[object, object] = {}  # the inputs were set on the requests before the loop


def infer(request: ov.InferRequest) -> None:
    """One synchronous inference, outputs left in the request (no numpy copies)."""
    ov_bindings.InferRequest.infer(request, NO_INPUTS, True, False)


def next_report(elapsed: float, interval: float) -> tuple[float, float]:
    """When to report next and the interval after that: 0.5 s, 1 s, then every 2 s."""
    return elapsed + interval, min(interval * 2, REPORT_EVERY_MAX_SECONDS)


class Cancelled(CancelledError):
    pass


@dataclass
class Limits:
    duration_seconds: float | None
    niter: int | None
    cancel: threading.Event | None = None

    def running(self, iterations: int, elapsed: float) -> bool:
        self.check_cancel()
        return bool((self.niter and iterations < self.niter)
                    or (self.duration_seconds and elapsed < self.duration_seconds))

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cancelled while measuring")

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
    infer_shared = ov_bindings.InferRequest.infer  # outputs shared, not copied (see the module's docstring)
    latencies, starts = array("d"), array("d")
    iterations, elapsed = 0, 0.0
    began = time.perf_counter()
    due, interval = next_report(0.0, REPORT_EVERY_SECONDS)
    niter, seconds = limits.niter or 0, limits.duration_seconds or 0.0  # both given: run until both are met
    cancelled = limits.cancel.is_set if limits.cancel is not None else bool
    while iterations < niter or elapsed < seconds:
        starts.append(elapsed)
        infer_shared(request, NO_INPUTS, True, False)
        latencies.append(request.latency)
        iterations += 1
        elapsed = time.perf_counter() - began
        if cancelled():
            limits.check_cancel()
        if elapsed >= due:
            tick(limits.fraction(iterations, elapsed), iterations, elapsed, latencies)
            due, interval = next_report(elapsed, interval)
    return LoopResult(latencies, iterations, max(time.perf_counter() - began, 1e-9), starts)


def async_loop(queue: ov.AsyncInferQueue, limits: Limits, tick: Tick) -> LoopResult:
    start, request_of = ov_bindings.AsyncInferQueue.start_async, ov_bindings.AsyncInferQueue.__getitem__
    latencies, starts = array("d"), array("d")
    in_flight: set[int] = set()
    nireq = len(queue)
    iterations, elapsed = 0, 0.0
    began = time.perf_counter()
    due, interval = next_report(0.0, REPORT_EVERY_SECONDS)
    niter, seconds = limits.niter or 0, limits.duration_seconds or 0.0
    cancelled = limits.cancel.is_set if limits.cancel is not None else bool
    while iterations < niter or elapsed < seconds or iterations % nireq:
        idle = queue.get_idle_request_id()
        if idle in in_flight:
            latencies.append(request_of(queue, idle).latency)
        else:
            in_flight.add(idle)
        starts.append(elapsed)
        start(queue, NO_INPUTS, None)  # takes the idle request found above
        iterations += 1
        elapsed = time.perf_counter() - began
        if cancelled():
            limits.check_cancel()
        if elapsed >= due:
            tick(limits.fraction(iterations, elapsed), iterations, elapsed, latencies)
            due, interval = next_report(elapsed, interval)
    queue.wait_all()
    duration = max(time.perf_counter() - began, 1e-9)
    latencies.extend(request_of(queue, request_id).latency for request_id in in_flight)
    return LoopResult(latencies, iterations, duration, starts)
