"""The console in a real browser: headless Chromium (Debian's `chromium`, driven by Playwright) against a live and
a drill worker on the real broker.

The page loads; a report published to reports.raw appears as a FLASH alert within seconds without a reload, with
its banner and its alarm; the incident opens (assessment, timeline, commitments, map, CAP links); an ack from the
page, with the bearer token, makes an Ack revision on the alert topics; the drill worker's page says EXERCISE and
shows its drill alert and none of the live ones. An alerts worker with no matcher worker running shows the system
banner, which drops the matcher once one starts (the clear brought by the live feed). Screenshots go to
build/test-screenshots/, or to the folder LAUNCHWATCH_SCREENSHOTS_DIR names (`LAUNCHWATCH_SCREENSHOTS_DIR=docs`
refreshes the ones the README shows).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from pathlib import Path

import aiohttp
import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, free_port, publish
from launchwatch.schemas import Alert, AlertMsgType
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, wait_for
from tests.receiver_hook import Hook, escalation_file

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[2]
TOKEN = "console-s3cret"
CALL_SIGN = "J3 watch 2"

ICBM = {
    "id": "jmod-console-1",
    "kind": "text",
    "source": "japan-mod",
    "published_at": "2024-10-31T09:10:00+09:00",
    "title": "North Korea launches ICBM-class ballistic missile",
    "body": "North Korea launched one ICBM-class ballistic missile from near Pyongyang at around 7:11 a.m. today "
    "toward the northeast. It flew for about 86 minutes, with a maximum altitude of over 7,000 km, and is "
    "estimated to have fallen in the Sea of Japan outside Japan's exclusive economic zone.",
}
JCS = {
    "id": "jcs-console-1",
    "kind": "text",
    "source": "rok-jcs",
    "published_at": "2024-10-31T07:25:00+09:00",
    "body": "North Korea fired a long-range ballistic missile from the Pyongyang area into the East Sea at around "
    "7:10 a.m. today.",
}
SRBM_DRILL = {
    "id": "jcs-drill-1",
    "kind": "text",
    "source": "rok-jcs",
    "published_at": "2024-05-30T06:30:00+09:00",
    "body": "North Korea fired about 18 short-range ballistic missiles from the Sunan area into the East Sea at "
    "around 6:14 a.m. today.",
    "drill": True,
}


def screenshots_dir() -> Path:
    folder = Path(os.environ.get("LAUNCHWATCH_SCREENSHOTS_DIR") or REPO / "build" / "test-screenshots")
    folder = folder if folder.is_absolute() else REPO / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def wait_until_serving(base: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(f"{base}/healthz") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{base} did not answer within {timeout_s} s")
            await asyncio.sleep(0.2)


def report_bytes(report: dict) -> bytes:
    return json.dumps(report).encode()


async def test_console_live_alert_ack_and_drill_view_in_a_real_browser(settings: Settings, tmp_path: Path) -> None:
    assert os.path.exists(CHROMIUM), "chromium is missing: `make tools` installs Debian's chromium package"
    from playwright.async_api import async_playwright, expect

    live_topics = TopicRegistry.from_settings(settings)
    drill_settings = settings.with_drill(True)
    drill_topics = TopicRegistry.from_settings(drill_settings)
    await ensure_topics(settings, [*live_topics.all(), *drill_topics.all()])
    live_port, drill_port = free_port(), free_port()
    live, drill = f"http://127.0.0.1:{live_port}", f"http://127.0.0.1:{drill_port}"
    shots = screenshots_dir()
    # An escalation policy for the live worker: a FLASH's acknowledgement due in ten minutes, the duty officer
    # told after a second.
    hook = Hook().start_in_thread()
    receivers = escalation_file(tmp_path / "receivers.toml", hook, 600, [(1, None)])

    with (
        running_worker(
            settings,
            "all",
            tmp_path / "live.log",
            LAUNCHWATCH_WEB_PORT=str(live_port),
            LAUNCHWATCH_API_TOKEN=TOKEN,
            LAUNCHWATCH_RECEIVERS_FILE=str(receivers),
        ),
        running_worker(drill_settings, "all", tmp_path / "drill.log", LAUNCHWATCH_WEB_PORT=str(drill_port)),
    ):
        await wait_until_serving(live)
        await wait_until_serving(drill)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"]
            )
            try:
                page = await browser.new_page(viewport={"width": 1280, "height": 720})
                errors: list[str] = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                await page.goto(f"{live}/console")
                await expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
                await expect(page.locator("body")).to_have_attribute("data-feed", "live", timeout=15_000)
                await expect(page.locator("#namespace")).to_have_text("LIVE")
                assert await page.locator("#exercise-banner").is_hidden()
                await page.evaluate("window.__notReloaded = true")

                # A report on reports.raw: the alert appears without a reload, FLASH, with banner and alarm.
                await publish(settings, live_topics.reports_raw, [(ICBM["id"], report_bytes(ICBM))])
                flash = page.locator('.alert-item[data-precedence="FLASH"]')
                await expect(flash.first).to_be_visible(timeout=20_000)
                assert await page.evaluate("window.__notReloaded === true"), "the page was reloaded"
                await expect(page.locator("#flash-banner")).to_be_visible()
                assert int(await page.evaluate("document.body.dataset.beeps")) >= 1
                # Its acknowledgement is due: the deadline counts down on the alert.
                countdown = flash.first.locator(".countdown")
                await expect(countdown).to_have_text(re.compile(r"^ACK DUE (9|10):\d\d$"), timeout=10_000)
                shown = await countdown.text_content()
                await expect(countdown).not_to_have_text(str(shown), timeout=5_000)  # it ticks
                # A second party's report revises the alerts: the timeline gets a second source.
                await publish(settings, live_topics.reports_raw, [(JCS["id"], report_bytes(JCS))])
                unsc = page.locator('.alert-item[data-precedence="FLASH"]', has_text="unsc-ballistic")
                await expect(unsc).to_contain_text("rev 2", timeout=20_000)

                # The duty officer was told (the escalation's first step), and the incident shows it.
                await wait_for(
                    lambda: any(r.body["alert"]["commitment_id"] == "unsc-ballistic" for r in hook.taken("/duty")),
                    30,
                    "the escalation's notice",
                )

                # The incident: assessment, timeline of both sources, commitments with quote, map, CAP downloads.
                await unsc.click()
                detail = page.locator("#detail-body")
                await expect(detail).to_contain_text("Matched commitments")
                await expect(detail.locator(".timeline li")).to_have_count(2, timeout=10_000)
                await expect(detail.locator(".commitment blockquote").first).to_be_visible()
                await expect(detail).to_contain_text("Policy flash: acknowledgement due")
                await expect(detail.locator(".escalation-notices li").first).to_contain_text("Step 1")
                await expect(detail.locator(".escalation-notices li").first).to_contain_text("duty")
                await expect(detail.locator("svg.map path.land").first).to_be_attached()
                await expect(detail.locator('svg.map [data-place="impact"]')).to_be_attached()
                cap_link = detail.locator(".revisions a").first
                await expect(cap_link).to_have_attribute("href", re.compile(r"^/alerts/alert-[0-9a-f]+/cap/1$"))
                cap = await page.request.get(live + str(await cap_link.get_attribute("href")))
                assert cap.ok and "urn:oasis:names:tc:emergency:cap:1.2" in await cap.text()
                await page.screenshot(path=str(shots / "console.png"))

                # A wall screen: the same page, everything scaled up from the root size.
                await page.set_viewport_size({"width": 2560, "height": 1440})
                assert await page.evaluate("getComputedStyle(document.documentElement).fontSize") == "26px"
                await page.screenshot(path=str(shots / "console-wall.png"))
                await page.set_viewport_size({"width": 1280, "height": 720})
                assert (await page.request.get(f"{live}/console/")).ok

                # Keyboard: the list is reachable and walkable.
                await page.locator(".alert-item").first.focus()
                await page.keyboard.press("ArrowDown")
                assert await page.evaluate("document.activeElement.classList.contains('alert-item')")

                # Acknowledge from the page, with the token: an Ack revision on the alert topics.
                await page.fill("#callsign", CALL_SIGN)
                await page.fill("#token", TOKEN)
                await page.fill("#ack-comment", "passed to J3")
                await page.click("#ack-button")
                await expect(detail.locator(".result")).to_contain_text("Acknowledged as", timeout=10_000)
                await expect(detail.locator(".acks")).to_contain_text(CALL_SIGN, timeout=10_000)
                # The acknowledgement stops the escalation: no countdown on the alert, the detail says so.
                await expect(unsc.locator(".countdown")).to_have_count(0, timeout=10_000)
                await expect(detail).to_contain_text("(acknowledged)", timeout=10_000)
                assert errors == [], errors

                def acked(records: list) -> bool:
                    return any(
                        (a := decode(Alert, r.value)).msg_type == AlertMsgType.ACK
                        and a.acknowledgement is not None
                        and a.acknowledgement.by == CALL_SIGN
                        for r in records
                    )

                records = await read_records(settings, live_topics.alerts, acked, timeout_s=30)
                live_ids = {decode(Alert, r.value).id for r in records}
                assert all(not decode(Alert, r.value).drill for r in records)

                # Silence from the page: the same rules as the CLI's (a reason is required), the token required.
                await page.click("#silence-button")
                await expect(detail.locator(".result")).to_contain_text("Not silenced: 400", timeout=10_000)
                await page.fill("#silence-comment", "announced test series")
                await page.click("#silence-button")
                await expect(detail.locator(".result")).to_contain_text("muted until", timeout=10_000)
                await expect(unsc).to_contain_text("MUTED")
                refused = await page.request.post(f"{live}/silences", data={"commitment": "unsc-ballistic"})
                assert refused.status == 401
                unknown = await page.request.post(
                    f"{live}/silences",
                    data={"commitment": "unsc-balistic", "until": "1h", "comment": "x", "by": "me"},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
                assert unknown.status == 400 and "unsc-balistic" in (await unknown.json())["detail"]
                silences = await (await page.request.get(f"{live}/silences")).json()
                assert [s["created_by"] for s in silences["silences"]] == [CALL_SIGN]

                # The drill worker's page: EXERCISE, its own alert, none of the live ones.
                await publish(drill_settings, drill_topics.reports_raw, [(SRBM_DRILL["id"], report_bytes(SRBM_DRILL))])
                drill_page = await browser.new_page(viewport={"width": 1280, "height": 720})
                await drill_page.goto(f"{drill}/console")
                await expect(drill_page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
                await expect(drill_page.locator("#exercise-banner")).to_be_visible()
                await expect(drill_page.locator("#exercise-banner")).to_contain_text("EXERCISE EXERCISE EXERCISE")
                await expect(drill_page.locator("#namespace")).to_have_text("EXERCISE")
                items = drill_page.locator(".alert-item")
                await expect(items.first).to_be_visible(timeout=20_000)
                for index in range(await items.count()):
                    await expect(items.nth(index)).to_contain_text("EXERCISE")
                shown = set(await items.evaluate_all("nodes => nodes.map(n => n.dataset.alertId)"))
                assert shown and not shown & live_ids, shown
                assert all(alert_id.startswith("drill-alert-") for alert_id in shown)
                await items.first.click()
                await expect(drill_page.locator("#detail-body")).to_contain_text("EXERCISE EXERCISE EXERCISE")
                assert await drill_page.locator("#flash-banner").is_hidden()  # IMMEDIATE only: no FLASH alarm
                await drill_page.screenshot(path=str(shots / "console-drill.png"))
            finally:
                await browser.close()
    hook.stop_thread()
    notices = [r.body["escalation"] for r in hook.taken("/duty")]
    assert notices and all(n["step"] == 1 and n["policy"] == "flash" for n in notices)


#: Small health bounds, so that a role no worker runs is raised within seconds.
FAST_HEALTH = {"LAUNCHWATCH_HEALTH_INTERVAL_SECONDS": "0.5", "LAUNCHWATCH_HEALTH_ROLE_MISSING_SECONDS": "2"}

#: Records on the page each system alert its live feed brings (`<id> <state>`), beside the page's own handling.
RECORD_SYSTEM_FEED = """
window.__systemFeed = [];
const NativeEventSource = window.EventSource;
window.EventSource = class extends NativeEventSource {
  constructor(...args) {
    super(...args);
    this.addEventListener("alert", (event) => {
      const message = JSON.parse(event.data);
      if (message.system_alert) window.__systemFeed.push(`${message.system_alert.id} ${message.system_alert.state}`);
    });
  }
};
"""


async def test_console_system_banner_shows_a_missing_role_until_a_worker_runs_it(
    settings: Settings, tmp_path: Path
) -> None:
    assert os.path.exists(CHROMIUM), "chromium is missing: `make tools` installs Debian's chromium package"
    from playwright.async_api import async_playwright, expect

    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    matcher_id = "system:role_missing:matcher"

    with running_worker(settings, "alerts", tmp_path / "alerts.log", LAUNCHWATCH_WEB_PORT=str(port), **FAST_HEALTH):
        await wait_until_serving(base)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                page = await browser.new_page(viewport={"width": 1280, "height": 720})
                errors: list[str] = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                # A feed message the page could not read (one taken for an alert revision) is logged as unreadable.
                page.on(
                    "console", lambda message: errors.append(message.text) if "unreadable" in message.text else None
                )
                await page.add_init_script(RECORD_SYSTEM_FEED)
                await page.goto(f"{base}/console")
                await expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=15_000)
                await expect(page.locator("body")).to_have_attribute("data-feed", "live", timeout=15_000)

                # No matcher worker: raised within seconds, and the banner lists it, with since when and what it means.
                banner = page.locator("#system-banner")
                await expect(banner).to_be_visible(timeout=90_000)
                await expect(banner).to_have_attribute("role", "alert")
                matcher = banner.locator(f'li[data-system-id="{matcher_id}"]')
                await expect(matcher).to_contain_text("no matcher worker is running", timeout=60_000)
                await expect(matcher.locator(".system-since")).to_have_text(
                    re.compile(r"^\s*since \d\d:\d\d:\d\d UTC$")
                )
                await expect(matcher.locator(".system-explanation")).to_contain_text("docs/operations.md")
                assert await page.locator("#flash-banner").is_hidden()  # not a FLASH
                await page.screenshot(path=str(screenshots_dir() / "console-system.png"))

                # A matcher worker starts: the clear comes on the live feed and the banner drops the matcher at once,
                # well before the page's reload (every 20 s) would.
                with running_worker(settings, "matcher", tmp_path / "matcher.log", **FAST_HEALTH):
                    await page.wait_for_function(  # a function: the page's CSP allows no string evaluated
                        "(change) => window.__systemFeed.includes(change)", arg=f"{matcher_id} cleared", timeout=120_000
                    )
                    await expect(matcher).to_have_count(0, timeout=10_000)
                    await expect(banner).not_to_contain_text("no matcher worker is running")
                # The feed's system alerts were never taken for alert revisions.
                await expect(page.locator(".alert-item")).to_have_count(0)
                assert errors == [], errors
            finally:
                await browser.close()
