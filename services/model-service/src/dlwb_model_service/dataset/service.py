"""Datasets: generated random inputs (a seed and a count), or imported from an archive (a manifest of
samples and annotations, with the files under ``datasets/<id>/files``)."""

from __future__ import annotations

import asyncio
import shutil
import tarfile
from collections import Counter
from io import BytesIO
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from dlwb_common.api.datasets import (
    Augmentation,
    ClassCount,
    DatasetCreate,
    DatasetImport,
    DatasetPublic,
    DatasetsPublic,
    SamplePublic,
    SamplesPublic,
    ValidationReport,
)
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_common.hashing import sha256_file
from dlwb_common.ids import new_id
from dlwb_common.messages.agent import DatasetSpec
from dlwb_common.messages.datasets import DatasetFormat, Manifest
from dlwb_engine.archives import extract, is_archive
from dlwb_model_service.artifacts.service import reference
from dlwb_model_service.context import Context
from dlwb_model_service.dataset import augment as augmentation
from dlwb_model_service.dataset import formats, recognition
from dlwb_model_service.orm import DatasetRow
from dlwb_model_service.upload import service as uploads

THUMBNAIL = 160


def to_public(row: DatasetRow) -> DatasetPublic:
    return DatasetPublic(id=row.id, name=row.name, kind=row.kind, seed=row.seed, count=row.count, format=row.format,
                         task=row.task, classes=row.classes or [], histogram=row.histogram or [],
                         report=ValidationReport.model_validate(row.report) if row.report else None,
                         created_at=row.created_at)


def create(ctx: Context, *, dataset_in: DatasetCreate) -> DatasetPublic:
    with ctx.db.session() as session:
        row = DatasetRow(id=new_id("ds"), **dataset_in.model_dump())
        session.add(row)
        session.flush()
        return to_public(row)


def get_row(session, dataset_id: str) -> DatasetRow:  # type: ignore[no-untyped-def]
    row = session.get(DatasetRow, dataset_id)
    if row is None:
        raise NotFoundError(f"dataset {dataset_id} not found", code="dataset.not_found")
    return row


def get(ctx: Context, dataset_id: str) -> DatasetPublic:
    with ctx.db.session() as session:
        return to_public(get_row(session, dataset_id))


def get_all(ctx: Context, *, skip: int = 0, limit: int = 100) -> DatasetsPublic:
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(DatasetRow)) or 0
        rows = session.scalars(select(DatasetRow).order_by(DatasetRow.created_at.desc()).offset(skip).limit(limit))
        return DatasetsPublic(data=[to_public(r) for r in rows], count=count)


def spec(ctx: Context, dataset_id: str) -> DatasetSpec:
    """How a run makes its inputs from this dataset (an imported one's tar by signed URL)."""
    with ctx.db.session() as session:
        row = get_row(session, dataset_id)
        archive = reference(ctx, row.archive_sha256, row.archive_size or 0) if row.archive_sha256 else None
        return DatasetSpec(kind=row.kind, seed=row.seed, count=row.count, task=row.task, archive=archive)


def folder_of(ctx: Context, dataset_id: str) -> Path:
    return ctx.settings.datasets_dir / dataset_id


def manifest_of(ctx: Context, dataset_id: str) -> Manifest:
    path = folder_of(ctx, dataset_id) / "manifest.json"
    if not path.exists():
        raise NotFoundError(f"dataset {dataset_id} has no files (it is generated)", code="dataset.generated")
    return Manifest.model_validate_json(path.read_text())


def report_of(manifest: Manifest) -> tuple[ValidationReport, list[ClassCount]]:
    annotated = [s for s in manifest.samples if s.label is not None or s.boxes or s.mask or s.target]
    objects = sum(len(s.boxes) for s in manifest.samples)
    counts: Counter[int] = Counter()
    for sample in manifest.samples:
        counts.update([sample.label] if sample.label is not None else sample.labels)
    histogram = [ClassCount(name=name, count=counts.get(i, 0)) for i, name in enumerate(manifest.classes)]
    warnings = [f"class '{c.name}' has no samples" for c in histogram if c.count == 0]
    if manifest.task is None:
        warnings.append("no annotations: usable for profiling and default INT8 calibration, not for accuracy")
    kind = f"{manifest.format.value} {manifest.task or 'images'}"
    what = f"{len(annotated)} annotated" if manifest.task else "no annotations"
    verdict = (f"{kind} dataset: {len(manifest.samples)} images, {what}"
               + (f", {objects} objects" if objects else "") + (f", {len(manifest.classes)} classes"
                                                               if manifest.classes else ""))
    return ValidationReport(verdict=verdict, images=len(manifest.samples), annotated=len(annotated), objects=objects,
                            warnings=warnings), histogram


