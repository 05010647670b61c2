"""Class names come from the class file that sits beside an ImageNet-style list, whatever its name."""

from pathlib import Path

import pytest
from PIL import Image

from dlwb_model_service.dataset.recognition import detect


def imagenet_folder(folder: Path, class_file: str | None, lines: list[str], list_name: str = "val.txt") -> Path:
    (folder / "images").mkdir(parents=True)
    for index in range(3):
        Image.new("RGB", (8, 8), (index * 60, 0, 0)).save(folder / "images" / f"{index}.png")
    (folder / list_name).write_text("".join(f"images/{i}.png {i}\n" for i in range(3)))
    if class_file:
        (folder / class_file).write_text("\n".join(lines) + "\n")
    return folder


@pytest.mark.parametrize("class_file", ["labels.txt", "classes.txt", "class_names.txt"])
def test_a_class_file_names_the_classes(tmp_path: Path, class_file: str) -> None:
    manifest = detect(imagenet_folder(tmp_path, class_file, ["cat", "dog", "ankle boot"]))
    assert manifest.classes == ["cat", "dog", "ankle boot"]
    assert [sample.label for sample in manifest.samples] == [0, 1, 2]


def test_synset_words_give_the_first_name(tmp_path: Path) -> None:
    lines = ["n01440764 tench, Tinca tinca", "n01443537 goldfish, Carassius auratus", "n01484850 great white shark"]
    assert detect(imagenet_folder(tmp_path, "synset_words.txt", lines)).classes == [
        "tench", "goldfish", "great white shark"]


def test_a_labels_txt_that_is_the_image_list_is_not_taken_for_class_names(tmp_path: Path) -> None:
    manifest = detect(imagenet_folder(tmp_path, "classes.txt", ["a", "b", "c"], list_name="labels.txt"))
    assert manifest.classes == ["a", "b", "c"] and len(manifest.samples) == 3
    bare = detect(imagenet_folder(tmp_path / "bare", None, [], list_name="labels.txt"))
    assert bare.classes == ["0", "1", "2"]
