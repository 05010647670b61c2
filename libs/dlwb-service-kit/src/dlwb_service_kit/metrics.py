"""Prometheus metrics: request counts and latencies per route, exposed on /metrics."""

from __future__ import annotations

import time

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest


class HttpMetrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("dlwb_http_requests_total", "HTTP requests", ["service", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("dlwb_http_request_seconds", "HTTP request latency", ["service", "route"],
                                 registry=self.registry)
        self.service = service

    def install(self, app: FastAPI) -> None:
        @app.middleware("http")
        async def measure(request: Request, call_next):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            response = await call_next(request)
            route = request.scope.get("route")
            path = getattr(route, "path", "unmatched")
            self.requests.labels(self.service, path, str(response.status_code)).inc()
            self.latency.labels(self.service, path).observe(time.perf_counter() - start)
            return response

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
