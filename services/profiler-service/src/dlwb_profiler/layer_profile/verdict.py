"""The one sentence that leads a layer profile, then what may make it noise."""

from __future__ import annotations

from dlwb_common.messages.agent import LayerProfile


def layer_profile_verdict(profile: LayerProfile) -> str:
    top = profile.by_type[0] if profile.by_type else None
    mix = ", ".join(f"{row.count} in {row.key}" for row in profile.by_precision)
    lead = f"{top.key} takes {top.share:.0%} of the time" if top else "No layer was executed"
    measured = f" (latency without counters {profile.latency.median:.2f} ms)" if profile.latency else ""
    sentence = (f"{lead}; {profile.total_real_time_ms:.2f} ms of layer time per inference{measured} over "
                f"{profile.iterations} iterations, {profile.api.value} API; executed layers by precision: "
                f"{mix or 'none'}.")
    return " ".join([sentence, *(note.message for note in profile.noise)])
