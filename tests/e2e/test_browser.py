"""The SPA end to end in Debian's chromium: log in, upload a model, watch it convert, create a project
(with a random dataset made from the form), run a 2-second benchmark and read its result page; then,
on a project made through the API, watch a benchmark's live chart, download its result (JSON and
benchmark_app CSV), and profile the layers: table, totals and runtime graph, linked by selection; run a
2 × 2 sweep from the grid picker and re-judge its sweet spot under a latency limit; compare two benchmarks
(ticked in a project's history, and across FP32/FP16 projects with "Compare with…") and two layer profiles
(picked on the compare page, filtered by a |Δ| threshold).

Needs the built SPA (``npm ci && npm run build`` in frontend/) and ``/usr/bin/chromium``; never downloads
a browser. The ``system`` fixture (tests/conftest.py) runs the whole system as separate processes.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SPA_INDEX = Path(__file__).resolve().parents[2] / "frontend" / "dist" / "index.html"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# generous ceilings for a 2-core machine; each wait returns as soon as its condition holds
UI_TIMEOUT_MS = 30_000
CONVERSION_TIMEOUT_MS = 180_000
TARGET_TIMEOUT_MS = 60_000
BENCHMARK_TIMEOUT_MS = 180_000


def parse_number(text: str) -> float:
    """'1,234.5' → 1234.5 (the page formats figures with thousands separators)."""
    match = re.search(r"-?[\d,]*\.?\d+", text)
    if match is None:
        raise AssertionError(f"no number in {text!r}")
    return float(match.group(0).replace(",", ""))


def log_in(page: Any, system: Any) -> None:
    from playwright.sync_api import expect

    page.goto(system.url)
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_test_id("token-input").fill(system.token)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("product-name")).to_be_visible()


@contextmanager
def browser_page(tmp_path: Path) -> Iterator[tuple[Any, list[str]]]:
    """A chromium page; on failure, a screenshot and the page's errors are printed for the log."""
    from playwright.sync_api import expect, sync_playwright

    page_errors: list[str] = []
    console_errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        expect.set_options(timeout=UI_TIMEOUT_MS)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        try:
            yield page, page_errors
        except BaseException:
            shot = tmp_path / "failure.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot of the failure: {shot}")
            except Exception:  # noqa: BLE001 - best effort only
                pass
            print("page errors:", page_errors)
            print("console errors:", console_errors)
            raise
        finally:
            context.close()
            browser.close()


def follow_job(client: Any, job_id: str) -> dict[str, Any]:
    """Read the job's event stream (SSE) until the job finishes; returns the last snapshot."""
    last: dict[str, Any] = {}
    with client.stream("GET", f"/api/v1/jobs/{job_id}/events") as response:
        assert response.status_code == 200, response.read()
        event = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "job":
                last = json.loads(line.split(":", 1)[1])
                if last["status"] in ("succeeded", "failed", "cancelled"):
                    break
    return last


def upload_through_the_api(client: Any, system: Any) -> dict[str, Any]:
    """Upload the tiny ONNX model and follow its conversion to the end; returns the uploaded model."""
    with open(system.tiny_onnx_path, "rb") as handle:
        uploaded = client.post(
            "/api/v1/models",
            params={"filename": system.tiny_onnx_path.name},
            content=handle,
            headers={"content-type": "application/octet-stream"},
        )
    assert uploaded.status_code == 202, uploaded.text
    conversion = follow_job(client, uploaded.json()["conversion_job_id"])
    assert conversion["status"] == "succeeded", conversion
    return dict(uploaded.json())


def projects_through_the_api(system: Any, precisions: tuple[str, ...] = ("FP32",)) -> list[str]:
    """Upload the model, follow its conversion, make a dataset and one CPU project per precision (the
    conversion makes FP32 and FP16); returns the project ids in the order of ``precisions``."""
    with system.client() as client:
        uploaded = upload_through_the_api(client, system)
        dataset = client.post("/api/v1/datasets", json={"name": "browser-profile", "count": 4})
        assert dataset.status_code == 201, dataset.text
        ids = []
        for precision in precisions:
            project = client.post(
                "/api/v1/projects",
                json={
                    "name": f"browser {precision}",
                    "model_id": uploaded["id"],
                    "precision": precision,
                    "dataset_id": dataset.json()["id"],
                    "target_id": "local",
                    "device": "CPU",
                },
            )
            assert project.status_code == 201, project.text
            ids.append(str(project.json()["id"]))
        return ids


