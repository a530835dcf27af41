"""Escalation on a clock the test moves: a FLASH left unacknowledged walks its policy's steps on time, each notice
taken once by two workers over one store (and by neither twice, nor lost, when one fails mid-take); an
acknowledgement stops it, a revision after the acknowledgement arms it again, a silence or a cancel stops it;
the notices go out as deliveries with their own keys and say what they are; the file's checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from launchwatch.schemas import Alert, AlertMsgType, Precedence
from launchwatch.storage import Store
from launchwatch.storage.deliveries import Deliveries
from launchwatch.storage.escalations import ACKNOWLEDGED, ARMED, CANCELLED, SILENCED, Escalations
from services.alerts.build import acknowledged, next_revision
from services.alerts.escalation import EscalationSink, Escalator, following, observe
from services.alerts.mail import Smtp, email_message
from services.alerts.receivers import (
    DEFAULT_ESCALATIONS,
    EscalationPolicy,
    EscalationStep,
    Notice,
    Receiver,
    ReceiversConfig,
    request_body,
    revision_lines,
)
from services.alerts.revisions import acknowledge
from services.alerts.silences import new_silence
from tests.factories import alerted, launch_event

START = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)

POLICY = EscalationPolicy(
    name="flash",
    precedence=(Precedence.FLASH,),
    ack_deadline_seconds=120,
    steps=(
        EscalationStep(after_seconds=60, receivers=("duty",)),
        EscalationStep(after_seconds=120, receivers=("duty", "supervisor"), repeat_seconds=300),
    ),
)
CONFIG = ReceiversConfig(
    receivers=(
        Receiver(name="floor", url="http://floor.example"),
        Receiver(name="duty", url="http://duty.example", routes=()),
        Receiver(name="supervisor", url="http://supervisor.example", routes=()),
    ),
    escalations=(POLICY,),
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> Clock:
        self.now = START + timedelta(seconds=seconds)
        return self


def flash_alert(store: Store, report_id: str = "jmod-1", source: str = "japan-mod", party: str = "Japan") -> Alert:
    """The FLASH alert an ICBM launch makes in the store, as routing has it."""
    event = launch_event(report_id, source=source, party=party, missile_class="ICBM")
    made = [alert for alert, _ in alerted(store, event, START) if alert.precedence == Precedence.FLASH]
    assert made, "an ICBM launch makes a FLASH alert"
    return made[0]


def taken(store: Store, alert_id: str) -> list[tuple[int, int, int, tuple[str, ...]]]:
    return [
        (n["arming"], n["step"], n["repeat"], tuple(n["receivers"]))
        for n in Escalations(store).notices([alert_id])[alert_id]
    ]


@pytest.fixture(scope="module")
def flash(tmp_path_factory: pytest.TempPathFactory) -> Alert:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('alert') / 'store.db'}")
    made = flash_alert(store)
    store.close()
    return made


# --------------------------------------------------------------------------- the decisions, pure


def test_a_flash_is_armed_kept_stopped_by_an_ack_and_armed_again_by_a_revision_after_it(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    alert = flash_alert(store)
    assert alert.needs_ack
    armed = observe(None, alert, POLICY, False, START)
    assert armed is not None and armed.state == ARMED and armed.arming == 1
    assert armed.deadline == START + timedelta(seconds=120) and armed.due_at == START + timedelta(seconds=60)
    # The same revision again (a redelivery) or an older one: nothing changes.
    assert observe(armed, alert, POLICY, False, START + timedelta(seconds=5)) is None
    # A later revision under the same policy: the clock runs on.
    revised = next_revision(alert, START + timedelta(seconds=30))
    kept = observe(armed, revised, POLICY, False, START + timedelta(seconds=30))
    assert kept is not None and kept.armed_at == START and kept.due_at == armed.due_at and kept.revision == 2
    # An acknowledgement stops it.
    ack = acknowledged(revised, "J3 watch 2", START + timedelta(seconds=40))
    assert not ack.needs_ack
    stopped = observe(kept, ack, POLICY, False, START + timedelta(seconds=40))
    assert stopped is not None and stopped.state == ACKNOWLEDGED and stopped.due_at is None
    # A revision after the acknowledgement (updated_since_ack) arms it again, from its first step.
    later = next_revision(ack, START + timedelta(seconds=500), msg_type=AlertMsgType.UPDATE, updated_since_ack=True)
    again = observe(stopped, later, POLICY, False, START + timedelta(seconds=500))
    assert again is not None and again.state == ARMED and again.arming == 2
    assert again.due_at == START + timedelta(seconds=560) and again.deadline == START + timedelta(seconds=620)
    # A cancel stops it; so does a silence muting the revision, and a revision no policy takes.
    cancel = next_revision(later, START + timedelta(seconds=510), msg_type=AlertMsgType.CANCEL)
    assert observe(again, cancel, POLICY, False, START).state == CANCELLED  # type: ignore[union-attr]
    assert observe(again, next_revision(later, START), POLICY, True, START).state == SILENCED  # type: ignore[union-attr]
    assert observe(again, next_revision(later, START), None, False, START).state == "ended"  # type: ignore[union-attr]
    # A revision another policy takes (its precedence rose) arms it anew under that policy.
    other = POLICY.model_copy(update={"name": "supervisors"})
    moved = observe(again, next_revision(later, START + timedelta(seconds=600)), other, False, START)
    assert moved is not None and moved.policy == "supervisors" and moved.arming == 3
    # No escalation for an alert no policy takes, or a muted one.
    assert observe(None, alert, None, False, START) is None and observe(None, alert, POLICY, True, START) is None
    store.close()


def test_the_steps_walk_in_order_and_the_last_repeats(flash: Alert) -> None:
    state = observe(None, flash, POLICY, False, START)
    assert state is not None
    walked = []
    for _ in range(4):
        walked.append((state.step, state.repeat, (state.due_at - START).total_seconds()))  # type: ignore[operator]
        state = following(state, POLICY, state.due_at)  # type: ignore[arg-type]
    assert walked == [(1, 0, 60), (2, 0, 120), (2, 1, 420), (2, 2, 720)]
    once = POLICY.model_copy(update={"steps": (EscalationStep(after_seconds=60),)})
    first = observe(None, flash, once, False, START)
    assert first is not None and following(first, once, START).due_at is None  # no repeat: no further notice


# --------------------------------------------------------------------------- against the store, two workers


async def test_two_workers_take_each_notice_once_on_time_and_an_ack_stops_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    clock = Clock(START)
    alert = flash_alert(store)
    sink = EscalationSink(CONFIG, Escalations(store), clock)
    assert sink.note(alert, muted=False).state == ARMED  # type: ignore[union-attr]
    workers = [Escalator(CONFIG, Store(url), drill=False, clock=clock) for _ in range(2)]

    async def round_at(seconds: float) -> int:
        clock.at(seconds)
        return sum([await worker.run() for _ in range(2) for worker in workers])

    assert await round_at(59) == 0  # not yet due
    assert await round_at(61) == 1 and taken(store, alert.id) == [(1, 1, 0, ("duty",))]
    assert await round_at(90) == 0
    assert await round_at(121) == 1 and taken(store, alert.id)[-1] == (1, 2, 0, ("duty", "supervisor"))
    assert await round_at(400) == 0
    assert await round_at(421) == 1 and taken(store, alert.id)[-1] == (1, 2, 1, ("duty", "supervisor"))
    # Far behind (no worker ran for a while): the notice due goes out, the repeats missed are not sent in a burst.
    assert await round_at(1400) == 1 and await round_at(1619) == 0 and await round_at(1621) == 1
    assert [(s, r) for _, s, r, _ in taken(store, alert.id)] == [(1, 0), (2, 0), (2, 1), (2, 2), (2, 5)]

    # Each notice is a delivery of the latest revision with its own key.
    rows = Deliveries(store).rows("supervisor")
    assert [row["notice"] for row in rows] == [f"escalation/flash/1/2.{n}" for n in (0, 1, 2, 5)]
    assert {row["revision"] for row in rows} == {alert.revision}
    claimed = Deliveries(store).claim("duty", START + timedelta(hours=1), timedelta(seconds=10), 10)
    assert claimed[0].key == f"duty:{alert.revision_id}/escalation/flash/1/1.0"

    # An acknowledgement, routed: no notice after it.
    ack = acknowledge(store, alert.id, "J3 watch 2", START + timedelta(seconds=1500))
    assert sink.note(ack, muted=False).state == ACKNOWLEDGED  # type: ignore[union-attr]
    assert await round_at(5000) == 0 and len(taken(store, alert.id)) == 5
    for worker in workers:
        worker.store.close()
    store.close()


async def test_an_ack_routed_elsewhere_or_a_silence_set_since_stops_it_when_due(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    clock = Clock(START)
    alert = flash_alert(store)
    EscalationSink(CONFIG, Escalations(store), clock).note(alert, muted=False)
    # Acknowledged in the store, never routed through this sink (a CLI with no receivers file): the loop sees it.
    acknowledge(store, alert.id, "J3 watch 2", START + timedelta(seconds=10))
    assert await Escalator(CONFIG, store, drill=False, clock=clock.at(61)).run() == 0
    assert Escalations(store).get(alert.id).state == ACKNOWLEDGED  # type: ignore[union-attr]
    assert taken(store, alert.id) == []
    # A second report revises it after the ack: armed again; then a silence of its commitment is set: stopped
    # when due, nothing sent.
    other = flash_alert(store, "jcs-2", source="rok-jcs", party="ROK")
    assert other.id == alert.id and other.updated_since_ack
    rearmed = EscalationSink(CONFIG, Escalations(store), clock.at(100)).note(other, muted=False)
    assert rearmed is not None and rearmed.state == ARMED and rearmed.arming == 2
    store.save_silence(
        new_silence(
            commitment=other.commitment_id,
            precedence=None,
            until="2h",
            comment="announced test series",
            by="J3",
            drill=False,
            now=START,
        )
    )
    assert await Escalator(CONFIG, store, drill=False, clock=clock.at(161)).run() == 0
    assert Escalations(store).get(other.id).state == SILENCED  # type: ignore[union-attr]
    store.close()


async def test_a_worker_failing_mid_take_leaves_the_notice_to_the_next_and_it_is_taken_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    clock = Clock(START)
    alert = flash_alert(store)
    EscalationSink(CONFIG, Escalations(store), clock).note(alert, muted=False)
    dying = Escalator(CONFIG, Store(url), drill=False, clock=clock.at(61))

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the worker dies before its transaction commits")

    dying.deliveries.record = crash  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await dying.run()
    # Nothing of the notice stayed: the other worker takes it, once.
    assert taken(store, alert.id) == []
    other = Escalator(CONFIG, Store(url), drill=False, clock=clock)
    assert await other.run() == 1 and await other.run() == 0
    assert taken(store, alert.id) == [(1, 1, 0, ("duty",))]
    assert [row["notice"] for row in Deliveries(store).rows("duty")] == ["escalation/flash/1/1.0"]
    store.close()


async def test_drill_alerts_escalate_under_drill_policies_only(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    event = launch_event("jmod-drill", source="japan-mod", party="Japan", missile_class="ICBM", drill=True)
    drill_flash = next(a for a, _ in alerted(store, event, START) if a.precedence == Precedence.FLASH)
    assert drill_flash.drill
    assert CONFIG.policy_for(drill_flash) is None  # the live policy does not take it
    drill_policy = POLICY.model_copy(update={"name": "drill-flash", "namespace": "drill"})
    config = CONFIG.model_copy(update={"escalations": (POLICY, drill_policy)})
    assert config.policy_for(drill_flash) is drill_policy
    EscalationSink(config, Escalations(store), Clock(START)).note(drill_flash, muted=False)
    assert await Escalator(config, store, drill=False, clock=Clock(START).at(61)).run() == 0  # a live worker: none
    assert await Escalator(config, store, drill=True, clock=Clock(START).at(61)).run() == 1
    store.close()


# --------------------------------------------------------------------------- what a notice says, the file


def test_a_notice_says_what_it_is_in_each_kind_of_receiver(flash: Alert) -> None:
    alert = flash
    notice = Notice("flash", 1, 2, 1)
    assert Notice.parse(str(notice)) == notice and Notice.parse("") is None
    webhook = json.loads(request_body(Receiver(name="w", url="http://h"), alert, notice))
    assert webhook["escalation"] | {"text": ""} == {"policy": "flash", "arming": 1, "step": 2, "repeat": 1, "text": ""}
    assert "not acknowledged" in webhook["escalation"]["text"]
    assert Alert.model_validate(webhook["alert"]) == alert
    slack = json.loads(request_body(Receiver(name="s", url="http://h", kind="slack"), alert, notice))
    assert slack["text"].startswith("*ESCALATION* ESCALATION (policy flash, step 2, repeat 1)")
    # Without a notice, the bodies are the revision's own, as before.
    assert json.loads(request_body(Receiver(name="w", url="http://h"), alert)) == alert.model_dump(mode="json")


def test_a_notice_by_email_and_pagerduty_and_a_drill_alerts_notice(flash: Alert) -> None:
    notice = Notice("flash", 1, 1, 0)
    smtp = Smtp(host="smtp.example.org", sender="lw@example.org", to=("floor@example.org",))
    lines = [notice.line(flash), *revision_lines(flash)]
    message = email_message(smtp, flash, lines, "mail:x", None, escalation=True)
    assert message["Subject"].startswith("[ESCALATION FLASH] ")
    assert email_message(smtp, flash, revision_lines(flash), "mail:x", None)["Subject"].startswith("[FLASH] ")
    duty = Receiver(name="pd", kind="pagerduty", routing_key="k")
    event = json.loads(request_body(duty, flash, notice))
    assert event["event_action"] == "trigger" and event["payload"]["custom_details"]["escalation"] == notice.as_json()
    assert "escalation" not in json.loads(request_body(duty, flash))["payload"]["custom_details"]
    drill = flash.model_copy(update={"drill": True})
    assert notice.line(drill).startswith("EXERCISE ESCALATION") and not notice.line(flash).startswith("EXERCISE")


def test_the_file_checks_its_policies_and_has_defaults_for_flash_and_immediate() -> None:
    assert (
        [p.name for p in ReceiversConfig().policies] == ["flash", "immediate"] == [p.name for p in DEFAULT_ESCALATIONS]
    )
    assert ReceiversConfig(escalations=()).policies == ()
    flash = DEFAULT_ESCALATIONS[0]
    assert flash.ack_deadline_seconds == 120 and flash.steps[0].repeat_seconds == 300
    with pytest.raises(ValidationError, match="no receiver nobody"):
        ReceiversConfig(
            escalations=(
                POLICY.model_copy(update={"steps": (EscalationStep(after_seconds=1, receivers=("nobody",)),)}),
            )
        )
    with pytest.raises(ValidationError, match="only the last step repeats"):
        EscalationPolicy(
            name="x",
            ack_deadline_seconds=60,
            steps=(EscalationStep(after_seconds=1, repeat_seconds=5), EscalationStep(after_seconds=2)),
        )
    with pytest.raises(ValidationError, match="in order of after_seconds"):
        EscalationPolicy(
            name="x", ack_deadline_seconds=60, steps=(EscalationStep(after_seconds=9), EscalationStep(after_seconds=2))
        )
    with pytest.raises(ValidationError, match="unique"):
        ReceiversConfig(escalations=(POLICY, POLICY))
