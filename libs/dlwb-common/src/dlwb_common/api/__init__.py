"""Public REST schemas (``/api/v1``), shared by the gateway (OpenAPI) and the owning services."""
