from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any

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


def without_null(schema: dict[str, Any], _model: type) -> None:
    """A PATCH field may be left out but not sent as null: say so in the JSON schema (clients generated from
    the document, and fuzzers, then never send a null the service refuses)."""
    for field in schema.get("properties", {}).values():
        if "default" in field and field["default"] is None:
            del field["default"]
        choices = [choice for choice in field.get("anyOf", []) if choice != {"type": "null"}]
        if "anyOf" in field and len(choices) == 1:
            del field["anyOf"]
            field.update(choices[0])
        elif "anyOf" in field:
            field["anyOf"] = choices


class PatchSchema(Schema):
    """A partial update: a field may be left out, but a field that is sent cannot be null."""

    model_config = ConfigDict(json_schema_extra=without_null)

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
