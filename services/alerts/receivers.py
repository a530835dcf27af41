"""Alert receivers: alert revisions delivered to HTTP webhooks, on the model of Prometheus Alertmanager's receivers.

Configured in a TOML file (LAUNCHWATCH_RECEIVERS_FILE); its schema is `ReceiversConfig` below:

    [retry]                          # optional; the defaults shown
    first_delay_seconds = 1          # wait after a failed attempt, doubled at each further failure ...
    max_delay_seconds = 300          # ... up to this
    give_up_after_seconds = 86400    # a delivery still failing this long after its revision was routed: given up
    poll_interval_seconds = 0.5      # how often each receiver's due deliveries are looked for

    [[receivers]]
    name = "watch-floor"             # lower case, digits, . _ -; unique; `launchwatch receivers test NAME`
    kind = "webhook"                 # webhook: the alert revision as JSON; slack: {"text": "..."} (Slack and alikes);
                                     # pagerduty: PagerDuty's Events API v2; email: a message over SMTP (below)
    url = "https://hooks.example.org/launchwatch"   # webhook, slack; pagerduty: its events URL by default
    timeout_seconds = 5              # an attempt not answered in time has failed
    headers = { Authorization = "Bearer ..." }   # optional, sent with every request (never logged)
    console_url = "https://launchwatch.example.org/console"   # optional: linked from emails and PagerDuty incidents
    heartbeat_seconds = 300          # optional: a heartbeat this often from the live workers, each beat sent once
    system_alerts = true             # optional: the pipeline's own alerts too (a stalled backlog, a worker, role,
                                     # broker or store away, a silent source, a failing feed), raised and cleared

    [[receivers]]
    name = "duty-officer"
    kind = "pagerduty"               # trigger, acknowledge, resolve; the alert's id is the dedup key
    routing_key = "..."              # the integration key of a PagerDuty service (never logged)

    [[receivers]]
    name = "watch-mail"
    kind = "email"                   # plain text and HTML: headline, precedence, explanation, console link
    [receivers.smtp]
    host = "smtp.example.org"
    port = 587                       # submission; STARTTLS before anything is sent (starttls = true, the default)
    username = "launchwatch"         # optional, with password; a login is only sent after STARTTLS
    password = "..."                 # never printed or logged
    sender = "launchwatch@example.org"
    to = ["watch-floor@example.org"]
    ca_file = "/etc/ssl/private-ca.pem"   # optional: trust an internal relay's own CA

    [[receivers.routes]]             # a revision goes to the receiver when any of its routes matches it;
    precedence = ["FLASH", "IMMEDIATE"]   # no routes: every live revision. Empty or absent: any precedence,
    commitments = ["unsc-ballistic"]      # any commitment (ids of the catalogue);
    namespace = "live"                    # live (default), drill or any: drill alerts only go where asked

    [[escalations]]                  # optional (absent: FLASH after 120 s and every 300, IMMEDIATE after 900 and
    name = "flash"                   # every 1800, to the alert's receivers; `escalations = []`: none), see
    precedence = ["FLASH"]           # escalation.py: a route's conditions, the first policy taking an alert deciding
    ack_deadline_seconds = 120
    [[escalations.steps]]
    after_seconds = 120              # still unacknowledged then: notify these (empty: the alert's receivers)
    receivers = ["duty-officer"]
    repeat_seconds = 300             # the last step only: again this often until acknowledged or cancelled

Delivery is at least once: routing a revision records one pending delivery per receiver it goes to (in the
store, `launchwatch/storage/deliveries.py`), and each receiver has its own loop, a faust timer off the consume
loop, that sends its due deliveries oldest first and marks each delivered on a 2xx answer (an SMTP server's acceptance
for email). Anything else (an error status, a refused connection, no answer within the timeout) is retried with
exponential backoff; a dead receiver delays only its own deliveries. A silence that mutes a revision keeps it
from the receivers too. Every request (and every email, with a Message-ID made from it) carries
`X-Launchwatch-Delivery: <receiver>:<alert id>#<revision>` (the same on a retry), so a receiver can drop the rare
repeat (a worker stopped between the answer and marking it delivered). Deliveries go oldest due first; a revision
waiting for its retry may be overtaken by a later revision of the same alert that is due (after a restart), so a
receiver keeps the highest `revision` of each alert `id`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import smtplib
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import aiohttp
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from launchwatch import __version__, metrics
from launchwatch.codec import encode
from launchwatch.schemas import (
    Alert,
    AlertMsgType,
    AlertStatus,
    CommitmentRef,
    Event,
    EventType,
    Explanation,
    MatchKind,
    Party,
    Precedence,
    Silence,
    SystemAlert,
    SystemAlertState,
    utcnow,
)
from launchwatch.settings import ConfigurationError
from launchwatch.storage import StoreUnavailable
from launchwatch.storage.deliveries import Deliveries, Delivery, Heartbeats
from services.alerts.mail import Smtp, compose, email_message, send_email

log = logging.getLogger(__name__)

#: The outcomes counted in launchwatch_receiver_deliveries_total.
OUTCOMES = ("delivered", "failed_attempt", "gave_up")
DELIVERY_HEADER = "X-Launchwatch-Delivery"
#: Where PagerDuty's Events API v2 takes events.
PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue"


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Route(_Config):
    """Which revisions a receiver gets: all conditions hold (an empty list: anything)."""

    precedence: tuple[Precedence, ...] = Field(default=(), description="Only these precedences (empty: any).")
    commitments: tuple[str, ...] = Field(default=(), description="Only these commitment ids (empty: any).")
    namespace: Literal["live", "drill", "any"] = Field(
        default="live", description="live: live alerts only (the default); drill: drill alerts only; any: both."
    )

    def matches(self, alert: Alert) -> bool:
        return (
            (self.namespace == "any" or (self.namespace == "drill") == alert.drill)
            and (not self.precedence or alert.precedence in self.precedence)
            and (not self.commitments or alert.commitment_id in self.commitments)
        )


class Retry(_Config):
    """How failed deliveries are retried (one policy for every receiver)."""

    first_delay_seconds: float = Field(default=1.0, gt=0, description="Wait after the first failed attempt.")
    max_delay_seconds: float = Field(default=300.0, gt=0, description="The doubling wait stops growing here.")
    give_up_after_seconds: float = Field(
        default=86_400.0, gt=0, description="A delivery failing this long after its revision was routed is given up."
    )
    poll_interval_seconds: float = Field(default=0.5, gt=0, le=60, description="How often due deliveries are sent.")

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt: first, twice that, ... at most max_delay_seconds."""
        return timedelta(seconds=min(self.first_delay_seconds * 2 ** max(attempts - 1, 0), self.max_delay_seconds))


