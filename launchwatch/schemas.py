"""The message schemas of launchwatch: one pydantic model per thing that crosses a topic.

JSON Schema files in ``schemas/`` are generated from these models (`launchwatch schemas export`, the list in
`launchwatch.schema_files`); a test fails when the files and the models drift apart. The commitments
catalogue's configuration models are in `launchwatch.catalogue_schema`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

#: Bump when a message model changes shape incompatibly; carried in every JSON Schema `$id`.
SCHEMA_VERSION = 1

# Bounds keep one hostile report from exhausting memory downstream.
MAX_ID_LEN = 200
MAX_TITLE_LEN = 2_000
MAX_BODY_LEN = 100_000


#: Years a report or an event can plausibly carry; beyond them date arithmetic (time zones, "yesterday")
#: would leave the calendar, so such values are rejected as invalid.
PLAUSIBLE_YEARS = range(1900, 2201)


def _plausible(value: datetime | None) -> datetime | None:
    if value is not None and value.year not in PLAUSIBLE_YEARS:
        raise ValueError(f"year {value.year} is outside {PLAUSIBLE_YEARS.start}-{PLAUSIBLE_YEARS.stop - 1}")
    return value


#: An aware datetime in a plausible year.
PlausibleDatetime = Annotated[AwareDatetime, AfterValidator(_plausible)]


class Model(BaseModel):
    """Base for every message: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(StrEnum):
    """Who issued a report."""

    JAPAN = "Japan"
    ROK = "ROK"
    US = "US"
    DPRK = "DPRK"
    OTHER = "other"


class EventType(StrEnum):
    BALLISTIC_MISSILE_LAUNCH = "ballistic_missile_launch"
    CRUISE_MISSILE_LAUNCH = "cruise_missile_launch"
    SATELLITE_LAUNCH = "satellite_launch"
    NUCLEAR_TEST = "nuclear_test"
    #: Nuclear-programme activity short of a test: enrichment, a reactor run, material produced, shown or found.
    NUCLEAR_ACTIVITY = "nuclear_activity"
    ARTILLERY_FIRE = "artillery_fire"
    ARMS_TRANSFER = "arms_transfer"
    TROOP_DEPLOYMENT = "troop_deployment"
    CYBER_INCIDENT = "cyber_incident"
    SANCTIONS_EVASION = "sanctions_evasion"
    TRILATERAL_ACTION = "trilateral_action"
    OTHER = "other"


#: Event types that are one kind of incident: a DPRK "satellite launch" and a Japanese "ballistic missile"
#: report are one launch.
INCIDENT_FAMILIES: dict[EventType, str] = {
    EventType.BALLISTIC_MISSILE_LAUNCH: "launch",
    EventType.SATELLITE_LAUNCH: "launch",
}


def family_of(event_type: EventType) -> str:
    """The kind of incident a report of `event_type` belongs to (its incident may take any type of the family)."""
    return INCIDENT_FAMILIES.get(event_type, event_type.value)


class MissileClass(StrEnum):
    SRBM = "SRBM"
    MRBM = "MRBM"
    IRBM = "IRBM"
    ICBM = "ICBM"
    SLBM = "SLBM"
    SLV = "SLV"
    CRUISE = "cruise"


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    UNKNOWN = "unknown"


class Precedence(StrEnum):
    """Alert precedence, most urgent first (military message precedence)."""

    FLASH = "FLASH"
    IMMEDIATE = "IMMEDIATE"
    PRIORITY = "PRIORITY"
    ROUTINE = "ROUTINE"

    @property
    def rank(self) -> int:
        """0 for FLASH … 3 for ROUTINE: lower is more urgent."""
        return list(Precedence).index(self)


class MatchKind(StrEnum):
    VIOLATION = "violation"
    FULFILMENT = "fulfilment"


class TimePrecision(StrEnum):
    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class CountQualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    APPROXIMATE = "approximate"
    UNKNOWN = "unknown"


