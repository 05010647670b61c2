"""What our timed loops cost per inference, against benchmark_app's own Python loops, side by side.

    .venv/bin/python bench/loop_overhead.py [--seconds 1] [--rounds 6]

Same process, same compiled model and infer requests: only the loop differs. Two generated models
whose inference costs next to nothing, so the loop's own cost is what is timed: a ReLU on 64 values,
and one on a 1x3x256x256 tensor (768 KB out: the sync wrapper copies every output into numpy). The
figure is the CPU time of the looping thread per inference (``time.thread_time``: it counts what the
loop itself does, not how busy the machine is), and the inferences per second; the medians over rounds
run in alternating order. Ratios are ours / benchmark_app's: below 1 means our loop costs less.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import openvino as ov
import openvino.opset13 as ops
import openvino.properties.hint as hints
from openvino.tools.benchmark.benchmark import Benchmark

from dlwb_agent.loops import Limits, async_loop, sync_loop


class OneBatch:
    """benchmark_app's data queue in inference-only mode: the inputs are set once, batch 1."""

    def get_next_batch_size(self) -> int:
        return 1


def relu(shape: list[int]) -> ov.CompiledModel:
    parameter = ops.parameter(shape, ov.Type.f32, name="x")
    model = ov.Model([ops.relu(parameter)], [parameter], "relu")
    return ov.Core().compile_model(model, "CPU", {hints.performance_mode: hints.PerformanceMode.LATENCY,
                                                  hints.num_requests: 1})


def per_inference(loop: Callable[[], int]) -> tuple[float, float]:
    """(loop-thread CPU microseconds per inference, inferences per second)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    count = loop()
    return (time.thread_time() - cpu) / count * 1e6, count / (time.perf_counter() - wall)


def compare(name: str, ours: Callable[[], int], theirs: Callable[[], int], rounds: int) -> float:
    mine, others = [], []
    for index in range(rounds):
        if index % 2:
            mine.append(per_inference(ours))
            others.append(per_inference(theirs))
        else:
            others.append(per_inference(theirs))
            mine.append(per_inference(ours))
    cpu_ours, cpu_theirs = (statistics.median(r[0] for r in rows) for rows in (mine, others))
    rate_ours, rate_theirs = (statistics.median(r[1] for r in rows) for rows in (mine, others))
    print(f"{name}: ours {cpu_ours:.1f} us CPU/inference, {rate_ours:,.0f}/s | benchmark_app {cpu_theirs:.1f} us, "
          f"{rate_theirs:,.0f}/s | CPU ratio {cpu_ours / cpu_theirs:.3f}, rate ratio {rate_ours / rate_theirs:.3f}",
          flush=True)
    return cpu_ours / cpu_theirs


def measure(label: str, shape: list[int], seconds: float, rounds: int) -> dict[str, float]:
    compiled = relu(shape)
    data = ov.Tensor(np.random.default_rng(0).random(shape, dtype=np.float32))
    request = compiled.create_infer_request()
    request.set_input_tensor(data)
    queue = ov.AsyncInferQueue(compiled, 1)
    queue[0].set_input_tensor(data)
    request.infer()
    queue.start_async()
    queue.wait_all()
    sync_app = Benchmark("CPU", 1, None, seconds, "sync")
    async_app = Benchmark("CPU", 1, None, seconds, "async")
    limits = Limits(seconds, None)
    return {
        f"sync {label}": compare(f"sync, {label}", lambda: sync_loop(request, limits, lambda *_: None).iterations,
                                 lambda: sync_app.sync_inference(request, OneBatch())[2], rounds),
        f"async {label}": compare(f"async, {label}", lambda: async_loop(queue, limits, lambda *_: None).iterations,
                                  lambda: async_app.async_inference_only(queue, OneBatch())[2], rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    ratios = measure("small output", [1, 64], args.seconds, args.rounds)
    ratios |= measure("768 KB output", [1, 3, 256, 256], args.seconds, args.rounds)
    print("loop_overhead " + " ".join(f"{key.replace(' ', '_')}={value:.3f}" for key, value in ratios.items()))


if __name__ == "__main__":
    main()
