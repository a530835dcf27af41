"""The names of `launchwatch bench`'s stages, apart from the bench itself so that the CLI's parser lists them
without importing the broker clients and the framework."""

from __future__ import annotations

#: Every stage, in the order a run makes them (`soak` only when chosen: it takes minutes).
STAGES: tuple[str, ...] = (
    "raw",
    "extraction",
    "matcher",
    "steps",
    "raw-hops",
    "ceiling",
    "e2e-structured",
    "e2e-text",
    "e2e-split",
    "e2e-postgres",
    "latency",
    "burst",
    "replay",
    "soak",
)
#: `e2e-postgres` needs `--postgres URL` and is skipped without it.
DEFAULT_STAGES: tuple[str, ...] = tuple(stage for stage in STAGES if stage != "soak")
