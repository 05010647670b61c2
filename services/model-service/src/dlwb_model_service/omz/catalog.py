"""The Open Model Zoo catalog: built in (catalog.json, read from OMZ's model.yml files), or a file the
operator points to (an internal mirror with its own list)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from dlwb_common.api.omz import OmzCatalog, OmzModel
from dlwb_common.errors import NotFoundError

BUILT_IN = Path(__file__).with_name("catalog.json")


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> OmzCatalog:
    raw = json.loads((path or BUILT_IN).read_text())
    for model in raw.get("models", []):
        if model.get("task") == "other":
            model["task"] = None
    return OmzCatalog.model_validate(raw)


def search(catalog: OmzCatalog, query: str = "", task: str | None = None) -> list[OmzModel]:
    """Models whose name, description, framework or OMZ task contain every word of ``query``."""
    words = query.lower().split()
    found = []
    for model in catalog.models:
        text = f"{model.name} {model.description} {model.framework} {model.omz_task_type}".lower()
        if all(word in text for word in words) and (task is None or model.task == task):
            found.append(model)
    return found


def find(catalog: OmzCatalog, name: str) -> OmzModel:
    for model in catalog.models:
        if model.name == name:
            return model
    raise NotFoundError(f"no model '{name}' in the Open Model Zoo catalog", code="omz.not_found")
