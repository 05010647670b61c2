"""Keep the system alive: a child process that exits on its own is started again, after a delay that doubles
with each crash; a child that keeps crashing is given up on and the whole system stops (like systemd's
``Restart=on-failure`` with ``StartLimitBurst``). Jobs cut off by the crash are the services' business: they
see the restarted peer and fail or resume those jobs with the reason."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dlwb_cli.launcher.supervisor import System


@dataclass(frozen=True)
class RestartPolicy:
    first_delay: float = 0.5  # seconds before the first restart; doubled for each crash within the window
    max_delay: float = 30.0
    burst: int = 5  # more crashes than this within ``window`` seconds: give up
    window: float = 60.0


@dataclass
class CrashHistory:
    policy: RestartPolicy
    times: dict[str, list[float]] = field(default_factory=dict)

    def record(self, name: str, now: float) -> float | None:
        """Note a crash of ``name``; the delay before restarting it, or None to give up."""
        recent = [at for at in self.times.get(name, []) if now - at < self.policy.window] + [now]
        self.times[name] = recent
        if len(recent) > self.policy.burst:
            return None
        return min(self.policy.first_delay * 2 ** (len(recent) - 1), self.policy.max_delay)


def supervise(system: System, log: Callable[[str], None], stop: threading.Event,
              policy: RestartPolicy = RestartPolicy(), every: float = 0.2) -> bool:
    """Heal ``system`` until ``stop`` is set (True) or a child crashes too often (False)."""
    history = CrashHistory(policy)
    due: dict[str, float] = {}  # child name -> when to start it again
    while not stop.wait(every):
        now = time.monotonic()
        for child in list(system.children):
            if child.name in due or child.process.poll() is None:
                continue
            delay = history.record(child.name, now)
            code = child.process.returncode
            if delay is None:
                log(f"{child.name} exited (code {code}) {len(history.times[child.name])} times within "
                    f"{policy.window:g} s; giving up and stopping everything")
                return False
            log(f"{child.name} exited unexpectedly (code {code}); starting it again in {delay:g} s")
            due[child.name] = now + delay
        for name, when in list(due.items()):
            if now >= when and not stop.is_set():
                system.restart(name)
                del due[name]
                log(f"{name} started again")
    return True
