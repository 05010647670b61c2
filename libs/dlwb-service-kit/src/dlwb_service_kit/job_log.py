"""A job's log: timestamped lines appended to a text file that users read as plain text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dlwb_common.errors import NotFoundError


@dataclass(frozen=True)
class JobLog:
    path: Path

    def write(self, line: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a") as handle:
            handle.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {line}\n")

    def read(self, missing: str, code: str) -> str:
        """The whole log; ``missing`` and ``code`` make the 404 when the job has not written one yet."""
        if not self.path.exists():
            raise NotFoundError(missing, code=code)
        return self.path.read_text()
