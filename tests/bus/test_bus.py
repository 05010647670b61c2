"""The NATS layer against a real nats-server: permissions, streams, typed request/reply, durability."""

from __future__ import annotations

import json

import pytest
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeout
from nats.micro import add_service

from dlwb_common import bus, subjects
from dlwb_common.errors import (
    CancelledError,
    ConflictError,
    DlwbError,
    ErrorBody,
    InvalidInputError,
    NotFoundError,
    UnavailableError,
)
from dlwb_common.messages.jobs import JobQueued
from dlwb_common.messages.models import DatasetReply, DatasetRequest
from tests.support import NatsServer


async def services(server: NatsServer):
    return await bus.connect(server.url, name="test-services", user="services", password=server.services_password,
                             connect_timeout=5)


async def agent(server: NatsServer, agent_id: str):
    return await bus.connect(server.url, name=f"agent-{agent_id}", user=f"agent-{agent_id}",
                             password=server.agent_passwords[agent_id],
                             inbox_prefix=subjects.agent_inbox_prefix(agent_id), connect_timeout=5)


async def drain_until(sub, sentinel: bytes) -> list[bytes]:  # type: ignore[no-untyped-def]
    """Messages on ``sub`` up to and including ``sentinel``, probes left out. NATS keeps one
    publisher's order, so anything sent before the sentinel that was going to arrive has arrived."""
    got = []
    while not got or got[-1] != sentinel:
        data = (await sub.next_msg(timeout=5)).data
        if not data.startswith(b"probe"):
            got.append(data)
    return got


async def own_subscription_active(nc, sub, subject: str) -> None:  # type: ignore[no-untyped-def]
    """``nc.flush()`` does not prove the server has our SUB (nats-py sends PING ahead of queued
    commands); a message we publish ourselves after subscribing does: one connection keeps order."""
    await nc.publish(subject, b"probe")
    assert (await sub.next_msg(timeout=5)).data == b"probe"


async def subscription_active_for(sender, sub, subject: str) -> None:  # type: ignore[no-untyped-def]
    """Probe from ``sender`` until ``sub`` (on a client that may not publish there) receives."""
    for attempt in range(100):
        await sender.publish(subject, f"probe {attempt}".encode())
        try:
            await sub.next_msg(timeout=0.1)
            return
        except NatsTimeout:
            continue
    raise AssertionError(f"subscription to {subject} never became active")


async def test_wrong_password_is_refused(nats_server: NatsServer) -> None:
    with pytest.raises(UnavailableError):
        await bus.connect(nats_server.url, name="x", user="services", password="wrong", connect_timeout=1)


async def test_agent_may_publish_only_on_its_own_subjects(nats_server: NatsServer) -> None:
    watcher, alpha = await services(nats_server), await agent(nats_server, "alpha")
    try:
        sub = await watcher.subscribe("dlwb.>")
        await own_subscription_active(watcher, sub, "dlwb.probe")
        await alpha.publish(subjects.agent_out("beta", "heartbeat"), b"spoofed")
        await alpha.publish(subjects.job_queue("benchmark"), b"injected")
        await alpha.publish(subjects.agent_out("alpha", "heartbeat"), b"mine")
        assert await drain_until(sub, b"mine") == [b"mine"]
    finally:
        await alpha.close()
        await watcher.close()


async def test_agent_cannot_read_other_subjects(nats_server: NatsServer) -> None:
    sender, beta = await services(nats_server), await agent(nats_server, "beta")
    try:
        foreign = [await beta.subscribe(subjects.agent_in("alpha", ">")), await beta.subscribe("dlwb.events.>")]
        own = await beta.subscribe(subjects.agent_in("beta", ">"))
        await subscription_active_for(sender, own, subjects.agent_in("beta", "probe"))  # the SUBs before it too
        await sender.publish(subjects.agent_in("alpha", "run"), b"for alpha")
        await sender.publish(subjects.job_events("convert_1"), b"event")
        await sender.publish(subjects.agent_in("beta", "run"), b"for beta")
        assert await drain_until(own, b"for beta") == [b"for beta"]
        assert [sub.pending_msgs for sub in foreign] == [0, 0]
    finally:
        await beta.close()
        await sender.close()


async def test_agent_answers_requests_sent_to_it(nats_server: NatsServer) -> None:
    caller, alpha = await services(nats_server), await agent(nats_server, "alpha")
    try:
        async def answer(msg) -> None:  # type: ignore[no-untyped-def]
            await msg.respond(b"accepted")

        await alpha.subscribe(subjects.agent_in("alpha", "run"), cb=answer)
        for _ in range(100):  # until the server has alpha's subscription (no responders before that)
            try:
                reply = await caller.request(subjects.agent_in("alpha", "run"), b"job", timeout=5)
                break
            except NoRespondersError:
                continue
        assert reply.data == b"accepted"
    finally:
        await alpha.close()
        await caller.close()