class EezRelation(StrEnum):
    """Where a missile fell relative to Japan's exclusive economic zone."""

    INSIDE = "inside"
    OUTSIDE = "outside"
    UNKNOWN = "unknown"


# --------------------------------------------------------------------------- reports


class Location(Model):
    """Where something happened: a named site and/or coordinates, plus the sea area it fell in."""

    site: str | None = Field(default=None, max_length=200, description="Launch or test site, e.g. 'Sohae'.")
    region: str | None = Field(default=None, max_length=200, description="Wider area, e.g. 'Pyongyang area'.")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    landing: str | None = Field(
        default=None, max_length=200, description="Impact area, e.g. 'sea-of-japan', 'yellow-sea', 'pacific'."
    )
    eez: EezRelation | None = Field(default=None, description="Impact relative to Japan's EEZ.")
    overflew_japan: bool | None = Field(default=None, description="True when the flight passed over Japan.")


class Claim(Model):
    """A statement attributed to a party, kept side by side with conflicting ones, never overwritten."""

    party: Party
    text: str = Field(max_length=2_000)
    field: str | None = Field(default=None, max_length=100, description="Event field the claim bears on.")
    value: str | None = Field(default=None, max_length=500)


#: Longest span text a provenance record keeps (start and end always give the whole span).
MAX_SPAN_LEN = 2_000


class Provenance(Model):
    """The evidence for one event field: the text span or data column it came from."""

    field: str = Field(max_length=100)
    text: str | None = Field(default=None, max_length=MAX_SPAN_LEN, description="The span of the report text.")
    start: int | None = Field(default=None, ge=0, description="Character offset of the span in title + body.")
    end: int | None = Field(default=None, ge=0)
    confidence: float = Field(default=1.0, ge=0, le=1)
    method: str = Field(default="structured", max_length=100, description="'structured', 'rule:<name>', …")
    clause: str | None = Field(
        default=None,
        max_length=100,
        description="Where in the story the span stands: 'title', 'lede sentence 1', 'body sentence 4'.",
    )


class IllicitActivity(StrEnum):
    """How a cyber incident or an evasion earns (or does not earn) the DPRK anything: the catalogue's
    illicit-revenue rule takes the first four as revenue and leaves espionage out."""

    THEFT = "theft"
    EXTORTION = "extortion"
    IT_WORKERS = "it_workers"
    EVASION = "evasion"
    ESPIONAGE = "espionage"


