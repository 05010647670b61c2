"""Code shared by every workbench process: message schemas, subjects, settings, errors, NATS helpers."""

__version__ = "0.1.0"
