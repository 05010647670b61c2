"""Find IR files by content hash and describe them as signed, downloadable references."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import or_, select

from dlwb_common.api.models import TensorInfo
from dlwb_common.errors import ConflictError, NotFoundError
from dlwb_common.messages.agent import ArtifactRef
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest
from dlwb_common.precision import file_stem, variant_label
from dlwb_model_service.artifacts.signing import signed_url
from dlwb_model_service.context import Context
from dlwb_model_service.orm import DatasetRow, ModelRow, VariantRow


def ir_path(ctx: Context, variant: VariantRow, suffix: str) -> Path:
    return ctx.settings.files_dir / variant.model_id / "ir" / variant.precision / f"model{suffix}"


def path_of(ctx: Context, sha256: str) -> Path:
    """An IR file, or an imported dataset's tar, by its sha256."""
    with ctx.db.session() as session:
        variant = session.scalars(select(VariantRow).where(
            or_(VariantRow.xml_sha256 == sha256, VariantRow.bin_sha256 == sha256))).first()
        if variant is not None:
            return ir_path(ctx, variant, ".xml" if variant.xml_sha256 == sha256 else ".bin")
        dataset = session.scalars(select(DatasetRow).where(DatasetRow.archive_sha256 == sha256)).first()
        if dataset is None:
            raise NotFoundError(f"no artifact {sha256}", code="artifact.not_found")
        return ctx.settings.datasets_dir / dataset.id / "dataset.tar"


def reference(ctx: Context, sha256: str, size: int) -> ArtifactRef:
    settings = ctx.settings
    url = signed_url(settings.signing_key, settings.public_url, sha256, settings.artifact_url_ttl_seconds)
    return ArtifactRef(sha256=sha256, size=size, url=url)


def references(ctx: Context, request: ArtifactsRequest) -> ArtifactsReply:
    with ctx.db.session() as session:
        model = session.get(ModelRow, request.model_id)
        if model is None:
            raise NotFoundError(f"model {request.model_id} not found", code="model.not_found")
        variant = session.get(VariantRow, (request.model_id, request.precision))
        if variant is None:
            raise ConflictError(f"model {request.model_id} has no {request.precision} IR (status: {model.status})",
                                code="model.not_ready")
        return ArtifactsReply(model_id=model.id, precision=variant.precision, model_name=model.name,
                              label=variant_label(variant.precision, variant.weight_precision),
                              xml=reference(ctx, variant.xml_sha256, variant.xml_size),
                              bin=reference(ctx, variant.bin_sha256, variant.bin_size),
                              inputs=[TensorInfo.model_validate(entry) for entry in model.inputs or []])


def ir_archive(ctx: Context, model_id: str, precision: str) -> tuple[Path, str]:
    """A zip (stored, not compressed) of one IR variant's .xml and .bin, in a temporary file the
    caller removes; returns (path, download file name)."""
    with ctx.db.session() as session:
        model = session.get(ModelRow, model_id)
        if model is None:
            raise NotFoundError(f"model {model_id} not found", code="model.not_found")
        variant = session.get(VariantRow, (model_id, precision))
        if variant is None:
            raise NotFoundError(f"model {model_id} has no {precision} IR", code="model.no_variant")
        name = file_stem(model.name, variant_label(precision, variant.weight_precision))
        files = {f"{name}.xml": ir_path(ctx, variant, ".xml"), f"{name}.bin": ir_path(ctx, variant, ".bin")}
    ctx.settings.incoming_dir.mkdir(parents=True, exist_ok=True)
    handle, raw = tempfile.mkstemp(suffix=".zip", dir=ctx.settings.incoming_dir)
    os.close(handle)
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as bundle:
        for arcname, path in files.items():
            bundle.write(path, arcname)
    return Path(raw), f"{name}.zip"