class Receiver(_Config):
    """One place alert revisions are delivered to: an HTTP endpoint, PagerDuty, or mailboxes over SMTP."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$", description="Unique; names it in metrics and the CLI.")
    kind: Literal["webhook", "slack", "pagerduty", "email"] = Field(
        default="webhook",
        description='webhook: the alert revision as JSON; slack: {"text": "..."}; pagerduty: an Events API v2 event; '
        "email: a message over SMTP.",
    )
    url: str | None = Field(
        default=None,
        repr=False,
        description="http(s) URL the revisions are POSTed to (its path may hold a secret: not in repr); "
        "pagerduty: the Events API's by default; email: none.",
    )
    routing_key: SecretStr | None = Field(
        default=None, description="pagerduty: the integration key of the service (never printed or logged)."
    )
    smtp: Smtp | None = Field(default=None, description="email: the server, the login and the addresses.")
    console_url: str | None = Field(
        default=None, description="The console's address, linked from emails and PagerDuty incidents."
    )
    heartbeat_seconds: float | None = Field(
        default=None,
        ge=60,
        le=86_400,
        description="Send a heartbeat this often (a dead man's switch: when they stop, launchwatch is not "
        "delivering); none: no heartbeat. Not for pagerduty.",
    )
    system_alerts: bool = Field(
        default=False,
        description="Send it the system alerts too (the pipeline cannot do its job: a backlog not draining, a "
        "worker, role, broker or store away, a source silent, a feed failing), each raise and clear once.",
    )
    timeout_seconds: float = Field(default=5.0, gt=0, le=120, description="An attempt not answered in time failed.")
    headers: dict[str, SecretStr] = Field(
        default_factory=dict, description="Sent with every request (never printed or logged)."
    )
    routes: tuple[Route, ...] = Field(
        default=(Route(),), description="A revision is delivered when any route matches it (default: every live one)."
    )

    @field_validator("url", "console_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        parts = urlsplit(url or "http://-")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{url!r} is not an http(s) URL")
        return url

    @model_validator(mode="after")
    def _what_each_kind_needs(self) -> Receiver:
        if self.kind == "email":
            if self.smtp is None or self.url is not None:
                raise ValueError("an email receiver has an [receivers.smtp] table and no url")
        elif self.smtp is not None:
            raise ValueError(f"smtp is for email receivers, not {self.kind}")
        if self.kind == "pagerduty":
            if self.routing_key is None:
                raise ValueError("a pagerduty receiver needs its routing_key")
            if self.url is None:
                object.__setattr__(self, "url", PAGERDUTY_EVENTS_URL)
        elif self.routing_key is not None:
            raise ValueError(f"routing_key is for pagerduty receivers, not {self.kind}")
        if self.kind in ("webhook", "slack") and self.url is None:
            raise ValueError(f"a {self.kind} receiver needs its url")
        if self.kind == "pagerduty" and self.heartbeat_seconds is not None:
            raise ValueError("a pagerduty receiver takes no heartbeat (PagerDuty's own heartbeats do that)")
        return self

    @property
    def where(self) -> str:
        """The URL without its path and query (which may hold a secret, as Slack's do), or the SMTP server: for
        messages."""
        if self.smtp is not None:
            return f"smtp://{self.smtp.host}:{self.smtp.port}"
        parts = urlsplit(self.url or "")
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"

    def wants(self, alert: Alert) -> bool:
        return any(route.matches(alert) for route in self.routes)


class EscalationStep(_Config):
    """One step of an escalation policy: taken when the alert is still unacknowledged this long after it was armed."""

    after_seconds: float = Field(ge=0, description="Taken this long after arming, if still unacknowledged.")
    receivers: tuple[str, ...] = Field(
        default=(), description="Receivers notified (names in this file); empty: the receivers the alert goes to."
    )
    repeat_seconds: float | None = Field(
        default=None, gt=0, description="The last step only: repeated this often until acknowledged or cancelled."
    )


class EscalationPolicy(Route):
    """Which alerts wait for an acknowledgement, by when, and whom to notify while they wait: the alerts its
    conditions (precedence, commitments, namespace, as a route's) take, the first policy matching deciding."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$", description="Unique; names it in notices and metrics.")
    ack_deadline_seconds: float = Field(gt=0, description="The acknowledgement is due this long after arming.")
    steps: tuple[EscalationStep, ...] = Field(min_length=1, description="In order of after_seconds.")

    @model_validator(mode="after")
    def _steps_in_order(self) -> EscalationPolicy:
        afters = [step.after_seconds for step in self.steps]
        if afters != sorted(afters):
            raise ValueError("steps must be in order of after_seconds")
        if any(step.repeat_seconds is not None for step in self.steps[:-1]):
            raise ValueError("only the last step repeats (repeat_seconds)")
        return self


#: The policies of a receivers file that names none (`escalations` absent; `escalations = []`: none at all):
#: a FLASH left unacknowledged two minutes is sent again to its receivers, then every five minutes until
#: acknowledged; an IMMEDIATE one after fifteen minutes, then every thirty; PRIORITY and ROUTINE wait.
DEFAULT_ESCALATIONS = (
    EscalationPolicy(
        name="flash",
        precedence=(Precedence.FLASH,),
        ack_deadline_seconds=120,
        steps=(EscalationStep(after_seconds=120, repeat_seconds=300),),
    ),
    EscalationPolicy(
        name="immediate",
        precedence=(Precedence.IMMEDIATE,),
        ack_deadline_seconds=900,
        steps=(EscalationStep(after_seconds=900, repeat_seconds=1800),),
    ),
)


class ReceiversConfig(_Config):
    """The receivers file (TOML): a retry policy, the receivers and the escalation policies."""

    retry: Retry = Field(default_factory=Retry)
    receivers: tuple[Receiver, ...] = ()
    escalations: tuple[EscalationPolicy, ...] | None = Field(
        default=None, description="Escalation policies, the first matching an alert deciding; absent: the defaults."
    )

    @model_validator(mode="after")
    def _unique_names(self) -> ReceiversConfig:
        names = [r.name for r in self.receivers]
        if repeated := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"receiver names must be unique: {', '.join(repeated)} repeated")
        policies = [p.name for p in self.policies]
        if repeated := sorted({n for n in policies if policies.count(n) > 1}):
            raise ValueError(f"escalation policy names must be unique: {', '.join(repeated)} repeated")
        for policy in self.policies:
            for step in policy.steps:
                if unknown := sorted(set(step.receivers) - set(names)):
                    raise ValueError(f"escalation {policy.name}: no receiver {', '.join(unknown)}")
        return self

    @property
    def policies(self) -> tuple[EscalationPolicy, ...]:
        return DEFAULT_ESCALATIONS if self.escalations is None else self.escalations

    def policy_for(self, alert: Alert) -> EscalationPolicy | None:
        """The escalation policy of an alert: the first whose conditions take it."""
        return next((policy for policy in self.policies if policy.matches(alert)), None)

    def receivers_of(self, alert: Alert) -> list[str]:
        """The receivers whose routes take the alert."""
        return [receiver.name for receiver in self.receivers if receiver.wants(alert)]

    def get(self, name: str) -> Receiver:
        for receiver in self.receivers:
            if receiver.name == name:
                return receiver
        known = ", ".join(r.name for r in self.receivers) or "none"
        raise KeyError(f"no receiver {name!r} (configured: {known})")


def load_receivers(path: Path) -> ReceiversConfig:
    """The receivers file, checked whole: any problem is a ConfigurationError of one line naming the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"receivers file {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"receivers file {path} is not valid TOML: {exc}") from exc
    try:
        config = ReceiversConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(the file)"
        raise ConfigurationError(f"receivers file {path}: {where}: {first['msg']}") from exc
    from services.matcher.catalogue import default_catalogue

    catalogue = default_catalogue()
    conditions = [(f"receiver {r.name}", route) for r in config.receivers for route in r.routes]
    conditions += [(f"escalation {policy.name}", policy) for policy in config.policies]
    for owner, route in conditions:
        for commitment in route.commitments:
            try:
                catalogue.get(commitment)
            except KeyError as exc:
                raise ConfigurationError(f"receivers file {path}: {owner}: {exc.args[0]}") from exc
    return config


# --------------------------------------------------------------------------- what is sent


@dataclass(frozen=True)
class Notice:
    """Which notice of which escalation (`escalation.py`) a delivery is: named in its delivery key, said first in
    what is sent."""

    policy: str
    arming: int
    step: int
    repeat: int

    def __str__(self) -> str:
        return f"escalation/{self.policy}/{self.arming}/{self.step}.{self.repeat}"

    @classmethod
    def parse(cls, text: str) -> Notice | None:
        """The notice a delivery's `notice` names; None for a revision's own delivery ('')."""
        if not text.startswith("escalation/"):
            return None
        _, policy, arming, step_repeat = text.split("/")
        step, repeat = step_repeat.split(".")
        return cls(policy, int(arming), int(step), int(repeat))

    def line(self, alert: Alert) -> str:
        again = f", repeat {self.repeat}" if self.repeat else ""
        exercise = "EXERCISE " if alert.drill else ""
        return (
            f"{exercise}ESCALATION (policy {self.policy}, step {self.step}{again}): this {alert.precedence.value} "
            "alert is not acknowledged. Acknowledge it in the console or with `launchwatch alerts ack`."
        )

    def as_json(self) -> dict[str, object]:
        return {"policy": self.policy, "arming": self.arming, "step": self.step, "repeat": self.repeat}


def revision_lines(alert: Alert) -> list[str]:
    """What a message of the revision says, line by line: precedence and commitment, headline, why, where the
    sources differ, the acknowledgement, the ids (Slack's text and the email's parts alike)."""
    exercise = "EXERCISE " if alert.drill else ""
    lines = [
        f"{alert.precedence.value} {exercise}{alert.commitment_id} ({alert.msg_type.value}, revision {alert.revision})",
        alert.headline,
        f"Why: {alert.explanation.text}",
    ]
    lines.extend(f"Sources differ on {conflict}" for conflict in alert.conflicts)
    if ack := alert.acknowledgement:
        lines.append(f"Acknowledged by {ack.by} at {ack.at:%Y-%m-%d %H:%M %Z}")
    lines.append(f"alert {alert.id}, incident {alert.incident_id}")
    return lines


def slack_text(alert: Alert) -> str:
    """The revision in a few lines of Slack mrkdwn, the precedence in bold."""
    first, *rest = revision_lines(alert)
    return "\n".join([f"*{alert.precedence.value}*{first.removeprefix(alert.precedence.value)}", *rest])


#: PagerDuty's severities for the precedences.
PAGERDUTY_SEVERITY = {
    Precedence.FLASH: "critical",
    Precedence.IMMEDIATE: "error",
    Precedence.PRIORITY: "warning",
    Precedence.ROUTINE: "info",
}


def pagerduty_event(receiver: Receiver, alert: Alert) -> dict[str, Any]:
    """The revision as a PagerDuty Events API v2 event, one PagerDuty alert per launchwatch alert (its id the dedup
    key): a cancelled alert resolves it, an acknowledged one (with nothing new since) acknowledges it, any other
    revision triggers it again with what it now says."""
    assert receiver.routing_key is not None
    if alert.msg_type == AlertMsgType.CANCEL:
        action = "resolve"
    elif not alert.needs_ack:
        action = "acknowledge"
    else:
        action = "trigger"
    event: dict[str, Any] = {
        "routing_key": receiver.routing_key.get_secret_value(),
        "event_action": action,
        "dedup_key": alert.id[:255],
    }
    if action != "trigger":
        return event
    exercise = "EXERCISE " if alert.drill else ""
    event["payload"] = {
        "summary": f"[{alert.precedence.value}] {exercise}{alert.headline}"[:1024],
        "source": "launchwatch",
        "severity": PAGERDUTY_SEVERITY[alert.precedence],
        "timestamp": alert.updated_at.isoformat(),
        "component": alert.commitment_id,
        "group": alert.incident_id,
        "class": alert.event.event_type.value,
        "custom_details": {
            "explanation": alert.explanation.text,
            "commitment": alert.commitment.title,
            "revision": alert.revision,
            "msg_type": alert.msg_type.value,
            "status": alert.status.value,
            "conflicts": list(alert.conflicts),
        },
    }
    event["client"] = "launchwatch"
    if receiver.console_url:
        event["client_url"] = receiver.console_url
        event["links"] = [{"href": receiver.console_url, "text": "launchwatch console"}]
    return event


def request_body(receiver: Receiver, alert: Alert, notice: Notice | None = None) -> bytes:
    """What an HTTP receiver is sent: the revision, or an escalation's notice of it."""
    if receiver.kind == "slack":
        text = slack_text(alert)
        if notice is not None:
            text = f"*ESCALATION* {notice.line(alert)}\n{text}"
        return json.dumps({"text": text}, ensure_ascii=False).encode()
    if receiver.kind == "pagerduty":
        event = pagerduty_event(receiver, alert)
        if notice is not None and "payload" in event:
            event["payload"]["custom_details"]["escalation"] = notice.as_json()
        return json.dumps(event, ensure_ascii=False).encode()
    if notice is not None:
        return (
            b'{"escalation":'
            + json.dumps(notice.as_json() | {"text": notice.line(alert)}).encode()
            + (b',"alert":' + encode(alert) + b"}")
        )
    return encode(alert)


class DeliveryFailed(RuntimeError):
    """An attempt the receiver did not take: its status, or why there was none, in one line."""


async def send(
    session: aiohttp.ClientSession, receiver: Receiver, alert: Alert, delivery_id: str, notice: Notice | None = None
) -> str:
    """Deliver one revision (or an escalation's notice of it) to a receiver: what took it, in a few words, or
    DeliveryFailed."""
    if receiver.smtp is not None:
        lines = revision_lines(alert) if notice is None else [notice.line(alert), *revision_lines(alert)]
        message = email_message(
            receiver.smtp, alert, lines, delivery_id, receiver.console_url, escalation=notice is not None
        )
        return await _send_email(receiver, message)
    return f"HTTP {await post_body(session, receiver, request_body(receiver, alert, notice), delivery_id)}"


async def _send_email(receiver: Receiver, message: EmailMessage) -> str:
    assert receiver.smtp is not None
    try:
        return await send_email(receiver.smtp, message, receiver.timeout_seconds)
    except TimeoutError as exc:
        raise DeliveryFailed(f"{receiver.where} did not answer within {receiver.timeout_seconds:g} s") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryFailed(f"{receiver.where}: {exc.__class__.__name__}: {exc}".splitlines()[0]) from exc


async def post_body(session: aiohttp.ClientSession, receiver: Receiver, body: bytes, delivery_id: str) -> int:
    """POST a body to an HTTP receiver; its 2xx status, or DeliveryFailed."""
    assert receiver.url is not None
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"launchwatch/{__version__}",
        DELIVERY_HEADER: delivery_id,
        **{name: value.get_secret_value() for name, value in receiver.headers.items()},
    }
    try:
        async with session.post(
            receiver.url,
            data=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=receiver.timeout_seconds),
            allow_redirects=False,
        ) as answer:
            await answer.read()
            if not 200 <= answer.status < 300:
                raise DeliveryFailed(f"{receiver.where} answered {answer.status} {answer.reason or ''}".strip())
            return answer.status
    except TimeoutError as exc:
        raise DeliveryFailed(f"{receiver.where} did not answer within {receiver.timeout_seconds:g} s") from exc
    except aiohttp.ClientError as exc:
        raise DeliveryFailed(f"{receiver.where}: {exc.__class__.__name__}: {exc}".splitlines()[0]) from exc


