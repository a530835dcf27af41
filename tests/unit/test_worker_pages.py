"""A worker's own pages (launchwatch/streams.py, `open_context`), called as faust serves them, without a broker."""

from __future__ import annotations

import json

import pytest
from faust.exceptions import ConsumerNotStarted

from launchwatch.settings import Settings
from launchwatch.streams import open_context


async def test_healthz_answers_while_the_worker_starts_with_no_assignment_yet() -> None:
    # Asked before the consumer has started (a supervisor's first probe), faust's consumer raises: the page says
    # the worker is up and owns nothing yet, instead of a 500.
    ctx = open_context(Settings(kafka_bootstrap="127.0.0.1:9"), "matcher")
    with pytest.raises(ConsumerNotStarted):
        ctx.app.consumer.assignment()
    answer = await ctx.app.web.views["/healthz"].get(None)
    assert answer.status == 200
    page = json.loads(answer.body)
    assert page["status"] == "ok" and page["role"] == "matcher" and page["assignment"] == []


def test_live_workers_watch_the_pipeline_and_drill_workers_do_not() -> None:
    # A drill says nothing of whether the watch floor is served: no presence, no system alerts from its workers.
    live = open_context(Settings(kafka_bootstrap="127.0.0.1:9", web_port=0), "matcher")
    drill = open_context(Settings(kafka_bootstrap="127.0.0.1:9", web_port=0, drill=True), "matcher")
    assert live.health is not None and live.health.roles == ("matcher",)
    assert drill.health is None
