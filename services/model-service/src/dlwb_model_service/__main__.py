from dlwb_model_service.main import run

run()
