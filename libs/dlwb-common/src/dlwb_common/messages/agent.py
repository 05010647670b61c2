"""What agents and the profiler-service say to each other."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, computed_field, model_validator

from dlwb_common.api.accuracy import AccuracyConfig, AccuracyResult
from dlwb_common.errors import ErrorBody
from dlwb_common.messages.base import Message
from dlwb_common.precision import InferencePrecision, supported_precisions


class DeviceInfo(BaseModel):
    """A device as OpenVINO reports it: ``capabilities`` is OPTIMIZATION_CAPABILITIES as given,
    ``precisions`` the element types among them, ``isa`` the CPU's strongest vector ISA (CPU only),
    ``inference_precision`` the precision the device computes in when not told (INFERENCE_PRECISION_HINT)."""

    name: str
    full_name: str = ""
    capabilities: list[str] = []  # OPTIMIZATION_CAPABILITIES
    precisions: list[str] = []
    isa: str | None = None
    architecture: str | None = None
    device_type: str | None = None  # integrated or discrete
    inference_precision: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def inference_precisions(self) -> list[InferencePrecision]:
        """What a run may ask this device to compute in (its capabilities FP32, BF16, FP16)."""
        return supported_precisions(self.capabilities)


class AgentInventory(BaseModel):
    hostname: str
    os: str
    cpu: str
    cores: int
    memory_bytes: int
    openvino_version: str
    devices: list[DeviceInfo]


class Heartbeat(Message):
    agent_id: str
    instance: str  # random per agent process: a change means the agent restarted
    busy_job_id: str | None = None
    # the last runs this process finished (newest last): their outcomes are stored or on their way.
    # None: an agent too old to say (the server then does not judge a run it no longer names)
    finished_job_ids: list[str] | None = None
    inventory: AgentInventory
    interval_seconds: float
    agent_version: str | None = None  # another major.minor is ignored (enrolment and hello require a version)


class AgentHello(Message):
    """The agent's first words after connecting (request ``dlwb.agent.<id>.out.hello``): the profiler
    answers ``HelloReply`` or refuses an incompatible version (``agent.version_mismatch``)."""

    agent_id: str
    agent_version: str


class HelloReply(Message):
    workbench_version: str


SHA256_PATTERN = r"^[0-9a-f]{64}$"


class ArtifactRef(BaseModel):
    """A content-addressed file the agent downloads over HTTP and checks by sha256."""

    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int
    url: str


class PerformanceHint(StrEnum):
    latency = "LATENCY"
    throughput = "THROUGHPUT"
    cumulative_throughput = "CUMULATIVE_THROUGHPUT"
    none = "NONE"


class InferenceApi(StrEnum):
    sync = "sync"
    async_ = "async"


class BenchmarkSettings(BaseModel):
    """Run settings, named and ruled as benchmark_app's flags (-d, -api, -hint, -nireq, -nstreams,
    -nthreads, -b, -infer_precision, -t, -niter, -shape)."""

    device: str = Field(default="CPU", min_length=1, max_length=64)
    api: InferenceApi = InferenceApi.async_
    hint: PerformanceHint | None = Field(default=None, description="default as benchmark_app: LATENCY for the "
                                         "sync API, THROUGHPUT for async")
    nireq: int | None = Field(default=None, ge=1, le=256)
    nstreams: int | None = Field(default=None, ge=1, le=256)
    nthreads: int | None = Field(default=None, ge=1, le=1024)
    batch: int | None = Field(default=None, ge=1, le=4096)
    infer_precision: InferencePrecision | None = None
    duration_seconds: float | None = Field(default=10.0, gt=0, le=3600)
    niter: int | None = Field(default=None, ge=1, le=10_000_000)
    shape: dict[str, list[int]] | None = Field(default=None, description="static input shapes by input name")

    @model_validator(mode="after")
    def benchmark_app_rules(self) -> BenchmarkSettings:
        if self.hint is None:
            self.hint = PerformanceHint.latency if self.api == InferenceApi.sync else PerformanceHint.throughput
        if self.duration_seconds is None and self.niter is None:
            raise ValueError("give duration_seconds or niter (or both: the run lasts until both are met)")
        if (self.nstreams or self.nthreads) and self.hint != PerformanceHint.none:
            raise ValueError("nstreams and nthreads are low-level settings: they need hint NONE")
        if self.api == InferenceApi.sync and (self.nireq or 1) != 1:
            raise ValueError("the sync API runs exactly one infer request")
        if self.shape and any(not dims or min(dims) < 1 for dims in self.shape.values()):
            raise ValueError("shapes must be static and positive, e.g. {'input': [1, 3, 224, 224]}")
        return self


class DatasetSpec(BaseModel):
    """How to make a run's inputs: generated from ``seed`` (random), or an imported dataset's files
    (``archive``: its manifest and images as a tar, fetched like a model's artifacts)."""

    kind: Literal["random", "imported"] = "random"
    seed: int = 0
    count: int = Field(default=16, ge=1, le=10_000_000)
    task: str | None = None
    archive: ArtifactRef | None = None


class AgentTask(StrEnum):
    """The kinds of run an agent does (the profiler-service's run engine sends each of them)."""

    benchmark = "benchmark"  # the timed run: throughput and latency
    layer_profile = "layer_profile"  # a separate run with per-layer counters (profiling slows inference)
    sweep = "sweep"  # one timed run per point of a batch x streams x requests grid
    accuracy = "accuracy"  # the model on an annotated dataset, scored


class SweepPoint(BaseModel):
    """One configuration of a sweep; None keeps the base settings' value."""

    batch: int | None = Field(default=None, ge=1, le=4096)
    nstreams: int | None = Field(default=None, ge=1, le=256)
    nireq: int | None = Field(default=None, ge=1, le=256)

    def apply(self, settings: BenchmarkSettings) -> BenchmarkSettings:
        changes = {key: value for key, value in self.model_dump().items() if value is not None}
        if self.nstreams is not None:
            changes["hint"] = PerformanceHint.none  # explicit streams need hint NONE (benchmark_app's rule)
        return BenchmarkSettings.model_validate(settings.model_dump() | changes)


class SweepPointResult(BaseModel):
    index: int
    point: SweepPoint
    result: BenchmarkResult | None = None
    error: ErrorBody | None = None


class RunRequest(Message):
    """A run of any kind, from the profiler-service to the agent of its target."""

    job_id: str
    task: AgentTask = AgentTask.benchmark
    sweep: list[SweepPoint] = []
    model_xml: ArtifactRef
    model_bin: ArtifactRef
    settings: BenchmarkSettings
    dataset: DatasetSpec
    accuracy: AccuracyConfig | None = None


class CancelRequest(Message):
    job_id: str


class RunAccepted(Message):
    """The agent's answer to a run (it runs it now) or a cancel (it runs the job and will stop it).
    A refusal is an error answer on the bus: ``target.busy`` (409), ``request.invalid`` (422)."""

    accepted: bool = True
    instance: str | None = None  # the agent process that took the run (its heartbeats' ``instance``)


class LatencyStats(BaseModel):
    """Latency in milliseconds over ``count`` samples; percentiles are nearest-rank and withheld
    (None) when there are too few samples for them to mean anything."""

    count: int
    median: float
    mean: float
    min: float
    max: float
    stdev: float
    p90: float | None = None
    p95: float | None = None
    p99: float | None = None


class Stability(BaseModel):
    """Whether the run reached a steady state: throughput per window of equal duration."""

    window_fps: list[float]
    cv: float  # coefficient of variation of window_fps
    steady: bool  # the last three windows agree within +-5 % of their mean
    stable: bool  # steady and cv < 10 %


class BenchmarkResult(BaseModel):
    """Field meanings follow benchmark_app's report: count = total number of iterations,
    throughput = batch * count / duration."""

    throughput_fps: float
    count: int
    duration_ms: float
    batch: int
    nireq: int
    nstreams: int | None = None
    first_inference_ms: float
    read_ms: float
    compile_ms: float
    latency: LatencyStats
    stability: Stability | None = None
    manifest: dict[str, object] = {}


class LayerRecord(BaseModel):
    """One operation of the compiled (runtime) model, times averaged over the profiled iterations."""

    name: str
    type: str
    exec_type: str  # the kernel, e.g. brgconv_avx512_1x1_bf16
    precision: str  # runtime precision, e.g. FP32, BF16, I8
    status: str  # EXECUTED, NOT_RUN, OPTIMIZED_OUT
    real_time_ms: float
    cpu_time_ms: float
    exec_order: int | None = None
    original_layers: list[str] = []


class LayerTotal(BaseModel):
    key: str
    count: int  # executed layers
    real_time_ms: float
    share: float  # of the summed real time of all layers


class RuntimeGraph(BaseModel):
    """The execution graph: runtime operations (fused, with kernels and precisions) and their edges."""

    nodes: list[LayerRecord]
    edges: list[tuple[str, str]]


class ProfileNote(BaseModel):
    """A reason to read a layer profile with care."""

    code: str  # stable: profile.noisy, profile.unsettled, profile.sum_mismatch, profile.counter_overhead, run.unstable
    message: str


class LayerProfile(BaseModel):
    """Counters of a separate run; ``iterations`` is how many inferences were averaged and
    ``stop_reason`` why that many. ``api`` is the API the run really used (older profiles: sync)."""

    iterations: int
    api: InferenceApi = InferenceApi.sync
    total_real_time_ms: float  # per inference, summed over layers (may exceed latency: parallel layers)
    total_cv: float | None = None  # coefficient of variation of the per-inference layer-time sum
    latency: LatencyStats | None = None  # without counters, alternating with the profiled inferences
    profiled_latency: LatencyStats | None = None  # of each profiled inference (counters on)
    stability: Stability | None = None  # the same throughput windows as a benchmark's
    stop_reason: str = ""
    noise: list[ProfileNote] = []  # empty: nothing suggests the figures are noise
    layers: list[LayerRecord]  # executed and not, in execution order
    by_type: list[LayerTotal]
    by_precision: list[LayerTotal]
    graph: RuntimeGraph
    manifest: dict[str, object] = {}


class AgentProgress(Message):
    job_id: str
    agent_id: str
    progress: float
    stage: str
    elapsed_seconds: float = 0.0
    throughput_fps: float | None = None
    latency_median_ms: float | None = None


class AgentJobOutcome(Message):
    """The final word of an agent on a job (captured by JetStream so it survives restarts)."""

    job_id: str
    agent_id: str
    succeeded: bool
    result: BenchmarkResult | None = None
    layer_profile: LayerProfile | None = None
    point: SweepPointResult | None = None  # one finished point of a sweep
    accuracy: AccuracyResult | None = None
    final: bool = True  # False for sweep points: more messages follow
    error: ErrorBody | None = None
