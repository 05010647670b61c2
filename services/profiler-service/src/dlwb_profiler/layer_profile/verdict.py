"""The one sentence that leads a layer profile."""

from __future__ import annotations

from dlwb_common.messages.agent import LayerProfile


def layer_profile_verdict(profile: LayerProfile) -> str:
    top = profile.by_type[0] if profile.by_type else None
    mix = ", ".join(f"{row.count} in {row.key}" for row in profile.by_precision)
    lead = f"{top.key} takes {top.share:.0%} of the time" if top else "No layer was executed"
    return (f"{lead}; {profile.total_real_time_ms:.2f} ms of layer time per inference over "
            f"{profile.iterations} iterations; executed layers by precision: {mix or 'none'}.")
