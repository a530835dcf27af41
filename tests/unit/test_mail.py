"""The email and PagerDuty receivers: what each revision becomes, and its delivery through the delivery loop to a
real SMTP server (aiosmtpd, STARTTLS on a test CA's certificate, a login) and to a local stand-in of PagerDuty's
Events API v2 that checks each event."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from pydantic import ValidationError

from launchwatch.kafka import free_port
from launchwatch.schemas import Alert, AlertMsgType, utcnow
from launchwatch.storage import Store
from launchwatch.storage.deliveries import DELIVERED, Deliveries
from services.alerts.build import next_revision
from services.alerts.mail import Smtp, email_message
from services.alerts.receivers import (
    PAGERDUTY_EVENTS_URL,
    Deliverer,
    Receiver,
    Retry,
    pagerduty_event,
    request_body,
    revision_lines,
)
from services.alerts.revisions import acknowledge, commit_revision, revise
from tests.factories import matched_launch
from tests.receiver_hook import Hook

NOW = datetime(2024, 10, 31, tzinfo=UTC)
FAST = Retry(first_delay_seconds=0.05, max_delay_seconds=0.2, poll_interval_seconds=0.05)
CONSOLE = "https://launchwatch.example.org/console"


def first_alert(store: Store) -> Alert:
    matched = matched_launch("jcs-1", matched_at=NOW)
    return next(revise(store, matched, match, NOW)[0] for match in matched.matches)


async def deliver_all(deliverer: Deliverer, done, timeout_s: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("not delivered in time")
        await deliverer.run()
        await asyncio.sleep(FAST.poll_interval_seconds)


# --------------------------------------------------------------------------- configuration


def test_each_kind_needs_its_own_settings_and_secrets_stay_hidden() -> None:
    smtp = Smtp(host="smtp.example.org", username="lw", password="s3cret", sender="lw@example.org", to=("a@b.c",))
    mail = Receiver(name="mail", kind="email", smtp=smtp)
    assert mail.where == "smtp://smtp.example.org:587" and "s3cret" not in repr(mail)
    duty = Receiver(name="duty", kind="pagerduty", routing_key="R0UT1NG")
    assert duty.url == PAGERDUTY_EVENTS_URL and "R0UT1NG" not in repr(duty)
    for wrong, why in (
        ({"kind": "email"}, "an email receiver has an [receivers.smtp] table and no url"),
        ({"kind": "email", "smtp": smtp, "url": "http://h"}, "an email receiver has an [receivers.smtp] table"),
        ({"kind": "pagerduty"}, "a pagerduty receiver needs its routing_key"),
        ({"kind": "webhook", "url": "http://h", "smtp": smtp}, "smtp is for email receivers, not webhook"),
        ({"kind": "slack", "url": "http://h", "routing_key": "k"}, "routing_key is for pagerduty receivers"),
        ({"kind": "webhook"}, "a webhook receiver needs its url"),
    ):
        with pytest.raises(ValidationError, match=re.escape(why)):
            Receiver(name="x", **wrong)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a login is only sent over STARTTLS"):
        Smtp(host="h", starttls=False, username="u", password="p", sender="s@x.y", to=("t@x.y",))
    with pytest.raises(ValidationError, match="username and password go together"):
        Smtp(host="h", username="u", sender="s@x.y", to=("t@x.y",))


# --------------------------------------------------------------------------- what each revision becomes


def test_pagerduty_events_trigger_acknowledge_and_resolve_one_alert_by_its_dedup_key(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    receiver = Receiver(name="duty", kind="pagerduty", routing_key="R0UT1NG", console_url=CONSOLE)
    alert = first_alert(store)
    trigger = pagerduty_event(receiver, alert)
    assert trigger["event_action"] == "trigger" and trigger["dedup_key"] == alert.id
    assert trigger["routing_key"] == "R0UT1NG" and trigger["links"] == [
        {"href": CONSOLE, "text": "launchwatch console"}
    ]
    payload = trigger["payload"]
    severity = {"FLASH": "critical", "IMMEDIATE": "error", "PRIORITY": "warning", "ROUTINE": "info"}
    assert payload["severity"] == severity[alert.precedence.value] and payload["source"] == "launchwatch"
    assert alert.headline in payload["summary"] and payload["custom_details"]["explanation"] == alert.explanation.text
    assert payload["component"] == alert.commitment_id and payload["group"] == alert.incident_id
    acked = acknowledge(store, alert.id, "duty-officer", NOW)
    assert pagerduty_event(receiver, acked) == {
        "routing_key": "R0UT1NG",
        "event_action": "acknowledge",
        "dedup_key": alert.id,
    }
    # A new revision after the acknowledgement triggers it again; a cancellation resolves it.
    newer = acked.model_copy(update={"revision": acked.revision + 1, "updated_since_ack": True})
    assert pagerduty_event(receiver, newer)["event_action"] == "trigger"
    cancelled = acked.model_copy(update={"revision": acked.revision + 1, "msg_type": AlertMsgType.CANCEL})
    assert pagerduty_event(receiver, cancelled)["event_action"] == "resolve"
    assert request_body(receiver, cancelled) == request_body(receiver, cancelled)  # the same bytes on a retry


def test_an_email_tells_the_headline_precedence_explanation_and_console_in_text_and_html(tmp_path: Path) -> None:
    alert = first_alert(Store(f"sqlite:///{tmp_path / 'store.db'}")).model_copy(
        update={"headline": "DPRK launch <ICBM> & more"}
    )
    smtp = Smtp(host="h", sender="lw@example.org", to=("a@example.org", "b@example.org"))
    message = email_message(smtp, alert, revision_lines(alert), "mail:a#1", CONSOLE)
    assert message["Subject"] == f"[{alert.precedence.value}] DPRK launch <ICBM> & more"
    assert message["To"] == "a@example.org, b@example.org" and message["X-Launchwatch-Delivery"] == "mail:a#1"
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    for part in (plain, html):
        assert alert.precedence.value in part and alert.explanation.text.split(" ")[0] in part and CONSOLE in part
    assert "DPRK launch <ICBM> & more" in plain and "DPRK launch &lt;ICBM&gt; &amp; more" in html
    # The same delivery is the same message (a repeat can be dropped); another revision is another.
    assert email_message(smtp, alert, revision_lines(alert), "mail:a#1", CONSOLE)["Message-ID"] == message["Message-ID"]
    assert email_message(smtp, alert, revision_lines(alert), "mail:a#2", CONSOLE)["Message-ID"] != message["Message-ID"]
    exercise = alert.model_copy(update={"drill": True})
    drill = email_message(smtp, exercise, revision_lines(exercise), "mail:a#1", None)
    assert drill["Subject"].startswith(f"[{alert.precedence.value} EXERCISE]")


# --------------------------------------------------------------------------- through the delivery loop


@dataclass
class Mailbox:
    """aiosmtpd's handler: the messages taken, the logins tried."""

    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        data = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.messages.append(email.message_from_bytes(data, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[Mailbox, int, Path]]:
    """A real SMTP server on loopback that requires STARTTLS before a login, with a test CA's certificate."""
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    mailbox = Mailbox()

    def authenticate(server: object, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"launchwatch", b"s3cret")
        mailbox.logins.append(f"{data.login.decode() if isinstance(data, LoginPassword) else '?'}:{ok}")
        return AuthResult(success=ok)

    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        server_hostname="localhost",
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    try:
        yield mailbox, port, ca_file
    finally:
        controller.stop()


def pending_email(tmp_path: Path, name: str, port: int, ca_file: Path, password: str) -> tuple[Deliverer, Alert]:
    """An email receiver of the test server, its loop, and a revision pending for it."""
    deliveries = Deliveries(Store(f"sqlite:///{tmp_path / 'store.db'}"))
    smtp = Smtp(
        host="localhost", port=port, username="launchwatch", password=password, sender="launchwatch@example.org",
        to=("watch@example.org",), ca_file=ca_file,
    )  # fmt: skip
    receiver = Receiver(name=name, kind="email", smtp=smtp, console_url=CONSOLE, timeout_seconds=5)
    alert = first_alert(deliveries.store)
    deliveries.record([receiver.name], alert, utcnow())
    return Deliverer(receiver, FAST, deliveries), alert


async def test_email_reaches_a_real_smtp_server_over_starttls_once_per_revision(
    tmp_path: Path, smtp_server: tuple[Mailbox, int, Path]
) -> None:
    mailbox, port, ca_file = smtp_server
    deliverer, alert = pending_email(tmp_path, "mail", port, ca_file, "s3cret")
    await deliver_all(deliverer, lambda: len(mailbox.messages) == 1)
    for _ in range(3):  # delivered once: nothing more goes out
        assert await deliverer.run() == 0
    await deliverer.close()
    [got] = mailbox.messages
    assert mailbox.logins == ["launchwatch:True"]
    assert got["X-Launchwatch-Delivery"] == f"mail:{alert.revision_id}"
    assert alert.headline in got["Subject"] and CONSOLE in got.get_body(("plain",)).get_content()
    assert {row["status"] for row in deliverer.deliveries.rows("mail")} == {DELIVERED}


async def test_a_refused_login_is_a_failed_attempt_retried_and_nothing_is_sent(
    tmp_path: Path, smtp_server: tuple[Mailbox, int, Path]
) -> None:
    mailbox, port, ca_file = smtp_server
    deliverer, _ = pending_email(tmp_path, "mail-bad", port, ca_file, "wrong")
    await deliver_all(deliverer, lambda: len(mailbox.logins) >= 2)
    await deliverer.close()
    assert mailbox.messages == [] and set(mailbox.logins) == {"launchwatch:False"}
    [row] = deliverer.deliveries.rows("mail-bad")
    assert row["status"] != DELIVERED and row["attempts"] >= 1 and f"smtp://localhost:{port}" in row["last_error"]


async def test_pagerduty_stand_in_gets_trigger_acknowledge_and_resolve_for_one_dedup_key(tmp_path: Path) -> None:
    hook = await Hook().start()
    try:
        store = Store(f"sqlite:///{tmp_path / 'store.db'}")
        deliveries = Deliveries(store)
        receiver = Receiver(name="duty", kind="pagerduty", routing_key="R0UT1NG", url=f"{hook.url}/v2/enqueue")
        alert = first_alert(store)
        acked = acknowledge(store, alert.id, "duty-officer", NOW)
        made = commit_revision(
            store,
            alert.id,
            "test:withdrawn",
            lambda previous: next_revision(previous, NOW, msg_type=AlertMsgType.CANCEL),
        )
        assert made is not None
        cancelled = made[0]
        for revision in (alert, acked, cancelled):
            deliveries.record([receiver.name], revision, utcnow())
        deliverer = Deliverer(receiver, FAST, deliveries)
        await deliver_all(deliverer, lambda: len(hook.taken()) == 3)
        await deliverer.close()
    finally:
        await hook.stop()
    bodies = [r.body for r in hook.taken("/v2/enqueue")]
    assert [b["event_action"] for b in bodies] == ["trigger", "acknowledge", "resolve"]
    assert {b["dedup_key"] for b in bodies} == {alert.id} and {b["routing_key"] for b in bodies} == {"R0UT1NG"}
    assert bodies[0]["payload"]["summary"].endswith(alert.headline) and "payload" not in bodies[1]
