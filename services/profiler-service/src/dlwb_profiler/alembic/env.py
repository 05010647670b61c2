from dlwb_profiler.orm import Base
from dlwb_service_kit.alembic_env import run

run(Base.metadata)
