"""Versioned pydantic payloads carried over NATS. Every message has ``v`` (schema version)."""
