"""FastAPI, SQLAlchemy and Alembic plumbing shared by the server-side services (not the agent)."""