class IncidentDetails(Model):
    """What an officer acts on for an incident other than a launch: what moved or was taken, how much, where, by
    whom and how. Every field optional: a report gives what it states (launches use the event's own fields)."""

    what: str | None = Field(
        default=None,
        max_length=200,
        description="What was transferred, carried, shown or found: 'artillery shells', 'refined petroleum', "
        "'uranium enrichment'.",
    )
    quantity: float | None = Field(default=None, ge=0, description="How much of it, as stated (with `unit`).")
    unit: str | None = Field(default=None, max_length=50, description="'containers', 'shells', 'tonnes', 'barrels'.")
    personnel: int | None = Field(default=None, ge=0, le=10_000_000, description="Troops or workers sent.")
    casualties: int | None = Field(default=None, ge=0, le=10_000_000, description="Killed and wounded, as stated.")
    role: str | None = Field(
        default=None, max_length=100, description="What the troops do: 'combat', 'engineers', 'construction'."
    )
    place: str | None = Field(
        default=None, max_length=200, description="Where it happened or where troops are: 'Kursk', 'East China Sea'."
    )
    route: str | None = Field(
        default=None, max_length=200, description="Ports or crossings named: 'Rajin', 'Tumangang'."
    )
    group: str | None = Field(
        default=None, max_length=100, description="The cyber group named: 'Lazarus', 'TraderTraitor', 'Kimsuky'."
    )
    activity: IllicitActivity | None = Field(
        default=None, description="Theft, extortion, IT workers, evasion or espionage (espionage earns no revenue)."
    )
    victim: str | None = Field(default=None, max_length=200, description="Who was robbed or attacked: 'Bybit'.")
    amount: str | None = Field(
        default=None, max_length=100, description="The sum stated, in its own currency: '$1.5 billion', '482億円'."
    )
    amount_usd: float | None = Field(default=None, ge=0, description="That sum in US dollars, where stated in them.")
    vessel: str | None = Field(default=None, max_length=200, description="The ship named: 'Rye Song Gang 1'.")
    method: str | None = Field(
        default=None, max_length=100, description="How: 'ship-to-ship transfer', 'rail', 'ransomware'."
    )
    exercise: str | None = Field(default=None, max_length=100, description="The exercise named: 'Freedom Edge'.")
    reported_by: str | None = Field(
        default=None, max_length=200, description="Who the report credits: 'FBI', 'NIS', 'a UN panel'."
    )

    def headline(self) -> str:
        """The few facts a headline carries, in the order an officer reads them ('' when none)."""
        parts: list[str] = []
        if self.exercise:
            parts.append(self.exercise)
        if self.group:
            parts.append(self.group)
        if self.activity:
            parts.append(self.activity.value.replace("_", " "))
        if self.victim:
            parts.append(f"from {self.victim}" if self.activity == IllicitActivity.THEFT else self.victim)
        if self.amount_usd is not None:
            parts.append(_usd(self.amount_usd))
        elif self.amount:
            parts.append(self.amount)
        if self.personnel is not None:
            parts.append(f"{self.personnel:,} personnel")
        if self.quantity is not None:
            parts.append(f"{self.quantity:,.0f} {self.unit or ''}".strip())
        if self.what and not (self.quantity is not None and self.unit == self.what):
            parts.append(self.what)
        if self.vessel:
            parts.append(f"vessel {self.vessel}")
        if self.place:
            parts.append(f"in {self.place}")
        if self.route:
            parts.append(f"via {self.route}")
        return ", ".join(parts)


