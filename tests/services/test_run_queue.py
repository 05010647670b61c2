"""The profiler's run queue against a real nats-server, a real database and a fake agent speaking the real
protocol: first in first out, places in line, cancel and queue timeout of a queued run, the grace period
before a silent agent is lost, reconciliation from heartbeats, and retry."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dlwb_profiler.config import ProfilerSettings
from dlwb_profiler.main import build_app
from dlwb_profiler.orm import ProjectRow
from tests.fake_agent import FakeAgent
from tests.services.conftest import Service, ServiceEnvironment, serve

GRACE = 2.5  # seconds of silence before the agent is lost (the default is much longer)


@pytest.fixture
def agent(environment: ServiceEnvironment) -> Iterator[FakeAgent]:
    fake = FakeAgent(environment.nats, "alpha", interval=0.2)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def profiler(environment: ServiceEnvironment, database_url: str, agent: FakeAgent) -> Iterator[Service]:
    settings = ProfilerSettings(**environment.common(), profiler_database_url=database_url,
                                agent_lost_after_seconds=GRACE)
    with serve(build_app(settings), environment) as service:
        with service.client.app.state.context.db.session() as session:
            session.add(ProjectRow(id="prj_1", name="p", model_id="mdl_1", precision="FP32", dataset_id="ds_1",
                                   target_id="alpha", device="CPU"))
        until(lambda: service.client.get("/api/v1/targets/alpha").status_code == 200, "the agent's first beat")
        yield service


def until(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    """Wait for a state the system reaches by itself (checked every 20 ms; fails after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def job(profiler: Service, job_id: str) -> dict:
    return profiler.client.get(f"/api/v1/jobs/{job_id}").json()


def submit(profiler: Service, **settings: Any) -> str:
    created = profiler.client.post("/api/v1/projects/prj_1/benchmarks", json={"duration_seconds": 1, **settings})
    assert created.status_code == 202, created.text
    return created.json()["id"]


def test_runs_wait_in_line_first_in_first_out_and_a_queued_one_can_be_cancelled(
        profiler: Service, agent: FakeAgent) -> None:
    ids = [submit(profiler) for _ in range(5)]
    until(lambda: agent.received == ids[:1], "the first run on the agent")
    places = ["1st", "2nd", "3rd", "4th"]
    stages = {job_id: f"{place} in line on alpha" for job_id, place in zip(ids[1:], places, strict=True)}
    until(lambda: all(job(profiler, i)["stage"] == stage for i, stage in stages.items()), "places in line")
    assert [job(profiler, i)["status"] for i in ids] == ["running"] + ["queued"] * 4

    cancelled = profiler.client.post(f"/api/v1/jobs/{ids[2]}/cancel").json()
    assert (cancelled["status"], cancelled["stage"]) == ("cancelled", "cancelled by the user")
    until(lambda: job(profiler, ids[3])["stage"] == "2nd in line on alpha"
          and job(profiler, ids[4])["stage"] == "3rd in line on alpha", "the line moving up")

    order = [ids[0], ids[1], ids[3], ids[4]]
    for position, job_id in enumerate(order):
        until(lambda n=position: len(agent.received) == n + 1, f"run {position + 1} on the agent")
        assert agent.finish() == job_id
    assert agent.received == order  # first in, first out; the cancelled one never reached the agent
    until(lambda: all(job(profiler, i)["status"] == "succeeded" for i in order), "every run to succeed")
    assert job(profiler, ids[2])["status"] == "cancelled"


def test_a_queued_run_waits_as_long_as_it_must_unless_it_has_a_queue_timeout(
        profiler: Service, agent: FakeAgent) -> None:
    first = submit(profiler)
    until(lambda: agent.received == [first], "the first run on the agent")
    patient, hasty = submit(profiler), submit(profiler, queue_timeout_seconds=0.5)
    failed = until(lambda: job(profiler, hasty)["status"] == "failed" and job(profiler, hasty), "the queue timeout")
    assert failed["error"]["code"] == "queue.timeout" and "0.5 s" in failed["error"]["message"]
    assert job(profiler, patient)["status"] == "queued"  # no timeout of its own: it still waits

    agent.finish()
    until(lambda: agent.received == [first, patient], "the patient run on the agent")
    agent.finish()
    until(lambda: job(profiler, patient)["status"] == "succeeded", "the patient run to succeed")
    assert hasty not in agent.received
    refused = profiler.client.post("/api/v1/projects/prj_1/benchmarks", json={"queue_timeout_seconds": -1})
    assert refused.status_code == 422 and "queue_timeout_seconds" in refused.text


def test_an_agent_silent_for_less_than_the_grace_period_is_not_lost(profiler: Service, agent: FakeAgent) -> None:
    run = submit(profiler)
    until(lambda: agent.received == [run], "the run on the agent")
    agent.pause_beats()  # as SIGSTOP would: silent for over a second (the sweeper looks every second)
    silent_since = time.monotonic()
    until(lambda: time.monotonic() - silent_since > GRACE / 2, "half the grace period of silence")
    assert profiler.client.get("/api/v1/targets/alpha").json()["status"] != "offline"
    assert job(profiler, run)["status"] == "running"
    agent.resume_beats()
    agent.finish()
    until(lambda: job(profiler, run)["status"] == "succeeded", "the run to succeed")


def test_a_lost_agent_fails_its_run_and_is_told_to_stop_it_when_it_returns(
        profiler: Service, agent: FakeAgent) -> None:
    run, behind = submit(profiler), submit(profiler)
    until(lambda: agent.received == [run], "the run on the agent")
    agent.pause_beats()
    lost = until(lambda: job(profiler, run)["status"] == "failed" and job(profiler, run), "the agent to be lost")
    assert lost["error"]["code"] == "agent.lost" and "no heartbeat" in lost["error"]["message"]
    assert "offline" in until(lambda: job(profiler, behind)["stage"] if "offline" in job(profiler, behind)["stage"]
                              else None, "the line to say its target is offline")

    agent.resume_beats()  # it comes back, still running the run the server gave up on: it is told to stop
    until(lambda: agent.cancels == [run], "the agent told to stop the lost run")
    until(lambda: agent.received == [run, behind], "the next run on the agent")
    agent.finish()
    until(lambda: job(profiler, behind)["status"] == "succeeded", "the next run to succeed")


def test_heartbeats_reconcile_a_restarted_a_forgetful_and_an_unanswered_agent(
        profiler: Service, agent: FakeAgent) -> None:
    first, second, third = submit(profiler), submit(profiler), submit(profiler)
    until(lambda: agent.received == [first], "the first run on the agent")
    agent.restart()
    failed = until(lambda: job(profiler, first)["status"] == "failed" and job(profiler, first), "agent.restarted")
    assert failed["error"]["code"] == "agent.restarted"

    until(lambda: agent.received == [first, second], "the second run on the new agent process")
    agent.forget()  # same process, idle, no outcome: after two beats the run is lost, not left running
    failed = until(lambda: job(profiler, second)["status"] == "failed" and job(profiler, second), "agent.lost")
    assert failed["error"]["code"] == "agent.lost" and "no longer runs" in failed["error"]["message"]

    agent.drop_replies = True  # it takes the third run but its answer is lost: its heartbeat tells
    until(lambda: agent.received == [first, second, third], "the third run on the agent")
    until(lambda: job(profiler, third)["status"] == "running", "the run adopted from the heartbeat")
    agent.finish()
    until(lambda: job(profiler, third)["status"] == "succeeded", "the adopted run to succeed")


def test_retry_makes_a_new_run_with_the_same_request(profiler: Service, agent: FakeAgent) -> None:
    run = submit(profiler, queue_timeout_seconds=3600, nireq=3)
    until(lambda: agent.received == [run], "the run on the agent")
    agent.restart()
    until(lambda: job(profiler, run)["status"] == "failed", "the run cut off")
    not_yet = profiler.client.post(f"/api/v1/jobs/{run}/retry")
    retried = not_yet.json()
    assert not_yet.status_code == 202 and retried["id"] != run and retried["status"] == "queued"
    until(lambda: agent.received == [run, retried["id"]], "the retried run on the agent")
    agent.finish()
    until(lambda: job(profiler, retried["id"])["status"] == "succeeded", "the retried run to succeed")
    again = profiler.client.get(f"/api/v1/benchmarks/{retried['id']}").json()
    assert again["settings"]["nireq"] == 3
    refused = profiler.client.post(f"/api/v1/jobs/{retried['id']}/retry")
    assert (refused.status_code, refused.json()["code"]) == (409, "job.not_retryable")
