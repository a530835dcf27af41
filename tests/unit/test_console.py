"""The console's pieces without a browser: the files served, the map and its places, the live feed, silences."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from launchwatch.console import STATIC_FILES, static_file
from launchwatch.console.places import LANDINGS, SITES, places
from launchwatch.schemas import Precedence
from services.alerts.silences import SilenceRefused, new_silence
from services.alerts.sinks import Broadcaster
from services.ingest.extract import LANDINGS as EXTRACTED_LANDINGS
from services.ingest.gazetteer import SITES as GAZETTEER_SITES

NOW = datetime(2024, 10, 31, tzinfo=UTC)


def test_only_the_console_s_own_files_are_served() -> None:
    for name, content_type in STATIC_FILES.items():
        found = static_file(name)
        assert found is not None and found[0] and found[1] == content_type
    for name in ("../__init__.py", "places.py", "static/index.html", "", "index.html/"):
        assert static_file(name) is None
    page = static_file("index.html")[0].decode()  # type: ignore[index]
    assert '<script src="/console/static/console.js"' in page and "http" not in page.split("<body>")[0]


def test_the_script_is_valid_javascript() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = resources.files("launchwatch.console").joinpath("static", "console.js")
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_gazetteer_site_and_every_landing_has_a_place_on_the_map() -> None:
    assert {name for name, _ in GAZETTEER_SITES.values()} <= set(SITES)
    assert {landing for landing, _ in EXTRACTED_LANDINGS} <= set(LANDINGS)
    drawn = json.loads(static_file("korea-map.json")[0])  # type: ignore[index]
    lon0, lat0, lon1, lat1 = drawn["bbox"]
    points = [(lat, lon) for lat, lon in SITES.values()] + [(lat, lon) for lat, lon, _ in LANDINGS.values()]
    assert all(lat0 < lat < lat1 and lon0 < lon < lon1 for lat, lon in points)
    assert {"North Korea", "South Korea", "Japan"} <= {c["name"] for c in drawn["countries"]}
    assert json.loads(json.dumps(places()))["sites"]["Sohae"] == {"lat": 39.66, "lon": 124.705}


async def test_the_feed_drops_a_page_that_stopped_reading_and_ends_every_feed_at_shutdown() -> None:
    feed = Broadcaster(backlog_max=3)
    reading, stuck = feed.subscribe(), feed.subscribe()
    for n in range(3):
        feed.send(b"%d" % n)
        await reading.get()
    feed.send(b"3")  # the stuck page has 3 waiting: it is dropped, told by None
    assert feed.pages == 1 and [stuck.get_nowait() for _ in range(4)] == [b"0", b"1", b"2", None]
    feed.close()
    assert feed.pages == 0 and reading.get_nowait() is None


def test_a_silence_is_refused_for_what_the_cli_refuses() -> None:
    def ask(**changes: object) -> object:
        asked = {"commitment": "unsc-ballistic", "precedence": None, "until": "2h", "comment": "series", "by": "me"}
        return new_silence(**(asked | changes), drill=False, now=NOW)  # type: ignore[arg-type]

    silence = ask(precedence="flash")
    assert silence.precedence == Precedence.FLASH and silence.ends_at == NOW + timedelta(hours=2)  # type: ignore[attr-defined]
    for changes, words in (
        ({"commitment": None}, "name what to silence"),
        ({"commitment": "unsc-balistic"}, "unsc-balistic"),
        ({"precedence": "URGENT"}, "unknown precedence"),
        ({"until": "yesterday"}, "until"),
        ({"until": "2024-10-30T00:00:00+00:00"}, "in the past"),
        ({"comment": " "}, "comment"),
    ):
        with pytest.raises(SilenceRefused, match=words):
            ask(**changes)