def _usd(amount: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if amount >= size:
            return f"${amount / size:,.3g} {word}"
    return f"${amount:,.0f}"


class EventFacts(Model):
    """The facts a structured report states about one incident (the payload of a report of kind `event`)."""

    event_type: EventType
    party: Party | None = Field(default=None, description="Issuing party; defaults from the report's source.")
    incident_id: str | None = Field(default=None, max_length=MAX_ID_LEN, description="Known incident, if any.")
    missile_class: MissileClass | None = None
    system: str | None = Field(default=None, max_length=200, description="Named system, e.g. 'Hwasong-18'.")
    count: int | None = Field(default=None, ge=0, le=10_000)
    count_qualifier: CountQualifier | None = None
    occurred_at: PlausibleDatetime | None = None
    occurred_precision: TimePrecision = TimePrecision.MINUTE
    location: Location | None = None
    apogee_km: float | None = Field(default=None, ge=0, le=100_000)
    range_km: float | None = Field(default=None, ge=0, le=100_000)
    flight_time_min: float | None = Field(default=None, ge=0, le=10_000)
    outcome: Outcome = Outcome.UNKNOWN
    counterparty: str | None = Field(
        default=None, max_length=200, description="Other state involved, e.g. 'Russia' for an arms transfer."
    )
    actor: str | None = Field(
        default=None,
        max_length=100,
        description="Who performed it ('DPRK', 'Russia', 'Japan-ROK-US' …); by default the party its type implies "
        "(the DPRK for its own acts, the three for a trilateral action, the supplier of an arms transfer).",
    )
    tags: tuple[str, ...] = Field(default=(), description="Finer kinds, e.g. 'exercise', 'ship-to-ship'.")
    details: IncidentDetails | None = None
    claims: tuple[Claim, ...] = ()
    summary: str | None = Field(default=None, max_length=MAX_TITLE_LEN)


class RawReportBase(Model):
    id: str = Field(min_length=1, max_length=MAX_ID_LEN, description="The report's own id, unique per source.")
    source: str = Field(
        min_length=1, max_length=200, description="Who published it, e.g. 'japan-mod', 'rok-jcs', 'kcna'."
    )
    published_at: PlausibleDatetime = Field(description="When the source published it (with time zone).")
    url: str | None = Field(default=None, max_length=2_000)
    retracts: str | None = Field(
        default=None,
        max_length=MAX_ID_LEN,
        description="Id of an earlier report of the same source that this one withdraws or corrects "
        "(e.g. a corrected J-Alert): what that report caused is cancelled or downgraded.",
    )
    drill: bool = Field(default=False, description="True only for reports replayed as a drill.")


class TextReport(RawReportBase):
    """A press release or news item, as published."""

    kind: Literal["text"] = "text"
    title: str = Field(default="", max_length=MAX_TITLE_LEN)
    body: str = Field(min_length=1, max_length=MAX_BODY_LEN)
    language: str | None = Field(default="en", max_length=20)


class StructuredReport(RawReportBase):
    """A report that is already structured (a data-set row, another system's event)."""

    kind: Literal["event"] = "event"
    event: EventFacts


RawReport = Annotated[TextReport | StructuredReport, Field(discriminator="kind")]
RAW_REPORT = TypeAdapter(RawReport)


#: The most of a rejected message's value a dead letter keeps: base64 and envelope stay well under the
#: producer's 1 MiB request limit, so a dead letter always fits.
DEADLETTER_ORIGINAL_MAX_BYTES = 256 * 1024


class DeadLetter(Model):
    """A message a service could not process: the reason and the original bytes, nothing lost."""

    reason: str = Field(description="Short machine-readable reason, e.g. 'invalid_json', 'validation_error'.")
    detail: str = Field(description="Human-readable explanation of what was wrong.")
    service: str
    source_topic: str
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    original_base64: str = Field(
        description="The original message value, base64-encoded, byte for byte: all of it, or its first "
        "DEADLETTER_ORIGINAL_MAX_BYTES when `original_truncated` (a dead letter must always fit on the topic)."
    )
    original_size: int = Field(default=0, ge=0, description="Size of the whole original value, in bytes.")
    original_sha256: str = Field(default="", description="SHA-256 of the whole original value (hex).")
    original_truncated: bool = Field(default=False, description="True when only a prefix of the original is kept.")
    original_null: bool = Field(default=False, description="True for a message with no value at all (a tombstone).")
    failed_at: AwareDatetime
    drill: bool = False


# --------------------------------------------------------------------------- events


class Event(Model):
    """One report's account of one incident, normalised: the unit the matcher works on."""

    event_id: str = Field(max_length=MAX_ID_LEN, description="Stable id derived from the report id.")
    incident_id: str = Field(max_length=MAX_ID_LEN, description="Shared by every report of the same incident.")
    report_id: str = Field(max_length=MAX_ID_LEN)
    source: str = Field(max_length=200)
    party: Party
    event_type: EventType
    missile_class: MissileClass | None = None
    system: str | None = Field(default=None, max_length=200)
    count: int | None = Field(default=None, ge=0)
    count_qualifier: CountQualifier | None = None
    occurred_at: AwareDatetime | None = None
    occurred_until: AwareDatetime | None = Field(
        default=None, description="End of a stated range of times ('between 9:06 and 9:27 a.m.': 09:27)."
    )
    occurred_precision: TimePrecision = TimePrecision.MINUTE
    reported_at: AwareDatetime
    location: Location | None = None
    apogee_km: float | None = Field(default=None, ge=0)
    range_km: float | None = Field(default=None, ge=0)
    flight_time_min: float | None = Field(default=None, ge=0)
    outcome: Outcome = Outcome.UNKNOWN
    counterparty: str | None = Field(default=None, max_length=200)
    actor: str | None = Field(
        default=None, max_length=100, description="Who performed the event: 'DPRK', 'Russia', 'Japan-ROK-US' …"
    )
    unconfirmed: str | None = Field(
        default=None,
        max_length=300,
        description="Why the reading of a press report rests on weak evidence (no actor named, the act named "
        "but not told); its alerts stay at PRIORITY or below until an official or a second source confirms.",
    )
    tags: tuple[str, ...] = ()
    details: IncidentDetails | None = Field(
        default=None, description="For incidents other than launches: what, how much, where, who, how."
    )
    claims: tuple[Claim, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    summary: str | None = Field(default=None, max_length=MAX_TITLE_LEN)
    url: str | None = Field(default=None, max_length=2_000)
    retracts: str | None = Field(
        default=None, max_length=MAX_ID_LEN, description="Event id of the earlier report this one withdraws."
    )
    drill: bool = False

    @property
    def reported_by(self) -> str:
        return self.source

    @property
    def reporting_latency_s(self) -> float | None:
        """Seconds from the incident to this report (None when the time of the incident is unknown)."""
        if self.occurred_at is None:
            return None
        return (self.reported_at - self.occurred_at).total_seconds()


class SourceReport(Model):
    """One report that contributed to an alert."""

    report_id: str
    source: str
    party: Party
    reported_at: AwareDatetime
    latency_s: float | None = Field(default=None, description="Seconds from the incident to the report.")
    account: dict[str, str] = Field(
        default_factory=dict,
        description="What this report says of the incident (missile class, count, apogee, range, outcome, "
        "system, time): kept per source, side by side, never overwritten by a later report.",
    )


class FieldSource(Model):
    """Where a fused field's value came from: which report, which span of its text, and why that one."""

    field: str = Field(max_length=100)
    event_id: str = Field(max_length=MAX_ID_LEN)
    report_id: str = Field(max_length=MAX_ID_LEN)
    source: str = Field(max_length=200)
    party: Party
    text: str | None = Field(default=None, max_length=MAX_SPAN_LEN, description="The span of that report's text.")
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    reason: str = Field(default="", max_length=500, description="Why this report's value, e.g. 'most precise time'.")


class Assessment(Model):
    """An incident as all its reports tell it together, rebuilt at every report: each field from the best
    source for it (`provenance` says which), each source's own account in `sources`, disagreements in
    `conflicts`. What alerts show and what the matcher matches."""

    incident_id: str = Field(max_length=MAX_ID_LEN)
    generation: int = Field(
        ge=0, description="Grows with every change of the incident: a stale assessment never replaces a newer one."
    )
    event_type: EventType
    missile_class: MissileClass | None = None
    system: str | None = Field(default=None, max_length=200, description="Named by an official source.")
    count: int | None = Field(default=None, ge=0)
    count_qualifier: CountQualifier | None = None
    occurred_at: AwareDatetime | None = Field(default=None, description="Start of the fused launch time.")
    occurred_until: AwareDatetime | None = Field(
        default=None, description="Its end, when the most precise reports differ (07:10 and 07:11: 07:10-07:11)."
    )
    occurred_precision: TimePrecision = TimePrecision.MINUTE
    reported_at: AwareDatetime = Field(description="When the incident was first reported.")
    location: Location | None = None
    apogee_km: float | None = Field(default=None, ge=0)
    range_km: float | None = Field(default=None, ge=0)
    flight_time_min: float | None = Field(default=None, ge=0)
    outcome: Outcome = Outcome.UNKNOWN
    counterparty: str | None = Field(default=None, max_length=200)
    actor: str | None = Field(default=None, max_length=100, description="Who performed the event.")
    unconfirmed: str | None = Field(
        default=None,
        max_length=300,
        description="Why the incident rests on weak evidence: one press source alone whose reading was weak. "
        "Its alerts stay at PRIORITY or below until an official or a second source confirms.",
    )
    tags: tuple[str, ...] = ()
    details: IncidentDetails | None = Field(
        default=None, description="Fused, for incidents other than launches: what, how much, where, who, how."
    )
    claims: tuple[Claim, ...] = Field(
        default=(), description="What a party claims that officials do not state (KCNA's names and figures)."
    )
    summary: str | None = Field(default=None, max_length=MAX_TITLE_LEN)
    sources: tuple[SourceReport, ...] = Field(
        default=(), description="Every report in the incident, in report order (withdrawn ones left out)."
    )
    provenance: tuple[FieldSource, ...] = ()
    conflicts: tuple[str, ...] = ()
    notes: tuple[str, ...] = Field(default=(), description="How reports were grouped where it took a decision.")
    withdrawn: tuple[str, ...] = Field(default=(), description="Report ids their sources withdrew.")
    merged_into: str | None = Field(
        default=None, description="Set when the incident's reports now belong to another incident (a merge)."
    )
    drill: bool = False

    @property
    def reported_by(self) -> str:
        """The sources, in report order."""
        return ", ".join(dict.fromkeys(s.source for s in self.sources)) or "no source"

    @property
    def closed(self) -> bool:
        """No report stands for it any more: merged into another incident, or every report withdrawn."""
        return self.merged_into is not None or not self.sources


#: What the matcher matches: one report's event, or an incident's fused assessment (same field names).
Facts = Event | Assessment


class IncidentUpdate(Model):
    """What ingest publishes for each incident a report changes: the report, and the incident after it."""

    event: Event = Field(description="The event of the report that caused the update.")
    assessment: Assessment
    drill: bool = False


# --------------------------------------------------------------------------- commitments
# The catalogue's own models (Commitment, Rule, ...) are in launchwatch/catalogue_schema.py.


class CommitmentRef(Model):
    """What an alert repeats of its commitment, so a watch officer needs nothing else."""

    id: str
    title: str
    quote: str
    statement: str = Field(description="Title and date of the statement the quote is from.")


# --------------------------------------------------------------------------- matches


class TriggeredCondition(Model):
    field: str
    op: str
    expected: Any = None
    actual: Any = None


class Explanation(Model):
    """Why an event matched (or did not match) a commitment."""

    rule_id: str
    rule_version: int
    quote: str
    conditions: tuple[TriggeredCondition, ...] = Field(description="The event fields and values that decided.")
    resolutions: tuple[str, ...] = ()
    precedence_reason: str = ""
    text: str = Field(description="The explanation in one or two sentences.")


class Match(Model):
    commitment_id: str
    commitment: CommitmentRef
    kind: MatchKind
    rule_id: str
    rule_version: int
    precedence: Precedence
    explanation: Explanation


class MatchedEvent(Model):
    """An incident update with every commitment the incident bears on (possibly none): the payload of
    `events.matched`. The matches are those of the fused assessment, not of the one report."""

    event: Event = Field(description="The event of the report that caused the update.")
    assessment: Assessment
    matches: tuple[Match, ...] = ()
    matched_at: AwareDatetime
    drill: bool = False


# --------------------------------------------------------------------------- alerts


class AlertStatus(StrEnum):
    """CAP 1.2 `status`."""

    ACTUAL = "Actual"
    EXERCISE = "Exercise"


class AlertMsgType(StrEnum):
    """CAP 1.2 `msgType`."""

    ALERT = "Alert"
    UPDATE = "Update"
    CANCEL = "Cancel"
    ACK = "Ack"


class Acknowledgement(Model):
    """A watch officer's acknowledgement of an alert revision."""

    by: str = Field(min_length=1, max_length=200)
    at: AwareDatetime
    revision: int = Field(ge=1, description="The revision that was acknowledged.")
    comment: str = Field(default="", max_length=2_000)


class SharingGap(Model):
    """A `rtw-sharing` gap: parties that had not reported a covered launch within the window."""

    missing: tuple[Party, ...] = Field(description="Parties not yet reported; empty once the gap is resolved.")
    reported: tuple[Party, ...]
    first_reported_at: AwareDatetime
    window_s: float = Field(gt=0)
    resolved: bool = False


class Alert(Model):
    """One alert per (incident, commitment); a new report of the incident makes a new revision."""

    id: str = Field(description="Stable: derived from incident id and commitment id.")
    incident_id: str
    commitment_id: str
    revision: int = Field(ge=1)
    msg_type: AlertMsgType
    status: AlertStatus
    precedence: Precedence
    kind: MatchKind
    commitment: CommitmentRef
    headline: str = Field(description="The incident in one human sentence.")
    event: Event = Field(description="The event of the report that made this revision.")
    assessment: Assessment | None = Field(
        default=None, description="The incident as all its reports tell it, at this revision."
    )
    sources: tuple[SourceReport, ...]
    explanation: Explanation
    references: tuple[str, ...] = Field(default=(), description="Ids of the revisions this one supersedes.")
    drill: bool = False
    acknowledgement: Acknowledgement | None = Field(default=None, description="The latest acknowledgement.")
    updated_since_ack: bool = Field(default=False, description="A new revision arrived after the acknowledgement.")
    gap: SharingGap | None = Field(default=None, description="Set on `rtw-sharing` gap alerts only.")
    conflicts: tuple[str, ...] = Field(
        default=(), description="Where the sources disagree, e.g. 'outcome: kcna success; rok-jcs failure'."
    )
    created_at: AwareDatetime = Field(description="When revision 1 was made.")
    updated_at: AwareDatetime = Field(description="When this revision was made.")

    @property
    def revision_id(self) -> str:
        return f"{self.id}#{self.revision}"

    @property
    def needs_ack(self) -> bool:
        """It waits for an acknowledgement: not cancelled, and not acknowledged since its last change."""
        return self.msg_type != AlertMsgType.CANCEL and (self.acknowledgement is None or self.updated_since_ack)


class Silence(Model):
    """Mutes the routing of matching alerts until it ends (they are still stored and counted)."""

    id: str
    commitment_id: str | None = Field(default=None, description="Mute this commitment's alerts (None: any).")
    precedence: Precedence | None = Field(default=None, description="Mute alerts of this precedence (None: any).")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    created_by: str = Field(min_length=1, max_length=200)
    comment: str = Field(min_length=1, max_length=2_000)
    drill: bool = Field(default=False, description="The namespace it mutes: drill alerts only, or live alerts only.")

    def mutes(self, alert: Alert) -> bool:
        return (
            self.drill == alert.drill
            and self.commitment_id in (None, alert.commitment_id)
            and self.precedence in (None, alert.precedence)
        )


class SystemCondition(StrEnum):
    """What keeps the pipeline from doing its job: the cause of a system alert."""

    CONSUMER_LAG = "consumer_lag"
    BROKER_UNREACHABLE = "broker_unreachable"
    STORE_UNREACHABLE = "store_unreachable"
    ROLE_MISSING = "role_missing"
    SOURCE_SILENT = "source_silent"
    POLLER_FAILING = "poller_failing"


class SystemAlertState(StrEnum):
    RAISED = "raised"
    CLEARED = "cleared"


class SystemAlert(Model):
    """The pipeline cannot do its job (CAP status System, topic `alerts.system`): raised once its cause has lasted
    past its bound, sent again while it lasts, cleared when the cause ends."""

    id: str = Field(description="`system:<condition>:<subject>`: one per cause, the same when raised and cleared.")
    condition: SystemCondition
    subject: str = Field(
        description="What it is about: a consumer group and topic, a worker, a role, a source, a feed."
    )
    state: SystemAlertState
    since: AwareDatetime = Field(description="When the cause began, as far as its observer can tell.")
    sent_at: AwareDatetime
    headline: str
    explanation: str = Field(description="What was observed, what it means and where to look.")
    observed_by: str = Field(description="The worker or poller that saw it.")
    resend_s: float = Field(
        gt=0,
        description="How often its observer sends a raised alert again while the cause lasts: one not sent again "
        "for three times this long is cleared (its observer is gone).",
    )
    drill: bool = False


class CountKind(StrEnum):
    """What `metrics.counts` counts, and what its key is."""

    INCIDENTS = "incidents"  # key: the event type
    ALERTS = "alerts"  # key: `<commitment>/<precedence>`
    REPORTS = "reports"  # key: `<party>/<source>`


class CountWindow(StrEnum):
    """The widths of the windows counts are kept in: calendar periods of event time, in UTC."""

    HOUR = "hour"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_COUNT_KEY = "`incidents`: event type; `alerts`: `<commitment>/<precedence>`; `reports`: `<party>/<source>`."


class CountChange(Model):
    """One thing counted (or no longer counted) under one count's key, on `metrics.count-changes`, keyed
    `<kind>:<key>` so that one counts worker owns every window of a key. Applying a change twice, or an older
    one after a newer, changes nothing (services/counts/counter.py)."""

    kind: CountKind
    key: str = Field(max_length=400, description=_COUNT_KEY)
    labels: dict[str, str] = Field(default_factory=dict, description="The key's parts by name.")
    item: str = Field(
        max_length=MAX_ID_LEN, description="What is counted, once: an incident id, an alert id or an event id."
    )
    version: int = Field(
        description="The highest version of an item is the one counted: an incident's generation; minus an "
        "alert's revision (its first revision at that precedence counts); 0 for a report."
    )
    at: AwareDatetime | None = Field(description="The item's event time; None: it no longer counts under this key.")
    precision: TimePrecision = Field(
        default=TimePrecision.SECOND,
        description="How precise `at` is: the item counts only in windows this wide or wider (a launch known to "
        "the day is in no hour).",
    )
    drill: bool = False


class WindowCount(Model):
    """A window's current total, on `metrics.counts` once per batch of changes that touched it. The key is
    `<kind>:<key>:<window>:<window_start>`: the latest message of a key is the figure (the topic is compacted)."""

    kind: CountKind
    key: str = Field(description=_COUNT_KEY)
    labels: dict[str, str] = Field(
        default_factory=dict, description="The key's parts by name (event_type; commitment, precedence; party, source)."
    )
    window: CountWindow
    window_start: AwareDatetime = Field(description="Start of the window of event time (UTC).")
    window_end: AwareDatetime
    count: int = Field(
        ge=0,
        description="`incidents`: incidents whose fused launch time (or first report, when undated) falls in the "
        "window, merged and withdrawn ones left out; `alerts`: alerts that took this precedence, each once, at "
        "its first revision of it; `reports`: reports (not duplicates) whose event time falls in the window.",
    )
    updated_at: AwareDatetime = Field(description="When this total was published (processing time).")
    drill: bool = False


def stable_id(prefix: str, *parts: str, length: int = 16) -> str:
    """A short deterministic id: the same inputs always give the same id (replays, retries, restarts)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:length]
    return f"{prefix}-{digest}"


def event_id(source: str, report_id: str) -> str:
    """The event of one report: the same report always makes the same event (replays, redeliveries)."""
    return stable_id("evt", source, report_id)


def alert_id(incident_id: str, commitment_id: str, drill: bool = False) -> str:
    """The alert of one (incident, commitment); drill alerts have their own ids, never a live one's."""
    return stable_id("drill-alert" if drill else "alert", incident_id, commitment_id)


def gap_alert_id(incident_id: str, drill: bool = False) -> str:
    """The `rtw-sharing` gap alert of one incident (one per incident, revised as parties report)."""
    return alert_id(incident_id, "rtw-sharing-gap", drill)


def utcnow() -> datetime:
    return datetime.now(UTC)
