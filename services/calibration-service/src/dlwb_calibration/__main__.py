from dlwb_calibration.main import run

run()
