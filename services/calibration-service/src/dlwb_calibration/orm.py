"""The calibration-service's tables (its own database and migration history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dlwb_service_kit.jobs import JobColumns, utcnow


class Base(DeclarativeBase):
    """This service's own metadata: its tables live in its own database."""


class JobRow(Base, JobColumns):
    __tablename__ = "jobs"


class CalibrationRow(Base):
    """One calibration; its id is its job's id."""

    __tablename__ = "calibrations"

    id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    parent_model_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    settings: Mapped[dict] = mapped_column(JSON)
    accuracy_settings: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # AccuracySettingsUsed
    child_model_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    child_project_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    stats: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    report: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
