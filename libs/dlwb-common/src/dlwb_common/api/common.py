from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, protected_namespaces=())


class Health(Schema):
    status: str
    service: str
    checks: dict[str, bool] = {}
