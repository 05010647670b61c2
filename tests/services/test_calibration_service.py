"""The calibration-service in-process (with the profiler- and model-service on the bus): refusals, 404s
and paging."""

from __future__ import annotations

import pytest

from tests.services.conftest import Service


@pytest.mark.parametrize(("path", "code"), [
    ("/api/v1/calibrations/cal_nope", "calibration.not_found"),
    ("/api/v1/calibrations/cal_nope/log", "calibration.not_found"),
    ("/internal/v1/calibrations/cal_nope/files/model.xml", "calibration.no_file"),
    ("/api/v1/jobs/calibrate_nope", "job.not_found"),
])
def test_unknown_calibrations_are_404(calibration: Service, path: str, code: str) -> None:
    response = calibration.client.get(path)
    assert response.status_code == 404 and response.json()["code"] == code, response.text


def test_requests_that_cannot_work_are_refused_before_anything_runs(calibration: Service) -> None:
    client = calibration.client
    cases = [({"project_id": "prj_missing"}, 404, "project.not_found"),
             ({"project_id": "prj_missing", "subset_size": 2, "subset_percent": 5}, 422, "request.invalid"),
             ({"project_id": "prj_missing", "preset": "fastest"}, 422, "request.invalid"),
             ({"project_id": "prj_missing", "subset_size": 0}, 422, "request.invalid"),
             ({"project_id": "prj_missing", "surprise": True}, 422, "request.invalid"),
             ({"project_id": "prj_missing", "accuracy": {"preprocessing": {"scale": [0]}}}, 422, "request.invalid")]
    for body, status, code in cases:
        response = client.post("/api/v1/calibrations", json=body)
        assert (response.status_code, response.json()["code"]) == (status, code), (body, response.text)
        assert response.json()["message"]
    infinite = client.post("/api/v1/calibrations", headers={"content-type": "application/json"},
                           content='{"project_id": "prj_missing", "accuracy": {"preprocessing": {"scale": [1e999]}}}')
    assert (infinite.status_code, infinite.json()["code"]) == (422, "request.invalid"), infinite.text
    assert client.get("/api/v1/calibrations").json() == {"data": [], "count": 0}
    cancel = client.post("/api/v1/jobs/calibrate_nope/cancel")
    assert cancel.status_code == 404 and cancel.json()["code"] == "job.not_found"


def test_lists_are_paged_and_checked(calibration: Service) -> None:
    client = calibration.client
    assert client.get("/api/v1/calibrations", params={"project_id": "prj_x", "skip": 3}).json() == {
        "data": [], "count": 0}
    for params in ({"limit": 0}, {"limit": 1001}, {"skip": -1}):
        response = client.get("/api/v1/calibrations", params=params)
        assert response.status_code == 422 and response.json()["code"] == "request.invalid", params


def test_a_forged_upload_link_is_refused(calibration: Service) -> None:
    forged = calibration.client.put("/api/v1/calibrations/cal_x/uploads/model.xml",
                                    params={"expires": 4102444800, "sig": "0" * 64}, content=b"<net/>")
    assert forged.status_code == 403 and forged.json()["code"] == "artifact.bad_signature"
    assert not list(calibration.data_dir.rglob("model.xml"))
