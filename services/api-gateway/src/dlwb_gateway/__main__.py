from dlwb_gateway.main import run

run()
