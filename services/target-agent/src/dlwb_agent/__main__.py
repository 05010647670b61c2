from dlwb_agent.main import run

run()
