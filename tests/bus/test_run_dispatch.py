"""The run engine's dispatcher on a real nats-server and a real database: it sends nothing to a busy
target, and asks the model-service once per run however long the run waits."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import dlwb_profiler
from dlwb_common import bus, subjects
from dlwb_common.api.projects import BenchmarkCreate
from dlwb_common.errors import ConflictError
from dlwb_common.messages.agent import ArtifactRef, DatasetSpec, RunAccepted, RunRequest
from dlwb_common.messages.jobs import JobStatus
from dlwb_common.messages.models import ArtifactsReply, DatasetReply
from dlwb_profiler.benchmark import service as benchmarks
from dlwb_profiler.config import ProfilerSettings
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, ProjectRow, TargetRow
from dlwb_profiler.runs.dispatch import Dispatcher
from dlwb_service_kit.db import run_migrations
from dlwb_service_kit.jobs import utcnow
from tests.support import NatsServer

REF = ArtifactRef(sha256="0" * 64, size=1, url="http://127.0.0.1:1/artifact")


@pytest.fixture
async def ctx(nats_server: NatsServer, tmp_path: Path) -> AsyncIterator[Context]:
    settings = ProfilerSettings(data_dir=tmp_path, nats_url=nats_server.url,
                                nats_password=nats_server.services_password)
    run_migrations(settings.database_url, Path(dlwb_profiler.__file__).parent / "alembic")
    context = Context.build("profiler-service", settings, settings.database_url, JobRow)
    await context.bus.start()
    with context.db.session() as session:
        session.add(TargetRow(id="alpha", inventory={"devices": [{"name": "CPU"}]}, last_seen=utcnow(),
                              heartbeat_seconds=60.0, instance="i1", busy_job_id="benchmark_other"))
        session.add(ProjectRow(id="prj_1", name="p", model_id="mdl_1", precision="FP32", dataset_id="ds_1",
                               target_id="alpha", device="CPU"))
    yield context
    await context.bus.stop()
    context.db.engine.dispose()


async def test_a_busy_target_gets_nothing_and_a_waiting_run_is_looked_up_once(ctx: Context) -> None:
    asked: Counter[str] = Counter()
    agent_busy = True

    async def model_service(msg) -> None:  # type: ignore[no-untyped-def]
        asked[msg.subject] += 1
        if msg.subject == subjects.MODEL_ARTIFACTS:
            reply = ArtifactsReply(model_id="mdl_1", precision="FP32", xml=REF, bin=REF)
        else:
            reply = DatasetReply(dataset_id="ds_1", spec=DatasetSpec())
        await msg.respond(reply.encode())

    async def agent(msg) -> None:  # type: ignore[no-untyped-def]
        asked[msg.subject] += 1
        assert RunRequest.decode(msg.data).model_xml == REF
        if agent_busy:
            await bus.respond_error(ctx.bus.nc, msg, ConflictError("busy with benchmark_other", code="target.busy"))
        else:
            await msg.respond(RunAccepted().encode())

    # on the dispatcher's own connection: the server has these subscriptions before its first request
    for subject, responder in ((subjects.MODEL_ARTIFACTS, model_service), (subjects.DATASET_GET, model_service),
                               (subjects.agent_in("alpha", "run"), agent)):
        await ctx.bus.nc.subscribe(subject, cb=responder)
    run = await benchmarks.benchmarks.create(ctx, project_id="prj_1", run_in=BenchmarkCreate())
    dispatcher = Dispatcher(ctx)

    for _ in range(3):  # busy with another job by its last heartbeat: the agent is not asked; the run is
        assert await dispatcher.step("alpha") is False  # prepared meanwhile (once), to start at once later
    assert asked == {subjects.MODEL_ARTIFACTS: 1, subjects.DATASET_GET: 1}

    with ctx.db.session() as session:  # a heartbeat says it is free, but the agent took other work since
        session.get(TargetRow, "alpha").busy_job_id = None
    for _ in range(3):
        assert await dispatcher.step("alpha") is False
    agent_busy = False
    assert await dispatcher.step("alpha") is False  # sent: the next run waits for this one's outcome

    assert asked == {subjects.MODEL_ARTIFACTS: 1, subjects.DATASET_GET: 1, subjects.agent_in("alpha", "run"): 4}
    assert ctx.jobs.get(run.id).status == JobStatus.running
