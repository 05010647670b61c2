"""Forward an API call to the service that owns the resource, streaming both ways."""

from __future__ import annotations

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from dlwb_common.errors import InvalidInputError, UnavailableError
from dlwb_gateway.config import GatewaySettings
from dlwb_gateway.routing import Service

STREAM_CHUNK = 1024 * 1024  # relay large downloads in 1 MiB pieces, not per network read
HOP_HEADERS = {"host", "authorization", "content-length", "connection", "transfer-encoding", "keep-alive"}


class Forwarder:
    def __init__(self, settings: GatewaySettings) -> None:
        self.base = {"model": settings.model_url, "profiler": settings.profiler_url,
                     "calibration": settings.calibration_url}
        self.internal_token = settings.resolved_internal_token()
        # Idle connections are dropped well before uvicorn closes them (its keep-alive timeout is 5 s, httpx's
        # was 5 s too): reusing a connection the service is closing at that moment failed a request with an
        # empty transport error, relayed as a 503 (found by fuzzing). A pool as large as the load bench's
        # client count keeps connections open under load instead of one new TCP connection per request.
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=5.0),
                                        limits=httpx.Limits(max_connections=200, max_keepalive_connections=100,
                                                            keepalive_expiry=2.0),
                                        headers={"authorization": f"Bearer {self.internal_token}"})

    async def close(self) -> None:
        await self.client.aclose()

    async def forward(self, request: Request, service: Service, *, path: str | None = None) -> Response:
        """Send ``request`` (same path and query unless ``path`` is given) to ``service``; relay the answer:
        JSON read whole, any other successful body (files, logs, images) streamed. Services answer every
        error as JSON, so a non-JSON error comes from something else in between: a 502."""
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        body = request.stream() if request.method in ("POST", "PUT", "PATCH") else None
        # The path as the client encoded it: decoded, an id such as "%0A" would be a raw control character.
        target = path or request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        try:
            upstream = self.client.build_request(request.method, self.base[service] + target,
                                                 params=request.query_params, headers=headers, content=body)
        except httpx.InvalidURL as exc:
            raise InvalidInputError(f"the request path cannot be used: {exc}", code="request.invalid_path") from exc
        try:
            response = await self.client.send(upstream, stream=True)
        except httpx.TransportError as exc:
            raise UnavailableError(f"the {service} service is unreachable: {exc}",
                                   code="upstream.unavailable") from exc
        passthrough = {k: v for k, v in response.headers.items() if k.lower() not in HOP_HEADERS}
        is_json = response.headers.get("content-type", "").startswith("application/json")
        if response.status_code != 204 and response.status_code < 400 and not is_json:
            return StreamingResponse(response.aiter_raw(STREAM_CHUNK), status_code=response.status_code,
                                     headers=passthrough, background=BackgroundTask(response.aclose))
        content = await response.aread()
        await response.aclose()
        if response.status_code == 204:
            return Response(status_code=204)
        if is_json:
            return Response(content, status_code=response.status_code, headers=passthrough)
        return JSONResponse({"code": "upstream.bad_response", "message": content.decode(errors="replace")[:500]},
                            status_code=502)
