"""What a service's handlers and workers share: settings, database, bus and job book."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Self, TypeVar

from fastapi import Request

from dlwb_common.settings import CommonSettings
from dlwb_service_kit.db import Database
from dlwb_service_kit.jobs import JobBook, utcnow
from dlwb_service_kit.runtime import BusRuntime

S = TypeVar("S", bound=CommonSettings)


@dataclass
class ServiceContext(Generic[S]):
    settings: S
    db: Database
    bus: BusRuntime
    jobs: JobBook
    started_at: datetime = field(default_factory=utcnow)  # when this process began (to hear heartbeats)

    @classmethod
    def build(cls, service: str, settings: S, database_url: str, job_row: type[Any]) -> Self:
        db = Database(database_url)
        bus = BusRuntime(service, settings)
        return cls(settings=settings, db=db, bus=bus, jobs=JobBook(db, bus, job_row))


def get_context(request: Request) -> ServiceContext[Any]:
    """FastAPI dependency: the context the app's lifespan stored in ``app.state.context``."""
    return request.app.state.context