async def test_typed_request_reply_and_remote_errors(nats_server: NatsServer) -> None:
    nc = await services(nats_server)
    try:
        async def answer(request: DatasetRequest) -> DatasetReply:
            if request.dataset_id == "missing":
                raise InvalidInputError("no such dataset", code="dataset.not_found")
            return DatasetReply(dataset_id=request.dataset_id, spec={"seed": 7, "count": 2})

        service = await add_service(nc, name="test-model", version="0.0.1")
        await service.add_endpoint(name="dataset", subject=subjects.DATASET_GET,
                                   handler=bus.typed_handler(DatasetRequest, answer))
        reply = await bus.request(nc, subjects.DATASET_GET, DatasetRequest(dataset_id="ds_1"), DatasetReply)
        assert (reply.dataset_id, reply.spec.seed, reply.spec.count) == ("ds_1", 7, 2)
        with pytest.raises(InvalidInputError) as caught:
            await bus.request(nc, subjects.DATASET_GET, DatasetRequest(dataset_id="missing"), DatasetReply)
        assert (caught.value.code, caught.value.message) == ("dataset.not_found", "no such dataset")
        garbage = await nc.request(subjects.DATASET_GET, b"{not json", timeout=5)
        assert garbage.headers[bus.ERROR_STATUS_HEADER] == "422"
        assert json.loads(garbage.data)["code"] == "request.invalid"
        await service.stop()
        with pytest.raises(UnavailableError) as caught_unavailable:
            await bus.request(nc, subjects.DATASET_GET, DatasetRequest(dataset_id="x"), DatasetReply, timeout=1)
        assert caught_unavailable.value.code == "bus.no_responders"
    finally:
        await nc.close()


@pytest.mark.parametrize(("raised", "kind", "status"), [
    (NotFoundError("no dataset ds_9", code="dataset.not_found"), NotFoundError, 404),
    (ConflictError("busy with x", code="target.busy"), ConflictError, 409),
    (CancelledError("stopped"), CancelledError, 409),
    (UnavailableError("restarting", code="model.restarting"), UnavailableError, 503),
    (DlwbError("teapot", code="odd.status", status=418), DlwbError, 418),
    (RuntimeError("bug"), DlwbError, 500),
])
async def test_errors_keep_their_class_code_and_status_across_the_bus(
        nats_server: NatsServer, raised: Exception, kind: type[DlwbError], status: int) -> None:
    """What a responder raises is what the caller catches: a 404 stays a 404 (not a 502)."""
    nc = await services(nats_server)
    try:
        async def answer(request: DatasetRequest) -> DatasetReply:
            raise raised

        service = await add_service(nc, name="test-errors", version="0.0.1")
        await service.add_endpoint(name="dataset", subject=subjects.DATASET_GET,
                                   handler=bus.typed_handler(DatasetRequest, answer))
        with pytest.raises(DlwbError) as caught:
            await bus.request(nc, subjects.DATASET_GET, DatasetRequest(dataset_id="ds_9"), DatasetReply)
        assert type(caught.value) is kind and caught.value.status == status
        expected = raised.body() if isinstance(raised, DlwbError) else ErrorBody(code="internal", message="bug")
        assert caught.value.body() == expected
        await service.stop()
    finally:
        await nc.close()


async def test_a_plain_subscriber_answers_errors_the_same_way(nats_server: NatsServer) -> None:
    """Agents answer on plain subscriptions (not nats.micro): their refusals arrive just as typed."""
    nc = await services(nats_server)
    try:
        async def refuse(msg) -> None:  # type: ignore[no-untyped-def]
            await bus.respond_error(nc, msg, ConflictError("agent a1 is busy with benchmark_1", code="target.busy"))

        await nc.subscribe(subjects.DATASET_GET, cb=refuse)
        with pytest.raises(ConflictError) as caught:
            await bus.request(nc, subjects.DATASET_GET, DatasetRequest(dataset_id="ds_1"), DatasetReply)
        assert (caught.value.code, caught.value.status) == ("target.busy", 409)
    finally:
        await nc.close()


async def test_queued_jobs_survive_a_nats_restart(nats_server: NatsServer) -> None:
    nc = await services(nats_server)
    js = nc.jetstream()
    await bus.ensure_streams(js)
    await bus.ensure_streams(js)  # idempotent
    await js.publish(subjects.job_queue("benchmark"), JobQueued(job_id="benchmark_1").encode())
    await nc.close()

    nats_server.stop()
    nats_server.start()

    nc = await services(nats_server)
    try:
        sub = await nc.jetstream().pull_subscribe(subjects.job_queue("benchmark"), durable="test",
                                                 stream=subjects.JOBS_STREAM)
        [msg] = await sub.fetch(1, timeout=5)
        assert JobQueued.decode(msg.data).job_id == "benchmark_1"
        await msg.ack()
        with pytest.raises(NatsTimeout):
            await sub.fetch(1, timeout=0.5)  # work-queue retention: acked means gone
    finally:
        await nc.close()
