from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator


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


def without_null(schema: dict[str, Any], model: type) -> None:
    """A PATCH field may be left out but not sent as null (unless null clears it): say so in the JSON schema
    (clients generated from the document, and fuzzers, then never send a null the service refuses)."""
    clearable = getattr(model, "clearable", frozenset())
    for name, field in schema.get("properties", {}).items():
        if name in clearable:
            continue
        if "default" in field and field["default"] is None:
            del field["default"]
        choices = [choice for choice in field.get("anyOf", []) if choice != {"type": "null"}]
        if "anyOf" in field and len(choices) == 1:
            del field["anyOf"]
            field.update(choices[0])
        elif "anyOf" in field:
            field["anyOf"] = choices


class PatchSchema(Schema):
    """A partial update: a field may be left out, but a field that is sent cannot be null, except the
    ``clearable`` ones, where null removes the value (e.g. a model's task: "not set")."""

    clearable: ClassVar[frozenset[str]] = frozenset()
    model_config = ConfigDict(json_schema_extra=without_null)

    @field_validator("*", mode="before")
    @classmethod
    def not_null(cls, value: object, info: ValidationInfo) -> object:
        if value is None and info.field_name not in cls.clearable:
            raise ValueError("cannot be null; leave the field out to keep its value")
        return value


class Health(Schema):
    status: str
    service: str
    checks: dict[str, bool] = {}