class HttpSession:
    """A loop's aiohttp session, opened at its first use (again if it was closed) and closed at shutdown."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def slack_lines(lines: list[str]) -> bytes:
    """Lines as Slack's text, the first in bold (a heartbeat, a system alert)."""
    first, *rest = lines
    return json.dumps({"text": "\n".join([f"*{first}*", *rest])}, ensure_ascii=False).encode()


# --------------------------------------------------------------------------- heartbeats


def heartbeat_lines(beat: int, interval_s: float, now: datetime) -> list[str]:
    """What a heartbeat says: that the alerts service runs and routes, and what its stopping means."""
    return [
        "HEARTBEAT",
        "launchwatch's alerts service is running and delivering.",
        f"Beat {beat}, one every {interval_s:g} s, sent at {now:%Y-%m-%d %H:%M:%S %Z}.",
        "If these stop coming, launchwatch is not delivering alerts: check the alerts workers, the store and the "
        "broker.",
    ]


def heartbeat_body(receiver: Receiver, beat: int, now: datetime) -> bytes:
    """A heartbeat for an HTTP receiver: Slack's text, or a small JSON object for a webhook."""
    assert receiver.heartbeat_seconds is not None
    if receiver.kind == "slack":
        return slack_lines(heartbeat_lines(beat, receiver.heartbeat_seconds, now))
    return json.dumps(
        {
            "heartbeat": {
                "service": "launchwatch-alerts",
                "version": __version__,
                "receiver": receiver.name,
                "beat": beat,
                "interval_seconds": receiver.heartbeat_seconds,
                "sent_at": now.isoformat(),
            }
        }
    ).encode()


