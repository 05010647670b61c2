"""Open Model Zoo: search the catalog, and import a model (download, verify, then convert as any upload)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from dlwb_common.api.models import ModelPublic, ModelStatus, Origin
from dlwb_common.api.omz import OmzImport, OmzModel, OmzModelsPublic
from dlwb_common.ids import new_id
from dlwb_model_service.context import Context
from dlwb_model_service.model import formats
from dlwb_model_service.model.conversion_jobs import add_and_enqueue
from dlwb_model_service.omz import catalog, download
from dlwb_model_service.orm import ModelRow


def mirror(ctx: Context) -> str:
    return ctx.settings.omz_mirror_url or catalog.load(ctx.settings.omz_catalog_path).default_mirror


def search(ctx: Context, query: str, task: str | None) -> OmzModelsPublic:
    found = catalog.search(catalog.load(ctx.settings.omz_catalog_path), query, task)
    return OmzModelsPublic(data=found, count=len(found), mirror=mirror(ctx))


def get(ctx: Context, name: str) -> OmzModel:
    return catalog.find(catalog.load(ctx.settings.omz_catalog_path), name)


async def start_import(ctx: Context, name: str, import_in: OmzImport) -> ModelPublic:
    """A model row in 'downloading' and its job; the conversion worker downloads, then converts."""
    entry = get(ctx, name)
    files = download.files_for(entry, import_in.precision)
    row = ModelRow(id=new_id("mdl"), name=(import_in.name or entry.name)[:200], framework=entry.framework,
                   source_filename=entry.name, source_entry=None, source_sha256="",
                   source_size=sum(f.size for f in files), status=ModelStatus.downloading.value, inputs=[],
                   outputs=[], task=entry.task.value if entry.task else None, origin=Origin.omz.value,
                   omz_name=entry.name, omz_precision=import_in.precision)
    return await add_and_enqueue(ctx, row)


async def fetch_sources(ctx: Context, model_id: str, omz_name: str, precision: str,
                        report: Callable[[float, str], Awaitable[None]]) -> tuple[str, Path, str]:
    """Download the model's files into its source folder and check them:
    (framework, main path, sha256 over the files' sha384 lines)."""
    entry = get(ctx, omz_name)
    files = download.files_for(entry, precision)
    sources = ctx.settings.files_dir / model_id / "source"
    default_mirror = catalog.load(ctx.settings.omz_catalog_path).default_mirror

    async def progress(done: int, total: int) -> None:
        await report(0.4 * done / max(total, 1), f"downloading {done / 1e6:.1f} of {total / 1e6:.1f} MB")

    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=10.0), follow_redirects=True) as client:
            await download.fetch(client, files, sources,
                                 lambda f: download.url_of(f, ctx.settings.omz_mirror_url, default_mirror), progress)
        framework, main = formats.detect(sources)
        if framework == "openvino":
            formats.check_ir_xml(main)
    except BaseException:
        shutil.rmtree(sources, ignore_errors=True)
        raise
    lines = "".join(f"{f.sha384}  {f.path}\n" for f in files)
    return framework, main, hashlib.sha256(lines.encode()).hexdigest()
