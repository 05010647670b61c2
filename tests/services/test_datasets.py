"""Dataset import on the model-service: every supported format recognised, annotations exact, browsing,
and bad archives."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests import dataset_fixtures as fixtures
from tests.api_calls import import_archive, stored_state, upload_whole
from tests.dataset_fixtures import FASHION
from tests.services.conftest import Service, sqlite_only


@pytest.mark.parametrize(("make", "fmt", "task", "images", "objects"), [
    (fixtures.imagenet, "imagenet", "classification", 6, 0),
    (fixtures.class_folders, "image_folders", "classification", 4, 0),
    (fixtures.coco, "coco", "object_detection", 4, 6),
    (fixtures.voc, "voc", "object_detection", 4, 6),
    (fixtures.plain_images, "images", None, 3, 0),
])
def test_each_format_is_recognised_with_its_annotations(model_service: Service, tmp_path: Path, make, fmt: str,
                                                        task: str | None, images: int, objects: int) -> None:
    suffix = ".zip" if make in (fixtures.class_folders, fixtures.plain_images) else ".tar.gz"
    client = model_service.client
    response = import_archive(client, make(tmp_path / f"{fmt}{suffix}"))
    assert response.status_code == 201, response.text
    dataset = response.json()
    assert (dataset["kind"], dataset["format"], dataset["task"], dataset["count"]) == (
        "imported", fmt, task, images)
    assert dataset["report"]["images"] == images and dataset["report"]["objects"] == objects
    assert dataset["report"]["verdict"].startswith(f"{fmt} ")
    samples = client.get(f"/api/v1/datasets/{dataset['id']}/samples", params={"limit": 100}).json()
    assert samples["count"] == images
    first = samples["data"][0]
    assert (first["width"], first["height"]) == (64, 48)
    if task == "classification":
        # class folders are numbered in name order (as torchvision's ImageFolder does)
        assert dataset["classes"] == (sorted(fixtures.CLASSES) if fmt == "image_folders" else fixtures.CLASSES)
        expected = {"square": (images + 1) // 2, "bar": images // 2}
        assert {c["name"]: c["count"] for c in dataset["histogram"]} == expected
    if task == "object_detection":
        index = int(Path(first["image"]).stem)
        _, boxes, labels = fixtures.picture(index)
        assert first["boxes"] == boxes
        assert [dataset["classes"][label] for label in first["labels"]] == [fixtures.CLASSES[i] for i in labels]
    image = client.get(first["image_url"])
    assert image.status_code == 200 and Image.open(io.BytesIO(image.content)).size == (64, 48)
    thumb = client.get(first["image_url"], params={"thumbnail": "true"})
    assert thumb.headers["content-type"] == "image/jpeg"


@sqlite_only
def test_the_fashion_mnist_archive_imports_as_classification(model_service: Service) -> None:
    client = model_service.client
    dataset = import_archive(client, FASHION, "fashion-mnist test 500").json()
    assert dataset["task"] == "classification" and dataset["count"] == 500
    assert dataset["classes"][0] == "T-shirt/top" and len(dataset["classes"]) == 10
    assert sum(c["count"] for c in dataset["histogram"]) == 500
    bags = client.get(f"/api/v1/datasets/{dataset['id']}/samples", params={"label": 8, "limit": 500}).json()
    assert bags["count"] == next(c["count"] for c in dataset["histogram"] if c["name"] == "Bag")
    assert {s["label"] for s in bags["data"]} == {8}


@sqlite_only
def test_bad_dataset_archives_are_refused_and_leave_nothing(model_service: Service, tmp_path: Path) -> None:
    cases = {
        "unknown": (fixtures.zipped(tmp_path / "notes.zip", {"readme.txt": b"hello"}), "dataset.unknown_format"),
        "missing-images": (fixtures.coco(tmp_path / "coco-missing.tar.gz", missing=True), "dataset.missing_images"),
        "broken-annotations": (fixtures.tar_gz(tmp_path / "bad-json.tar.gz", {
            "images/a.png": fixtures.picture(0)[0],
            "annotations/instances.json": json.dumps({"images": [{"id": 1, "file_name": "a.png"}],
                                                      "annotations": [{"id": 1, "image_id": 1, "category_id": 5,
                                                                       "bbox": [0, 0, 1, 1]}],
                                                      "categories": []}).encode()}), "dataset.invalid_annotations"),
        "broken-image": (fixtures.zipped(tmp_path / "broken.zip", {"p/a.png": b"\x89PNG not really"}),
                         "dataset.broken_image"),
        "bad-label-line": (fixtures.tar_gz(tmp_path / "lines.tar.gz", {
            "a.png": fixtures.picture(0)[0], "val.txt": b"a.png 0\na.png x y\n"}), "dataset.invalid_annotations"),
        "not-an-archive": (tmp_path / "image.png", "dataset.not_an_archive"),
        "traversal": (fixtures.zipped(tmp_path / "evil.zip", {"../../x.png": fixtures.picture(0)[0]}),
                      "archive.unsafe"),
    }
    (tmp_path / "image.png").write_bytes(fixtures.picture(0)[0])
    client = model_service.client
    for case, (path, code) in cases.items():
        before = stored_state(model_service.data_dir, client), client.get("/api/v1/datasets").json()["count"]
        response = import_archive(client, path)
        assert response.status_code in (415, 422), (case, response.text)
        assert response.json()["code"] == code, (case, response.text)
        assert response.json()["message"]
        after = stored_state(model_service.data_dir, client), client.get("/api/v1/datasets").json()["count"]
        assert after == before, case


@sqlite_only
def test_augmentation_makes_a_new_dataset_whose_boxes_follow_the_flips(model_service: Service, tmp_path: Path) -> None:
    import numpy as np

    client = model_service.client
    source = import_archive(client, fixtures.voc(tmp_path / "voc.tar.gz")).json()
    response = client.post(f"/api/v1/datasets/{source['id']}/augmentations",
                           json={"copies": 2, "flip_horizontal": True, "seed": 3, "name": "voc x3"})
    assert response.status_code == 201, response.text
    augmented = response.json()
    assert augmented["count"] == 12 and augmented["task"] == "object_detection" and augmented["name"] == "voc x3"
    assert augmented["report"]["objects"] == 3 * source["report"]["objects"]
    samples = client.get(f"/api/v1/datasets/{augmented['id']}/samples", params={"limit": 100}).json()["data"]
    pixels = {s["index"]: np.asarray(Image.open(io.BytesIO(client.get(s["image_url"]).content)))
              for s in samples}
    flips = 0
    for sample in samples:
        if ".aug" not in sample["image"]:
            continue
        original = next(s for s in samples if s["image"] == sample["image"].split(".aug")[0] + ".png")
        mirrored = np.array_equal(pixels[sample["index"]], pixels[original["index"]][:, ::-1])
        width = original["width"]
        expected = ([[width - b[2], b[1], width - b[0], b[3]] for b in original["boxes"]] if mirrored
                    else original["boxes"])
        assert sample["boxes"] == expected and sample["labels"] == original["labels"]
        flips += mirrored
    assert 0 < flips < 8  # some copies flipped, some not (a coin per copy)
    bad = client.post(f"/api/v1/datasets/{source['id']}/augmentations", json={"copies": 50})
    assert bad.status_code == 422 and bad.json()["code"] == "request.invalid"


@sqlite_only
def test_face_and_web_formats_are_recognised(model_service: Service, tmp_path: Path) -> None:
    import numpy as np

    client = model_service.client
    lfw = import_archive(client, fixtures.lfw(tmp_path / "lfw.tar.gz")).json()
    assert (lfw["format"], lfw["task"], lfw["count"]) == ("lfw", "face_recognition", 12)
    archive, points = fixtures.landmarks(tmp_path / "landmarks.tar.gz")
    marks = import_archive(client, archive).json()
    assert (marks["format"], marks["task"], marks["count"]) == ("landmarks_csv", "facial_landmarks", 3)
    wider = import_archive(client, fixtures.wider_face(tmp_path / "wider.tar.gz")).json()
    assert (wider["format"], wider["task"], wider["classes"]) == ("wider_face", "object_detection", ["face"])
    assert wider["report"]["objects"] == 3
    oi = import_archive(client, fixtures.open_images(tmp_path / "oi.tar.gz")).json()
    assert (oi["format"], oi["classes"]) == ("open_images", ["Bar", "Square"])
    first = client.get(f"/api/v1/datasets/{oi['id']}/samples").json()["data"][0]
    _, boxes, labels = fixtures.picture(int(Path(first["image"]).stem, 16))
    assert np.allclose(first["boxes"], boxes, atol=1e-3)
    city = import_archive(client, fixtures.cityscapes(tmp_path / "city.tar.gz")).json()
    assert (city["format"], city["task"], len(city["classes"])) == ("cityscapes", "semantic_segmentation", 19)
    bad = fixtures.tar_gz(tmp_path / "bad-pairs.tar.gz", {"pairs.txt": b"10\t1\nPerson_0\tx\n",
                                                         "lfw/a.jpg": fixtures.face_picture(0, 1)})
    refused = import_archive(client, bad)
    assert refused.status_code == 422 and refused.json()["code"] == "dataset.invalid_annotations"
    assert points and len(points[0]) == 5


@sqlite_only
def test_pascal_voc_masks_are_taken_on_request(model_service: Service, tmp_path: Path) -> None:
    archive = fixtures.voc_with_masks(tmp_path / "voc-seg.tar.gz")
    client = model_service.client
    boxes = import_archive(client, archive).json()
    assert (boxes["format"], boxes["task"]) == ("voc", "object_detection")
    ref = upload_whole(client, archive)
    masks = client.post("/api/v1/datasets/imports", json={**ref, "task": "semantic_segmentation"}).json()
    assert (masks["format"], masks["task"], masks["count"]) == ("voc", "semantic_segmentation", 2)
    assert masks["classes"][15] == "person" and len(masks["classes"]) == 21
