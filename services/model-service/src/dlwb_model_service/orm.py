"""The model-service's tables (its own database and migration history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dlwb_service_kit.jobs import JobColumns, utcnow


class Base(DeclarativeBase):
    """This service's own metadata: its tables live in its own database."""


class ModelRow(Base):
    __tablename__ = "models"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    framework: Mapped[str] = mapped_column(String(32))
    source_filename: Mapped[str] = mapped_column(String(255))
    # the main file inside the stored source folder (an archive's IR .xml or .onnx, or the upload itself)
    source_entry: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    conversion_job_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    inputs: Mapped[list] = mapped_column(JSON, default=list)
    outputs: Mapped[list] = mapped_column(JSON, default=list)
    analysis: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    task: Mapped[str | None] = mapped_column(String(32), nullable=True)
    conversion_settings: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    origin: Mapped[str] = mapped_column(String(16), default="upload", server_default="upload")
    parent_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    omz_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    omz_precision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    variants: Mapped[list[VariantRow]] = relationship(back_populates="model", cascade="all, delete-orphan",
                                                      order_by="VariantRow.precision.desc()", lazy="selectin")


class VariantRow(Base):
    """One IR of a model (FP32, FP16, ...): an .xml and a .bin, both addressed by sha256."""

    __tablename__ = "model_variants"

    model_id: Mapped[str] = mapped_column(ForeignKey("models.id", ondelete="CASCADE"), primary_key=True)
    precision: Mapped[str] = mapped_column(String(8), primary_key=True)
    xml_sha256: Mapped[str] = mapped_column(String(64), index=True)
    bin_sha256: Mapped[str] = mapped_column(String(64), index=True)
    xml_size: Mapped[int] = mapped_column(BigInteger)
    bin_size: Mapped[int] = mapped_column(BigInteger)
    # what the weights are stored as, read from the IR (an INT8 child's FP32 folder holds INT8 weights)
    weight_precision: Mapped[str | None] = mapped_column(String(8), nullable=True)

    model: Mapped[ModelRow] = relationship(back_populates="variants")


class DatasetRow(Base):
    __tablename__ = "datasets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    seed: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(32), nullable=True)
    task: Mapped[str | None] = mapped_column(String(32), nullable=True)
    classes: Mapped[list | None] = mapped_column(JSON, nullable=True)
    histogram: Mapped[list | None] = mapped_column(JSON, nullable=True)
    report: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    source_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # the manifest and files as one tar, fetched by agents and the calibration-service by sha256
    archive_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    archive_size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class JobRow(Base, JobColumns):
    __tablename__ = "jobs"

    model_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
