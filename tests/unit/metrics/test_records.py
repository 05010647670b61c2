import math

from dlwb_metrics.records import PSNR, CocoAP, CocoMaskAP, NormalizedMeanError, by_name


def test_records_carry_name_unit_and_direction() -> None:
    assert PSNR(31.5).to_dict() == {"name": "psnr", "value": 31.5, "unit": "dB", "higher_is_better": True}
    assert CocoMaskAP(0.4).name == "coco_mask_ap" and isinstance(CocoMaskAP(0.4), CocoAP)
    assert CocoAP(0.5).is_better_than(CocoAP(0.4))
    assert NormalizedMeanError(0.04).is_better_than(NormalizedMeanError(0.05))  # lower is better
    assert not CocoAP(math.nan).is_better_than(CocoAP(0.1))
    assert CocoAP(0.0).is_better_than(CocoAP(math.nan))
    assert by_name([PSNR(30.0), NormalizedMeanError(0.1)]) == {"psnr": 30.0, "nme": 0.1}
