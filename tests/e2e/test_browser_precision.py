"""Precision in the SPA (Debian's chromium): the inference precision offered by the project's device in
the benchmark form, what ran on the result page, and the model list tags named by the weights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.test_browser import (
    BENCHMARK_TIMEOUT_MS,
    CHROMIUM,
    SPA_INDEX,
    browser_page,
    log_in,
    projects_through_the_api,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_the_inference_precision_is_chosen_and_shown_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    project_id = projects_through_the_api(system, ("FP32",))[0]
    with system.client() as client:
        project = client.get(f"/api/v1/projects/{project_id}").json()
        cpu = next(d for d in client.get("/api/v1/targets/local").json()["inventory"]["devices"] if d["name"] == "CPU")
    with browser_page(tmp_path) as (page, page_errors):
        log_in(page, system)

        # --- the model list tags the model by its weights
        page.get_by_test_id("nav-models").click()
        row = page.locator(f'[data-testid="model-row"][data-model-id="{project["model_id"]}"]')
        expect(row.get_by_test_id("model-weights")).to_have_text(["FP32", "FP16"])

        # --- the form offers the device default and what the CPU offers, nothing else
        page.goto(f"{system.url}/projects/{project_id}")
        page.get_by_test_id("advanced-toggle").click()
        select = page.get_by_test_id("bench-infer-precision")
        values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
        assert values == ["", *[p for p in ("f32", "f16", "bf16") if p in cpu["inference_precisions"]]], values
        select.select_option("f32")
        page.get_by_test_id("bench-duration").fill("0.5")
        page.get_by_test_id("bench-submit").click()
        progress = page.get_by_test_id("benchmark-progress").first
        expect(progress).to_have_attribute("data-status", re.compile(r"^(succeeded|failed|cancelled)$"),
                                           timeout=BENCHMARK_TIMEOUT_MS)
        assert progress.get_attribute("data-status") == "succeeded", progress.inner_text()

        # --- the result page says what ran, with the CPU's ISA
        page.get_by_test_id("open-result").click()
        expect(page).to_have_url(re.compile(r"/benchmarks/[^/?#]+$"))
        ran = page.get_by_test_id("ran-in")
        expect(ran).to_have_attribute("data-ran", "f32")
        expect(ran).to_contain_text(re.compile(r"^Ran in F32 \(as asked\) on \S+"))
        expect(page.get_by_test_id("verdict")).to_contain_text("Ran in F32 (as asked)")
        page.screenshot(path=str(tmp_path / "precision-result.png"), full_page=True)
        assert not page_errors, f"uncaught errors in the page: {page_errors}"
