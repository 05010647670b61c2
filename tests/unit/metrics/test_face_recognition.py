import numpy as np
import pytest
from sklearn.metrics import accuracy_score
from sklearn.model_selection import KFold

from dlwb_metrics.face_recognition import VerificationAccumulator, best_threshold, pair_scores, verification_accuracy
from dlwb_metrics.records import by_name


def lfw_like(seed: int, n_pairs: int = 127, dim: int = 16) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of noisy embeddings of random identities; half the pairs the same person."""
    rng = np.random.default_rng(seed)
    identities = rng.normal(0, 1, (200, dim))
    same = rng.random(n_pairs) < 0.5
    first = rng.integers(0, 200, n_pairs)
    second = np.where(same, first, (first + rng.integers(1, 200, n_pairs)) % 200)
    e1 = identities[first] + rng.normal(0, 0.9, (n_pairs, dim))
    e2 = identities[second] + rng.normal(0, 0.9, (n_pairs, dim))
    return e1, e2, same


def reference(scores: np.ndarray, same: np.ndarray, distance: bool,
              grid: np.ndarray | None = None) -> tuple[float, float]:
    """The protocol written out with sklearn: KFold(10) in order, best threshold on nine folds
    (the smallest among equals, candidates = the training scores or a grid), accuracy on the tenth.
    (Small data sets: accuracy_score takes a millisecond a call.)"""
    accuracies = []
    for train, test in KFold(n_splits=10, shuffle=False).split(scores):
        candidates = np.unique(scores[train]) if grid is None else grid
        train_acc = [accuracy_score(same[train], scores[train] <= t if distance else scores[train] >= t)
                     for t in candidates]
        t = candidates[int(np.argmax(train_acc))]
        accuracies.append(accuracy_score(same[test], scores[test] <= t if distance else scores[test] >= t))
    return float(np.mean(accuracies)), float(np.std(accuracies))


def test_cosine_protocol_matches_sklearn_folds() -> None:
    e1, e2, same = lfw_like(0)  # 127 pairs: folds of 13 and 12
    cosine = np.array([a @ b / np.sqrt((a @ a) * (b @ b)) for a, b in zip(e1, e2, strict=True)])
    np.testing.assert_allclose(pair_scores(e1, e2, "cosine"), cosine, atol=1e-12)
    acc = VerificationAccumulator("cosine")
    for a, b, s in zip(e1, e2, same, strict=True):
        acc.add(a, b, s)
    mean, std = reference(cosine, same, distance=False)
    values = by_name(acc.result())
    assert values["verification_accuracy"] == pytest.approx(mean, abs=1e-6)
    assert values["verification_accuracy_std"] == pytest.approx(std, abs=1e-6)
    assert 0.6 < mean < 0.99  # neither trivial nor hopeless


def test_l2_protocol_matches_sklearn_folds() -> None:
    e1, e2, same = lfw_like(2, n_pairs=110)
    unit1 = e1 / np.linalg.norm(e1, axis=1, keepdims=True)
    unit2 = e2 / np.linalg.norm(e2, axis=1, keepdims=True)
    distance = np.sqrt(((unit1 - unit2) ** 2).sum(axis=1))
    acc = VerificationAccumulator("l2")
    acc.add(e1[:60], e2[:60], same[:60])  # batches
    other = VerificationAccumulator("l2")
    other.add(e1[60:], e2[60:], same[60:])
    acc.merge(other)
    mean, std = reference(distance, same, distance=True)
    result = acc.evaluate()
    assert result.mean == pytest.approx(mean, abs=1e-6)
    assert result.std == pytest.approx(std, abs=1e-6)
    assert len(result.thresholds) == 10
    # unnormalised distances, a threshold grid (as insightface's np.arange(0, 4, 0.01), coarser)
    grid = np.arange(0, 12, 0.25)
    raw = VerificationAccumulator("l2", normalize=False, thresholds=grid)
    raw.add(e1, e2, same)
    raw_mean, raw_std = reference(np.linalg.norm(e1 - e2, axis=1), same, distance=True, grid=grid)
    assert (raw.evaluate().mean, raw.evaluate().std) == pytest.approx((raw_mean, raw_std), abs=1e-6)


def test_threshold_choice_by_hand() -> None:
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    same = np.array([False, False, True, False, True, True])
    assert best_threshold(scores, same, "cosine") == (0.3, pytest.approx(5 / 6))
    assert best_threshold(scores, same, "l2") == (0.6, pytest.approx(0.5))  # small distance = same: all "same"
    t, acc = best_threshold(scores, same, "cosine", thresholds=np.array([0.0, 0.45]))
    assert (t, acc) == (0.45, pytest.approx(5 / 6))
    # separable data: every held-out fold right
    perfect = verification_accuracy(np.r_[np.zeros(50), np.ones(50)][::-1], np.r_[np.ones(50), np.zeros(50)] > 0)
    assert (perfect.mean, perfect.std) == (1.0, 0.0)
    with pytest.raises(ValueError):
        verification_accuracy(np.zeros(5), np.zeros(5, bool))
