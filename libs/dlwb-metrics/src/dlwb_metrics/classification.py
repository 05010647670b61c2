"""Top-1 / top-5 classification accuracy.

Scores are one row of class scores per image (logits or probabilities: only their order matters).
Exact ties rank the lower class index first, as ``numpy.argmax`` does, so top-1 is always the arg-max
(``sklearn.metrics.top_k_accuracy_score`` ranks the higher index first).
``background_offset=1`` is for models with an extra background class at score index 0
(1001-class ImageNet models): label ``l`` is score index ``l + 1`` and predicting index 0 is wrong.
"""

from __future__ import annotations

import numpy as np

from dlwb_metrics.records import Metric, Top1Accuracy, Top5Accuracy


def top_k_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best scores, best first: ``(C,) -> (k,)`` or ``(N, C) -> (N, k)``."""
    descending = -np.asarray(scores, dtype=np.float64)  # float64: negating unsigned scores would wrap
    return np.argsort(descending, axis=-1, kind="stable")[..., :k]  # stable: on a tie the lower index first


class ClassificationAccumulator:
    """Streaming top-1 / top-5 accuracy.

    ``add(scores, label)`` takes full scores; ``add_topk(indices, label)`` takes indices already
    reduced on the agent by ``top_k_indices(scores, 5)`` (same result, five integers per image).
    """

    top_k = 5

    def __init__(self, background_offset: int = 0) -> None:
        self.background_offset = background_offset
        self.count = 0
        self.top1_hits = 0
        self.topk_hits = 0

    def add(self, scores: np.ndarray, label: int | np.ndarray) -> None:
        """``scores`` is ``(C,)`` with a scalar label or ``(N, C)`` with ``(N,)`` labels."""
        self.add_topk(top_k_indices(scores, self.top_k), label)

    def add_topk(self, indices: np.ndarray, label: int | np.ndarray) -> None:
        """``indices`` are score indices best first, ``(k,)`` or ``(N, k)`` (more than 5 are cut)."""
        idx = np.atleast_2d(np.asarray(indices))[:, : self.top_k]
        labels = np.atleast_1d(np.asarray(label)).astype(np.int64) + self.background_offset
        if labels.shape[0] != idx.shape[0]:
            raise ValueError(f"{idx.shape[0]} score rows but {labels.shape[0]} labels")
        hits = idx == labels[:, None]
        self.count += int(labels.shape[0])
        self.top1_hits += int(hits[:, 0].sum())
        self.topk_hits += int(hits.any(axis=1).sum())

    def merge(self, other: ClassificationAccumulator) -> None:
        self.count += other.count
        self.top1_hits += other.top1_hits
        self.topk_hits += other.topk_hits

    def result(self) -> list[Metric]:
        n = self.count
        return [Top1Accuracy(self.top1_hits / n if n else float("nan")),
                Top5Accuracy(self.topk_hits / n if n else float("nan"))]
