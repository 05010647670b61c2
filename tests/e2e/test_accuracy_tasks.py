"""Accuracy for semantic segmentation (mean IoU, pixel accuracy) and super-resolution (PSNR, SSIM) on the
agent, each against an independent reference (scikit-learn, scikit-image) on the same model outputs."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import httpx
import numpy as np
import openvino as ov
import pytest
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from sklearn.metrics import jaccard_score

from dlwb_common.messages.jobs import JobStatus
from tests import dataset_fixtures as fixtures
from tests import synthetic_models
from tests.api_calls import import_archive, import_uploads, upload_whole
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events

pytestmark = pytest.mark.e2e


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as bundle:
        return {m.name: bundle.extractfile(m).read() for m in bundle.getmembers() if m.isfile()}  # type: ignore[union-attr]


def image_array(data: bytes, mode: str = "RGB") -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert(mode))


def measure(client: httpx.Client, model_files: list[Path], archive: Path, config: dict) -> dict:
    response = import_uploads(client, [upload_whole(client, path) for path in model_files])
    assert response.status_code == 202, response.text
    model = response.json()
    assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
    dataset = import_archive(client, archive).json()
    project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]}).json()
    # f32 explicitly: the references below compute in f32, and a CPU with AMX would default to bf16.
    started = client.post(f"/api/v1/projects/{project['id']}/accuracy",
                          json={"config": config, "infer_precision": "f32"})
    assert started.status_code == 202, started.text
    assert job_events(client, started.json()["job"]["id"])[-1].status == JobStatus.succeeded
    run = client.get(f"/api/v1/accuracy/{started.json()['id']}").json()
    assert run["result"]["manifest"]["inference_precision"] == "f32"  # what really ran, from the compiled model
    return run


def test_segmentation_mean_iou_matches_scikit_learn(system: RunningSystem, tmp_path: Path) -> None:
    archive = fixtures.segmentation(tmp_path / "seg.tar.gz")
    files = synthetic_models.red_detector(tmp_path / "model")
    with system.client() as client:
        run = measure(client, files, archive, {"adapter": "segmentation"})
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    compiled = ov.Core().compile_model(str(files[0]), "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    data = members(archive)
    predicted, truth = [], []
    for name in sorted(n for n in data if "/images/" in n):
        pixels = image_array(data[name]).astype(np.float32).transpose(2, 0, 1)[None]
        predicted.append(np.argmax(compiled([pixels])[compiled.outputs[0]][0], axis=0).ravel())
        truth.append(image_array(data[name.replace("/images/", "/masks/")], "L").astype(np.int64).ravel())
    p, t = np.concatenate(predicted), np.concatenate(truth)
    keep = t != 255
    expected_iou = jaccard_score(t[keep], p[keep], labels=[0, 1], average="macro")
    assert metrics["mean_iou"] == pytest.approx(expected_iou, abs=1e-6)
    assert metrics["pixel_accuracy"] == pytest.approx(float((p[keep] == t[keep]).mean()), abs=1e-6)
    assert 0.5 < metrics["mean_iou"] < 1.0  # the shifted masks make it imperfect by construction
    assert all("pixel_accuracy" in image["values"] for image in run["result"]["images"])


def test_super_resolution_psnr_and_ssim_match_scikit_image(system: RunningSystem, tmp_path: Path) -> None:
    archive = fixtures.super_resolution(tmp_path / "sr.tar.gz")
    files = synthetic_models.bilinear_upscaler(tmp_path / "model")
    with system.client() as client:
        run = measure(client, files, archive, {"adapter": "image", "preprocessing": {"color": "RGB"}})
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    compiled = ov.Core().compile_model(str(files[0]), "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    data = members(archive)
    psnrs, ssims = [], []
    for name in sorted(n for n in data if "/LR/" in n):
        low = image_array(data[name]).astype(np.float32).transpose(2, 0, 1)[None]
        out = np.clip(compiled([low])[compiled.outputs[0]][0].transpose(1, 2, 0), 0, 255).astype(np.float64)
        high = image_array(data[name.replace("/LR/", "/HR/")]).astype(np.float64)
        psnrs.append(peak_signal_noise_ratio(high, out, data_range=255))
        ssims.append(structural_similarity(high, out, data_range=255, channel_axis=-1))
    assert metrics["psnr"] == pytest.approx(np.mean(psnrs), abs=1e-4)
    assert metrics["ssim"] == pytest.approx(np.mean(ssims), abs=1e-4)
    assert run["result"]["task"] == "super_resolution" and len(run["result"]["images"]) == 3


def test_new_formats_are_recognised_and_checked(system: RunningSystem, tmp_path: Path) -> None:
    with system.client() as client:
        seg = import_archive(client, fixtures.segmentation(tmp_path / "seg.tar.gz")).json()
        assert (seg["format"], seg["task"], seg["classes"], seg["count"]) == (
            "segmentation", "semantic_segmentation", ["background", "red"], 4)
        sr = import_archive(client, fixtures.super_resolution(tmp_path / "sr.tar.gz")).json()
        assert (sr["format"], sr["task"], sr["count"]) == ("super_resolution", "super_resolution", 3)
        ref = upload_whole(client, fixtures.super_resolution(tmp_path / "inpaint.tar.gz"))
        inpainting = client.post("/api/v1/datasets/imports", json={**ref, "task": "inpainting"}).json()
        assert inpainting["task"] == "inpainting"
        ref = upload_whole(client, fixtures.segmentation(tmp_path / "seg2.tar.gz"))
        wrong = client.post("/api/v1/datasets/imports", json={**ref, "task": "style_transfer"})
        assert wrong.status_code == 422 and wrong.json()["code"] == "dataset.task_mismatch"
        orphan = fixtures.tar_gz(tmp_path / "orphan.tar.gz", {
            "x/images/a.png": fixtures.picture(0)[0], "x/masks/b.png": fixtures.picture(1)[0]})
        refused = import_archive(client, orphan)
        assert refused.status_code == 422 and refused.json()["code"] == "dataset.missing_images"


def test_landmarks_nme_matches_numpy(system: RunningSystem, tmp_path: Path) -> None:
    archive, points = fixtures.landmarks(tmp_path / "marks.tar.gz")
    files = synthetic_models.fixed_landmarks(tmp_path / "model")
    with system.client() as client:
        run = measure(client, files, archive, {"adapter": "landmarks"})
    predicted = synthetic_models.LANDMARKS.astype(np.float64) * 32  # the faces are 32x32: no resize
    errors = []
    for truth in map(np.array, points):
        interocular = np.linalg.norm(truth[0] - truth[1])
        errors.append(np.linalg.norm(predicted - truth, axis=1).mean() / interocular)
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    assert metrics["nme"] == pytest.approx(np.mean(errors), abs=1e-6)
    assert [image["values"]["nme"] for image in run["result"]["images"]] == pytest.approx(errors, abs=1e-6)


def test_face_verification_on_lfw_pairs(system: RunningSystem, tmp_path: Path) -> None:
    from dlwb_metrics.face_recognition import pair_scores, verification_accuracy

    archive = fixtures.lfw(tmp_path / "lfw.tar.gz")
    files = synthetic_models.mean_colour(tmp_path / "model")
    with system.client() as client:
        run = measure(client, files, archive, {"adapter": "embedding"})
    compiled = ov.Core().compile_model(str(files[0]), "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    data = members(archive)

    def embedding(name: str, shot: int) -> np.ndarray:
        pixels = image_array(data[f"lfw/{name}/{name}_{shot:04d}.jpg"]).astype(np.float32).transpose(2, 0, 1)
        return compiled([pixels[None]])[compiled.outputs[0]][0]

    lines = [line.split("\t") for line in data["pairs.txt"].decode().splitlines()[1:]]
    a = [embedding(p[0], int(p[1])) for p in lines]
    b = [embedding(p[0], int(p[2])) if len(p) == 3 else embedding(p[2], int(p[3])) for p in lines]
    expected = verification_accuracy(pair_scores(np.array(a), np.array(b)), np.array([len(p) == 3 for p in lines]),
                                     folds=10)
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    assert metrics["verification_accuracy"] == pytest.approx(expected.mean, abs=1e-6)
    assert metrics["verification_accuracy"] >= 0.8  # colour tells these people apart


def test_a_dynamic_batch_and_a_side_input_are_handled(system: RunningSystem, tmp_path: Path) -> None:
    from tests.dataset_fixtures import FASHION
    from tests.e2e.test_accuracy import CONFIG, MODEL, reference_top1

    files = synthetic_models.with_image_info(tmp_path / "model", MODEL)
    with system.client() as client:
        run = measure(client, files, FASHION, CONFIG)
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    assert metrics["top1_accuracy"] == pytest.approx(reference_top1()[0], abs=1e-6)


def test_instance_mask_ap_matches_pycocotools(system: RunningSystem, tmp_path: Path) -> None:
    import contextlib
    import json

    from pycocotools import mask as mask_utils
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    archive = fixtures.coco(tmp_path / "coco.tar.gz", masks=True)
    files = synthetic_models.fixed_instances(tmp_path / "model")
    with system.client() as client:
        run = measure(client, files, archive, {"adapter": "instance_masks"})
    assert run["result"]["task"] == "instance_segmentation"
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    truth = json.loads(members(archive)["annotations/instances.json"])
    detections = []
    for image in truth["images"]:
        for (x1, y1, x2, y2, score), label in zip(synthetic_models.MASK_BOXES, synthetic_models.MASK_LABELS,
                                                  strict=True):
            mask = np.zeros((48, 64), np.uint8, order="F")
            mask[int(y1):int(y2), int(x1):int(x2)] = 1
            rle = mask_utils.encode(np.asfortranarray(mask))
            detections.append({"image_id": image["id"], "category_id": 10 + int(label), "segmentation": rle,
                               "score": float(score)})
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = truth
        coco.createIndex()
        evaluation = COCOeval(coco, coco.loadRes(detections), "segm")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    assert metrics["coco_mask_ap"] == pytest.approx(evaluation.stats[0], abs=1e-6)
    assert metrics["coco_mask_ap50"] == pytest.approx(evaluation.stats[1], abs=1e-6)


def test_detection_coco_ap_matches_pycocotools(system: RunningSystem, tmp_path: Path) -> None:
    import contextlib
    import json

    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    archive = fixtures.coco(tmp_path / "coco.tar.gz", count=6)
    files = synthetic_models.fixed_detections(tmp_path / "model")
    with system.client() as client:
        run = measure(client, files, archive, {"adapter": "boxes", "confidence_threshold": 0.0, "nms_iou": 0.99})
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    truth = json.loads(members(archive)["annotations/instances.json"])
    detections = [{"image_id": image["id"], "category_id": 10 + int(label), "bbox": [x1, y1, x2 - x1, y2 - y1],
                   "score": float(score)} for image in truth["images"]
                  for x1, y1, x2, y2, score, label in synthetic_models.DETECTIONS.tolist()]
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = truth
        coco.createIndex()
        evaluation = COCOeval(coco, coco.loadRes(detections), "bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    assert metrics["coco_ap"] == pytest.approx(evaluation.stats[0], abs=1e-6)
    assert metrics["coco_ap50"] == pytest.approx(evaluation.stats[1], abs=1e-6)
    assert "voc_map" in metrics and len(run["result"]["images"][0]["boxes"]) == 4
    from dlwb_metrics.boxes import Detections, GroundTruth
    from dlwb_metrics.detection import VocAccumulator

    for eleven_point in (False, True):  # the agent's VOC mAP, both interpolations, against the library's
        voc = VocAccumulator(use_07_metric=eleven_point)
        for image in truth["images"]:
            gt = [a for a in truth["annotations"] if a["image_id"] == image["id"]]
            voc.add(Detections(synthetic_models.DETECTIONS[:, :4], synthetic_models.DETECTIONS[:, 4],
                               synthetic_models.DETECTIONS[:, 5].astype(int)),
                    GroundTruth(np.array([[x, y, x + w, y + h] for x, y, w, h in (a["bbox"] for a in gt)]),
                                np.array([a["category_id"] - 10 for a in gt])))
        expected = {m.name: m.value for m in voc.result()}["voc_map"]
        if eleven_point:
            with system.client() as client:
                run = measure(client, files, archive, {"adapter": "boxes", "confidence_threshold": 0.0,
                                                       "nms_iou": 0.99, "voc_11_point": True})
        measured = {m["name"]: m["value"] for m in run["result"]["metrics"]}["voc_map"]
        assert measured == pytest.approx(expected, abs=1e-9)


FACE_BOX = [175.0, 70.0, 270.0, 180.0]  # the astronaut's face, labelled by hand on a 32-pixel grid


def photos_with_faces(path: Path) -> Path:
    """scikit-image's photos as a COCO dataset: the astronaut with her face boxed; coffee, rocket and the cat
    have no human face (any detection there is a false positive)."""
    import json

    from skimage import data

    members_, images, annotations = {}, [], []
    for number, name in enumerate(("astronaut", "coffee", "rocket", "chelsea"), start=1):
        buffer = io.BytesIO()
        Image.fromarray(getattr(data, name)()).save(buffer, "PNG")
        members_[f"images/{name}.png"] = buffer.getvalue()
        height, width = getattr(data, name)().shape[:2]
        images.append({"id": number, "file_name": f"{name}.png", "width": width, "height": height})
    x1, y1, x2, y2 = FACE_BOX
    annotations.append({"id": 1, "image_id": 1, "category_id": 1, "bbox": [x1, y1, x2 - x1, y2 - y1],
                        "area": (x2 - x1) * (y2 - y1), "iscrowd": 0})
    members_["annotations/faces.json"] = json.dumps({"images": images, "annotations": annotations,
                                                     "categories": [{"id": 1, "name": "face"}]}).encode()
    return fixtures.tar_gz(path, members_)


def test_blazeface_finds_the_astronaut_and_nothing_else(system: RunningSystem, tmp_path: Path) -> None:
    """A real pretrained detector (MediaPipe BlazeFace, TFLite) on real photos."""
    from tests.model_fixtures import package_file

    tflite = package_file("mediapipe", "modules/face_detection/face_detection_short_range.tflite")
    config = {"adapter": "blazeface", "confidence_threshold": 0.5, "nms_iou": 0.3,
              "preprocessing": {"mean": [127.5, 127.5, 127.5], "scale": [127.5, 127.5, 127.5]}}
    with system.client() as client:
        run = measure(client, [tflite], photos_with_faces(tmp_path / "faces.tar.gz"), config)
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    astronaut, *others = run["result"]["images"]
    assert len(astronaut["boxes"]) == 1 and astronaut["scores"][0] > 0.8
    box = astronaut["boxes"][0]
    overlap = max(0.0, min(box[2], FACE_BOX[2]) - max(box[0], FACE_BOX[0])) * max(
        0.0, min(box[3], FACE_BOX[3]) - max(box[1], FACE_BOX[1]))
    union = (box[2] - box[0]) * (box[3] - box[1]) + (FACE_BOX[2] - FACE_BOX[0]) * (FACE_BOX[3] - FACE_BOX[1]) - overlap
    assert overlap / union > 0.5, (box, FACE_BOX)
    assert all(not image["boxes"] for image in others), others
    assert metrics["voc_map"] == pytest.approx(1.0) and metrics["coco_ap50"] == pytest.approx(1.0)


def test_outputs_that_do_not_fit_the_adapter_fail_clearly(system: RunningSystem, tmp_path: Path) -> None:
    from tests.dataset_fixtures import FASHION

    files = synthetic_models.mean_colour(tmp_path / "model")  # 3 numbers out, not 10 class scores
    with system.client() as client:
        response = import_uploads(client, [upload_whole(client, path) for path in files])
        job_events(client, response.json()["conversion_job_id"])
        dataset = import_archive(client, FASHION).json()
        project = client.post("/api/v1/projects", json={"model_id": response.json()["id"],
                                                         "dataset_id": dataset["id"]}).json()
        started = client.post(f"/api/v1/projects/{project['id']}/accuracy", json={"config": {}}).json()
        last = job_events(client, started["job"]["id"])[-1]
    assert last.status == JobStatus.failed and last.error is not None
    assert last.error.code == "accuracy.adapter_mismatch" and "10 classes" in last.error.message


def test_a_real_character_detector_on_rendered_text(system: RunningSystem, tmp_path: Path) -> None:
    """ddddocr's YOLOX-style detector (trained on captchas) on letters whose boxes are exact by construction."""
    from tests.model_fixtures import package_file

    detector = package_file("ddddocr", "common_det.onnx")
    config = {"adapter": "yolox", "confidence_threshold": 0.1, "nms_iou": 0.45,
              "preprocessing": {"resize": "letterbox", "color": "BGR"}}
    with system.client() as client:
        run = measure(client, [detector], fixtures.rendered_characters(tmp_path / "text.tar.gz"), config)
    metrics = {m["name"]: m["value"] for m in run["result"]["metrics"]}
    assert run["result"]["samples"] == 6 and all(image["boxes"] for image in run["result"]["images"])
    assert metrics["voc_map"] > 0.5 and metrics["coco_ap50"] > 0.5, metrics