def pack(folder: Path, manifest: Manifest) -> Path:
    """The manifest and every sample's file as one uncompressed tar (sorted, fixed times: reproducible)."""
    path = folder / "dataset.tar"
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as bundle:
        data = manifest.model_dump_json().encode()
        info = tarfile.TarInfo("manifest.json")
        info.size, info.mtime = len(data), 0
        bundle.addfile(info, BytesIO(data))
        names = {sample.image for sample in manifest.samples}
        names |= {extra for sample in manifest.samples for extra in (sample.mask, sample.target) if extra}
        for name in sorted(names):
            info = bundle.gettarinfo(str(folder / "files" / name), arcname=f"files/{name}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with (folder / "files" / name).open("rb") as handle:
                bundle.addfile(info, handle)
    return path


def read_archive(archive: Path, filename: str, target: Path, max_bytes: int, task: str | None = None) -> Manifest:
    if not is_archive(filename):
        raise InvalidInputError(f"'{filename}' is not an archive: upload a dataset as .zip or .tar.gz",
                                code="dataset.not_an_archive")
    extract(archive, target, original_name=filename, max_bytes=max_bytes)
    return formats.measure(target, recognition.detect(target, task))


async def import_archive(ctx: Context, dataset_in: DatasetImport) -> DatasetPublic:
    """Extract the uploaded archive, recognise its format, check every annotation and image."""
    archive, filename, sha256, _size = await uploads.claim(ctx, dataset_in.upload_id, dataset_in.sha256)
    dataset_id = new_id("ds")
    folder = folder_of(ctx, dataset_id)
    try:
        manifest = await asyncio.to_thread(read_archive, archive, filename, folder / "files",
                                           ctx.settings.max_upload_bytes, dataset_in.task)
        if dataset_in.task is not None and manifest.task != dataset_in.task:
            if manifest.format != DatasetFormat.super_resolution or dataset_in.task == "semantic_segmentation":
                raise InvalidInputError(f"task {dataset_in.task} applies to input/target image pairs; this archive is "
                                        f"{manifest.format.value}", code="dataset.task_mismatch")
            manifest.task = dataset_in.task
        (folder / "manifest.json").write_text(manifest.model_dump_json())
        packed = await asyncio.to_thread(pack, folder, manifest)
        packed_sha256 = await asyncio.to_thread(sha256_file, packed)
        report, histogram = report_of(manifest)
        with ctx.db.session() as session:
            row = DatasetRow(id=dataset_id, name=(dataset_in.name or filename.split(".")[0])[:200], kind="imported",
                             seed=0, count=len(manifest.samples), format=manifest.format.value, task=manifest.task,
                             classes=manifest.classes, histogram=[c.model_dump() for c in histogram],
                             report=report.model_dump(), source_sha256=sha256, archive_sha256=packed_sha256,
                             archive_size=packed.stat().st_size)
            session.add(row)
            session.flush()
            return to_public(row)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        archive.unlink(missing_ok=True)


def samples(ctx: Context, dataset_id: str, offset: int, limit: int, label: int | None = None) -> SamplesPublic:
    get(ctx, dataset_id)
    manifest = manifest_of(ctx, dataset_id)
    indexed = [(i, s) for i, s in enumerate(manifest.samples)
               if label is None or s.label == label or label in s.labels]
    page = indexed[offset:offset + limit]
    return SamplesPublic(count=len(indexed), data=[
        SamplePublic(index=i, image=s.image, width=s.width, height=s.height, label=s.label, boxes=s.boxes,
                     labels=s.labels, image_url=f"/api/v1/datasets/{dataset_id}/images/{i}") for i, s in page])


def image(ctx: Context, dataset_id: str, index: int, thumbnail: bool) -> tuple[bytes | Path, str]:
    manifest = manifest_of(ctx, dataset_id)
    if not 0 <= index < len(manifest.samples):
        raise NotFoundError(f"dataset {dataset_id} has no image {index}", code="dataset.no_image")
    path = folder_of(ctx, dataset_id) / "files" / manifest.samples[index].image
    if not thumbnail:
        return path, Image.registered_extensions().get(path.suffix.lower(), "PNG")
    with Image.open(path) as picture:
        picture.thumbnail((THUMBNAIL, THUMBNAIL))
        buffer = BytesIO()
        picture.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue(), "JPEG"


async def augment(ctx: Context, dataset_id: str, settings: Augmentation) -> DatasetPublic:
    """A new dataset: the originals and their augmented copies, packed and reported like an import."""
    with ctx.db.session() as session:
        source = get_row(session, dataset_id)
        source_name, source_format = source.name, source.format
    manifest = manifest_of(ctx, dataset_id)
    new_id_ = new_id("ds")
    folder = folder_of(ctx, new_id_)
    try:
        augmented = await asyncio.to_thread(augmentation.augment, folder_of(ctx, dataset_id) / "files", manifest,
                                            folder / "files", settings)
        (folder / "manifest.json").write_text(augmented.model_dump_json())
        packed = await asyncio.to_thread(pack, folder, augmented)
        packed_sha256 = await asyncio.to_thread(sha256_file, packed)
        report, histogram = report_of(augmented)
        with ctx.db.session() as session:
            row = DatasetRow(id=new_id_, name=(settings.name or f"{source_name} augmented")[:200], kind="imported",
                             seed=settings.seed, count=len(augmented.samples), format=source_format,
                             task=augmented.task, classes=augmented.classes,
                             histogram=[c.model_dump() for c in histogram], report=report.model_dump(),
                             archive_sha256=packed_sha256, archive_size=packed.stat().st_size)
            session.add(row)
            session.flush()
            return to_public(row)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
