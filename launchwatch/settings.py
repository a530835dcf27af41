"""Settings from environment variables (12-factor), each with a documented default.

Every field below is read from the environment variable named in its alias;
`launchwatch settings` prints the values in force.

Secrets are `SecretStr` (the API token, the SASL password): repr, str, JSON and `launchwatch settings` show them
masked, and the code that needs one reads it with `.get_secret_value()` (`launchwatch/kafka.py`,
`launchwatch/web.py`). The database URL is a plain string, since every store takes it, but its password is
hidden wherever the settings are shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_serializer
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Each role's default web port, so the runbook's workers on one host never collide; drills add the offset.
ROLE_WEB_PORTS = {"ingest": 6066, "matcher": 6067, "alerts": 6068, "all": 6069, "counts": 6070}
DRILL_WEB_PORT_OFFSET = 100


class ConfigurationError(ValueError):
    """Settings that cannot be run with, e.g. an HTTP endpoint open beyond loopback without a token."""


#: The password of a URL's user (`scheme://user:password@host/...`), read as SQLAlchemy reads it.
_URL_PASSWORD = re.compile(r"(?P<user>//[^:/]*:)[^@]*@")


def hide_url_password(url: str) -> str:
    """A URL fit to print: its password, if it has one, as `***`."""
    return _URL_PASSWORD.sub(r"\g<user>***@", url, count=1)


class Settings(BaseSettings):
    """Configuration shared by every launchwatch process."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    kafka_bootstrap: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP", "kafka_bootstrap"),
        description=(
            "Comma-separated Kafka bootstrap servers (host:port). Unset: `launchwatch up` starts the "
            "embedded Tansu broker on a free 127.0.0.1 port; `worker` requires it."
        ),
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT",
        validation_alias=AliasChoices("KAFKA_SECURITY_PROTOCOL", "kafka_security_protocol"),
        description="Kafka security protocol for every client.",
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_SASL_MECHANISM", "kafka_sasl_mechanism"),
        description="SASL mechanism when the protocol is SASL_*.",
    )
    kafka_sasl_username: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_SASL_USERNAME", "kafka_sasl_username"),
        description="SASL user name.",
    )
    kafka_sasl_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_SASL_PASSWORD", "kafka_sasl_password"),
        description="SASL password (never printed or logged).",
    )
    kafka_ssl_cafile: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_SSL_CAFILE", "kafka_ssl_cafile"),
        description="Path to the CA bundle that signs the brokers' certificates.",
    )
    topic_prefix: str = Field(
        default="",
        validation_alias=AliasChoices("LAUNCHWATCH_TOPIC_PREFIX", "topic_prefix"),
        description="Prefix for every topic name (e.g. `prod.`); lets several deployments share one cluster.",
    )
    topic_partitions: int = Field(
        default=3,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_TOPIC_PARTITIONS", "topic_partitions"),
        description="Partitions for every topic launchwatch creates.",
    )
    topic_replication: int = Field(
        default=1,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_TOPIC_REPLICATION", "topic_replication"),
        description="Replication factor for every topic launchwatch creates.",
    )
    topic_min_insync_replicas: int | None = Field(
        default=None,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_TOPIC_MIN_INSYNC_REPLICAS", "topic_min_insync_replicas"),
        description="`min.insync.replicas` of every topic launchwatch creates: how many replicas must have a "
        "message before the broker acknowledges it (the producers ask all of them, acks=all); unset: the "
        "cluster's default. On a cluster of three with replication 3, set 2: one broker may be lost with "
        "nothing lost and writes going on.",
    )
    drill: bool = Field(
        default=False,
        validation_alias=AliasChoices("LAUNCHWATCH_DRILL", "drill"),
        description="Run in the drill namespace: consume and produce only `drill.` topics.",
    )
    database_url: str = Field(
        default="sqlite:///launchwatch.db",
        validation_alias=AliasChoices("LAUNCHWATCH_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of the store (SQLite file by default; postgresql+psycopg://… in production); "
        "`launchwatch settings` shows it with its password hidden.",
    )
    incident_window_s: float = Field(
        default=3600.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_INCIDENT_WINDOW_SECONDS", "incident_window_s"),
        description="Reports of the same kind of event timed to the hour or better whose times (intervals of their "
        "precision) are within this many seconds of each other are one launch; see services/ingest/incidents.py.",
    )
    rtw_gap_window_s: float = Field(
        default=1800.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_RTW_GAP_WINDOW_SECONDS", "rtw_gap_window_s"),
        description="A `rtw-sharing` gap alert is raised when Japan, the ROK or the US has not reported a covered "
        "launch within this many seconds of the first report.",
    )
    gap_check_interval_s: float = Field(
        default=2.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_GAP_CHECK_INTERVAL_SECONDS", "gap_check_interval_s"),
        description="How often the alerts service looks for sharing gaps and refreshes silences. A check opens "
        "every gap that fell due since the last one, on the worker's event loop: checking often keeps each pass "
        "short (at 10 reports/s with a gap each, a 10 s interval stalled the consume loops for about 200 ms a "
        "pass), and a gap alert or silence takes effect sooner; an idle check is two indexed queries.",
    )
    health_interval_s: float = Field(
        default=10.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_INTERVAL_SECONDS", "health_interval_s"),
        description="How often each live worker says it is alive (in the store) and looks at the pipeline's health; "
        "a raised system alert is sent again this often while its cause lasts (docs/operations.md, 'System "
        "alerts').",
    )
    health_lag_s: float = Field(
        default=600.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_LAG_SECONDS", "health_lag_s"),
        description="A consumer group whose backlog has not fallen for this long raises a system alert.",
    )
    health_unreachable_s: float = Field(
        default=60.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_UNREACHABLE_SECONDS", "health_unreachable_s"),
        description="A worker that has not reached the broker, or the store, for this long raises a system alert.",
    )
    health_role_missing_s: float = Field(
        default=60.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_ROLE_MISSING_SECONDS", "health_role_missing_s"),
        description="A role (ingest, matcher, alerts, counts) no live worker has run for this long raises a system "
        "alert.",
    )
    health_poller_failing_s: float = Field(
        default=900.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_POLLER_FAILING_SECONDS", "health_poller_failing_s"),
        description="A feed `launchwatch ingest --poll` has failed to read for this long raises a system alert.",
    )
    health_source_silent_s: float = Field(
        default=604800.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_SOURCE_SILENT_SECONDS", "health_source_silent_s"),
        description="A source heard from before and silent for this long raises a system alert (DPRK launches can "
        "be weeks apart: 7 days by default); LAUNCHWATCH_HEALTH_SOURCES sets a source's own interval.",
    )
    health_sources: dict[str, float] = Field(
        default_factory=dict,
        validation_alias=AliasChoices("LAUNCHWATCH_HEALTH_SOURCES", "health_sources"),
        description='Expected interval of each named source, in seconds, as JSON (`{"japan-mod": 86400}`): one '
        "silent past its own interval raises a system alert, even one never heard from.",
    )
    batch_max: int = Field(
        default=500,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_BATCH_MAX", "batch_max"),
        description="Most messages a service takes from its topic at once and processes in one store transaction.",
    )
    batch_wait_ms: float = Field(
        default=5.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_BATCH_WAIT_MS", "batch_wait_ms"),
        description="How long a service waits for a batch to fill before processing what it has: the latency "
        "each hop may add when traffic is light, against fewer, larger transactions when it is heavy.",
    )
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field(
        default="at_least_once",
        validation_alias=AliasChoices("LAUNCHWATCH_PROCESSING_GUARANTEE", "processing_guarantee"),
        description="at_least_once: after a crash a message may be published again (the same id, revision and "
        "bytes: consumers drop the repeat). exactly_once: each batch's messages and its input offsets commit in "
        "one Kafka transaction, so read_committed consumers see each message once; needs Apache Kafka "
        "(the embedded Tansu broker has no transactions and is refused).",
    )
    web_host: str = Field(
        default="127.0.0.1",
        validation_alias=AliasChoices("LAUNCHWATCH_WEB_HOST", "web_host"),
        description="Address the service's HTTP endpoints (/metrics, /healthz, …) listen on.",
    )
    web_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("LAUNCHWATCH_WEB_PORT", "web_port"),
        description="Port of the service's HTTP endpoints. Unset: one per role and namespace, so the workers of "
        "one host run side by side (ingest 6066, matcher 6067, alerts 6068, all 6069, counts 6070; drill workers "
        "100 higher); 0 picks a free port (logged, and shown by /healthz).",
    )
    http_max_body_bytes: int = Field(
        default=1_048_576,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_HTTP_MAX_BODY_BYTES", "http_max_body_bytes"),
        description="Largest request body `POST /reports` accepts, in bytes (larger: 413).",
    )
    http_body_timeout_s: float = Field(
        default=10.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HTTP_BODY_TIMEOUT_SECONDS", "http_body_timeout_s"),
        description="How long the HTTP write endpoints wait for a request's body: a client that stalls mid-body "
        "gets 408 instead of holding the connection open.",
    )
    http_header_timeout_s: float = Field(
        default=10.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_HTTP_HEADER_TIMEOUT_SECONDS", "http_header_timeout_s"),
        description="How long an HTTP connection may take to send a request's line and headers, counted from when "
        "it opens or from the previous response; past it the worker closes the connection, so an unfinished "
        "request, or an idle keep-alive connection, holds no connection for longer.",
    )
    http_max_connections: int = Field(
        default=256,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_HTTP_MAX_CONNECTIONS", "http_max_connections"),
        description="Most HTTP connections a worker keeps open, so that a flood of connections cannot use up its "
        "file descriptors. When that many are open, a new one is accepted by closing the oldest connection that has "
        "no request in progress (one still sending its first request's head, or idle between keep-alive requests); "
        "only when every open connection is busy with a request is the new one closed as soon as it is accepted.",
    )
    http_max_connections_per_client: int = Field(
        default=64,
        ge=1,
        validation_alias=AliasChoices("LAUNCHWATCH_HTTP_MAX_CONNECTIONS_PER_CLIENT", "http_max_connections_per_client"),
        description="Most HTTP connections a worker keeps open from one client address, so that one address's "
        "flood of slow or idle connections sheds its own connections, never other clients': when that many are "
        "open, a new one from the address is accepted by closing that address's oldest connection with no request "
        "in progress (closed at once when all of them are busy). A reverse proxy or NAT in front makes its clients "
        "one address: raise it to LAUNCHWATCH_HTTP_MAX_CONNECTIONS there.",
    )
    api_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("LAUNCHWATCH_API_TOKEN", "api_token"),
        description=(
            "Bearer token the HTTP write endpoints (`POST /reports`, `POST /alerts/{id}/ack`, `POST /silences`) "
            "require when set "
            "(never printed or logged); required when LAUNCHWATCH_WEB_HOST is not a loopback address."
        ),
    )
    receivers_file: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("LAUNCHWATCH_RECEIVERS_FILE", "receivers_file"),
        description="TOML file of the alert receivers (webhooks) the alerts service delivers revisions to, with "
        "their routes and the retry policy (schema: services/alerts/receivers.py; docs/operations.md). Unset: no "
        "receivers, the alert topics only.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO",
        validation_alias=AliasChoices("LAUNCHWATCH_LOG_LEVEL", "log_level"),
        description="Log level of every launchwatch logger.",
    )
    broker_start_timeout_s: float = Field(
        default=20.0,
        gt=0,
        validation_alias=AliasChoices("LAUNCHWATCH_BROKER_START_TIMEOUT", "broker_start_timeout_s"),
        description="Seconds to wait for the embedded broker (or KAFKA_BOOTSTRAP) to accept connections.",
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # repr() and str() show the secrets masked (SecretStr does) and no password of the database URL.
        for name, value in super().__repr_args__():
            yield name, hide_url_password(value) if name == "database_url" else value

    @field_serializer("database_url", when_used="json")
    def _database_url_in_json(self, url: str) -> str:
        return hide_url_password(url)  # as SecretStr fields are: masked in JSON, whole in model_dump()

    @property
    def exactly_once(self) -> bool:
        """LAUNCHWATCH_PROCESSING_GUARANTEE=exactly_once: Kafka transactions, read_committed consumers."""
        return self.processing_guarantee == "exactly_once"

    def web_port_for(self, role: str) -> int:
        """The port a worker of `role` listens on: LAUNCHWATCH_WEB_PORT, else its role's and namespace's own."""
        if self.web_port is not None:
            return self.web_port
        return ROLE_WEB_PORTS[role] + (DRILL_WEB_PORT_OFFSET if self.drill else 0)

    @property
    def bootstrap_servers(self) -> list[str]:
        """The bootstrap list; empty until a broker is known."""
        if not self.kafka_bootstrap:
            return []
        return [part.strip() for part in self.kafka_bootstrap.split(",") if part.strip()]

    def with_bootstrap(self, bootstrap: str) -> Settings:
        """A copy of these settings pointing at `bootstrap` (used once the embedded broker is up)."""
        return self.model_copy(update={"kafka_bootstrap": bootstrap})

    def with_drill(self, drill: bool) -> Settings:
        return self.model_copy(update={"drill": drill})


def environment_reference() -> list[tuple[str, str, str]]:
    """(variable, default, description) for every setting, for `launchwatch settings` and the docs."""
    rows = []
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        variable = alias.choices[0] if isinstance(alias, AliasChoices) else name.upper()
        default = "" if field.default is None else str(field.default)
        rows.append((str(variable), default, field.description or ""))
    return rows
