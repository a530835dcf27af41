"""Pipeline health, decided: findings (what a worker or poller observed) in, system alerts out. Pure: no Kafka, no
store, no clock of its own (the caller passes `now`).

A finding says whether one cause (a condition and its subject) is present now, and, when it knows, since when.
`HealthWatch` raises a system alert once a cause has lasted past its condition's bound, sends it again every
`resend_s` while it lasts (so the alerts service can tell an alert whose observer is gone), and clears it when a
finding says the cause has ended. A cause no finding speaks of in a round keeps its state: a worker that cannot
measure (the broker is away) says nothing of the lag, and the broker's own finding says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from launchwatch.schemas import SystemAlert, SystemAlertState, SystemCondition

C = SystemCondition

#: Per condition: the headline (formatted with `subject`) and what it means for the watch floor, with where to look.
MEANING: dict[SystemCondition, tuple[str, str]] = {
    C.CONSUMER_LAG: (
        "{subject}: the backlog is not draining",
        "Reports wait and alerts are late. Scale the role or look for a slow dependency (docs/operations.md, "
        "'The pipeline is stalled').",
    ),
    C.BROKER_UNREACHABLE: (
        "worker {subject} cannot reach Kafka",
        "Nothing is read or sent by it; workers retry with backoff and resume, no report is lost (docs/operations.md, "
        "'Kafka is unreachable').",
    ),
    C.STORE_UNREACHABLE: (
        "worker {subject} cannot reach the store",
        "Its batches wait and retry; no report is lost, alerts are late (docs/operations.md, 'The store is "
        "unreachable').",
    ),
    C.ROLE_MISSING: (
        "no {subject} worker is running",
        "That step of the pipeline is not done: reports or alerts wait for it (docs/operations.md, 'A worker is "
        "down').",
    ),
    C.SOURCE_SILENT: (
        "no report from {subject} past its expected interval",
        "It may be a quiet spell, or a feed that stopped answering: check the source (docs/operations.md, 'A source "
        "is silent').",
    ),
    C.POLLER_FAILING: (
        "feed {subject} cannot be read",
        "New entries of that feed are not coming in; the poller keeps trying and publishes what it missed once the "
        "feed answers (docs/operations.md, 'A feed poller fails').",
    ),
}


def system_alert_id(condition: SystemCondition, subject: str) -> str:
    return f"system:{condition.value}:{subject}"


@dataclass(frozen=True)
class Finding:
    """One cause observed present (`bad`) or absent, with what was seen; `since`, when the finding knows when the
    cause began (a source's last report plus its interval); else the watch counts from its first observation."""

    condition: SystemCondition
    subject: str
    bad: bool
    detail: str = ""
    since: datetime | None = None

    @property
    def id(self) -> str:
        return system_alert_id(self.condition, self.subject)


@dataclass(frozen=True)
class HealthBounds:
    """How long each cause must last before it is raised (seconds); source silence has its own intervals, in its
    findings."""

    lag_s: float = 600.0
    unreachable_s: float = 60.0
    role_missing_s: float = 60.0
    poller_failing_s: float = 900.0

    def of(self, condition: SystemCondition) -> float:
        return {
            C.CONSUMER_LAG: self.lag_s,
            C.BROKER_UNREACHABLE: self.unreachable_s,
            C.STORE_UNREACHABLE: self.unreachable_s,
            C.ROLE_MISSING: self.role_missing_s,
            C.SOURCE_SILENT: 0.0,
            C.POLLER_FAILING: self.poller_failing_s,
        }[condition]


@dataclass
class HealthWatch:
    """One observer's causes: which are pending (seen, not yet past their bound), which raised, when each was last
    sent."""

    observer: str
    bounds: HealthBounds
    resend_s: float
    drill: bool = False
    bad_since: dict[str, datetime] = field(default_factory=dict)
    raised: dict[str, SystemAlert] = field(default_factory=dict)
    last_sent: dict[str, datetime] = field(default_factory=dict)

    def assess(self, now: datetime, findings: Iterable[Finding]) -> list[SystemAlert]:
        """The system alerts to send for this round's findings: new raises, raises due to be sent again, clears."""
        out: list[SystemAlert] = []
        for finding in findings:
            key = finding.id
            if not finding.bad:
                self.bad_since.pop(key, None)
                if (alert := self.raised.pop(key, None)) is not None:
                    self.last_sent.pop(key, None)
                    out.append(self._alert(finding, alert.since, now, SystemAlertState.CLEARED))
                continue
            since = finding.since or self.bad_since.setdefault(key, now)
            self.bad_since[key] = since
            if key in self.raised:
                if now - self.last_sent[key] >= timedelta(seconds=self.resend_s):
                    out.append(self._send(finding, self.raised[key].since, now))
            elif now - since >= timedelta(seconds=self.bounds.of(finding.condition)):
                out.append(self._send(finding, since, now))
        return out

    def _send(self, finding: Finding, since: datetime, now: datetime) -> SystemAlert:
        alert = self._alert(finding, since, now, SystemAlertState.RAISED)
        self.raised[finding.id] = alert
        self.last_sent[finding.id] = now
        return alert

    def _alert(self, finding: Finding, since: datetime, now: datetime, state: SystemAlertState) -> SystemAlert:
        headline, meaning = MEANING[finding.condition]
        if state is SystemAlertState.CLEARED:
            explanation = f"Cleared: {finding.detail or 'the cause has ended'}."
        else:
            explanation = f"{finding.detail}. {meaning}" if finding.detail else meaning
        return SystemAlert(
            id=finding.id,
            condition=finding.condition,
            subject=finding.subject,
            state=state,
            since=since,
            sent_at=now,
            headline=headline.format(subject=finding.subject),
            explanation=explanation,
            observed_by=self.observer,
            resend_s=self.resend_s,
            drill=self.drill,
        )


# --------------------------------------------------------------------------- findings, per kind of observation


@dataclass
class LagTrend:
    """Whether each consumer group's backlog drains: a lag that has not fallen below the least it has been (its
    floor) is not draining, since the round it last did; a lag of 0, or one below its floor, is draining (and
    clears what was raised)."""

    floors: dict[str, tuple[datetime, int]] = field(default_factory=dict)

    def findings(self, now: datetime, lags: Mapping[str, int]) -> list[Finding]:
        """`lags`: by subject (`<group>/<topic>`), the messages not yet committed."""
        out = []
        for subject, lag in lags.items():
            floor = self.floors.get(subject)
            if lag <= 0:
                self.floors.pop(subject, None)
                out.append(Finding(C.CONSUMER_LAG, subject, False, "the backlog has drained"))
            elif floor is None or lag < floor[1]:
                self.floors[subject] = (now, lag)
                # Falling (or first seen): draining, so far.
                out.append(Finding(C.CONSUMER_LAG, subject, False, f"the backlog is draining ({lag} waiting)"))
            else:
                since, low = floor
                out.append(
                    Finding(
                        C.CONSUMER_LAG,
                        subject,
                        True,
                        f"{lag} messages waiting, never fewer than {low} since {since:%Y-%m-%d %H:%M:%S} UTC",
                        since,
                    )
                )
        return out


def reachability(condition: SystemCondition, worker: str, reached: bool, error: str = "") -> Finding:
    """Whether this worker reached the broker (or the store) in its last try."""
    what = "Kafka" if condition is C.BROKER_UNREACHABLE else "the store"
    detail = f"{what} answers again" if reached else f"{what} did not answer: {error}".rstrip(": ")
    return Finding(condition, worker, not reached, detail)


def source_findings(
    now: datetime, last_report: Mapping[str, datetime], expected_s: Mapping[str, float], default_s: float | None
) -> list[Finding]:
    """A source is silent when its last report is older than its expected interval (`expected_s`, else
    `default_s`; None: sources not named are not watched); silent since its last report plus that interval."""
    out = []
    for source, last in sorted(last_report.items()):
        interval = expected_s.get(source, default_s)
        if interval is None:
            continue
        due = last + timedelta(seconds=interval)
        out.append(
            Finding(
                C.SOURCE_SILENT,
                source,
                now >= due,
                f"last report received {last:%Y-%m-%d %H:%M} UTC; one expected at least every {interval:g} s",
                due if now >= due else None,
            )
        )
    # A source expected but never heard of is silent since the watch began.
    for source in sorted(set(expected_s) - set(last_report)):
        out.append(
            Finding(
                C.SOURCE_SILENT, source, True, f"no report received yet; one expected every {expected_s[source]:g} s"
            )
        )
    return out


def role_findings(
    now: datetime, last_seen: Mapping[str, datetime], roles: Iterable[str], stale_s: float
) -> list[Finding]:
    """A role is missing when no worker running it has said it is alive within `stale_s` (a few of its presence
    intervals); missing since the last sign of one (the watch's bound counts from there)."""
    out = []
    for role in roles:
        seen = last_seen.get(role)
        gone = seen is None or now - seen > timedelta(seconds=stale_s)
        if seen is None:
            detail = "no worker of this role has been seen"
        else:
            detail = f"a worker of this role was last seen at {seen:%Y-%m-%d %H:%M:%S} UTC"
        out.append(Finding(C.ROLE_MISSING, role, gone, detail, seen if gone else None))
    return out


def poller_finding(feed: str, failing_since: datetime | None, error: str = "") -> Finding:
    """A feed whose every poll since `failing_since` failed (None: its last poll succeeded)."""
    if failing_since is None:
        return Finding(C.POLLER_FAILING, feed, False, "the feed is read again")
    return Finding(
        C.POLLER_FAILING,
        feed,
        True,
        f"every poll failed since {failing_since:%Y-%m-%d %H:%M:%S} UTC: {error}",
        failing_since,
    )


# --------------------------------------------------------------------------- what the alerts service keeps

#: A raised alert its observer has not sent again for this many of its resend intervals is cleared: the observer is
#: gone (a worker killed while the store was away says nothing more).
STALE_RESENDS = 3


def fold(kept: SystemAlert | None, message: SystemAlert) -> SystemAlert | None:
    """What the alerts service keeps of one cause, given what it kept and a message of `alerts.system`: the new state
    when it changes (a raise of a cause not raised, a clear of one raised), None when it does not (a raise sent
    again, a clear of what is not raised: another worker's duplicate)."""
    if message.state is SystemAlertState.RAISED:
        return message if kept is None or kept.state is SystemAlertState.CLEARED else None
    return message if kept is not None and kept.state is SystemAlertState.RAISED else None


def stale(kept: SystemAlert, refreshed_at: datetime, now: datetime) -> SystemAlert | None:
    """The clear of a raised alert its observer stopped sending, or None while it is fresh."""
    if kept.state is not SystemAlertState.RAISED:
        return None
    if now - refreshed_at < timedelta(seconds=STALE_RESENDS * kept.resend_s):
        return None
    return kept.model_copy(
        update={
            "state": SystemAlertState.CLEARED,
            "sent_at": now,
            "explanation": f"Cleared: no longer reported (its observer, {kept.observed_by}, last sent it at "
            f"{refreshed_at:%Y-%m-%d %H:%M:%S} UTC and may have stopped; a cause that lasts is raised again).",
        }
    )
