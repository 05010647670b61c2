from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator


def printable(value: str) -> str:
    """Names and file names end up in tables, logs and file systems: no control characters."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("must not contain control characters (tab, newline, NUL...)")
    return value


PrintableStr = Annotated[str, AfterValidator(printable)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, protected_namespaces=())

    @field_validator("*", mode="after")
    @classmethod
    def utc_datetimes(cls, value: object) -> object:
        """Stored times are UTC; SQLite returns them without an offset, so add it back."""
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class PatchSchema(Schema):
    """A partial update: a field may be left out, but a field that is sent cannot be null."""

    @field_validator("*", mode="before")
    @classmethod
    def not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("cannot be null; leave the field out to keep its value")
        return value


class Health(Schema):
    status: str
    service: str
    checks: dict[str, bool] = {}
