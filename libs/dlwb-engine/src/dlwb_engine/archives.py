"""Safe extraction of uploaded archives (.zip, .tar, .tar.gz, .tgz).

Refused: absolute paths, '..' components, links, devices, more than ``max_files`` members, more
than ``max_bytes`` once extracted, or (archive bombs) an expansion past ``max_ratio`` times the
archive's size once beyond ``ratio_floor`` bytes: small models with constant weights compress a lot
and are harmless. Sizes are counted while writing, not taken from the headers. On any refusal the
destination is removed.
"""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from dlwb_common.errors import DlwbError

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
CHUNK = 1024 * 1024


class UnsafeArchiveError(DlwbError):
    code = "archive.unsafe"
    status = 422


def is_archive(filename: str) -> bool:
    return filename.lower().endswith(ARCHIVE_SUFFIXES)


def safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafeArchiveError(f"archive member '{name}' would be written outside the model folder")
    return path


class _Budget:
    def __init__(self, archive_size: int, max_bytes: int, max_ratio: float, ratio_floor: int) -> None:
        self.limit = min(max_bytes, max(ratio_floor, int(archive_size * max_ratio)))
        self.written = 0

    def copy(self, source: IO[bytes], target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            while block := source.read(CHUNK):
                self.written += len(block)
                if self.written > self.limit:
                    raise UnsafeArchiveError(f"the archive expands beyond {self.limit} bytes (an archive bomb, "
                                             "or over the upload limit)", code="archive.too_large")
                handle.write(block)


def extract(archive: Path, destination: Path, *, original_name: str, max_bytes: int, max_ratio: float = 100.0,
            ratio_floor: int = 100 * 1024 * 1024, max_files: int = 10_000) -> None:
    budget = _Budget(archive.stat().st_size, max_bytes, max_ratio, ratio_floor)
    destination.mkdir(parents=True)
    try:
        if original_name.lower().endswith(".zip"):
            _extract_zip(archive, destination, budget, max_files)
        else:
            _extract_tar(archive, destination, budget, max_files)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        shutil.rmtree(destination, ignore_errors=True)
        raise UnsafeArchiveError(f"the archive cannot be read: {exc}", code="archive.invalid") from exc
    except BaseException:
        shutil.rmtree(destination, ignore_errors=True)
        raise


def _extract_zip(archive: Path, destination: Path, budget: _Budget, max_files: int) -> None:
    with zipfile.ZipFile(archive) as bundle:
        members = [m for m in bundle.infolist() if not m.is_dir()]
        if len(members) > max_files:
            raise UnsafeArchiveError(f"the archive holds more than {max_files} files")
        for member in members:
            if (member.external_attr >> 16) & 0o170000 == 0o120000:
                raise UnsafeArchiveError(f"archive member '{member.filename}' is a symbolic link")
            target = destination / safe_member_path(member.filename)
            with bundle.open(member) as source:
                budget.copy(source, target)


def _extract_tar(archive: Path, destination: Path, budget: _Budget, max_files: int) -> None:
    with tarfile.open(archive, "r:*") as bundle:
        count = 0
        for member in bundle:
            if member.isdir():
                continue
            if not member.isfile():
                raise UnsafeArchiveError(f"archive member '{member.name}' is a link or a device, not a file")
            count += 1
            if count > max_files:
                raise UnsafeArchiveError(f"the archive holds more than {max_files} files")
            target = destination / safe_member_path(member.name)
            source = bundle.extractfile(member)
            assert source is not None
            with source:
                budget.copy(source, target)
