"""OpenVINO work shared by the target agent and the services."""
