"""Which service owns a public ``/api/v1`` path, and which routes authenticate by other means than the token."""

from __future__ import annotations

import re
from typing import Literal

Service = Literal["model", "profiler", "calibration"]

API_PREFIX = "/api/v1/"

# The first path segment after /api/v1 names the owning service. /jobs is the gateway's own: a job id names
# its owner (see routes/jobs.py); /auth is the gateway's own too.
OWNERS: dict[str, Service] = {
    "models": "model", "uploads": "model", "omz": "model", "datasets": "model", "artifacts": "model",
    "targets": "profiler", "enroll": "profiler", "projects": "profiler", "benchmarks": "profiler",
    "layer-profiles": "profiler", "sweeps": "profiler", "compare": "profiler", "accuracy": "profiler",
    "accuracy-agreement": "profiler", "fleet-runs": "profiler",
    "calibrations": "calibration",
}
GATEWAY_SEGMENTS = {"jobs", "auth"}

# Signed URLs (artifact downloads, INT8 result uploads) and join tokens (agent enrolment) need no API token.
PUBLIC_ROUTES = [("GET", re.compile(r"/api/v1/artifacts/[^/]+")),
                 ("POST", re.compile(r"/api/v1/enroll")),
                 ("PUT", re.compile(r"/api/v1/calibrations/[^/]+/uploads/[^/]+"))]


# What an id in a path may hold: unreserved URL characters only (RFC 3986), as every id, OMZ name and file
# name of the API does. The published document states it on every path parameter that has no stricter rule.
PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]{1,128}")


def invalid_segment(raw_path: str) -> str | None:
    """The first segment of an /api/v1 path, as the client encoded it, that no route can name, or None.
    Refused at the edge with a 422, so a service never sees an id it could not store or look up."""
    return next((part for part in segments(raw_path) if part and not PATH_SEGMENT.fullmatch(part)), None)


def segments(path: str) -> list[str]:
    return path.removeprefix(API_PREFIX).split("/") if path.startswith(API_PREFIX) else []


def owner_of(path: str) -> Service | None:
    """The service that owns ``path``, or None (not an /api/v1 path, an unknown one, or a dot segment)."""
    parts = segments(path)
    if not parts or any(part in (".", "..") for part in parts):
        return None
    return OWNERS.get(parts[0])


def is_public(method: str, path: str) -> bool:
    return any(method.upper() == public_method and pattern.fullmatch(path) for public_method, pattern in PUBLIC_ROUTES)
