"""Escalation: an alert that needs an acknowledgement and gets none is sent again, and to more people, on a policy.

On the model of GoAlert's and Alerta's escalation policies and Alertmanager's repeat_interval. A policy (in the
receivers file, `receivers.EscalationPolicy`; defaults for FLASH and IMMEDIATE) gives an acknowledgement deadline
and ordered steps: after N seconds still unacknowledged, notify these receivers (or the alert's own); the last step
may repeat every M seconds until the alert is acknowledged or cancelled.

- **Armed** when a revision that needs an acknowledgement (not a Cancel; unacknowledged, or updated since its
  acknowledgement) is routed and a policy takes it: the clock starts then. A later revision under the same policy
  keeps the clock; one under another policy (its precedence rose) or after an acknowledgement arms it again from
  its first step (`updated_since_ack`).
- **Stopped** by an acknowledgement, a Cancel, a silence muting it (as for routing: a muted revision is not
  sent), or a revision no policy takes. A drill alert is taken by drill policies only (a policy's namespace, as a
  route's), so it escalates to drill receivers alone, and its notices say EXERCISE as its revisions do.
- **Each notice once**: the escalation lives in the store (`launchwatch/storage/escalations.py`); whichever alerts
  worker finds a notice due moves the escalation on by a compare-and-set and, in the same transaction, records the
  notice and a delivery of the alert's latest revision to each of its receivers. The deliveries go out through the
  receivers' own loops (at least once, retried, with the delivery key `<receiver>:<alert id>#<revision>/<notice>`),
  so a notice repeats only as a delivery can (a worker killed between sending it and marking it sent), with the
  same key.

The decisions (`observe`, `following`) are pure; `EscalationSink` and `Escalator` apply them to the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from launchwatch import metrics
from launchwatch.schemas import Alert, AlertMsgType, Silence, utcnow
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.storage.deliveries import Deliveries
from launchwatch.storage.escalations import (
    ACKNOWLEDGED,
    ARMED,
    CANCELLED,
    ENDED,
    SILENCED,
    Escalations,
    EscalationState,
)
from services.alerts.receivers import EscalationPolicy, Notice, ReceiversConfig
from services.alerts.routing import muting_silence

log = logging.getLogger(__name__)

#: Most notices taken in one round of a worker's escalation loop (the rest in the next rounds).
ROUND_MAX = 50


def stop_reason(alert: Alert | None, policy: EscalationPolicy | None, muted: bool) -> str | None:
    """Why an alert's escalation stops (its alert gone, cancelled, acknowledged, silenced, no policy taking it), or
    None while it goes on: one answer for routing a revision and for a notice falling due."""
    if alert is None:
        return ENDED
    if alert.msg_type == AlertMsgType.CANCEL:
        return CANCELLED
    if not alert.needs_ack:
        return ACKNOWLEDGED
    if muted:
        return SILENCED
    return ENDED if policy is None else None


def observe(
    state: EscalationState | None, alert: Alert, policy: EscalationPolicy | None, muted: bool, now: datetime
) -> EscalationState | None:
    """The escalation once this revision of its alert is routed (`policy`: the one taking it; `muted`: a silence
    mutes it); None when nothing changes. Revisions older than one seen before change nothing."""
    if state is not None and alert.revision <= state.revision:
        return None
    if (why := stop_reason(alert, policy, muted)) is not None:
        if state is None:
            return None
        if state.state != ARMED:
            return replace(state, revision=alert.revision)
        return replace(state, revision=alert.revision, state=why, due_at=None)
    if state is not None and state.state == ARMED and state.policy == policy.name:
        return replace(state, revision=alert.revision)  # still waiting: the clock runs on
    return EscalationState(
        alert_id=alert.id,
        drill=alert.drill,
        policy=policy.name,
        arming=state.arming + 1 if state is not None else 1,
        armed_at=now,
        deadline=now + timedelta(seconds=policy.ack_deadline_seconds),
        revision=alert.revision,
        state=ARMED,
        step=1,
        repeat=0,
        due_at=now + timedelta(seconds=policy.steps[0].after_seconds),
    )


def following(state: EscalationState, policy: EscalationPolicy, now: datetime) -> EscalationState:
    """The escalation once its due notice is taken at `now`: on to the next step, the next repeat of the last, or
    no further notice (still armed: the alert waits for its acknowledgement, overdue). Repeats missed while no
    worker ran are not sent in a burst: the next is the first still to come (its number says how many passed)."""
    steps = policy.steps
    if state.step < len(steps):
        step, repeat = state.step + 1, 0
        after = steps[step - 1].after_seconds
    elif (every := steps[-1].repeat_seconds) is not None:
        elapsed = (now - state.armed_at).total_seconds() - steps[-1].after_seconds
        step, repeat = state.step, max(state.repeat + 1, int(elapsed // every) + 1)
        after = steps[-1].after_seconds + repeat * every
    else:
        return replace(state, due_at=None)
    return replace(state, step=step, repeat=repeat, due_at=state.armed_at + timedelta(seconds=after))


# --------------------------------------------------------------------------- against the store


class EscalationSink:
    """Routing's side of escalation: arms, keeps or stops an alert's escalation as each revision is routed (the
    alerts worker's, its HTTP ack's and the CLI's ack alike)."""

    def __init__(self, config: ReceiversConfig, escalations: Escalations, clock: Callable[[], datetime] = utcnow):
        self.config = config
        self.escalations = escalations
        self.clock = clock

    async def deliver(self, alert: Alert, silence: Silence | None, headers: dict[str, bytes] | None) -> None:
        self.note(alert, silence is not None)

    def note(self, alert: Alert, muted: bool) -> EscalationState | None:
        """The escalation after this revision (None: it has none)."""
        policy = self.config.policy_for(alert)
        for _ in range(3):  # another writer (an ack racing a revision) moved it first: read it again
            state = self.escalations.get(alert.id)
            changed = observe(state, alert, policy, muted, self.clock())
            if changed is None:
                return state
            if self.escalations.put(changed, state):
                if changed.state == ARMED and (state is None or state.arming != changed.arming):
                    log.info("escalation of %s armed: %s, ack due %s", alert.id, changed.policy, changed.deadline)
                return changed
        raise RuntimeError(f"escalation of {alert.id}: changed by others three times in a row")


class Escalator:
    """The escalation loop of an alerts worker: each `run` takes the notices due in its namespace, each once."""

    def __init__(
        self,
        config: ReceiversConfig,
        store: Store,
        drill: bool,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.config = config
        self.store = store
        self.drill = drill
        self.clock = clock
        self.escalations = Escalations(store)
        self.deliveries = Deliveries(store)
        for policy in config.policies:  # the series exist from the start, at 0
            metrics.ESCALATION_NOTICES.labels(policy=policy.name)

    async def run(self) -> int:
        """One round; the number of notices this worker took. A store that is unavailable skips the round."""
        try:
            return self.take_due()
        except StoreUnavailable as exc:
            log.warning("escalations wait, the store is unavailable: %s", exc)
            return 0

    def take_due(self) -> int:
        now = self.clock()
        taken = 0
        policies = {policy.name: policy for policy in self.config.policies}
        silences: list[Silence] | None = None
        for state in self.escalations.due(now, self.drill, ROUND_MAX):
            with self.store.transaction():
                alert = self.store.latest_alert(state.alert_id)
                policy = policies.get(state.policy)
                if silences is None:
                    silences = self.store.active_silences(now, self.drill)
                muted = alert is not None and muting_silence(alert, silences, now) is not None
                if (why := stop_reason(alert, policy, muted)) is not None:
                    # What routing would have stopped it for (an ack routed elsewhere, a silence set since, a
                    # policy gone from the file): stopped, nothing sent.
                    self.escalations.put(replace(state, state=why, due_at=None), state)
                    continue
                if not self.escalations.put(following(state, policy, now), state):
                    continue  # another worker took it
                step = policy.steps[state.step - 1]
                receivers = list(step.receivers) or self.config.receivers_of(alert)
                notice = Notice(state.policy, state.arming, state.step, state.repeat)
                self.escalations.record_notice(state, alert.revision, receivers, now)
                self.deliveries.record(receivers, alert, now, notice=str(notice))
            taken += 1
            metrics.ESCALATION_NOTICES.labels(policy=policy.name).inc()
            log.warning(
                "%s not acknowledged: escalation %s to %s", alert.id, notice, ", ".join(receivers) or "no receiver"
            )
        return taken