def project_through_the_api(system: Any) -> str:
    """Upload the model, follow its conversion, make a dataset and a CPU project; returns the project id."""
    return projects_through_the_api(system, ("FP32",))[0]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_upload_convert_and_benchmark_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with browser_page(tmp_path) as (page, page_errors):
        # --- log in: any path without a token lands on the login page
        log_in(page, system)
        expect(page.get_by_test_id("logout")).to_be_visible()

        # --- models: upload the ONNX file through the file input behind the drop zone
        page.get_by_test_id("nav-models").click()
        expect(page).to_have_url(re.compile(r"/models$"))
        page.get_by_test_id("upload-input").set_input_files(str(system.tiny_onnx_path))
        upload = page.get_by_test_id("upload-status")
        expect(upload).to_have_attribute("data-model-id", re.compile(r".+"))
        model_id = upload.get_attribute("data-model-id")

        conversion = page.get_by_test_id("conversion-progress")
        expect(conversion).to_have_attribute(
            "data-status", re.compile(r"^(succeeded|failed|cancelled)$"), timeout=CONVERSION_TIMEOUT_MS
        )
        if conversion.get_attribute("data-status") != "succeeded":
            pytest.fail(f"conversion did not succeed: {conversion.inner_text()}")

        row = page.locator(f'[data-testid="model-row"][data-model-id="{model_id}"]')
        status = row.get_by_test_id("model-status")
        expect(status).to_have_attribute("data-status", re.compile(r"^(ready|failed)$"), timeout=CONVERSION_TIMEOUT_MS)
        assert status.inner_text().strip() == "ready", row.inner_text()

        # --- model detail → create a project
        row.get_by_test_id("model-link").click()
        expect(page).to_have_url(re.compile(rf"/models/{re.escape(model_id)}$"))
        expect(page.get_by_test_id("inputs-table")).to_be_visible()
        expect(page.get_by_test_id("variants-table")).to_contain_text("FP32")
        page.get_by_test_id("create-project").click()
        expect(page.get_by_test_id("project-form")).to_be_visible()
        expect(page.get_by_test_id("project-model")).to_have_value(model_id)
        page.get_by_test_id("project-precision").select_option("FP32")

        # one click makes a random dataset and selects it
        page.get_by_test_id("create-random-dataset").click()
        expect(page.get_by_test_id("project-dataset")).not_to_have_value("")
        # the local agent must have announced itself with its devices
        expect(page.get_by_test_id("project-target")).not_to_have_value("", timeout=TARGET_TIMEOUT_MS)
        expect(page.get_by_test_id("project-device")).not_to_have_value("")
        expect(page.get_by_test_id("project-device")).to_have_value("CPU")

        submit = page.get_by_test_id("project-submit")
        expect(submit).to_be_enabled()
        submit.click()
        expect(page).to_have_url(re.compile(r"/projects/[^/?#]+$"))
        expect(page.get_by_test_id("project-breadcrumb")).to_contain_text("CPU")

        # --- a 2-second benchmark, followed live
        page.get_by_test_id("bench-duration").fill("2")
        page.get_by_test_id("bench-hint").select_option("THROUGHPUT")
        page.get_by_test_id("bench-submit").click()
        progress = page.get_by_test_id("benchmark-progress").first
        expect(progress).to_be_visible()
        expect(progress).to_have_attribute(
            "data-status", re.compile(r"^(succeeded|failed|cancelled)$"), timeout=BENCHMARK_TIMEOUT_MS
        )
        if progress.get_attribute("data-status") != "succeeded":
            pytest.fail(f"benchmark did not succeed: {progress.inner_text()}")
        expect(page.get_by_test_id("benchmark-row").first).to_be_visible()

        # --- the result page leads with the verdict, then the figures, chart and manifest
        page.get_by_test_id("open-result").click()
        expect(page).to_have_url(re.compile(r"/benchmarks/[^/?#]+$"))
        expect(page.get_by_test_id("verdict")).to_contain_text("FPS")
        throughput = page.get_by_test_id("throughput-value")
        expect(throughput).to_be_visible()
        fps = parse_number(throughput.inner_text())
        assert fps > 0, f"throughput shown as {throughput.inner_text()!r}"
        assert float(throughput.get_attribute("data-value") or "0") > 0
        assert parse_number(page.get_by_test_id("latency-median-value").inner_text()) > 0
        expect(page.get_by_test_id("latency-chart").locator("svg")).to_be_visible()
        expect(page.get_by_test_id("stability-block")).to_be_visible()
        expect(page.get_by_test_id("manifest-table")).to_be_visible()
        page.screenshot(path=str(tmp_path / "benchmark-result.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


FINISHED = re.compile(r"^(succeeded|failed|cancelled)$")
COUNT = re.compile(r"^[1-9]\d*$")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_live_chart_downloads_and_layer_profile_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)

        # --- targets: the local agent with its devices, and how to connect another machine
        page.get_by_test_id("nav-targets").click()
        local = page.locator('[data-testid="target-card"][data-target-id="local"]')
        expect(local).to_have_attribute("data-status", re.compile(r"^(online|busy)$"), timeout=TARGET_TIMEOUT_MS)
        expect(local.get_by_test_id("capability-chip").first).to_be_visible()
        expect(local.get_by_test_id("target-last-seen")).not_to_be_empty()
        command = page.get_by_test_id("agent-command")
        expect(command).to_contain_text(f"curl -fsSL {system.url}/agent/install.sh | sh -s -- --id edge-1 --no-enrol")
        page.get_by_test_id("agent-name").fill("edge-7")
        expect(command).to_contain_text("DLWB_AGENT_ID=edge-7 DLWB_AGENT_NATS_URL=nats://")
        expect(command).to_contain_text("DLWB_AGENT_NATS_PASSWORD=")
        expect(page.get_by_test_id("copy-agent-command")).to_be_enabled()
        page.get_by_test_id("create-join-token").click()
        expect(page.get_by_test_id("join-command")).to_contain_text(re.compile(  # the command of the API and CLI
            rf"curl -fsSL {re.escape(system.url)}/agent/install\.sh \| sh -s -- --join-token join_\S+ --id edge-7"))

        project_id = project_through_the_api(system)
        page.goto(f"{system.url}/projects/{project_id}")
        expect(page.get_by_test_id("project-breadcrumb")).to_contain_text("CPU")

        # --- the advanced settings: streams and threads only with hint NONE
        page.get_by_test_id("advanced-toggle").click()
        expect(page.get_by_test_id("bench-nstreams")).to_be_disabled()
        page.get_by_test_id("bench-hint").select_option("NONE")
        expect(page.get_by_test_id("bench-nstreams")).to_be_enabled()
        page.get_by_test_id("bench-hint").select_option("THROUGHPUT")
        expect(page.get_by_test_id("bench-batch")).to_be_visible()
        expect(page.get_by_test_id("bench-shapes-static")).to_contain_text("data_0")
        page.get_by_test_id("advanced-toggle").click()

        # --- a 3-second benchmark draws its live chart from the samples streamed while it runs
        page.get_by_test_id("bench-duration").fill("3")
        page.get_by_test_id("bench-submit").click()
        progress = page.get_by_test_id("benchmark-progress").first
        expect(progress).to_be_visible()
        live_chart = page.get_by_test_id("live-chart")
        expect(live_chart).to_have_attribute("data-samples", COUNT, timeout=BENCHMARK_TIMEOUT_MS)
        expect(live_chart.locator("svg").first).to_be_visible()
        expect(progress).to_have_attribute("data-status", FINISHED, timeout=BENCHMARK_TIMEOUT_MS)
        if progress.get_attribute("data-status") != "succeeded":
            pytest.fail(f"benchmark did not succeed: {progress.inner_text()}")
        # samples every 0.5 s: a 3-second run leaves several on the chart, which stays after the run
        assert int(live_chart.get_attribute("data-samples") or "0") >= 2
        assert parse_number(page.get_by_test_id("live-fps").inner_text()) > 0

        # --- its result: stability, and the downloads
        page.get_by_test_id("open-result").click()
        expect(page).to_have_url(re.compile(r"/benchmarks/[^/?#]+$"))
        benchmark_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        expect(page.get_by_test_id("stability-block")).to_be_visible()
        expect(page.get_by_test_id("stability-badge")).not_to_be_empty()
        with page.expect_download() as download_info:
            page.get_by_test_id("download-json").click()
        downloaded = json.loads(Path(download_info.value.path()).read_text())
        assert downloaded["id"] == benchmark_id
        assert downloaded["result"]["throughput_fps"] > 0
        with page.expect_download() as download_info:
            page.get_by_test_id("download-csv").click()
        assert download_info.value.suggested_filename.endswith(".csv")
        rows = Path(download_info.value.path()).read_text().splitlines()
        assert "Execution results" in rows
        results = dict(row.split(";", 1) for row in rows[rows.index("Execution results") + 1 :] if ";" in row)
        assert list(results) == [
            "read model time (ms)",
            "compile model time (ms)",
            "first inference time (ms)",
            "total execution time (ms)",
            "total number of iterations",
            "latency (ms)",
            "avg latency",
            "min latency",
            "max latency",
            "throughput",
        ]
        assert int(results["total number of iterations"]) == downloaded["result"]["count"]
        assert float(results["throughput"]) == pytest.approx(downloaded["result"]["throughput_fps"], abs=0.01)

        # --- a layer profile started from the project page
        page.goto(f"{system.url}/projects/{project_id}")
        page.get_by_test_id("profile-niter").fill("20")
        page.get_by_test_id("profile-layers-submit").click()
        profile_progress = page.get_by_test_id("profile-progress").first
        expect(profile_progress).to_have_attribute("data-status", FINISHED, timeout=BENCHMARK_TIMEOUT_MS)
        if profile_progress.get_attribute("data-status") != "succeeded":
            pytest.fail(f"layer profile did not succeed: {profile_progress.inner_text()}")
        expect(page.get_by_test_id("profile-row").first).to_be_visible()
        page.get_by_test_id("open-profile").click()
        expect(page).to_have_url(re.compile(r"/layer-profiles/profile_[^/?#]+$"))

        expect(page.get_by_test_id("layer-profile-verdict")).to_contain_text("of the time")
        # the mode shown (figure and header) is the API the run recorded in its manifest
        with system.client() as client:
            shown_profile = client.get(f"/api/v1/layer-profiles/{page.url.rsplit('/', 1)[-1]}").json()["profile"]
        recorded_api = shown_profile["manifest"]["api"]
        expect(page.get_by_test_id("profile-api-value")).to_have_text(recorded_api)
        expect(page.get_by_test_id("profile-context")).to_contain_text(f" · {recorded_api} · ")
        expect(page.get_by_test_id("profile-stop-reason")).to_have_text(shown_profile["stop_reason"])
        assert shown_profile["stop_reason"].startswith(f"{shown_profile['iterations']:,} inferences")
        expect(page.get_by_test_id("layer-type-table").locator("tbody tr").first).to_be_visible()
        expect(page.get_by_test_id("precision-table").locator("tbody tr").first).to_be_visible()
        table = page.get_by_test_id("layers-table")
        expect(table).to_have_attribute("data-rows", COUNT)
        expect(table.get_by_test_id("layer-row").first).to_be_visible()
        all_rows = int(table.get_attribute("data-rows") or "0")
        graph = page.get_by_test_id("runtime-graph")
        expect(graph).to_have_attribute("data-nodes", COUNT)
        expect(graph.get_by_test_id("graph-node").first).to_be_attached()
        assert graph.get_by_test_id("graph-node").count() == int(graph.get_attribute("data-nodes") or "0")

        # filters: a status filter and the text filter narrow the table; clearing restores it
        page.get_by_test_id("layers-filter-status").select_option("EXECUTED")
        expect(table).not_to_have_attribute("data-rows", str(all_rows))
        for status in table.locator('[data-testid="layer-row"] td:nth-child(6)').all_inner_texts():
            assert status.strip() == "executed"
        page.get_by_test_id("layers-filter-clear").click()
        expect(table).to_have_attribute("data-rows", str(all_rows))

        # selection: a table row highlights its graph node, clicking the node again clears both
        name = page.evaluate(
            """() => {
                const nodes = new Set([...document.querySelectorAll('[data-testid="graph-node"]')]
                    .map((n) => n.getAttribute('data-node-name')));
                return [...document.querySelectorAll('[data-testid="layer-row"]')]
                    .map((r) => r.getAttribute('data-layer-name')).find((n) => nodes.has(n)) ?? null;
            }"""
        )
        assert name, "no layer of the table is a node of the runtime graph"
        row = table.locator(f'[data-testid="layer-row"][data-layer-name="{name}"]')
        node = graph.locator(f'[data-testid="graph-node"][data-node-name="{name}"]')
        row.click()
        expect(row).to_have_attribute("data-selected", "true")
        expect(node).to_have_attribute("data-selected", "true")
        expect(page.get_by_test_id("graph-selection")).to_contain_text(name)
        node.click()  # the graph brought the selected node into view
        expect(node).not_to_have_attribute("data-selected", "true")
        expect(row).not_to_have_attribute("data-selected", "true")
        node.click()
        expect(row).to_have_attribute("data-selected", "true")

        page.get_by_test_id("graph-color-precision").click()
        expect(page.get_by_test_id("graph-legend")).to_contain_text(re.compile(r"FP32|BF16|FP16"))
        page.screenshot(path=str(tmp_path / "layer-profile.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


def cell(page: Any, batch: int, streams: int) -> Any:
    return page.locator(f'[data-testid="sweep-cell"][data-batch="{batch}"][data-streams="{streams}"]')


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_sweep_grid_and_latency_limit_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    project_id = project_through_the_api(system)
    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.goto(f"{system.url}/projects/{project_id}")
        expect(page.get_by_test_id("sweep-grid")).to_be_visible()

        # --- pick batch 1, 2 × streams 1, 2 by clicking the (2, 2) cell; 0.5 s per point
        cell(page, 2, 2).click()
        for batch, streams in ((1, 1), (1, 2), (2, 1), (2, 2)):
            expect(cell(page, batch, streams)).to_have_attribute("data-selected", "true")
        expect(cell(page, 4, 1)).to_have_attribute("data-selected", "false")
        expect(cell(page, 1, 3)).to_have_attribute("data-selected", "false")
        page.get_by_test_id("sweep-duration").fill("0.5")
        estimate = page.get_by_test_id("sweep-estimate")
        expect(estimate).to_have_attribute("data-points", "4")
        expect(estimate).to_have_attribute("data-seconds", "8")  # 4 × (0.5 s + 1.5 s)
        expect(page.get_by_test_id("sweep-submit")).to_contain_text("4 points")

        # --- run it: live progress, then every point stored
        page.get_by_test_id("sweep-submit").click()
        progress = page.get_by_test_id("sweep-progress").first
        expect(progress).to_be_visible()
        expect(progress).to_have_attribute("data-status", FINISHED, timeout=BENCHMARK_TIMEOUT_MS)
        if progress.get_attribute("data-status") != "succeeded":
            pytest.fail(f"sweep did not succeed: {progress.inner_text()}")
        live = page.get_by_test_id("live-sweep").first
        expect(live).to_have_attribute("data-points-done", "4")
        sweep_id = live.get_attribute("data-sweep-id")
        assert sweep_id and sweep_id.startswith("sweep_"), sweep_id
        expect(page.locator(f'[data-testid="sweep-row"][data-sweep-id="{sweep_id}"]')).to_be_visible()

        # --- the result page: verdict first, chart, heatmap, points table with one sweet spot
        page.get_by_test_id("open-sweep").first.click()
        expect(page).to_have_url(re.compile(rf"/sweeps/{re.escape(sweep_id)}$"))
        expect(page.get_by_test_id("sweep-verdict")).to_contain_text("Best")
        table = page.get_by_test_id("sweep-points-table")
        rows = table.get_by_test_id("sweep-point-row")
        expect(rows).to_have_count(4)
        expect(table.locator('[data-testid="sweep-point-row"][data-status="done"]')).to_have_count(4)
        sweet = table.locator('[data-testid="sweep-point-row"][data-sweet-spot="true"]')
        expect(sweet).to_have_count(1)
        chart = page.get_by_test_id("sweep-chart")
        expect(chart).to_have_attribute("data-points", "4")
        expect(chart.locator("svg").first).to_be_visible()
        expect(page.get_by_test_id("sweep-heatmap").locator("svg").first).to_be_visible()
        with page.expect_download() as download_info:
            page.get_by_test_id("download-sweep-csv").click()
        lines = Path(download_info.value.path()).read_text().strip().splitlines()
        assert lines[0].startswith("index,batch,nstreams,nireq,status,throughput_fps"), lines[0]
        assert len(lines) == 5, lines

        # --- a latency limit at the lowest median latency: the server re-judges the sweet spot
        medians = [float(v) for v in rows.evaluate_all("rs => rs.map((r) => r.getAttribute('data-latency-median'))")]
        limit = math.ceil(min(medians) * 100) / 100
        limit_text = f"{limit:g}"  # how JavaScript prints the number: 2 not 2.0
        page.get_by_test_id("sweep-latency-limit").fill(limit_text)
        expect(table).to_have_attribute("data-limit", limit_text)
        expect(chart).to_have_attribute("data-limit", limit_text)
        expect(page.get_by_test_id("sweep-verdict")).to_contain_text(f"under {limit:g} ms")
        expect(sweet).to_have_count(1)
        assert float(sweet.get_attribute("data-latency-median") or "inf") <= limit
        assert sweet.get_attribute("data-within-limit") == "true"
        page.screenshot(path=str(tmp_path / "sweep.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


NUMBER = re.compile(r"^\d")


def ratio_of(page: Any, kind: str) -> Any:
    return page.locator(f'[data-testid="compare-ratio"][data-kind="{kind}"]')


def benchmark_from_the_project_page(page: Any, seconds: str = "1") -> None:
    """Start a benchmark on the open project page and wait for it (the newest live panel is the first)."""
    from playwright.sync_api import expect

    page.get_by_test_id("bench-duration").fill(seconds)
    page.get_by_test_id("bench-submit").click()
    progress = page.get_by_test_id("benchmark-progress").first
    expect(progress).to_have_attribute("data-status", FINISHED, timeout=BENCHMARK_TIMEOUT_MS)
    if progress.get_attribute("data-status") != "succeeded":
        pytest.fail(f"benchmark did not succeed: {progress.inner_text()}")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_compare_runs_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    fp32, fp16 = projects_through_the_api(system, ("FP32", "FP16"))
    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)

        # --- two benchmarks of one project, ticked in its history and compared
        page.goto(f"{system.url}/projects/{fp32}")
        benchmark_from_the_project_page(page)
        benchmark_from_the_project_page(page)
        history = page.get_by_test_id("benchmark-history")
        expect(history.get_by_test_id("benchmark-row")).to_have_count(2)
        boxes = history.get_by_test_id("compare-select")
        expect(boxes.nth(1)).to_be_enabled()
        boxes.nth(0).check()
        expect(page.get_by_test_id("compare-submit")).to_be_disabled()
        boxes.nth(1).check()
        expect(page.get_by_test_id("compare-submit")).to_be_enabled()
        page.get_by_test_id("compare-submit").click()
        expect(page).to_have_url(re.compile(r"/compare\?a=benchmark_\w+&b=benchmark_\w+$"))
        expect(page.get_by_test_id("compare-verdict")).to_contain_text("the throughput of A")
        ratio = ratio_of(page, "throughput")
        expect(ratio).to_have_attribute("data-value", NUMBER)
        assert float(ratio.get_attribute("data-value") or "0") > 0
        expect(ratio_of(page, "latency")).to_contain_text("×")

        # --- across projects: an FP16 benchmark compared with an FP32 one through "Compare with…"
        page.goto(f"{system.url}/projects/{fp16}")
        benchmark_from_the_project_page(page)
        page.get_by_test_id("open-result").first.click()
        expect(page).to_have_url(re.compile(r"/benchmarks/benchmark_\w+$"))
        fp16_benchmark = page.url.rstrip("/").rsplit("/", 1)[-1]
        page.get_by_test_id("compare-with").click()
        candidates = page.locator(f'[data-testid="compare-candidate"][data-project-id="{fp32}"]')
        expect(candidates).to_have_count(2)
        candidates.first.get_by_test_id("compare-pick").click()
        expect(page).to_have_url(re.compile(rf"/compare\?a={fp16_benchmark}&b=benchmark_\w+$"))
        expect(page.get_by_test_id("compare-card-a")).to_have_attribute("data-run-id", fp16_benchmark)
        verdict = page.get_by_test_id("compare-verdict")
        expect(verdict).to_contain_text("FP32")
        expect(verdict).to_contain_text("FP16")
        expect(ratio_of(page, "throughput")).to_have_attribute("data-value", NUMBER)

        # --- two layer profiles (made through the API), picked on the compare page
        with system.client() as client:
            for project in (fp32, fp16):
                created = client.post(f"/api/v1/projects/{project}/layer-profiles", json={"niter": 20})
                assert created.status_code == 202, created.text
                done = follow_job(client, created.json()["job"]["id"])
                assert done["status"] == "succeeded", done
        page.goto(f"{system.url}/compare")
        page.get_by_test_id("compare-kind-profile").click()
        for project in (fp32, fp16):  # A, then B
            page.locator(f'[data-testid="compare-candidate"][data-project-id="{project}"]').get_by_test_id(
                "compare-pick"
            ).click()
        expect(page).to_have_url(re.compile(r"/compare\?a=profile_\w+&b=profile_\w+$"))
        expect(page.get_by_test_id("compare-verdict")).to_contain_text("per inference in layers")
        expect(ratio_of(page, "layer-time")).to_have_attribute("data-value", NUMBER)
        expect(page.get_by_test_id("compare-type-chart").locator("svg").first).to_be_visible()
        table = page.get_by_test_id("compare-layers-table")
        expect(table).to_have_attribute("data-rows", COUNT)
        deltas = [
            abs(float(v))
            for v in table.get_by_test_id("compare-layer-row").evaluate_all(
                "rs => rs.map((r) => r.getAttribute('data-delta'))"
            )
        ]
        threshold = sorted(deltas)[len(deltas) // 2]  # the median |Δ|: hides about half
        page.get_by_test_id("compare-threshold").fill(repr(threshold))
        expect(table).to_have_attribute("data-rows", str(sum(1 for d in deltas if d >= threshold)))
        page.screenshot(path=str(tmp_path / "compare-profiles.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_model_analysis_task_and_rename_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with system.client() as client:
        model_id = upload_through_the_api(client, system)["id"]

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.goto(f"{system.url}/models/{model_id}")
        expect(page.get_by_test_id("model-status")).to_have_attribute("data-status", "ready")

        # --- analysis: one sentence, then the operation counts (lazy echarts chunk)
        expect(page.get_by_test_id("model-analysis")).to_be_visible()
        expect(page.get_by_test_id("analysis-summary")).to_contain_text("parameters")
        expect(page.get_by_test_id("ops-chart").locator("svg")).to_be_visible()

        # --- task: saved on change, still there after a reload
        page.get_by_test_id("task-select").select_option(label="Object detection")
        expect(page.get_by_test_id("model-task")).to_have_attribute("data-task", "object_detection")
        page.reload()
        expect(page.get_by_test_id("task-select")).to_have_value("object_detection")
        expect(page.get_by_test_id("model-task")).to_have_attribute("data-task", "object_detection")

        # --- inline rename
        page.get_by_test_id("model-name-edit").click()
        page.get_by_test_id("model-name-input").fill("renamed in the browser")
        page.get_by_test_id("model-name-save").click()
        expect(page.get_by_test_id("model-name")).to_have_text("renamed in the browser")

        assert not page_errors, page_errors


def dispatch_click(locator: Any) -> None:
    """Click an SVG node wherever the pan/zoom put it (it may lie outside the graph's viewport)."""
    locator.dispatch_event("click")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_upload_with_settings_graph_lineage_and_derive_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.get_by_test_id("nav-models").click()

        # --- the conversion settings: FP16 only, then the resumable upload of the ONNX file
        page.get_by_test_id("conversion-settings-toggle").click()
        settings = page.get_by_test_id("upload-settings")
        settings.locator('[data-testid="conv-precision"][data-precision="FP32"]').uncheck()
        expect(settings.locator('[data-testid="conv-precision"][data-precision="FP16"]')).to_be_checked()
        # a shape without an input name is refused before anything is sent
        settings.get_by_test_id("conv-shape").fill("1,3,?,100..300")
        expect(settings.get_by_test_id("conv-input-name")).to_have_attribute("aria-invalid", "true")
        settings.get_by_test_id("conv-shape").fill("")
        page.get_by_test_id("conversion-settings-toggle").click()
        expect(page.get_by_test_id("conversion-summary")).to_contain_text("FP16 only")
        page.get_by_test_id("upload-name").fill("browser fp16")

        # the first chunk is lost on the way: the page reads the server's offset and sends it again
        seen: list[str] = []

        def break_first_chunk(route: Any) -> None:
            request = route.request
            seen.append(f"{request.method} @{request.headers.get('upload-offset', '')}")
            if request.method == "PATCH" and len(seen) == 1:
                route.abort("connectionreset")
            else:
                route.continue_()

        page.route("**/api/v1/uploads/*", break_first_chunk)
        page.get_by_test_id("upload-input").set_input_files(str(system.tiny_onnx_path))

        upload = page.get_by_test_id("upload-status")
        expect(upload).to_have_attribute("data-model-id", re.compile(r".+"), timeout=CONVERSION_TIMEOUT_MS)
        model_id = upload.get_attribute("data-model-id")
        page.unroute("**/api/v1/uploads/*")
        assert seen == ["PATCH @0", "GET @", "PATCH @0"], seen
        conversion = page.get_by_test_id("conversion-progress")
        expect(conversion).to_have_attribute("data-status", FINISHED, timeout=CONVERSION_TIMEOUT_MS)
        if conversion.get_attribute("data-status") != "succeeded":
            pytest.fail(f"conversion did not succeed: {conversion.inner_text()}")

        # --- the model page: exactly one IR variant, FP16; an uploaded model without relatives
        page.goto(f"{system.url}/models/{model_id}")
        expect(page.get_by_test_id("model-status")).to_have_attribute("data-status", "ready")
        expect(page.get_by_test_id("model-name")).to_have_text("browser fp16")
        variants = page.get_by_test_id("variant-row")
        expect(variants).to_have_count(1)
        expect(variants.first).to_have_attribute("data-precision", "FP16")
        expect(page.get_by_test_id("conversion-settings-summary")).to_contain_text("FP16 only")
        lineage = page.get_by_test_id("lineage")
        expect(lineage.get_by_test_id("lineage-self")).to_have_attribute("data-model-id", model_id or "")
        expect(lineage.get_by_test_id("lineage-self")).to_have_attribute("data-origin", "upload")
        expect(lineage.get_by_test_id("lineage-ancestor")).to_have_count(0)
        expect(lineage.get_by_test_id("lineage-no-descendants")).to_be_visible()

        # --- the graph tab: the IR drawn (only FP16 exists), nodes coloured by type, details on click
        page.get_by_test_id("tab-graph").click()
        expect(page).to_have_url(re.compile(r"\?tab=graph$"))
        graph = page.get_by_test_id("model-graph")
        expect(graph).to_have_attribute("data-precision", "FP16")
        expect(graph).to_have_attribute("data-nodes", COUNT)
        drawn = int(graph.get_attribute("data-nodes") or "0")
        assert drawn >= 20, f"only {drawn} nodes drawn"
        assert graph.get_attribute("data-hidden-nodes") == "0"
        assert int(graph.get_attribute("data-edges") or "0") >= drawn - 1
        nodes = graph.locator("svg [data-testid='model-graph-node']")
        expect(nodes).to_have_count(drawn)
        convolutions = graph.locator('[data-testid="model-graph-node"][data-type="Convolution"]')
        expect(convolutions).to_have_count(26)
        expect(page.get_by_test_id("graph-legend")).to_contain_text("convolution 26")
        dispatch_click(convolutions.first)
        expect(convolutions.first).to_have_attribute("data-selected", "true")
        expect(page.get_by_test_id("graph-node-details")).to_contain_text("Convolution")
        expect(page.get_by_test_id("graph-node-details")).to_contain_text("strides")

        # --- the raw IR "for Netron", fetched with the token
        with page.expect_download() as download_info:
            page.get_by_test_id("download-xml").click()
        assert download_info.value.suggested_filename.endswith("FP16.xml"), download_info.value.suggested_filename
        xml = Path(download_info.value.path()).read_text()
        assert "<net " in xml and 'type="Convolution"' in xml
        with page.expect_download() as download_info:
            page.get_by_test_id("download-bin").click()
        assert download_info.value.suggested_filename.endswith("FP16.bin")
        assert Path(download_info.value.path()).stat().st_size > 100_000

        # --- derive a child with batch 2: the page of the child opens, its lineage links the parent
        page.get_by_test_id("tab-convert").click()
        derive = page.get_by_test_id("derive-form")
        data_input = derive.locator('[data-testid="conv-input"][data-input="data_0"]')
        expect(data_input).to_be_visible()
        data_input.get_by_test_id("conv-shape").fill("2,3,224,224")
        derive.get_by_test_id("derive-name").fill("batch 2")
        derive.get_by_test_id("derive-submit").click()
        expect(page).not_to_have_url(re.compile(rf"/models/{re.escape(model_id or '')}(\?.*)?$"))
        expect(page).to_have_url(re.compile(r"/models/[^/?#]+$"))
        child_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        expect(page.get_by_test_id("model-name")).to_have_text("batch 2")
        expect(page.get_by_test_id("model-origin")).to_have_attribute("data-origin", "derived")
        parent = page.get_by_test_id("lineage").get_by_test_id("lineage-ancestor")
        expect(parent).to_have_count(1)
        expect(parent).to_have_attribute("data-model-id", model_id or "")
        expect(page.get_by_test_id("lineage-self")).to_have_attribute("data-parent-id", model_id or "")
        expect(page.get_by_test_id("model-status")).to_have_attribute(
            "data-status", re.compile(r"^(ready|failed)$"), timeout=CONVERSION_TIMEOUT_MS
        )
        if page.get_by_test_id("model-status").get_attribute("data-status") != "ready":
            pytest.fail(f"the derived model did not convert: {page.get_by_test_id('conversion-progress').inner_text()}")
        expect(page.get_by_test_id("inputs-table")).to_contain_text("[2, 3, 224, 224]")

        # --- back to the parent through the lineage link: the child is listed under it
        parent.get_by_test_id("lineage-link").click()
        expect(page).to_have_url(re.compile(rf"/models/{re.escape(model_id or '')}$"))
        descendants = page.get_by_test_id("lineage").get_by_test_id("lineage-descendant")
        child = descendants.and_(page.locator(f'[data-model-id="{child_id}"]'))
        expect(child).to_be_visible()
        expect(child).to_have_attribute("data-origin", "derived")
        expect(child).to_contain_text("batch 2")
        page.screenshot(path=str(tmp_path / "model-lineage.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


def omz_import(page: Any, name: str) -> Any:
    """The import panel's entry of the catalog model ``name`` (the newest first)."""
    return page.locator(f'[data-testid="omz-import-item"][data-omz-name="{name}"]').first


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_open_model_zoo_search_and_import_in_the_browser(system, tmp_path: Path) -> None:
    """Against the test mirror's catalog (tests/omz_mirror.py): an IR and an ONNX SqueezeNet, a model whose
    file is corrupt and one whose file is missing from the mirror."""
    from playwright.sync_api import expect

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.get_by_test_id("nav-omz").click()
        expect(page).to_have_url(re.compile(r"/omz$"))

        # --- the whole catalog, then narrowed by words and by task
        table = page.get_by_test_id("omz-table")
        expect(table).to_have_attribute("data-query", "")
        expect(table).to_have_attribute("data-rows", COUNT)
        everything = int(table.get_attribute("data-rows") or "0")
        expect(page.get_by_test_id("omz-mirror")).to_contain_text("http://127.0.0.1")
        rows = table.get_by_test_id("omz-row")
        page.get_by_test_id("omz-search").fill("squeezenet")
        expect(table).to_have_attribute("data-query", "squeezenet")
        expect(rows).to_have_count(2)
        assert everything > 2
        assert all("squeezenet" in n for n in rows.evaluate_all("rs => rs.map((r) => r.getAttribute('data-name'))"))
        page.get_by_test_id("omz-search").fill("")
        page.get_by_test_id("omz-task").select_option("object_detection")
        expect(table).to_have_attribute("data-task", "object_detection")
        tasks = rows.evaluate_all("rs => rs.map((r) => r.getAttribute('data-task'))")
        assert tasks and set(tasks) == {"object_detection"}, tasks
        page.get_by_test_id("omz-task").select_option("")
        expect(table).to_have_attribute("data-rows", str(everything))

        # --- a model whose file the mirror does not have: the job fails, and the page says why
        missing = table.locator('[data-testid="omz-row"][data-name="missing-model"]')
        expect(missing.get_by_test_id("omz-precision")).to_have_count(0)  # not an IR: nothing to choose
        missing.get_by_test_id("omz-import").click()
        failed = omz_import(page, "missing-model")
        progress = failed.get_by_test_id("omz-import-progress")
        expect(progress).to_have_attribute("data-job-id", re.compile(r".+"))
        expect(progress).to_have_attribute("data-status", FINISHED, timeout=CONVERSION_TIMEOUT_MS)
        assert progress.get_attribute("data-status") == "failed", progress.inner_text()
        expect(failed.get_by_test_id("job-error").get_by_test_id("error-code")).to_have_text("omz.download_failed")
        expect(failed.get_by_test_id("omz-download-hint")).to_contain_text("DLWB_OMZ_MIRROR_URL")
        failed_id = failed.get_attribute("data-model-id")

        # --- one precision of an IR model: downloaded, converted, linked
        ir = table.locator('[data-testid="omz-row"][data-name="squeezenet-ir"]')
        expect(ir).to_contain_text("OpenVINO IR")
        expect(ir.get_by_test_id("omz-precision")).to_have_value("FP32")
        ir.get_by_test_id("omz-precision").select_option("FP16")
        ir.get_by_test_id("omz-import").click()
        imported = omz_import(page, "squeezenet-ir")
        model_id = imported.get_attribute("data-model-id")
        progress = imported.get_by_test_id("omz-import-progress")
        expect(progress).to_have_attribute("data-status", FINISHED, timeout=CONVERSION_TIMEOUT_MS)
        if progress.get_attribute("data-status") != "succeeded":
            pytest.fail(f"the import did not succeed: {progress.inner_text()}")
        imported.get_by_test_id("omz-open-model").click()
        expect(page).to_have_url(re.compile(rf"/models/{re.escape(model_id or '')}$"))
        expect(page.get_by_test_id("model-status")).to_have_attribute("data-status", "ready")
        expect(page.get_by_test_id("model-origin")).to_have_attribute("data-origin", "omz")
        expect(page.get_by_test_id("lineage-self")).to_have_attribute("data-origin", "omz")
        expect(page.get_by_test_id("variant-row").first).to_be_visible()

        # --- the failed one on its model page: from the zoo, failed, with the same error
        page.goto(f"{system.url}/models/{failed_id}")
        expect(page.get_by_test_id("model-status")).to_have_attribute("data-status", "failed")
        expect(page.get_by_test_id("model-origin")).to_have_attribute("data-origin", "omz")
        expect(page.get_by_test_id("job-error").get_by_test_id("error-code")).to_have_text("omz.download_failed")
        page.screenshot(path=str(tmp_path / "omz-failed-model.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


CALIBRATION_TIMEOUT_MS = 300_000


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_int8_calibration_in_the_browser(system, tmp_path: Path) -> None:
    """Optimize to INT8 from the project page (advanced: a 4-sample subset, 1-second comparison), follow
    it live, read its report page (verdict, figures, precision chart, links, log), open the INT8 child
    through its link; then accuracy-aware on a dataset without annotations is refused with the API's error."""
    from playwright.sync_api import expect

    with system.client() as client:
        model_id = upload_through_the_api(client, system)["id"]
        dataset = client.post("/api/v1/datasets", json={"name": "browser-calibration", "count": 8})
        assert dataset.status_code == 201, dataset.text
        created = client.post(
            "/api/v1/projects",
            json={
                "name": "browser calibration",
                "model_id": model_id,
                "precision": "FP32",
                "dataset_id": dataset.json()["id"],
                "target_id": "local",
                "device": "CPU",
            },
        )
        assert created.status_code == 201, created.text
        project_id = created.json()["id"]

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.goto(f"{system.url}/projects/{project_id}")
        panel = page.get_by_test_id("calibration-panel")
        expect(panel.get_by_test_id("calibrate-submit")).to_have_text("Optimize to INT8")
        expect(panel).to_contain_text("No calibration yet.")

        # --- the advanced section: default quantization, a 4-sample subset, compared for 1 s
        panel.get_by_test_id("calibration-advanced-toggle").click()
        advanced = panel.get_by_test_id("calibration-advanced")
        expect(advanced.locator('[data-testid="calib-method"][data-method="default"]')).to_be_checked()
        expect(advanced.get_by_test_id("calib-preset")).to_have_value("performance")
        expect(advanced.get_by_test_id("calib-compare")).to_be_checked()
        advanced.get_by_test_id("calib-subset-kind").select_option("size")
        advanced.get_by_test_id("calib-subset").fill("4")
        advanced.get_by_test_id("calib-compare-seconds").fill("1")
        panel.get_by_test_id("calibration-advanced-toggle").click()
        summary = panel.get_by_test_id("calibration-summary")
        expect(summary).to_contain_text("4 samples")
        expect(summary).to_contain_text("compare 1 s")

        # --- started: live progress with a Cancel button, and a link to its page
        panel.get_by_test_id("calibrate-submit").click()
        live = panel.get_by_test_id("live-calibration").first
        expect(live).to_have_attribute("data-calibration-id", re.compile(r".+"))
        calibration_id = live.get_attribute("data-calibration-id") or ""
        progress = live.get_by_test_id("calibration-progress")
        expect(progress).to_have_attribute("data-job-id", calibration_id)
        expect(progress.get_by_test_id("job-cancel")).to_be_visible()
        live.get_by_test_id("open-calibration").click()
        expect(page).to_have_url(re.compile(rf"/calibrations/{re.escape(calibration_id)}$"))

        # --- its page follows the job to the end, then leads with the verdict
        status = page.get_by_test_id("calibration-status")
        expect(status).to_have_attribute("data-status", FINISHED, timeout=CALIBRATION_TIMEOUT_MS)
        if status.get_attribute("data-status") != "succeeded":
            pytest.fail(f"the calibration did not succeed: {page.get_by_test_id('calibration-verdict').inner_text()}")
        verdict = page.get_by_test_id("calibration-verdict")
        expect(verdict).to_have_text(re.compile(r"^INT8:"))
        expect(page.get_by_test_id("calibration-running")).to_have_count(0)
        throughput = page.get_by_test_id("calibration-figure-throughput")
        expect(throughput).to_have_attribute("data-value", NUMBER)
        assert float(throughput.get_attribute("data-value") or "0") > 0
        expect(page.get_by_test_id("calibration-figure-throughput-value")).to_contain_text("×")
        expect(page.get_by_test_id("calibration-figure-size-value")).to_contain_text("%")
        expect(page.get_by_test_id("calibration-figure-samples-value")).to_have_text("4")
        chart = page.get_by_test_id("calibration-precision-chart")
        expect(chart).to_have_attribute("data-points", COUNT)
        assert int(chart.get_attribute("data-points") or "0") >= 1
        expect(chart.locator("svg").first).to_be_visible()
        expect(page.get_by_test_id("calibration-float-layers")).to_be_attached()
        expect(page.get_by_test_id("calibration-advice")).to_be_visible()

        # the log, folded until asked for
        page.get_by_test_id("calibration-log-toggle").click()
        expect(page.get_by_test_id("calibration-log")).to_contain_text("NNCF:")
        page.screenshot(path=str(tmp_path / "calibration.png"), full_page=True)

        # the Compare page for the two benchmarks, parent (A) against child (B)
        compare = page.get_by_test_id("calibration-compare-benchmarks")
        expect(compare).to_have_attribute("href", re.compile(r"^/compare\?a=benchmark_\w+&b=benchmark_\w+$"))
        expect(page.get_by_test_id("calibration-compare-profiles")).to_have_attribute(
            "href", re.compile(r"^/compare\?a=profile_\w+&b=profile_\w+$")
        )
        compare.click()
        expect(page.get_by_test_id("compare-verdict")).to_contain_text("the throughput of A")
        page.go_back()
        expect(page).to_have_url(re.compile(rf"/calibrations/{re.escape(calibration_id)}$"))

        # --- the INT8 child: its model page, whose lineage leads back to the parent
        expect(page.get_by_test_id("calibration-child-project")).to_have_attribute("href", re.compile(r"^/projects/.+"))
        page.get_by_test_id("calibration-child-model").click()
        expect(page).to_have_url(re.compile(r"/models/[^/?#]+$"))
        assert not page.url.endswith(f"/models/{model_id}")
        expect(page.get_by_test_id("model-origin")).to_have_attribute("data-origin", "int8")
        expect(page.get_by_test_id("model-weights")).to_have_text("INT8 from FP32")  # not tagged FP32/FP16
        expect(page.get_by_test_id("variant-label")).to_have_text(["INT8", "INT8-FP16"])
        parent = page.get_by_test_id("lineage").get_by_test_id("lineage-ancestor")
        expect(parent).to_have_count(1)
        expect(parent).to_have_attribute("data-model-id", model_id)
        page.screenshot(path=str(tmp_path / "calibration-child.png"), full_page=True)

        # --- back on the project: listed; accuracy-aware is refused, with the API's code and message
        page.goto(f"{system.url}/projects/{project_id}")
        row = page.locator(f'[data-testid="calibration-row"][data-calibration-id="{calibration_id}"]')
        expect(row).to_have_attribute("data-status", "succeeded")
        expect(row.get_by_test_id("calibration-outcome")).to_contain_text("throughput")
        panel.get_by_test_id("calibration-advanced-toggle").click()
        advanced.locator('[data-testid="calib-method"][data-method="accuracy_aware"]').check()
        expect(advanced.get_by_test_id("calib-accuracy-note")).to_contain_text("annotations")
        panel.get_by_test_id("calibrate-submit").click()
        error = panel.get_by_test_id("calibration-error")
        expect(error.get_by_test_id("error-code")).to_have_text("calibration.needs_annotations")
        expect(error.get_by_test_id("error-message")).to_contain_text("annotations")
        expect(page.get_by_test_id("calibration-row")).to_have_count(1)
        page.screenshot(path=str(tmp_path / "calibration-refused.png"), full_page=True)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


FASHION_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "fashion_mnist"
ACCURACY_TIMEOUT_MS = 180_000


def upload_model_file(client: Any, path: Path) -> dict[str, Any]:
    """Upload one model file and follow its conversion to the end; returns the uploaded model."""
    with open(path, "rb") as handle:
        uploaded = client.post("/api/v1/models", params={"filename": path.name}, content=handle,
                               headers={"content-type": "application/octet-stream"})
    assert uploaded.status_code == 202, uploaded.text
    conversion = follow_job(client, uploaded.json()["conversion_job_id"])
    assert conversion["status"] == "succeeded", conversion
    return dict(uploaded.json())


def cpu_project(client: Any, name: str, model_id: str, dataset_id: str) -> str:
    created = client.post("/api/v1/projects", json={"name": name, "model_id": model_id, "precision": "FP32",
                                                    "dataset_id": dataset_id, "target_id": "local", "device": "CPU"})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_dataset_import_accuracy_and_single_image_in_the_browser(system, tmp_path: Path) -> None:
    """Import the Fashion-MNIST archive on the Datasets page (file chooser): verdict, histogram, a sample
    with its label; measure the CNN's accuracy from its project page (scale 255 saved in the form), read
    the run page (verdict, per-image table filtered to the wrong ones, confusion matrix); test one PNG of
    the archive on the model page (top-5 bars with class names). A project on random inputs is told why
    accuracy needs annotations, and the API's refusal is shown."""
    import tarfile

    from playwright.sync_api import expect

    archive = FASHION_DIR / "fashion_500.tar.gz"
    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)

        # --- the Datasets page: the archive through the file chooser, uploaded, recognised, checked
        page.get_by_test_id("nav-datasets").click()
        expect(page).to_have_url(re.compile(r"/datasets$"))
        page.get_by_test_id("dataset-import-name").fill("fashion in the browser")
        with page.expect_file_chooser() as chooser:
            page.get_by_test_id("dataset-dropzone").click()
        chooser.value.set_files(str(archive))
        status = page.get_by_test_id("dataset-upload-status")
        expect(status).to_have_attribute("data-phase", re.compile(r"^(done|error)$"), timeout=TARGET_TIMEOUT_MS)
        if status.get_attribute("data-phase") != "done":
            pytest.fail(f"the import failed: {status.inner_text()}")
        dataset_id = status.get_attribute("data-dataset-id") or ""
        expect(page.get_by_test_id("dataset-import-verdict")).to_contain_text("500 images")
        row = page.locator(f'[data-testid="dataset-row"][data-dataset-id="{dataset_id}"]')
        expect(row).to_have_attribute("data-kind", "imported")
        expect(row).to_have_attribute("data-task", "classification")

        # --- its page: the verdict first, ten classes in the histogram, samples with their labels
        page.get_by_test_id("dataset-import-open").click()
        expect(page).to_have_url(re.compile(rf"/datasets/{re.escape(dataset_id)}$"))
        expect(page.get_by_test_id("dataset-verdict")).to_contain_text("500 images")
        histogram = page.get_by_test_id("dataset-histogram")
        expect(histogram).to_have_attribute("data-points", "10")
        expect(histogram).to_have_attribute("data-total", "500")
        expect(histogram.locator("svg").first).to_be_visible()
        grid = page.get_by_test_id("samples-grid")
        expect(grid.get_by_test_id("sample-thumb").first).to_be_visible()
        expect(grid.locator("img").first).to_be_visible()  # a thumbnail fetched with the token
        grid.locator('[data-testid="sample-thumb"][data-index="0"]').click()
        viewer = page.get_by_test_id("sample-viewer")
        expect(viewer.get_by_test_id("sample-label")).to_have_text("Ankle boot")  # test image 0 is class 9
        expect(viewer.get_by_test_id("annotated-img")).to_be_visible()
        viewer.get_by_test_id("sample-next").click()
        expect(viewer.get_by_test_id("sample-label")).to_have_text("Pullover")  # image 1 is class 2
        page.keyboard.press("Escape")
        expect(viewer).to_have_count(0)
        page.get_by_test_id("samples-class").select_option("8")  # Bag
        expect(page.get_by_test_id("samples-page")).to_have_attribute("data-page", "1")
        expect(grid.locator('[data-testid="sample-thumb"]:not([data-label="8"])')).to_have_count(0)
        expect(grid.locator('[data-testid="sample-thumb"][data-label="8"]').first).to_be_visible()
        page.screenshot(path=str(tmp_path / "dataset.png"), full_page=True)

        # --- the CNN and its project on that dataset, through the API
        with system.client() as client:
            model_id = str(upload_model_file(client, FASHION_DIR / "fashion_cnn.onnx")["id"])
            project_id = cpu_project(client, "fashion accuracy", model_id, dataset_id)
            random = client.post("/api/v1/datasets", json={"name": "browser-noise", "count": 4})
            assert random.status_code == 201, random.text
            noise_project_id = cpu_project(client, "fashion on noise", model_id, random.json()["id"])

        # --- the project page: pre-processing scale 255 saved, then measured live
        page.goto(f"{system.url}/projects/{project_id}")
        panel = page.get_by_test_id("accuracy-panel")
        expect(panel).to_contain_text("No accuracy run yet.")
        scale = panel.get_by_test_id("accuracy-scale")
        expect(scale).to_have_value("")
        scale.fill("255")
        expect(panel.get_by_test_id("accuracy-save-state")).to_have_attribute("data-state", "unsaved")
        panel.get_by_test_id("accuracy-save").click()
        expect(panel.get_by_test_id("accuracy-save-state")).to_have_attribute("data-state", "saved")
        with system.client() as client:
            saved = client.get(f"/api/v1/projects/{project_id}/accuracy-config").json()
        assert saved["preprocessing"]["scale"] == [255.0], saved
        expect(panel.get_by_test_id("accuracy-needs-annotations")).to_have_count(0)
        panel.get_by_test_id("accuracy-measure").click()
        live = panel.get_by_test_id("live-accuracy").first
        progress = live.get_by_test_id("accuracy-progress")
        expect(progress).to_have_attribute("data-status", FINISHED, timeout=ACCURACY_TIMEOUT_MS)
        if progress.get_attribute("data-status") != "succeeded":
            pytest.fail(f"the accuracy run did not succeed: {progress.inner_text()}")
        run_id = live.get_attribute("data-accuracy-id") or ""
        run_row = panel.locator(f'[data-testid="accuracy-row"][data-accuracy-id="{run_id}"]')
        expect(run_row).to_have_attribute("data-status", "succeeded")
        expect(run_row.get_by_test_id("accuracy-row-metric")).to_contain_text("top1_accuracy")

        # --- the run page: verdict first, metrics, every image, only the wrong ones, the confusion matrix
        live.get_by_test_id("open-accuracy").click()
        expect(page).to_have_url(re.compile(rf"/accuracy/{re.escape(run_id)}$"))
        expect(page.get_by_test_id("accuracy-verdict")).to_have_text(re.compile(r"^top1_accuracy"))
        top1 = page.locator('[data-testid="accuracy-metric"][data-name="top1_accuracy"]')
        expect(top1).to_have_attribute("data-value", NUMBER)
        accuracy = float(top1.get_attribute("data-value") or "0")
        assert 0.7 < accuracy <= 1, accuracy
        table = page.get_by_test_id("acc-images-table")
        rows = table.get_by_test_id("acc-image-row")
        expect(table).to_have_attribute("data-rows", "500")
        expect(rows).to_have_count(50)  # the first page
        expect(rows.first.get_by_test_id("acc-row-label")).to_have_text("Ankle boot")
        page.get_by_test_id("acc-filter-wrong").check()
        wrong = round(500 * (1 - accuracy))
        expect(table).to_have_attribute("data-rows", str(wrong))
        expect(rows).to_have_count(min(wrong, 50))
        expect(table.locator('[data-testid="acc-image-row"]:not([data-correct="false"])')).to_have_count(0)
        # sorted by score, highest first
        page.get_by_test_id("acc-sort-score").click()
        expect(page.get_by_test_id("acc-sort-score")).to_have_class(re.compile(r"\bactive\b"))
        scores = [float(s) for s in rows.evaluate_all("rs => rs.map((r) => r.getAttribute('data-score'))")]
        assert scores == sorted(scores, reverse=True), scores
        rows.first.click()
        image_viewer = page.get_by_test_id("acc-image-viewer")
        expect(image_viewer.get_by_test_id("acc-viewer-correct")).to_have_text("wrong")
        expect(image_viewer.get_by_test_id("acc-viewer-bars").locator("li")).to_have_count(5)
        page.keyboard.press("Escape")
        matrix = page.get_by_test_id("confusion-matrix")
        expect(matrix).to_have_attribute("data-classes", "10")
        expect(matrix).to_have_attribute("data-total", "500")
        expect(matrix).to_have_attribute("data-correct", str(500 - wrong))
        expect(matrix.locator("svg").first).to_be_visible()
        page.screenshot(path=str(tmp_path / "accuracy.png"), full_page=True)

        # --- the single-image test on the model page: one PNG of the archive, the project's settings
        with tarfile.open(archive) as bundle:
            member = bundle.extractfile("images/00003.png")
            assert member is not None
            png = tmp_path / "00003.png"
            png.write_bytes(member.read())
        with system.client() as client:
            measured = client.get(f"/api/v1/accuracy/{run_id}").json()
            classes = client.get(f"/api/v1/datasets/{dataset_id}").json()["classes"]
        expected = classes[next(i for i in measured["result"]["images"] if i["index"] == 3)["predicted"][0]]
        page.goto(f"{system.url}/models/{model_id}")
        predict = page.get_by_test_id("predict-panel")
        expect(predict.get_by_test_id("predict-config-summary")).to_contain_text("scale 255")
        expect(predict.get_by_test_id("predict-dataset")).to_have_value(dataset_id)
        predict.get_by_test_id("predict-input").set_input_files(str(png))
        bars = predict.get_by_test_id("prediction-bar")
        expect(bars).to_have_count(5, timeout=TARGET_TIMEOUT_MS)
        expect(predict.get_by_test_id("predict-top-name")).to_have_text(expected)
        expect(predict.get_by_test_id("predict-image").get_by_test_id("annotated-img")).to_be_visible()
        page.screenshot(path=str(tmp_path / "single-image.png"), full_page=True)

        # --- random inputs: explained, and the API's refusal shown with its code
        page.goto(f"{system.url}/projects/{noise_project_id}")
        panel = page.get_by_test_id("accuracy-panel")
        expect(panel.get_by_test_id("accuracy-needs-annotations")).to_contain_text("random inputs")
        panel.get_by_test_id("accuracy-measure").click()
        error = panel.get_by_test_id("accuracy-error")
        expect(error.get_by_test_id("error-code")).to_have_text("accuracy.needs_annotations")
        expect(panel.get_by_test_id("accuracy-row")).to_have_count(0)

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
def test_output_distance_between_two_models_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with system.client() as client:
        model_id = upload_through_the_api(client, system)["id"]
        twin = upload_through_the_api(client, system)["id"]  # the same network: distance zero
        dataset = client.post("/api/v1/datasets", json={"name": "distance inputs", "count": 4}).json()

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.goto(f"{system.url}/models/{model_id}")
        expect(page.get_by_test_id("model-status")).to_have_attribute("data-status", "ready")
        panel = page.get_by_test_id("output-distance")
        panel.get_by_test_id("distance-model").select_option(value=twin)
        panel.get_by_test_id("distance-dataset").select_option(value=dataset["id"])
        panel.get_by_test_id("distance-samples").fill("4")
        panel.get_by_test_id("distance-run").click()
        expect(panel.get_by_test_id("distance-verdict")).to_contain_text("on 4 generated inputs", timeout=60_000)
        expect(panel.get_by_test_id("distance-verdict")).to_contain_text("cosine similarity 1.0000")
        expect(panel.get_by_test_id("distance-table")).to_have_attribute("data-rows", "1")
        assert not page_errors, page_errors


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_int8_asks_which_accuracy_settings_in_the_browser(system, tmp_path: Path) -> None:
    """Issue 11: scale 255 typed in the accuracy form but not saved, then INT8. The panel says accuracy will
    be measured; a dialog asks which settings (cancel starts nothing); "save and calibrate" saves the form
    and the report shows FP32 and INT8 top-1 in percent with the settings used. Then, the form changed
    again, "calibrate with the saved settings" runs on the saved ones and the report says so."""
    from playwright.sync_api import expect

    from tests.api_calls import import_archive

    with system.client() as client:
        model_id = str(upload_model_file(client, FASHION_DIR / "fashion_cnn.onnx")["id"])
        dataset = import_archive(client, FASHION_DIR / "fashion_500.tar.gz", "fashion int8 browser")
        assert dataset.status_code in (200, 201, 202), dataset.text
        project_id = cpu_project(client, "fashion int8", model_id, dataset.json()["id"])

    def calibrate(page: Any, panel: Any, choice: str) -> None:
        panel.get_by_test_id("calibrate-submit").click()
        dialog = page.get_by_test_id("calibration-settings-dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_test_id(choice).click()
        expect(dialog).to_have_count(0)

    def report_of(page: Any, panel: Any) -> None:
        live = panel.get_by_test_id("live-calibration").first
        expect(live.get_by_test_id("open-calibration")).to_have_text("Open the report", timeout=ACCURACY_TIMEOUT_MS)
        live.get_by_test_id("open-calibration").click()
        expect(page.get_by_test_id("calibration-verdict")).to_have_text(re.compile(r"^INT8: top1 \d+\.\d % -> "))

    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.goto(f"{system.url}/projects/{project_id}")
        accuracy = page.get_by_test_id("accuracy-panel")
        accuracy.get_by_test_id("accuracy-scale").fill("255")
        expect(accuracy.get_by_test_id("accuracy-save-state")).to_have_attribute("data-state", "unsaved")
        panel = page.get_by_test_id("calibration-panel")
        expect(panel.get_by_test_id("calibration-accuracy-check")).to_contain_text("Top-1 is measured before and after")
        panel.get_by_test_id("calibration-advanced-toggle").click()
        panel.get_by_test_id("calib-subset-kind").select_option("size")
        panel.get_by_test_id("calib-subset").fill("50")
        panel.get_by_test_id("calib-compare").uncheck()

        # --- cancel: nothing starts
        panel.get_by_test_id("calibrate-submit").click()
        dialog = page.get_by_test_id("calibration-settings-dialog")
        expect(dialog.get_by_test_id("calibration-settings-differences")).to_contain_text("scale 255 (saved: none)")
        page.screenshot(path=str(tmp_path / "int8-settings-dialog.png"), full_page=True)
        dialog.get_by_test_id("calibrate-settings-cancel").click()
        expect(dialog).to_have_count(0)
        expect(panel.get_by_test_id("live-calibration")).to_have_count(0)

        # --- save these settings and calibrate with them
        calibrate(page, panel, "calibrate-with-form")
        expect(accuracy.get_by_test_id("accuracy-save-state")).to_have_attribute("data-state", "clean")  # saved
        report_of(page, panel)
        fp32 = page.get_by_test_id("calibration-accuracy-fp32")
        expect(fp32).to_have_text(re.compile(r"^\d+\.\d %$"))
        assert parse_number(fp32.inner_text()) > 70  # scale 255: the unscaled inputs score far less
        expect(page.get_by_test_id("calibration-accuracy-int8")).to_have_text(re.compile(r"^\d+\.\d %$"))
        expect(page.get_by_test_id("calibration-accuracy-change")).to_have_text(re.compile(r" pt$"))
        used = page.get_by_test_id("calibration-used-settings")
        expect(used).to_contain_text("scale 255")
        expect(used).to_contain_text("sent with the calibration")
        expect(used.get_by_test_id("calibration-settings-differ")).to_have_count(0)  # saved first: the same
        page.screenshot(path=str(tmp_path / "int8-settings-report.png"), full_page=True)
        with system.client() as client:
            saved = client.get(f"/api/v1/projects/{project_id}/accuracy-config").json()
        assert saved["preprocessing"]["scale"] == [255], saved

        # --- the form changed again; calibrate with the saved settings
        page.goto(f"{system.url}/projects/{project_id}")
        accuracy.get_by_test_id("accuracy-scale").fill("")
        expect(accuracy.get_by_test_id("accuracy-save-state")).to_have_attribute("data-state", "unsaved")
        panel.get_by_test_id("calibration-advanced-toggle").click()
        panel.get_by_test_id("calib-subset-kind").select_option("size")
        panel.get_by_test_id("calib-subset").fill("50")
        panel.get_by_test_id("calib-compare").uncheck()
        calibrate(page, panel, "calibrate-with-saved")
        report_of(page, panel)
        used = page.get_by_test_id("calibration-used-settings")
        expect(used).to_contain_text("the project's saved accuracy settings")
        expect(used).to_contain_text("scale 255")
        assert parse_number(page.get_by_test_id("calibration-accuracy-fp32").inner_text()) > 70

        assert not page_errors, f"uncaught errors in the page: {page_errors}"


def test_a_queued_run_shows_its_place_is_cancelled_and_retried_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    project_id = project_through_the_api(system)
    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)
        page.goto(f"{system.url}/projects/{project_id}")
        expect(page.get_by_test_id("project-breadcrumb")).to_contain_text("CPU")
        page.get_by_test_id("bench-duration").fill("30")
        page.get_by_test_id("bench-submit").click()
        first = page.get_by_test_id("live-benchmark").first
        expect(first).to_have_attribute("data-benchmark-id", re.compile(r".+"))
        first_id = first.get_attribute("data-benchmark-id")
        page.get_by_test_id("bench-duration").fill("1")
        page.get_by_test_id("bench-submit").click()
        queued = page.locator(f'[data-testid="live-benchmark"]:not([data-benchmark-id="{first_id}"])').first
        progress = queued.get_by_test_id("benchmark-progress")
        expect(progress.get_by_test_id("job-stage")).to_have_text("1st in line on local", timeout=TARGET_TIMEOUT_MS)

        progress.get_by_test_id("job-cancel").click()  # a queued run leaves the line at once
        expect(progress).to_have_attribute("data-status", "cancelled")
        expect(progress.get_by_test_id("job-stage")).to_have_text("cancelled by the user")
        progress.get_by_test_id("job-retry").click()
        expect(progress.get_by_test_id("job-retried")).to_contain_text("benchmark_")

        running = page.locator(f'[data-testid="live-benchmark"][data-benchmark-id="{first_id}"]')
        running.get_by_test_id("job-cancel").click()
        expect(running.get_by_test_id("benchmark-progress")).to_have_attribute("data-status", FINISHED)
        assert not page_errors, f"uncaught errors in the page: {page_errors}"
