"""The database layer on SQLite and PostgreSQL: migrations, sessions, and the job book."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import dlwb_calibration
import dlwb_model_service
import dlwb_profiler
from dlwb_common import subjects
from dlwb_common.errors import NotFoundError
from dlwb_common.messages.agent import SweepPointResult
from dlwb_common.messages.jobs import Job, JobError, JobKind, JobStatus
from dlwb_common.settings import CommonSettings
from dlwb_model_service.orm import DatasetRow, JobRow
from dlwb_profiler.orm import RunRow
from dlwb_service_kit.db import Database, run_migrations
from dlwb_service_kit.jobs import JobBook
from dlwb_service_kit.runtime import BusRuntime
from tests.support import NatsServer

SERVICES = {
    "model": (dlwb_model_service, {"models", "model_variants", "datasets", "jobs"}),
    "profiler": (dlwb_profiler, {"targets", "projects", "runs", "jobs", "join_tokens", "agent_credentials",
                               "fleet_runs"}),
    "calibration": (dlwb_calibration, {"jobs", "calibrations"}),
}


def migrations(package) -> Path:  # type: ignore[no-untyped-def]
    return Path(package.__file__).parent / "alembic"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_migrations_create_the_service_tables_and_are_idempotent(service: str, database_url: str) -> None:
    package, tables = SERVICES[service]
    run_migrations(database_url, migrations(package))
    run_migrations(database_url, migrations(package))
    engine = sa.create_engine(database_url)
    try:
        assert tables | {"alembic_version"} == set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()



def test_runs_stored_before_the_rename_still_load(database_url: str) -> None:
    """Rows of the ``benchmarks`` table (layer profiles as task "layers", sweep points with
    error_code/error_message) become runs as the code now reads them."""
    config = Config()
    config.set_main_option("script_location", str(migrations(dlwb_profiler)))
    config.set_main_option("sqlalchemy.url", database_url)
    command.upgrade(config, "8e37d6ddfb7e")
    engine = sa.create_engine(database_url)
    failed_point = {"index": 0, "point": {"batch": 64}, "error_code": "run.failed", "error_message": "no memory"}
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO projects (id, name, model_id, precision, dataset_id, target_id, "
                                   "device, created_at) VALUES ('prj_1', 'p', 'mdl_1', 'FP32', 'ds_1', 'a1', 'CPU', "
                                   "CURRENT_TIMESTAMP)"))
        for job_id, kind in (("profile_1", "profile"), ("sweep_1", "sweep")):
            connection.execute(sa.text("INSERT INTO jobs (id, kind, status, progress, stage, created_at) VALUES "
                                       "(:id, :kind, 'succeeded', 1.0, 'done', CURRENT_TIMESTAMP)"),
                               {"id": job_id, "kind": kind})
        benchmarks = sa.table("benchmarks", sa.column("id"), sa.column("task"), sa.column("project_id"),
                              sa.column("settings", sa.JSON), sa.column("target_id"), sa.column("layers", sa.JSON),
                              sa.column("sweep", sa.JSON))
        connection.execute(benchmarks.insert(), [
            {"id": "profile_1", "task": "layers", "project_id": "prj_1", "settings": {}, "target_id": "a1",
             "layers": {"iterations": 3}, "sweep": None},
            {"id": "sweep_1", "task": "sweep", "project_id": "prj_1", "settings": {}, "target_id": "a1",
             "layers": None, "sweep": {"points": [{"batch": 64}], "results": [failed_point]}}])
    engine.dispose()
    run_migrations(database_url, migrations(dlwb_profiler))
    db = Database(database_url)
    try:
        with db.session() as session:
            profile, sweep = session.get(RunRow, "profile_1"), session.get(RunRow, "sweep_1")
            assert (profile.task, profile.layer_profile) == ("layer_profile", {"iterations": 3})
            stored = sweep.sweep["results"][0]
            assert stored["error"] == {"code": "run.failed", "message": "no memory"} and "error_code" not in stored
            assert SweepPointResult.model_validate(stored).error.code == "run.failed"
    finally:
        db.engine.dispose()

def test_session_commits_on_success_and_rolls_back_on_error(database_url: str) -> None:
    run_migrations(database_url, migrations(dlwb_model_service))
    db = Database(database_url)
    with db.session() as session:
        session.add(DatasetRow(id="ds_1", name="kept", kind="random", seed=1, count=2))
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(DatasetRow(id="ds_2", name="dropped", kind="random", seed=1, count=2))
        session.flush()
        raise RuntimeError("boom")
    with db.session() as session:
        assert [row.name for row in session.scalars(sa.select(DatasetRow))] == ["kept"]
    db.engine.dispose()


async def test_job_book_stores_every_change_and_announces_it(database_url: str, nats_server: NatsServer,
                                                             tmp_path: Path) -> None:
    run_migrations(database_url, migrations(dlwb_model_service))
    db = Database(database_url)
    runtime = BusRuntime("test", CommonSettings(data_dir=tmp_path, nats_url=nats_server.url,
                                                nats_password=nats_server.services_password))
    await runtime.start()
    try:
        book = JobBook(db, runtime, JobRow)
        row = book.new_row(JobKind.convert)
        with db.session() as session:
            session.add(row)
        events = await runtime.nc.subscribe(subjects.job_events(row.id))
        await book.update(row.id, status=JobStatus.running, progress=0.4, stage="working")
        assert (await book.update(row.id, progress=0.3, stage="late")).progress == 0.4  # never goes back
        await book.update(row.id, status=JobStatus.failed, error=JobError(code="x.failed", message="why"))
        announced = [Job.decode((await events.next_msg(timeout=5)).data) for _ in range(3)]
        assert [(j.status, j.progress) for j in announced] == [(JobStatus.running, 0.4), (JobStatus.running, 0.4),
                                                               (JobStatus.failed, 0.4)]
        revived = await book.update(row.id, status=JobStatus.running, progress=0.9, stage="late report")
        assert revived.status == JobStatus.failed and revived.progress == 0.4  # a finished job never changes
        stored = book.get(row.id)
        assert stored == announced[-1] and announced[1].stage == "late"
        assert stored.error == JobError(code="x.failed", message="why")
        assert stored.started_at is not None and stored.finished_at >= stored.started_at
        with pytest.raises(NotFoundError):
            book.get("convert_missing")
    finally:
        await runtime.stop()
        db.engine.dispose()
