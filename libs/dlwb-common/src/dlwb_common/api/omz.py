from __future__ import annotations

from pydantic import Field

from dlwb_common.api.common import PrintableStr, Schema
from dlwb_common.api.models import ModelTask


class OmzFile(Schema):
    path: str = Field(description="relative to the mirror's base URL: <model>/<file>")
    size: int = Field(ge=0)
    sha384: str = Field(pattern=r"^[0-9a-f]{96}$")
    url: str | None = Field(default=None, description="where the zoo itself fetches the file (no mirror set)")


class OmzModel(Schema):
    """One Open Model Zoo model of the catalog."""

    name: str
    description: str = ""
    task: ModelTask | None = None
    omz_task_type: str = ""
    framework: str
    precisions: list[str] = []
    license: str = ""
    size_bytes: int = 0
    files: list[OmzFile]


class OmzCatalog(Schema):
    schema_version: int = Field(default=1, alias="schema")
    source: str = ""
    default_mirror: str = ""
    note: str = ""
    models: list[OmzModel]


class OmzModelsPublic(Schema):
    data: list[OmzModel]
    count: int
    mirror: str


class OmzImport(Schema):
    precision: str = Field(default="FP32", pattern=r"^[A-Z0-9-]{2,16}$",
                           description="for models the zoo ships as IR: which precision folder to fetch")
    name: PrintableStr = Field(default="", max_length=200)
