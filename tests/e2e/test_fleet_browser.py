"""The fleet in Debian's chromium: target cards show each device as OpenVINO reports it with the
OpenVINO version and CPU name whole; a fleet run started from the Fleet page on two real agents shows
its verdict, chart and side-by-side table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM, SPA_INDEX, browser_page, log_in
from tests.e2e.test_fleet import model_and_dataset, second_agent  # noqa: F401 - fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

BENCHMARK_TIMEOUT_MS = 180_000
NOT_CUT = "el => el.scrollWidth <= el.clientWidth + 1"  # the whole text fits its box (wrapped, not cut)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
@pytest.mark.skipif(not SPA_INDEX.is_file(), reason="the SPA is not built (cd frontend && npm ci && npm run build)")
def test_devices_and_a_fleet_run_in_the_browser(system, second_agent: str,  # noqa: F811
                                                model_and_dataset: tuple[str, str], tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    with system.client() as client:
        target = client.get(f"/api/v1/targets/{second_agent}").json()
    cpu = next(d for d in target["inventory"]["devices"] if d["name"] == "CPU")
    with browser_page(tmp_path) as (page, page_errors):
        page.set_viewport_size({"width": 900, "height": 1000})  # narrow: long names must wrap, not be cut
        log_in(page, system)
        page.goto(f"{system.url}/targets")
        card = page.locator(f'[data-testid="target-card"][data-target-id="{second_agent}"]')
        version = card.get_by_test_id("target-openvino")
        expect(version).to_have_text(target["inventory"]["openvino_version"])
        assert version.evaluate(NOT_CUT) and card.get_by_test_id("target-cpu").evaluate(NOT_CUT)
        facts = card.locator('[data-testid="target-device"][data-device="CPU"]').get_by_test_id("device-facts")
        expect(facts).to_contain_text(f"ISA{cpu['isa']}")
        expect(facts).to_contain_text(", ".join(cpu["precisions"]))

        page.set_viewport_size({"width": 1440, "height": 1000})
        page.get_by_test_id("nav-fleet").click()
        page.get_by_test_id("fleet-model").select_option(model_and_dataset[0])
        page.get_by_test_id("fleet-seconds").fill("0.5")
        page.get_by_test_id("fleet-pick-local:CPU").check()
        page.get_by_test_id(f"fleet-pick-{second_agent}:CPU").check()
        page.get_by_test_id("fleet-start").click()
        expect(page).to_have_url(re.compile(r"/fleet/fleet_"))
        expect(page.get_by_test_id("fleet-verdict")).to_contain_text("is the fastest of 2",
                                                                     timeout=BENCHMARK_TIMEOUT_MS)
        rows = page.get_by_test_id("fleet-row")
        expect(rows).to_have_count(2)
        expect(page.locator(f'[data-testid="fleet-row"][data-target="{second_agent}/CPU"]')).to_be_visible()
        expect(page.get_by_test_id("fleet-precision")).to_have_text(["f32", "f32"])
        expect(page.get_by_test_id("fleet-chart").locator("svg")).to_be_visible()
        assert not page_errors
