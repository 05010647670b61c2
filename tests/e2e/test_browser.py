"""The SPA end to end in Debian's chromium: log in, upload a model, watch it convert, create a project
(with a random dataset made from the form), run a 2-second benchmark and read its result page.

Needs the built SPA (``npm ci && npm run build`` in frontend/) and ``/usr/bin/chromium``; never downloads
a browser. The ``system`` fixture (tests/conftest.py) runs the whole system as separate processes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

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


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_upload_convert_and_benchmark_in_the_browser(system, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    page_errors: list[str] = []
    console_errors: list[str] = []

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        expect.set_options(timeout=UI_TIMEOUT_MS)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        try:
            # --- log in: any path without a token lands on the login page
            page.goto(system.url)
            expect(page).to_have_url(re.compile(r"/login"))
            page.get_by_test_id("token-input").fill(system.token)
            page.get_by_test_id("login-submit").click()
            expect(page.get_by_test_id("product-name")).to_be_visible()
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
            expect(status).to_have_attribute(
                "data-status", re.compile(r"^(ready|failed)$"), timeout=CONVERSION_TIMEOUT_MS
            )
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
            expect(page.get_by_test_id("manifest-table")).to_be_visible()
            page.screenshot(path=str(tmp_path / "benchmark-result.png"), full_page=True)

            assert not page_errors, f"uncaught errors in the page: {page_errors}"
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
