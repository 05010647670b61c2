"""One module per command group of ``dlwb``."""
