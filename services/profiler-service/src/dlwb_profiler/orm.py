"""The profiler-service's tables (its own database and migration history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dlwb_service_kit.jobs import JobColumns, utcnow


class Base(DeclarativeBase):
    """This service's own metadata: its tables live in its own database."""


class TargetRow(Base):
    """A machine with an agent, as last heard from its heartbeat."""

    __tablename__ = "targets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    inventory: Mapped[dict] = mapped_column(JSON)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    heartbeat_seconds: Mapped[float] = mapped_column(Float)
    instance: Mapped[str] = mapped_column(String(64))
    busy_job_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ProjectRow(Base):
    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    model_id: Mapped[str] = mapped_column(String(64), index=True)
    precision: Mapped[str] = mapped_column(String(8))
    dataset_id: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    # the IR named by its weights ("INT8" for an INT8 child's FP32 folder), as the model-service said
    variant_label: Mapped[str | None] = mapped_column(String(16), nullable=True)
    accuracy_config: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # the saved AccuracyConfig
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class JobRow(Base, JobColumns):
    __tablename__ = "jobs"


class RunRow(Base):
    """A run on a target of any kind (``task``: an AgentTask); its id is its job's id. Each kind fills
    its own result column: ``result`` (benchmark), ``layer_profile``, ``sweep`` (its points as they
    finish) or ``accuracy``."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    task: Mapped[str] = mapped_column(String(16), default="benchmark", server_default="benchmark")
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    settings: Mapped[dict] = mapped_column(JSON)
    target_id: Mapped[str] = mapped_column(String(64))
    agent_instance: Mapped[str | None] = mapped_column(String(64), nullable=True)
    queue_timeout_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)  # none: wait for ever
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    layer_profile: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    sweep: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # {points, results, latency_limit_ms}
    accuracy_config: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # task "accuracy": AccuracyConfig
    accuracy: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # its AccuracyResult
    verdict: Mapped[str | None] = mapped_column(String(500), nullable=True)
    fleet_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)  # a FleetRunRow's


class FleetRunRow(Base):
    """One benchmark configuration of one model variant run on several targets; its runs carry its id."""

    __tablename__ = "fleet_runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    model_id: Mapped[str] = mapped_column(String(64))
    precision: Mapped[str] = mapped_column(String(8))
    dataset_id: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class JoinTokenRow(Base):
    """A one-time token an agent presents to enrol; only its sha256 is kept."""

    __tablename__ = "join_tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AgentCredentialRow(Base):
    """An enrolled agent's NATS user; only the bcrypt hash of its password is kept."""

    __tablename__ = "agent_credentials"

    agent_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_bcrypt: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
