from dlwb_model_service.orm import Base
from dlwb_service_kit.alembic_env import run

run(Base.metadata)
