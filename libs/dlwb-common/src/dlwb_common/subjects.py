"""Every NATS subject and JetStream name, defined in one place.

Layout:
  dlwb.jobs.<kind>                 durable job queue (stream JOBS, work-queue retention)
  dlwb.events.jobs.<job_id>        job status/progress events (stream EVENTS), relayed to browsers
  dlwb.model.<endpoint>            model-service request/reply endpoints (nats.micro service)
  dlwb.profiler.<endpoint>         profiler-service request/reply endpoints (nats.micro service)
  dlwb.agent.<agent_id>.in.<verb>  requests to one agent (only that agent may subscribe)
  dlwb.agent.<agent_id>.out.<kind> what one agent publishes (only that agent may publish);
                                   results are captured by stream AGENT_OUT
"""

from __future__ import annotations

JOBS_STREAM = "DLWB_JOBS"
JOBS_ALL = "dlwb.jobs.>"

EVENTS_STREAM = "DLWB_EVENTS"
EVENTS_ALL = "dlwb.events.>"
JOB_EVENTS_ALL = "dlwb.events.jobs.>"

AGENT_OUT_STREAM = "DLWB_AGENT_OUT"
AGENT_RESULTS_ALL = "dlwb.agent.*.out.result"
AGENT_PROGRESS_ALL = "dlwb.agent.*.out.progress"
AGENT_HEARTBEATS_ALL = "dlwb.agent.*.out.heartbeat"
AGENT_HELLOS_ALL = "dlwb.agent.*.out.hello"  # request/reply: the version check when an agent connects

MODEL_SERVICE = "dlwb.model"
MODEL_ARTIFACTS = f"{MODEL_SERVICE}.artifacts"
DATASET_GET = f"{MODEL_SERVICE}.dataset"
MODEL_REGISTER_CHILD = f"{MODEL_SERVICE}.register_child"
MODEL_DISCARD_CHILD = f"{MODEL_SERVICE}.discard_child"

PROFILER_SERVICE = "dlwb.profiler"
PROJECT_GET = f"{PROFILER_SERVICE}.project.get"
PROJECT_CREATE = f"{PROFILER_SERVICE}.project.create"
RUN_START = f"{PROFILER_SERVICE}.run.start"
RUN_GET = f"{PROFILER_SERVICE}.run.get"
RUNS_COMPARE = f"{PROFILER_SERVICE}.run.compare"


def job_queue(kind: str) -> str:
    return f"dlwb.jobs.{kind}"


def job_events(job_id: str) -> str:
    return f"dlwb.events.jobs.{job_id}"


def agent_in(agent_id: str, verb: str) -> str:
    return f"dlwb.agent.{agent_id}.in.{verb}"


def agent_out(agent_id: str, kind: str) -> str:
    return f"dlwb.agent.{agent_id}.out.{kind}"


def agent_inbox_prefix(agent_id: str) -> str:
    """Inbox prefix private to one agent, so its replies cannot be read by other agents."""
    return f"_INBOX_agent_{agent_id}"


def agent_id_from_subject(subject: str) -> str:
    parts = subject.split(".")
    if len(parts) < 4 or parts[0] != "dlwb" or parts[1] != "agent":
        raise ValueError(f"not an agent subject: {subject}")
    return parts[2]
