import warnings

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, top_k_accuracy_score

from dlwb_metrics.classification import ClassificationAccumulator, top_k_indices
from dlwb_metrics.records import by_name


def data(seed: int, n: int = 400, classes: int = 20, levels: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, n)
    scores = rng.normal(0, 1, (n, classes))
    scores[np.arange(n), labels] += rng.uniform(0, 3, n)  # informative but imperfect
    if levels:
        scores = np.round(scores * levels) / levels  # many ties
    return scores, labels


def reference_top_k(scores: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Top-k with arg-max's rule on exact ties (the lower class index first), by lexicographic sort."""
    hits = 0
    for row, label in zip(scores, labels, strict=True):
        order = np.lexsort((np.arange(len(row)), -row))  # by score descending, then by index
        hits += int(label in order[:k])
    return hits / len(labels)


@pytest.mark.parametrize(("seed", "levels"), [(0, None), (1, None), (2, 1)])
def test_top1_top5_match_the_references(seed: int, levels: int | None) -> None:
    scores, labels = data(seed, levels=levels)
    acc = ClassificationAccumulator()
    for s, lab in zip(scores, labels, strict=True):
        acc.add(s, int(lab))
    values = by_name(acc.result())
    all_labels = np.arange(scores.shape[1])
    # top-1 is the arg-max, ties or not
    assert values["top1_accuracy"] == pytest.approx(accuracy_score(labels, scores.argmax(axis=1)), abs=1e-12)
    assert values["top5_accuracy"] == pytest.approx(reference_top_k(scores, labels, 5), abs=1e-12)
    if levels is None:  # without ties scikit-learn agrees (on ties it ranks the higher index first)
        assert values["top1_accuracy"] == pytest.approx(top_k_accuracy_score(labels, scores, k=1, labels=all_labels),
                                                        abs=1e-12)
        assert values["top5_accuracy"] == pytest.approx(top_k_accuracy_score(labels, scores, k=5, labels=all_labels),
                                                        abs=1e-12)
    assert 0.2 < values["top1_accuracy"] < values["top5_accuracy"] < 1


def test_background_offset() -> None:
    """1001 scores for 1000 classes: score index 0 is background, label l is score index l + 1."""
    scores, labels = data(3, classes=12)
    background = np.random.default_rng(3).normal(1.0, 1, (len(scores), 1))  # often the best or in the top 5
    with_bg = np.concatenate([background, scores], axis=1)
    acc = ClassificationAccumulator(background_offset=1)
    acc.add(with_bg, labels)  # a batch
    values = by_name(acc.result())
    grid = np.arange(13)
    assert values["top1_accuracy"] == pytest.approx(top_k_accuracy_score(labels + 1, with_bg, k=1, labels=grid))
    assert values["top5_accuracy"] == pytest.approx(top_k_accuracy_score(labels + 1, with_bg, k=5, labels=grid))
    assert values["top1_accuracy"] < by_name(_plain(scores, labels))["top1_accuracy"]  # background costs


def _plain(scores: np.ndarray, labels: np.ndarray) -> list:
    acc = ClassificationAccumulator()
    acc.add(scores, labels)
    return acc.result()


def test_topk_indices_from_the_agent_and_merge() -> None:
    scores, labels = data(4)
    whole = ClassificationAccumulator()
    whole.add(scores, labels)
    agent, other = ClassificationAccumulator(), ClassificationAccumulator()
    for s, lab in zip(scores[:150], labels[:150], strict=True):
        agent.add_topk(top_k_indices(s, 5), lab)
    other.add_topk(top_k_indices(scores[150:], 10), labels[150:])  # more than 5 are cut
    agent.merge(other)
    assert by_name(agent.result()) == by_name(whole.result())


def test_an_exact_tie_ranks_the_lower_class_first_as_argmax() -> None:
    tied = np.array([0.1, 0.5, 0.5, 0.2], dtype=np.float32)
    assert top_k_indices(tied, 3).tolist() == [1, 2, 3]
    assert top_k_indices(np.stack([tied, tied[::-1]]), 2).tolist() == [[1, 2], [1, 2]]
    assert top_k_indices(np.array([3, 7, 7, 0], dtype=np.uint8), 2).tolist() == [1, 2]  # unsigned scores
    acc = ClassificationAccumulator()
    acc.add(np.stack([tied, tied]), np.array([1, 2]))  # label 1 is the arg-max; label 2 ties but ranks second
    values = by_name(acc.result())
    assert (values["top1_accuracy"], values["top5_accuracy"]) == (0.5, 1.0)


def test_edge_cases() -> None:
    assert all(np.isnan(v) for v in by_name(ClassificationAccumulator().result()).values())
    scores, labels = data(5, n=50, classes=4)  # fewer classes than 5: top-5 always right
    acc = ClassificationAccumulator()
    acc.add(scores, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = top_k_accuracy_score(labels, scores, k=5, labels=np.arange(4))
    assert by_name(acc.result())["top5_accuracy"] == expected == 1.0
    with pytest.raises(ValueError):
        acc.add(scores, labels[:3])