def test_the_single_image_test_draws_masks_images_and_points(system: RunningSystem, tmp_path: Path) -> None:
    import base64
    import json

    def upload_model(client: httpx.Client, files: list[Path]) -> str:
        model = import_uploads(client, [upload_whole(client, path) for path in files]).json()
        job_events(client, model["conversion_job_id"])
        return model["id"]

    def predict(client: httpx.Client, model_id: str, image: bytes, config: dict, **params: str) -> dict:
        response = client.post(f"/api/v1/models/{model_id}/predictions", content=image,
                               params={"config": json.dumps(config), **params})
        assert response.status_code == 200, response.text
        return response.json()

    seg_archive = fixtures.segmentation(tmp_path / "seg.tar.gz")
    red_image = members(seg_archive)["seg/images/0.png"]
    with system.client() as client:
        seg_dataset = import_archive(client, seg_archive).json()
        found = predict(client, upload_model(client, synthetic_models.red_detector(tmp_path / "seg")), red_image,
                        {"adapter": "segmentation"}, dataset_id=seg_dataset["id"])
        upscaled = predict(client, upload_model(client, synthetic_models.bilinear_upscaler(tmp_path / "sr")),
                           members(fixtures.super_resolution(tmp_path / "sr.tar.gz"))["sr/LR/0.png"],
                           {"adapter": "image"})
        marks = predict(client, upload_model(client, synthetic_models.fixed_landmarks(tmp_path / "lm")),
                        fixtures.face_picture(0, 1), {"adapter": "landmarks"})
        instances = predict(client, upload_model(client, synthetic_models.fixed_instances(tmp_path / "inst")),
                            fixtures.picture(0)[0], {"adapter": "instance_masks", "confidence_threshold": 0.5})
    overlay = Image.open(io.BytesIO(base64.b64decode(found["overlay_png"])))
    assert overlay.mode == "RGBA" and overlay.size == (64, 48) and set(found["names"]) == {"background", "red"}
    red_share = float((image_array(red_image)[:, :, 0] > 100).mean())
    assert found["scores"][found["names"].index("red")] == pytest.approx(red_share, abs=1e-9)
    assert Image.open(io.BytesIO(base64.b64decode(upscaled["overlay_png"]))).size == (64, 48)
    assert np.allclose(marks["points"], synthetic_models.LANDMARKS * 32, atol=1e-4)
    assert instances["boxes"] == synthetic_models.MASK_BOXES[:2, :4].tolist()  # the two scored >= 0.5
    painted = np.asarray(Image.open(io.BytesIO(base64.b64decode(instances["overlay_png"]))))[:, :, 3] > 0
    assert painted.sum() == 20 * 15 + 20 * 20  # each mask fills its box
