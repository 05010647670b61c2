"""Resumable uploads on the model-service: offsets, refusals, and nothing left behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.api_calls import import_uploads, send_upload, start_upload, stored_state, upload_whole
from tests.model_fixtures import ir_files
from tests.services.conftest import Service


def test_offsets_must_follow_what_arrived(model_service: Service, tiny_onnx_path: Path) -> None:
    client = model_service.client
    model_bytes = tiny_onnx_path.read_bytes()
    upload = start_upload(client, "squeezenet.onnx", len(model_bytes))
    assert (upload["offset"], upload["complete"]) == (0, False)
    first = send_upload(client, upload["id"], 0, model_bytes[:5000]).json()
    assert (first["offset"], first["complete"]) == (5000, False)
    assert client.get(f"/api/v1/uploads/{upload['id']}").json()["offset"] == 5000
    stale = send_upload(client, upload["id"], 0, model_bytes)
    assert stale.status_code == 409 and stale.json()["code"] == "upload.offset_mismatch"
    ahead = send_upload(client, upload["id"], 6000, model_bytes[6000:])
    assert ahead.status_code == 409 and ahead.json()["code"] == "upload.offset_mismatch"
    done = send_upload(client, upload["id"], 5000, model_bytes[5000:]).json()
    assert (done["offset"], done["complete"]) == (len(model_bytes), True)
    over = send_upload(client, upload["id"], len(model_bytes), b"extra")
    assert over.status_code == 422 and over.json()["code"] == "upload.overflow"
    assert client.delete(f"/api/v1/uploads/{upload['id']}").status_code == 204
    assert client.get(f"/api/v1/uploads/{upload['id']}").json()["code"] == "upload.not_found"
    assert client.delete(f"/api/v1/uploads/{upload['id']}").status_code == 404


def test_checksum_mismatch_incomplete_and_oversized_uploads_leave_nothing(model_service: Service,
                                                                          tiny_onnx_path: Path) -> None:
    model_bytes = tiny_onnx_path.read_bytes()
    client = model_service.client
    before = stored_state(model_service.data_dir, client)
    upload = start_upload(client, "m.onnx", len(model_bytes))
    send_upload(client, upload["id"], 0, model_bytes)
    wrong = import_uploads(client, [{"upload_id": upload["id"], "sha256": "0" * 64}])
    assert wrong.status_code == 422 and wrong.json()["code"] == "upload.checksum_mismatch"
    assert "send it again" in wrong.json()["message"]

    partial = start_upload(client, "m.onnx", len(model_bytes))
    send_upload(client, partial["id"], 0, model_bytes[:100])
    incomplete = import_uploads(client, [{"upload_id": partial["id"],
                                          "sha256": hashlib.sha256(model_bytes).hexdigest()}])
    assert incomplete.status_code == 409 and incomplete.json()["code"] == "upload.incomplete"
    assert client.delete(f"/api/v1/uploads/{partial['id']}").status_code == 204

    huge = client.post("/api/v1/uploads", json={"filename": "big.onnx", "size": 5 * 1024**4})
    assert huge.status_code == 413 and huge.json()["code"] == "upload.too_large"
    keras = client.post("/api/v1/uploads", json={"filename": "net.keras", "size": 10})
    assert keras.status_code == 415 and "SavedModel" in keras.json()["message"]
    assert client.get("/api/v1/uploads/../../etc").status_code == 404
    assert stored_state(model_service.data_dir, client) == before
    uploads_dir = model_service.data_dir / "model-service" / "uploads"
    assert not [p for p in uploads_dir.iterdir() if p.name.startswith(upload["id"])]


def test_the_same_file_twice_in_one_model_is_refused(model_service: Service, tmp_path: Path) -> None:
    xml, _ = ir_files(tmp_path / "ir")
    client = model_service.client
    duplicate = import_uploads(client, [upload_whole(client, xml), upload_whole(client, xml)])
    assert duplicate.status_code == 422 and duplicate.json()["code"] == "model.duplicate_file"
    assert client.get("/api/v1/models").json()["count"] == 0


def test_bad_upload_requests_are_refused(model_service: Service) -> None:
    client = model_service.client
    for body in ({"filename": "m.onnx", "size": -1}, {"filename": "", "size": 10}, {"size": 10}):
        response = client.post("/api/v1/uploads", json=body)
        assert response.status_code == 422 and response.json()["code"] == "request.invalid", (body, response.text)
    missing = send_upload(client, "upl_nope", 0, b"x")
    assert missing.status_code == 404 and missing.json()["code"] == "upload.not_found"
    no_offset = client.patch("/api/v1/uploads/upl_nope", content=b"x")
    assert no_offset.status_code == 422 and no_offset.json()["code"] == "request.invalid"
