from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, field_validator


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, protected_namespaces=())

    @field_validator("*", mode="after")
    @classmethod
    def utc_datetimes(cls, value: object) -> object:
        """Stored times are UTC; SQLite returns them without an offset, so add it back."""
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Health(Schema):
    status: str
    service: str
    checks: dict[str, bool] = {}
