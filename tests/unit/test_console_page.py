"""The console's page in headless Chromium against canned answers (no worker, no broker): it renders the fused
`assessment` of an alert when the alert has one, falls back to the triggering `event` and `sources` otherwise, and
survives an alert with hardly any fields."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from launchwatch.console import static_file
from launchwatch.console.places import places

CHROMIUM = "/usr/bin/chromium"
BASE = "http://console.test"
# An hour before the run: the page lists only alerts updated in its default window (the last 7 days), so a fixed
# date would drop out of the list a week after it was written.
NOW = (datetime.now(UTC) - timedelta(hours=1)).isoformat()

FUSED = {
    "id": "alert-fused",
    "incident_id": "inc-1",
    "commitment_id": "unsc-ballistic",
    "revision": 3,
    "msg_type": "Update",
    "status": "Actual",
    "precedence": "FLASH",
    "kind": "violation",
    "commitment": {"id": "unsc-ballistic", "title": "UNSC", "quote": "We condemn the launches.", "statement": "S"},
    "headline": "DPRK ballistic missile launch (ICBM)",
    "event": {"event_type": "ballistic_missile_launch", "source": "kcna", "reported_at": NOW},
    "sources": [],
    "assessment": {
        "incident_id": "inc-1",
        "generation": 3,
        "event_type": "ballistic_missile_launch",
        "missile_class": "ICBM",
        "system": "Hwasong-19",
        "count": 1,
        "count_qualifier": "exact",
        "occurred_at": "2024-10-30T22:10:00+00:00",
        "occurred_until": "2024-10-30T22:11:00+00:00",
        "occurred_precision": "minute",
        "reported_at": "2024-10-30T22:25:00+00:00",
        "location": {"site": "Sohae", "landing": "sea-of-japan", "eez": "outside", "overflew_japan": False},
        "apogee_km": 7000,
        "outcome": "success",
        "claims": [{"party": "DPRK", "text": "a new-type ICBM", "field": "system", "value": "Hwasong-19"}],
        "sources": [
            {
                "report_id": "j",
                "source": "rok-jcs",
                "party": "ROK",
                "reported_at": "2024-10-30T22:25:00+00:00",
                "latency_s": 900,
                "account": {"missile_class": "ICBM"},
            },
            {
                "report_id": "m",
                "source": "japan-mod",
                "party": "Japan",
                "reported_at": "2024-10-30T22:29:00+00:00",
                "latency_s": 1140,
                "account": {},
            },
            {
                "report_id": "k",
                "source": "kcna",
                "party": "DPRK",
                "reported_at": "2024-11-01T04:10:00+00:00",
                "latency_s": 108000,
                "account": {"outcome": "success"},
            },
        ],
        "provenance": [
            {
                "field": "system",
                "event_id": "e",
                "report_id": "k",
                "source": "kcna",
                "party": "DPRK",
                "text": "Hwasong-19",
                "reason": "named only by KCNA",
            }
        ],
        "conflicts": ["apogee_km: japan-mod 7000; kcna 7687"],
        "notes": ["KCNA's account joined the incident of the previous morning"],
        "withdrawn": [],
    },
    "explanation": {"rule_id": "r", "rule_version": 1, "quote": "q", "conditions": [], "text": "Because."},
    "references": [],
    "drill": False,
    "created_at": NOW,
    "updated_at": NOW,
}
THEFT = {
    "id": "alert-theft",
    "incident_id": "inc-3",
    "commitment_id": "illicit-revenue",
    "revision": 2,
    "precedence": "PRIORITY",
    "kind": "violation",
    "headline": "DPRK cyber incident (TraderTraitor, theft, from Bybit, $1.5 billion) on 2025-02-21",
    "event": {"event_type": "cyber_incident", "source": "us-fbi", "reported_at": NOW},
    "assessment": {
        "incident_id": "inc-3",
        "generation": 2,
        "event_type": "cyber_incident",
        "occurred_at": "2025-02-21T00:00:00+00:00",
        "occurred_precision": "day",
        "reported_at": "2025-02-21T20:00:00+00:00",
        "actor": "DPRK",
        "details": {
            "group": "TraderTraitor",
            "activity": "theft",
            "victim": "Bybit",
            "amount": "$1.5 billion",
            "amount_usd": 1500000000,
            "reported_by": "FBI",
        },
        "sources": [],
    },
    "drill": False,
    "updated_at": NOW,
}
BARE = {
    "id": "alert-bare",
    "incident_id": "inc-2",
    "commitment_id": "x",
    "revision": 1,
    "precedence": "ROUTINE",
    "headline": "Hardly anything known",
    "drill": False,
    "updated_at": NOW,
}


async def test_the_page_renders_the_assessment_and_falls_back_without_failing() -> None:
    assert os.path.exists(CHROMIUM), "chromium is missing: `make tools` installs Debian's chromium package"
    from playwright.async_api import Route, async_playwright, expect

    answers: dict[str, Any] = {
        "/console/config.json": {
            "drill": False,
            "namespace": "live",
            "token_required": False,
            "version": "t",
            "commitments": [{"id": "unsc-ballistic", "title": "UNSC"}],
            "precedences": ["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"],
            "parties": ["Japan", "ROK", "US", "DPRK", "other"],
            "places": places(),
        },
        "/alerts": {"alerts": [FUSED, THEFT, BARE]},
        "/silences": {"silences": []},
        "/incidents/inc-1": {"incident_id": "inc-1", "reports": [], "events": [], "alerts": [FUSED]},
        "/alerts/alert-fused/history": {"alert_id": "alert-fused", "revisions": [FUSED], "acks": []},
    }

    async def answer(route: Route) -> None:
        path = route.request.url.removeprefix(BASE).split("?")[0]
        if path == "/console":
            body, kind = static_file("index.html")  # type: ignore[misc]
        elif path.startswith("/console/static/") and (found := static_file(path.rsplit("/", 1)[1])):
            body, kind = found
        elif path == "/console/events":
            body, kind = b"retry: 60000\nevent: hello\ndata: {}\n\n", "text/event-stream"
        elif path in answers:
            body, kind = json.dumps(answers[path]).encode(), "application/json"
        else:
            await route.fulfill(status=404, body=b"{}", content_type="application/json")
            return
        await route.fulfill(status=200, body=body, content_type=kind)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 720})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.route(f"{BASE}/**", answer)
            await page.goto(f"{BASE}/console")
            await expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
            await expect(page.locator(".alert-item")).to_have_count(3)

            await page.locator('.alert-item[data-alert-id="alert-fused"]').click()
            detail = page.locator("#detail-body")
            await expect(detail).to_contain_text("Assessment (all reports fused)")
            for text in (
                "Hwasong-19",
                "ICBM",
                "2024-10-30 22:10Z to 2024-10-30 22:11Z",
                "Sohae",
                "7,000 km",
                "a new-type ICBM",
                "named only by KCNA",
                "apogee_km: japan-mod 7000; kcna 7687",
                "KCNA's account joined",
                "We condemn the launches.",
            ):
                await expect(detail).to_contain_text(text)
            await expect(detail.locator(".timeline li")).to_have_count(3)
            await expect(detail.locator(".timeline .latency")).to_have_text(["+15 min", "+19 min", "+30 h"])
            await expect(detail.locator('svg.map [data-place="site"]')).to_be_attached()

            # An incident other than a launch: who, what, how much.
            await page.locator('.alert-item[data-alert-id="alert-theft"]').click()
            for text in ("TraderTraitor", "Bybit", "$1.5 billion", "FBI", "Actor", "DPRK"):
                await expect(detail).to_contain_text(text)
            await expect(detail.locator("dl.facts")).to_contain_text("Activitytheft")

            await page.locator('.alert-item[data-alert-id="alert-bare"]').click()
            await expect(detail).to_contain_text("Hardly anything known")
            await expect(detail).to_contain_text("No source reports.")
            await expect(detail).to_contain_text("No launch site reported.")
            assert errors == [], errors
        finally:
            await browser.close()
