"""Face verification accuracy by the LFW protocol (10-fold cross-validated threshold).

Pairs are scored by cosine similarity (same person if ``similarity >= threshold``) or by L2 distance
(same if ``distance <= threshold``; embeddings L2-normalised first unless ``normalize=False``). Pairs are
split in order into 10 contiguous folds (``sklearn`` ``KFold(10, shuffle=False)``: the first ``n % 10``
folds one pair longer). For each fold the threshold with the best accuracy on the other nine is taken
among the distinct training scores (or a given grid), the smallest on ties, and the accuracy on the held-out
fold recorded. The result is the mean of the ten accuracies and their standard deviation (ddof=0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from dlwb_metrics.records import Metric, VerificationAccuracy, VerificationAccuracyStd

Similarity = Literal["cosine", "l2"]


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def pair_scores(embeddings1: np.ndarray, embeddings2: np.ndarray, metric: Similarity = "cosine",
                normalize: bool = True) -> np.ndarray:
    """Score per pair ``(N,)`` from ``(N, D)`` embeddings (or one pair of ``(D,)``): cosine similarity or
    L2 distance."""
    a = np.atleast_2d(np.asarray(embeddings1, np.float64))
    b = np.atleast_2d(np.asarray(embeddings2, np.float64))
    if metric == "cosine":
        return np.sum(_unit(a) * _unit(b), axis=1)
    if metric == "l2":
        if normalize:
            a, b = _unit(a), _unit(b)
        return np.linalg.norm(a - b, axis=1)
    raise ValueError(f"unknown metric {metric!r}")


def predict_same(scores: np.ndarray, threshold: float, metric: Similarity = "cosine") -> np.ndarray:
    return scores >= threshold if metric == "cosine" else scores <= threshold


def best_threshold(scores: np.ndarray, same: np.ndarray, metric: Similarity = "cosine",
                   thresholds: np.ndarray | None = None) -> tuple[float, float]:
    """``(threshold, accuracy)`` maximising accuracy on these pairs; candidates ascending, first best wins."""
    scores, same = np.asarray(scores, np.float64), np.asarray(same, bool)
    candidates = np.unique(scores) if thresholds is None else np.sort(np.asarray(thresholds, np.float64))
    pos, neg = np.sort(scores[same]), np.sort(scores[~same])
    if metric == "cosine":  # same if score >= t
        true_same = len(pos) - np.searchsorted(pos, candidates, side="left")
        true_diff = np.searchsorted(neg, candidates, side="left")
    else:  # same if distance <= t
        true_same = np.searchsorted(pos, candidates, side="right")
        true_diff = len(neg) - np.searchsorted(neg, candidates, side="right")
    accuracy = (true_same + true_diff) / len(scores)
    best = int(np.argmax(accuracy))
    return float(candidates[best]), float(accuracy[best])


@dataclass(frozen=True)
class VerificationResult:
    """Per fold: the threshold chosen on the other folds and the held-out accuracy."""

    thresholds: np.ndarray
    accuracies: np.ndarray

    @property
    def mean(self) -> float:
        return float(np.mean(self.accuracies))

    @property
    def std(self) -> float:
        return float(np.std(self.accuracies))

    def metrics(self) -> list[Metric]:
        return [VerificationAccuracy(self.mean), VerificationAccuracyStd(self.std)]


def verification_accuracy(scores: np.ndarray, same: np.ndarray, metric: Similarity = "cosine", folds: int = 10,
                          thresholds: np.ndarray | None = None) -> VerificationResult:
    """LFW protocol over pair ``scores`` (in ``metric`` units) and ``same`` labels, pairs in protocol order."""
    scores, same = np.asarray(scores, np.float64).reshape(-1), np.asarray(same, bool).reshape(-1)
    if len(scores) != len(same):
        raise ValueError(f"{len(scores)} scores but {len(same)} labels")
    if len(scores) < folds:
        raise ValueError(f"{len(scores)} pairs cannot make {folds} folds")
    chosen, accuracies = [], []
    for test in np.array_split(np.arange(len(scores)), folds):
        train = np.ones(len(scores), bool)
        train[test] = False
        threshold, _ = best_threshold(scores[train], same[train], metric, thresholds)
        chosen.append(threshold)
        accuracies.append(float(np.mean(predict_same(scores[test], threshold, metric) == same[test])))
    return VerificationResult(np.array(chosen), np.array(accuracies))


class VerificationAccumulator:
    """Streaming pairs: ``add(embeddings1, embeddings2, same)`` (or ``add_scores`` with scores computed on
    the agent by ``pair_scores``) in protocol order, then ``result()``: mean accuracy and its std."""

    def __init__(self, metric: Similarity = "cosine", normalize: bool = True, folds: int = 10,
                 thresholds: np.ndarray | None = None) -> None:
        self.metric: Similarity = metric
        self.normalize = normalize
        self.folds = folds
        self.thresholds = thresholds
        self.scores: list[np.ndarray] = []
        self.same: list[np.ndarray] = []

    def add(self, embeddings1: np.ndarray, embeddings2: np.ndarray, same: bool | np.ndarray) -> None:
        self.add_scores(pair_scores(embeddings1, embeddings2, self.metric, self.normalize), same)

    def add_scores(self, scores: float | np.ndarray, same: bool | np.ndarray) -> None:
        self.scores.append(np.atleast_1d(np.asarray(scores, np.float64)))
        self.same.append(np.atleast_1d(np.asarray(same, bool)))

    def merge(self, other: VerificationAccumulator) -> None:
        """Appends ``other``'s pairs after these (fold membership follows pair order)."""
        self.scores.extend(other.scores)
        self.same.extend(other.same)

    def evaluate(self) -> VerificationResult:
        return verification_accuracy(np.concatenate(self.scores), np.concatenate(self.same), self.metric,
                                     self.folds, self.thresholds)

    def result(self) -> list[Metric]:
        return self.evaluate().metrics()
