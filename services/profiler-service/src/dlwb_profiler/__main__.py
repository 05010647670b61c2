from dlwb_profiler.main import run

run()
