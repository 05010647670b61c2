"""PSNR and SSIM, as scikit-image's ``peak_signal_noise_ratio`` and ``structural_similarity`` (defaults).

Both take ``(reference, test)`` images of one shape. ``data_range`` is the span of possible values
(255 for uint8, 1.0 for [0, 1] floats). SSIM uses a 7x7 uniform window, K1 = 0.01, K2 = 0.03, sample
covariance (N / (N - 1)), averages the valid windows only (the image border of 3 pixels is not a window
centre), and with ``channel_axis`` averages the per-channel SSIM. Arithmetic is float32 for float16/32
images and float64 otherwise, as scikit-image.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlwb_metrics.records import PSNR, SSIM, Metric


def _float_type(*dtypes: np.dtype) -> np.dtype:
    return np.result_type(*[np.float32 if np.dtype(d) in (np.float16, np.float32) else np.float64 for d in dtypes])


def _dtype_range(dtype: np.dtype) -> tuple[float, float]:
    """scikit-image's ``dtype_range``: integer limits, (0, 1) for bool, (-1, 1) for floats."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return 0.0, 1.0
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return float(info.min), float(info.max)
    return -1.0, 1.0


def psnr(reference: np.ndarray, test: np.ndarray, data_range: float | None = None) -> float:
    """``10 log10(data_range^2 / MSE)`` in dB; ``inf`` for identical images. Without ``data_range``: the
    dtype's maximum (or full span if the reference has negative values; floats: 1 or 2)."""
    ref, tst = np.asarray(reference), np.asarray(test)
    if ref.shape != tst.shape:
        raise ValueError(f"shapes differ: {ref.shape} and {tst.shape}")
    if data_range is None:
        dmin, dmax = _dtype_range(ref.dtype)
        if ref.max() > dmax or ref.min() < dmin:
            raise ValueError("reference values outside its dtype's range: pass data_range")
        data_range = dmax if ref.min() >= 0 else dmax - dmin
    ftype = _float_type(ref.dtype, tst.dtype)
    mse = np.mean((ref.astype(ftype) - tst.astype(ftype)) ** 2, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return float(10 * np.log10(float(data_range) ** 2 / mse))


def _window_mean(image: np.ndarray, size: int) -> np.ndarray:
    """Mean over every complete ``size``-wide window, one axis after the other (as ndimage's separable
    ``uniform_filter``, accumulating in float64 and storing in the image's float type after each axis)."""
    out = image
    for axis in range(image.ndim):
        windows = sliding_window_view(out.astype(np.float64, copy=False), size, axis=axis)
        out = (windows.sum(axis=-1) / size).astype(image.dtype)
    return out


def _ssim_one(ref: np.ndarray, tst: np.ndarray, data_range: float, win_size: int, k1: float, k2: float) -> float:
    ftype = _float_type(ref.dtype)
    x, y = ref.astype(ftype), tst.astype(ftype)
    if min(x.shape) < win_size:
        raise ValueError(f"image side below the {win_size}x{win_size} window (set channel_axis for colour)")
    n = win_size**x.ndim
    cov_norm = n / (n - 1)
    ux, uy = _window_mean(x, win_size), _window_mean(y, win_size)
    uxx, uyy, uxy = _window_mean(x * x, win_size), _window_mean(y * y, win_size), _window_mean(x * y, win_size)
    vx, vy, vxy = cov_norm * (uxx - ux * ux), cov_norm * (uyy - uy * uy), cov_norm * (uxy - ux * uy)
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux**2 + uy**2 + c1) * (vx + vy + c2))
    return float(s.mean(dtype=np.float64))


def ssim(reference: np.ndarray, test: np.ndarray, data_range: float | None = None, channel_axis: int | None = None,
         win_size: int = 7, k1: float = 0.01, k2: float = 0.03) -> float:
    """Mean structural similarity. ``data_range`` is required for float images; integer images default to
    the dtype's full span (255 for uint8)."""
    ref, tst = np.asarray(reference), np.asarray(test)
    if ref.shape != tst.shape:
        raise ValueError(f"shapes differ: {ref.shape} and {tst.shape}")
    if win_size % 2 != 1:
        raise ValueError("win_size must be odd")
    if data_range is None:
        if np.issubdtype(ref.dtype, np.floating) or np.issubdtype(tst.dtype, np.floating):
            raise ValueError("float images need data_range")
        dmin, dmax = _dtype_range(ref.dtype)
        data_range = dmax - dmin
    if channel_axis is None:
        return _ssim_one(ref, tst, data_range, win_size, k1, k2)
    ref, tst = np.moveaxis(ref, channel_axis, 0), np.moveaxis(tst, channel_axis, 0)
    per_channel = np.array([_ssim_one(r, t, data_range, win_size, k1, k2) for r, t in zip(ref, tst, strict=True)],
                           dtype=_float_type(ref.dtype))
    return float(per_channel.mean())


class ImageQualityAccumulator:
    """Streaming mean of per-image PSNR and SSIM: ``add(output, reference)`` per image, then ``result()``."""

    def __init__(self, data_range: float | None = None, channel_axis: int | None = None) -> None:
        self.data_range = data_range
        self.channel_axis = channel_axis
        self.psnr_sum = 0.0
        self.ssim_sum = 0.0
        self.count = 0

    def add(self, output: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
        """Returns this image's ``(psnr, ssim)``."""
        p = psnr(reference, output, self.data_range)
        s = ssim(reference, output, self.data_range, self.channel_axis)
        self.psnr_sum += p
        self.ssim_sum += s
        self.count += 1
        return p, s

    def merge(self, other: ImageQualityAccumulator) -> None:
        self.psnr_sum += other.psnr_sum
        self.ssim_sum += other.ssim_sum
        self.count += other.count

    def result(self) -> list[Metric]:
        n = self.count
        return [PSNR(self.psnr_sum / n if n else float("nan")), SSIM(self.ssim_sum / n if n else float("nan"))]
