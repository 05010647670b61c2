from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from dlwb_common.api.common import Schema


class DatasetCreate(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["random"] = "random"
    seed: int = 0
    count: int = Field(default=16, ge=1, le=1024)


class DatasetPublic(Schema):
    id: str
    name: str
    kind: str
    seed: int
    count: int
    created_at: datetime


class DatasetsPublic(Schema):
    data: list[DatasetPublic]
    count: int
