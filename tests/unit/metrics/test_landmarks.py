import numpy as np
import pytest

from dlwb_metrics.landmarks import NmeAccumulator, bbox_diagonal, bbox_size, interocular_distance, normalized_mean_error
from dlwb_metrics.records import by_name


def faces(seed: int, n: int = 12, points: int = 68) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        gt = rng.uniform(20, 120, (points, 2))
        out.append((gt + rng.normal(0, 3, gt.shape), gt))
    return out


def test_interocular_nme_is_plain_numpy() -> None:
    data = faces(0)
    acc = NmeAccumulator("interocular", eye_indices=(36, 45))
    per_image = [acc.add(pred, gt) for pred, gt in data]
    expected = [np.mean(np.sqrt(((pred - gt) ** 2).sum(axis=1))) / np.sqrt(((gt[36] - gt[45]) ** 2).sum())
                for pred, gt in data]
    np.testing.assert_allclose(per_image, expected, rtol=1e-12)
    assert by_name(acc.result())["nme"] == pytest.approx(np.mean(expected), abs=1e-12)
    assert acc.result()[0].higher_is_better is False


def test_eye_centres_from_point_groups() -> None:
    pred, gt = faces(1, n=1)[0]
    left, right = gt[36:42].mean(axis=0), gt[42:48].mean(axis=0)
    assert interocular_distance(gt, range(36, 42), range(42, 48)) == pytest.approx(np.hypot(*(left - right)))
    acc = NmeAccumulator("interocular", eye_indices=(list(range(36, 42)), list(range(42, 48))))
    expected = np.mean(np.hypot(*(pred - gt).T)) / np.hypot(*(left - right))
    assert acc.add(pred, gt) == pytest.approx(expected, rel=1e-12)


def test_box_normalisations() -> None:
    data = faces(2, points=5)
    for pred, gt in data:
        w, h = gt[:, 0].max() - gt[:, 0].min(), gt[:, 1].max() - gt[:, 1].min()
        err = np.mean(np.linalg.norm(pred - gt, axis=1))
        assert NmeAccumulator("bbox_diagonal").add(pred, gt) == pytest.approx(err / np.sqrt(w * w + h * h))
        assert NmeAccumulator("bbox_size").add(pred, gt) == pytest.approx(err / np.sqrt(w * h))
    box = np.array([10.0, 20.0, 40.0, 60.0])
    assert bbox_diagonal(data[0][1], box) == pytest.approx(50.0)
    assert bbox_size(data[0][1], box) == pytest.approx(np.sqrt(1200.0))


def test_edge_cases() -> None:
    gt = np.array([[0.0, 0.0], [4.0, 0.0]])
    assert normalized_mean_error(gt, gt, 4.0) == 0.0
    assert normalized_mean_error(gt + [3.0, 4.0], gt, 5.0) == 1.0
    with pytest.raises(ValueError):
        normalized_mean_error(gt, gt, 0.0)  # eyes on top of each other
    with pytest.raises(ValueError):
        normalized_mean_error(gt[:1], gt, 1.0)
    with pytest.raises(ValueError):
        NmeAccumulator("interocular")
    a, b = NmeAccumulator("bbox_size"), NmeAccumulator("bbox_size")
    a.add(gt + 1, gt, bbox=[0, 0, 4, 4])
    b.add(gt, gt, bbox=[0, 0, 4, 4])
    a.merge(b)
    assert by_name(a.result())["nme"] == pytest.approx(np.sqrt(2) / 4 / 2)
    assert np.isnan(by_name(NmeAccumulator("bbox_size").result())["nme"])
