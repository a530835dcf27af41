"""HTTP security shared by every service: loopback by default, bearer tokens beyond it."""

from __future__ import annotations

import hmac
import ipaddress

from launchwatch.settings import Settings


class InsecureBinding(RuntimeError):
    pass


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(settings: Settings) -> None:
    """Refuse to listen beyond loopback without a bearer token."""
    if not is_loopback(settings.web_host) and not settings.api_token:
        raise InsecureBinding(
            f"LAUNCHWATCH_WEB_HOST={settings.web_host} is not a loopback address: set LAUNCHWATCH_API_TOKEN "
            "so that write endpoints require a bearer token"
        )


def unauthorized(authorization: str | None, settings: Settings) -> str | None:
    """Why a request may not write (None: it may). Tokens are compared in constant time and never logged."""
    token = settings.api_token.get_secret_value() if settings.api_token else None
    if token is None:
        return None
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), token.encode()):
        return "a valid 'Authorization: Bearer <token>' header is required"
    return None
