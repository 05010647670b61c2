"""Autogenerate a migration for one service: ``python scripts/new_migration.py model "add x"``."""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from dlwb_service_kit.db import run_migrations

PACKAGES = {"model": "dlwb_model_service", "profiler": "dlwb_profiler", "calibration": "dlwb_calibration"}


def main() -> None:
    service, message = sys.argv[1], sys.argv[2]
    package = importlib.import_module(PACKAGES[service])
    script_location = Path(package.__file__).parent / "alembic"
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/schema.db"
        run_migrations(url, script_location)
        config = Config()
        config.set_main_option("script_location", str(script_location))
        config.set_main_option("sqlalchemy.url", url)
        config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
