"""Accuracy metrics and model-output adapters, numpy only."""
