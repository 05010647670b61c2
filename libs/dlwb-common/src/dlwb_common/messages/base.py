from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict


class Message(BaseModel):
    """Base of every bus payload. Unknown fields are ignored so that older readers keep working."""

    model_config = ConfigDict(extra="ignore", protected_namespaces=())

    v: int = 1

    def encode(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def decode(cls, data: bytes) -> Self:
        return cls.model_validate_json(data)
