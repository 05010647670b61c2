"""A job's log as the services write and serve it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlwb_common.errors import NotFoundError
from dlwb_service_kit.job_log import JobLog


def test_lines_are_timestamped_and_appended_in_a_created_folder(tmp_path: Path) -> None:
    log = JobLog(tmp_path / "job" / "calibration.log")
    log.write("starting")
    log.write("done")
    lines = log.read("no log", "x.no_log").splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == ["starting", "done"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \w+", line) for line in lines)


def test_a_missing_log_is_a_404_with_the_callers_code(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        JobLog(tmp_path / "none.log").read("model m has no conversion log yet", "model.no_log")
    assert caught.value.code == "model.no_log" and caught.value.status == 404
