"""The email receiver's side: the message an alert revision makes (plain text and HTML) and its sending over SMTP
with STARTTLS. Kept apart from the delivery loop (`receivers.py`), which calls `send_email` like any receiver's
send and retries it the same way."""

from __future__ import annotations

import asyncio
import hashlib
import html
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from launchwatch import __version__
from launchwatch.schemas import Alert

#: The subject's length at most (mail clients cut long subjects anyway; the body has the whole headline).
SUBJECT_MAX = 200


class Smtp(BaseModel):
    """Where and how an email receiver's messages are sent (`[receivers.smtp]` in the receivers file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(min_length=1, description="The SMTP server (a submission server or a relay).")
    port: int = Field(default=587, ge=1, le=65_535, description="587: submission with STARTTLS.")
    starttls: bool = Field(
        default=True,
        description="Upgrade to TLS (STARTTLS) before anything is sent; off only for a relay on a trusted network.",
    )
    username: str | None = Field(default=None, description="Log in as this user (after STARTTLS); none: no login.")
    password: SecretStr | None = Field(default=None, description="The user's password (never printed or logged).")
    sender: str = Field(min_length=3, description="The From address.")
    to: tuple[str, ...] = Field(min_length=1, description="The recipients.")
    ca_file: Path | None = Field(
        default=None, description="A CA certificate to trust for the server's (an internal relay's own CA)."
    )

    @model_validator(mode="after")
    def _credentials_only_over_tls(self) -> Smtp:
        if (self.username is None) != (self.password is None):
            raise ValueError("username and password go together")
        if self.username is not None and not self.starttls:
            raise ValueError("a login is only sent over STARTTLS: set starttls = true")
        return self


def email_message(
    smtp: Smtp, alert: Alert, lines: list[str], delivery_id: str, console_url: str | None, escalation: bool = False
) -> EmailMessage:
    """The message of one revision (or an escalation's notice of it), told in `lines`."""
    exercise = " EXERCISE" if alert.drill else ""
    again = "ESCALATION " if escalation else ""
    subject = f"[{again}{alert.precedence.value}{exercise}] {alert.headline}"
    return compose(smtp, subject, lines, delivery_id, alert.updated_at, console_url)


def compose(
    smtp: Smtp, subject: str, lines: list[str], delivery_id: str, when: datetime, console_url: str | None
) -> EmailMessage:
    """A message in a plain-text part and an HTML one, the same words in each (the first line in bold, the second
    as a heading); its Message-ID is made from the delivery key, so a repeat (a worker stopped between sending and
    recording) is the same message."""
    message = EmailMessage()
    message["Subject"] = subject if len(subject) <= SUBJECT_MAX else subject[: SUBJECT_MAX - 1] + "…"
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.to)
    message["Date"] = formatdate(when.timestamp(), usegmt=True)
    message["Message-ID"] = f"<{hashlib.sha256(delivery_id.encode()).hexdigest()[:32]}@launchwatch>"
    message["X-Launchwatch-Delivery"] = delivery_id
    message["User-Agent"] = f"launchwatch/{__version__}"
    plain = "\n".join([*lines[:2], "", *lines[2:]])
    if console_url:
        plain += f"\n\nConsole: {console_url}"
    message.set_content(plain + "\n")
    paragraphs = [f"<p><strong>{html.escape(lines[0])}</strong></p>", f"<h2>{html.escape(lines[1])}</h2>"]
    paragraphs.extend(f"<p>{html.escape(line)}</p>" for line in lines[2:])
    if console_url:
        paragraphs.append(f'<p><a href="{html.escape(console_url, quote=True)}">Open the launchwatch console</a></p>')
    message.add_alternative("<html><body>\n" + "\n".join(paragraphs) + "\n</body></html>\n", subtype="html")
    return message


def _send_blocking(smtp: Smtp, message: EmailMessage, timeout_s: float) -> str:
    context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout_s) as client:
        client.ehlo()
        if smtp.starttls:
            client.starttls(context=context)
            client.ehlo()
        if smtp.username is not None and smtp.password is not None:
            client.login(smtp.username, smtp.password.get_secret_value())
        refused = client.send_message(message)
    if refused:
        raise smtplib.SMTPRecipientsRefused(refused)
    return f"SMTP {smtp.host}:{smtp.port} took it for {len(smtp.to)} recipient(s)"


async def send_email(smtp: Smtp, message: EmailMessage, timeout_s: float) -> str:
    """Send one message (smtplib in a thread, off the event loop); what the server said, or smtplib's and the
    socket's exceptions (`OSError`, `smtplib.SMTPException`, `ssl.SSLError`) for the caller to turn into a failed
    attempt."""
    return await asyncio.wait_for(asyncio.to_thread(_send_blocking, smtp, message, timeout_s), timeout_s * 3)
