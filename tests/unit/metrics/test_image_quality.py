import numpy as np
import pytest
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from dlwb_metrics.image_quality import ImageQualityAccumulator, psnr, ssim
from dlwb_metrics.records import by_name


def pair(seed: int, shape: tuple[int, ...], dtype: type, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """A smooth reference and a noisy copy, in the dtype's natural range."""
    rng = np.random.default_rng(seed)
    ramp = np.add.outer(np.linspace(0, 1, shape[0]), np.linspace(0, 1, shape[1])) / 2
    ref = (ramp.reshape(shape[:2] + (1,) * (len(shape) - 2)) + 0.3 * rng.random(shape)) / 1.3
    test = np.clip(ref + rng.normal(0, noise, shape), 0, 1)
    if dtype == np.uint8:
        return np.round(ref * 255).astype(np.uint8), np.round(test * 255).astype(np.uint8)
    return ref.astype(dtype), test.astype(dtype)


CASES = [((37, 53), np.uint8), ((37, 53, 3), np.uint8), ((40, 41), np.float64), ((33, 64, 3), np.float64),
         ((29, 30), np.float32), ((29, 30, 3), np.float32)]


@pytest.mark.parametrize(("shape", "dtype"), CASES)
@pytest.mark.parametrize("noise", [0.02, 0.2])
def test_psnr_and_ssim_match_skimage(shape: tuple[int, ...], dtype: type, noise: float) -> None:
    ref, test = pair(len(shape) * 7 + int(noise * 100), shape, dtype, noise)
    channel_axis = -1 if len(shape) == 3 else None
    data_range = None if dtype == np.uint8 else 1.0
    assert psnr(ref, test, data_range) == pytest.approx(
        peak_signal_noise_ratio(ref, test, data_range=data_range), abs=1e-6)
    expected = structural_similarity(ref, test, data_range=data_range, channel_axis=channel_axis)
    assert ssim(ref, test, data_range, channel_axis) == pytest.approx(expected, abs=1e-6)


def test_defaults_and_options_match_skimage() -> None:
    ref, test = pair(3, (30, 32), np.float64, 0.1)
    assert psnr(ref, test) == pytest.approx(peak_signal_noise_ratio(ref, test), abs=1e-9)  # float default: 1
    assert psnr(ref - 0.5, test - 0.5) == pytest.approx(peak_signal_noise_ratio(ref - 0.5, test - 0.5), abs=1e-9)
    u_ref, u_test = pair(4, (30, 32), np.uint8, 0.1)
    assert ssim(u_ref, u_test) == pytest.approx(structural_similarity(u_ref, u_test), abs=1e-9)
    # channels first, another window, a 255 range on floats
    c_ref, c_test = pair(5, (20, 24, 3), np.float64, 0.1)
    c_ref, c_test = np.moveaxis(c_ref, -1, 0) * 255, np.moveaxis(c_test, -1, 0) * 255
    assert ssim(c_ref, c_test, 255, channel_axis=0, win_size=5) == pytest.approx(
        structural_similarity(c_ref, c_test, data_range=255, channel_axis=0, win_size=5), abs=1e-9)


def test_edge_cases() -> None:
    ref, _ = pair(6, (16, 16), np.uint8, 0.1)
    assert psnr(ref, ref) == float("inf")
    assert ssim(ref, ref) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="data_range"):
        ssim(ref.astype(float), ref.astype(float))
    with pytest.raises(ValueError):
        ssim(ref[:5], ref[:5])  # smaller than the window
    with pytest.raises(ValueError):
        psnr(ref, ref[:, :8])


def test_accumulator_is_the_mean_over_images() -> None:
    acc, other = ImageQualityAccumulator(channel_axis=-1), ImageQualityAccumulator(channel_axis=-1)
    psnrs, ssims = [], []
    for seed in range(4):
        ref, test = pair(seed, (24, 24, 3), np.uint8, 0.1)
        (acc if seed < 2 else other).add(test, ref)
        psnrs.append(peak_signal_noise_ratio(ref, test))
        ssims.append(structural_similarity(ref, test, channel_axis=-1))
    acc.merge(other)
    values = by_name(acc.result())
    assert values["psnr"] == pytest.approx(np.mean(psnrs), abs=1e-9)
    assert values["ssim"] == pytest.approx(np.mean(ssims), abs=1e-9)
    assert np.isnan(by_name(ImageQualityAccumulator().result())["ssim"])