async def send_heartbeat(session: aiohttp.ClientSession, receiver: Receiver, beat: int, now: datetime) -> str:
    """Send one heartbeat: what took it, or DeliveryFailed."""
    key = f"{receiver.name}:heartbeat#{beat}"
    if receiver.smtp is not None:
        assert receiver.heartbeat_seconds is not None
        lines = heartbeat_lines(beat, receiver.heartbeat_seconds, now)
        message = compose(receiver.smtp, "[HEARTBEAT] launchwatch is running", lines, key, now, receiver.console_url)
        return await _send_email(receiver, message)
    return f"HTTP {await post_body(session, receiver, heartbeat_body(receiver, beat, now), key)}"


class Heartbeat:
    """One receiver's heartbeat: each `run` sends the current beat if no worker has (the store says which), so
    each beat goes out once whatever the workers and restarts. A beat that fails is not sent again: a missing beat
    is what the receiver's dead man's switch is for."""

    def __init__(self, receiver: Receiver, heartbeats: Heartbeats, clock: Callable[[], datetime] = utcnow) -> None:
        assert receiver.heartbeat_seconds is not None
        self.receiver = receiver
        self.interval_s = receiver.heartbeat_seconds
        self.heartbeats = heartbeats
        self.clock = clock
        self.last_beat: int | None = None
        self.http = HttpSession()
        for outcome in ("sent", "failed"):  # both series exist from the start, at 0
            metrics.RECEIVER_HEARTBEATS.labels(receiver=receiver.name, outcome=outcome)

    async def run(self) -> bool:
        """Whether this worker sent a beat."""
        now = self.clock()
        beat = int(now.timestamp() // self.interval_s)
        if beat == self.last_beat:
            return False
        try:
            taken = self.heartbeats.take(self.receiver.name, beat, now)
        except StoreUnavailable as exc:
            log.warning("receiver %s: heartbeat waits, the store is unavailable: %s", self.receiver.name, exc)
            return False
        self.last_beat = beat
        if not taken:
            return False
        try:
            await send_heartbeat(self.http.get(), self.receiver, beat, now)
        except DeliveryFailed as exc:
            metrics.RECEIVER_HEARTBEATS.labels(receiver=self.receiver.name, outcome="failed").inc()
            log.warning("receiver %s: heartbeat %d not delivered: %s", self.receiver.name, beat, exc)
            return False
        metrics.RECEIVER_HEARTBEATS.labels(receiver=self.receiver.name, outcome="sent").inc()
        return True

    async def close(self) -> None:
        await self.http.close()


# --------------------------------------------------------------------------- system alerts


def system_lines(alert: SystemAlert) -> list[str]:
    """What a system alert says to a person: raised or cleared, the cause, since when, what it means."""
    state = "SYSTEM ALERT" if alert.state is SystemAlertState.RAISED else "SYSTEM ALERT CLEARED"
    return [
        state,
        alert.headline,
        alert.explanation,
        f"Since {alert.since:%Y-%m-%d %H:%M:%S %Z}; seen by {alert.observed_by}; id {alert.id}.",
    ]


def system_body(receiver: Receiver, alert: SystemAlert) -> bytes:
    """A system alert for an HTTP receiver: Slack's text, a PagerDuty event (triggered when raised, resolved when
    cleared, the alert's id the dedup key), or the system alert as JSON for a webhook."""
    if receiver.kind == "slack":
        return slack_lines(system_lines(alert))
    if receiver.kind == "pagerduty":
        assert receiver.routing_key is not None
        event: dict[str, Any] = {
            "routing_key": receiver.routing_key.get_secret_value(),
            "event_action": "trigger" if alert.state is SystemAlertState.RAISED else "resolve",
            "dedup_key": alert.id[:255],
        }
        if alert.state is SystemAlertState.RAISED:
            event["payload"] = {
                "summary": f"[SYSTEM] {alert.headline}"[:1024],
                "source": alert.observed_by,
                "severity": "error",
                "timestamp": alert.sent_at.isoformat(),
                "component": alert.subject,
                "class": alert.condition.value,
                "custom_details": {"explanation": alert.explanation, "since": alert.since.isoformat()},
            }
        return json.dumps(event, ensure_ascii=False).encode()
    return b'{"system_alert":' + encode(alert) + b"}"


async def send_system_alert(
    session: aiohttp.ClientSession, receiver: Receiver, alert: SystemAlert, revision: int
) -> str:
    """Send one raise or clear of a system alert: what took it, or DeliveryFailed."""
    key = f"{receiver.name}:{alert.id}#{revision}"
    if receiver.smtp is not None:
        cleared = " CLEARED" if alert.state is SystemAlertState.CLEARED else ""
        subject = f"[SYSTEM{cleared}] {alert.headline}"
        message = compose(receiver.smtp, subject, system_lines(alert), key, alert.sent_at, receiver.console_url)
        return await _send_email(receiver, message)
    return f"HTTP {await post_body(session, receiver, system_body(receiver, alert), key)}"


def test_alert(receiver: str, now: datetime) -> Alert:
    """What `launchwatch receivers test` sends: a well-formed alert revision, status Exercise, asking nothing."""
    text = f"launchwatch test message to receiver {receiver}: no action needed."
    event = Event(
        event_id="evt-receiver-test",
        incident_id="receiver-test",
        report_id="receiver-test",
        source="launchwatch",
        party=Party.OTHER,
        event_type=EventType.OTHER,
        reported_at=now,
        summary=text,
        drill=True,
    )
    return Alert(
        id="drill-alert-receiver-test",
        incident_id="receiver-test",
        commitment_id="receiver-test",
        revision=1,
        msg_type=AlertMsgType.ALERT,
        status=AlertStatus.EXERCISE,
        precedence=Precedence.ROUTINE,
        kind=MatchKind.VIOLATION,
        commitment=CommitmentRef(id="receiver-test", title="Receiver test", quote=text, statement="launchwatch"),
        headline=f"EXERCISE EXERCISE EXERCISE: {text}",
        event=event,
        sources=(),
        explanation=Explanation(rule_id="receiver-test", rule_version=1, quote="", conditions=(), text=text),
        drill=True,
        created_at=now,
        updated_at=now,
    )


# --------------------------------------------------------------------------- the sink and the delivery loops


class ReceiverSink:
    """Routing's side of the receivers: a pending delivery per receiver whose routes take the revision."""

    def __init__(self, config: ReceiversConfig, deliveries: Deliveries):
        self.config = config
        self.deliveries = deliveries

    async def deliver(self, alert: Alert, silence: Silence | None, headers: dict[str, bytes] | None) -> None:
        if silence is not None:
            return
        names = self.config.receivers_of(alert)
        if names:
            self.deliveries.record(names, alert, utcnow())


class Deliverer:
    """One receiver's delivery loop: each `run` sends its due deliveries, oldest first, one at a time.

    After a failed attempt the loop pauses until that delivery is due again (exponential backoff), so a dead
    receiver is tried once per backoff step, in order, while the others' loops go on.
    """

    def __init__(self, receiver: Receiver, retry: Retry, deliveries: Deliveries, batch: int = 100):
        self.receiver = receiver
        self.retry = retry
        self.deliveries = deliveries
        self.batch = batch
        self.paused_until: datetime | None = None
        self.http = HttpSession()
        self._in_flight: Delivery | None = None
        for outcome in OUTCOMES:  # every series exists from the start, at 0
            metrics.RECEIVER_DELIVERIES.labels(receiver=receiver.name, outcome=outcome)
        metrics.RECEIVER_PENDING.labels(receiver=receiver.name).set(0)

    @property
    def lease(self) -> timedelta:
        """How long a claimed delivery is held: its timeout and a margin (a worker killed mid-send: then due)."""
        return timedelta(seconds=self.receiver.timeout_seconds + 10)

    async def run(self) -> int:
        """One round; the number delivered. A store that is unavailable skips the round (it is tried again)."""
        if self.paused_until is not None and utcnow() < self.paused_until:
            return 0
        self.paused_until = None
        try:
            return await self._round()
        except StoreUnavailable as exc:
            log.warning("receiver %s: deliveries wait, the store is unavailable: %s", self.receiver.name, exc)
            return 0

    async def _round(self) -> int:
        name = self.receiver.name
        delivered = 0
        while delivered < self.batch:
            claimed = self.deliveries.claim(name, utcnow(), self.lease, 1)
            if not claimed:
                break
            delivery = self._in_flight = claimed[0]
            started = time.monotonic()
            try:
                await send(self.http.get(), self.receiver, delivery.alert, delivery.key, Notice.parse(delivery.notice))
            except DeliveryFailed as exc:
                self._failed(delivery, str(exc))
                break
            finally:
                self._in_flight = None
            self.deliveries.delivered(delivery, utcnow())
            delivered += 1
            metrics.RECEIVER_DELIVERIES.labels(receiver=name, outcome="delivered").inc()
            metrics.RECEIVER_DELIVERY_SECONDS.labels(receiver=name).observe(time.monotonic() - started)
        metrics.RECEIVER_PENDING.labels(receiver=name).set(self.deliveries.pending(name))
        return delivered

    def _failed(self, delivery: Delivery, error: str) -> None:
        name = self.receiver.name
        now = utcnow()
        attempts = delivery.attempts + 1
        if (now - delivery.created_at).total_seconds() >= self.retry.give_up_after_seconds:
            self.deliveries.give_up(delivery, error)
            metrics.RECEIVER_DELIVERIES.labels(receiver=name, outcome="gave_up").inc()
            log.error(
                "receiver %s: gave up %s after %d attempts: %s", name, delivery.alert.revision_id, attempts, error
            )
            return
        delay = self.retry.delay(attempts)
        self.deliveries.retry(delivery, now + delay, error)
        self.paused_until = now + delay
        metrics.RECEIVER_DELIVERIES.labels(receiver=name, outcome="failed_attempt").inc()
        log.warning(
            "receiver %s: %s not delivered (attempt %d: %s); retried in %.0f s",
            name,
            delivery.alert.revision_id,
            attempts,
            error,
            delay.total_seconds(),
        )

    async def close(self) -> None:
        """At shutdown: a delivery being sent is handed back, due at once for the next worker (it may repeat)."""
        if self._in_flight is not None:
            with contextlib.suppress(StoreUnavailable):
                self.deliveries.retry(self._in_flight, utcnow(), None, attempted=False)
        await self.http.close()
