"""Schemathesis over the published OpenAPI document of a running system, summarised from its NDJSON report.

Shared by the bounded test (tests/e2e/test_fuzz.py) and the full run (bench/fuzz.py). Schemathesis runs as
its own CLI process (``st run``), the way an outsider would use it: it reads GET /openapi.json, sends
every generated request with the API token and records every request, response and check in NDJSON.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ST = Path(sys.executable).parent / "st"

# Checks about how strict validation is, not about what the API answers: a request the document allows but
# a service refuses on a rule the document cannot state (a file that is not a model, an id that names no
# dataset), or the reverse. Counted apart as validation gaps; every other failed check is a violation of
# the document or of HTTP (an undeclared status, a body or header off-schema, a wrong or missing Allow...).
VALIDATION_CHECKS = {"positive_data_acceptance", "negative_data_rejection"}


@dataclass
class Finding:
    """One failed check: which operation, which request, what came back, what was wrong."""

    operation: str
    check: str
    status: int | None
    message: str
    request: str

    def __str__(self) -> str:
        return f"{self.operation} [{self.status}] {self.check}: {self.message.splitlines()[0]}\n    {self.request}"


@dataclass
class FuzzSummary:
    requests: int = 0
    server_errors: int = 0
    schema_violations: int = 0
    validation_gaps: int = 0
    findings: list[Finding] = field(default_factory=list)

    def line(self) -> str:
        return (f"fuzz requests={self.requests} server_errors={self.server_errors} "
                f"schema_violations={self.schema_violations}")


def run_schemathesis(url: str, token: str, report_dir: Path, *, examples: int, seed: int,
                     extra: list[str] | None = None) -> FuzzSummary:
    """Every operation, ``examples`` generated cases each, every check; deterministic for a given seed."""
    report_dir.mkdir(parents=True, exist_ok=True)
    ndjson = report_dir / "events.ndjson"
    command = [str(ST), "run", f"{url}/openapi.json", "--checks", "all", "--max-examples", str(examples),
               "--seed", str(seed), "--generation-deterministic", "--workers", "1", "--no-color",
               "--header", f"Authorization: Bearer {token}", "--request-timeout", "120",
               "--report", "ndjson", "--report-ndjson-path", str(ndjson),
               *(extra or [])]
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    (report_dir / "schemathesis.log").write_text(output.stdout + output.stderr)
    if not ndjson.exists():
        raise RuntimeError(f"schemathesis did not run (exit {output.returncode}):\n{output.stdout[-3000:]}"
                           f"{output.stderr[-3000:]}")
    return summarise(ndjson)


def summarise(ndjson: Path) -> FuzzSummary:
    """Count requests, 5xx answers, violations and validation gaps (see VALIDATION_CHECKS), and collect
    every failed check as a finding."""
    summary = FuzzSummary()
    for line in ndjson.read_text().splitlines():
        event = json.loads(line)
        recorder = event.get("ScenarioFinished", {}).get("recorder")
        if not recorder:
            continue
        label = recorder.get("label", "?")
        for interaction in recorder.get("interactions", {}).values():
            summary.requests += 1
            status = (interaction.get("response") or {}).get("status_code")
            if status is not None and status >= 500:
                summary.server_errors += 1
                summary.findings.append(Finding(label, "not_a_server_error", status,
                                                body_text(interaction["response"]), describe(interaction)))
        for case_id, checks in recorder.get("checks", {}).items():
            interaction = recorder.get("interactions", {}).get(case_id, {})
            status = (interaction.get("response") or {}).get("status_code")
            for check in checks:
                if check["status"] == "success" or check["name"] == "not_a_server_error":
                    continue
                if check["name"] in VALIDATION_CHECKS:
                    summary.validation_gaps += 1
                else:
                    summary.schema_violations += 1
                failure = check.get("failure_info", {}).get("failure", {})
                summary.findings.append(Finding(failure.get("operation", label), check["name"], status,
                                                failure.get("message", ""), describe(interaction)))
    return summary


def describe(interaction: dict) -> str:
    request = interaction.get("request") or {}
    body = request.get("body")
    text = decode(body)[:200] if body else ""
    return f"{request.get('method', '?')} {request.get('uri', '?')} {text}".strip()


def body_text(response: dict) -> str:
    return decode(response.get("content"))[:300]


def decode(content: object) -> str:
    if isinstance(content, dict) and "$base64" in content:
        return base64.b64decode(content["$base64"]).decode(errors="replace")
    if isinstance(content, dict) and "string" in content:
        return str(content["string"])
    return "" if content is None else str(content)
