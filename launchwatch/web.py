"""HTTP shared by every service: loopback by default, bearer tokens beyond it, a web port of its own."""

from __future__ import annotations

import hmac
import ipaddress
import socket

from pydantic import SecretStr

from launchwatch.settings import ConfigurationError, Settings

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other host name may resolve beyond this machine


def check_binding(settings: Settings) -> None:
    """Refuse to serve the HTTP write endpoints beyond this machine without a token."""
    if not _secret(settings.api_token) and not is_loopback(settings.web_host):
        raise ConfigurationError(
            f"LAUNCHWATCH_WEB_HOST={settings.web_host} is not a loopback address: set LAUNCHWATCH_API_TOKEN so "
            "that the write endpoints require `Authorization: Bearer <token>`, or listen on 127.0.0.1"
        )


def check_port_free(host: str, port: int) -> None:
    """Refuse, in one line, a web port another process listens on (two workers on one host, say)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigurationError(
                f"port {port} on {host} is taken ({exc.strerror}), by another launchwatch worker perhaps: set "
                "LAUNCHWATCH_WEB_PORT to a free port, or to 0 to pick one"
            ) from exc


def body_timeout_detail(settings: Settings) -> str:
    """What a write endpoint answers (408) when a request's body stalls past LAUNCHWATCH_HTTP_BODY_TIMEOUT_SECONDS."""
    return f"the body did not arrive within {settings.http_body_timeout_s:g} s"


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def authorized(authorization: str | None, token: SecretStr | None) -> bool:
    """True without a token; with one, only for `Bearer <token>` (compared in constant time, never logged)."""
    expected = _secret(token)
    if not expected:
        return True
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), expected.encode())
