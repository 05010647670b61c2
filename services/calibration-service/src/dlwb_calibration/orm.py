"""The calibration-service's tables (its own database and migration history)."""

from __future__ import annotations

from sqlalchemy import JSON, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dlwb_service_kit.jobs import JobColumns


class Base(DeclarativeBase):
    """This service's own metadata: its tables live in its own database."""


class JobRow(Base, JobColumns):
    __tablename__ = "jobs"

    parent_model_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    settings: Mapped[dict | None] = mapped_column(JSON, nullable=True)
