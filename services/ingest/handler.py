"""Ingest's step over one raw report: archive it, drop a duplicate, file it into its incident, and say which
incident updates to publish. Module-level and framework-free: tested by calling it (tests/unit/test_handlers.py).

Every report is archived as received (the store replays read from); a report received before (same id, or
same source and content) is dropped and counted, unless it is the same Kafka message redelivered after a crash
or it is replayed on purpose: those are processed again, idempotently, and publish what the store holds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from launchwatch import metrics
from launchwatch.counting import incident_changes, newest_changes, report_changes
from launchwatch.schemas import CountChange, Event, IncidentUpdate, StructuredReport, TextReport, utcnow
from launchwatch.settings import Settings
from launchwatch.storage import Receipt, Store
from launchwatch.streams import Message, Publisher, Rejected
from launchwatch.topics import TopicRegistry
from launchwatch.topology import INGESTED_AT_HEADER, REPLAY_ID_HEADER
from services.ingest.normalize import ReportRejected, accept_report, to_event
from services.ingest.regroup import Regrouped, prefetch, reassess, regroup

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ingested:
    """What ingest made of one raw report: the incidents it changed, or none for a duplicate."""

    source: str
    report_id: str
    regrouped: Regrouped | None

    @property
    def updates(self) -> list[IncidentUpdate]:
        """The incident updates to publish, the report's own incident first."""
        if self.regrouped is None:
            return []
        event = self.regrouped.event
        return [IncidentUpdate(event=event, assessment=a, drill=a.drill) for a in self.regrouped.assessments]


@dataclass
class IngestHandler:
    store: Store
    settings: Settings
    topics: TopicRegistry
    publisher: Publisher
    service: str = "ingest"
    #: The batch's reports as `prepare` read them (report and event), by message position, until handled.
    _read: dict[str, tuple[TextReport | StructuredReport, Event]] = field(default_factory=dict)
    #: What the batch's emitted outcomes count, sent by `finish` (each item's newest change only).
    _changes: list[CountChange] = field(default_factory=list)

    def prepare(self, batch: Sequence[Message]) -> None:
        """The batch's reports read, and what grouping them will ask of the store read at once."""
        drill = self.settings.drill
        self._read = {}
        receipts, pinned_to = [], []
        for message in batch:
            try:
                report = accept_report(message.value, drill)
            except ReportRejected:
                continue  # `handle` rejects it
            self._read[message.position] = (report, self._event_of(report))
            receipts.append((report.id, report.source, message.value or b""))
            if isinstance(report, StructuredReport) and report.event.incident_id:
                pinned_to.append(report.event.incident_id)
        events = [event for _, event in self._read.values()]
        window = timedelta(seconds=self.settings.incident_window_s)
        prefetch(self.store, events, drill, window, receipts, pinned_to)

    def _event_of(self, report: TextReport | StructuredReport) -> Event:
        event = to_event(report)
        return event.model_copy(update={"drill": True}) if self.settings.drill else event

    def handle(self, message: Message) -> Ingested | Rejected:
        """A raw report archived, and filed into its incident (nothing filed for a duplicate)."""
        store, drill = self.store, self.settings.drill
        read = self._read.pop(message.position, None)
        if read is None:
            try:
                report = accept_report(message.value, drill)
            except ReportRejected as exc:
                return Rejected(exc.reason, exc.detail)
            event = None
        else:
            report, event = read
        receipt = store.record_report(
            report.id, report.source, report.published_at, message.value or b"", drill, utcnow(), message.position
        )
        if receipt == Receipt.DUPLICATE and REPLAY_ID_HEADER not in message.headers:
            return Ingested(report.source, report.id, None)
        if report.retracts and (senders := store.report_sources(report.retracts, drill)) - {report.source}:
            detail = f"report {report.retracts!r} is {', '.join(sorted(senders))}'s; a source withdraws only its own"
            return Rejected("retraction_of_other_source", detail)
        event = event or self._event_of(report)
        # A report archived just now has no event yet; one seen before may (a redelivery or a replay).
        if receipt != Receipt.NEW and (stored := store.stored_event(event.event_id, drill)):
            # Processed before: its incident as it is now (and what it merged), nothing regrouped.
            return Ingested(report.source, report.id, reassess(store, stored))
        pinned = report.event.incident_id if isinstance(report, StructuredReport) else None
        window = timedelta(seconds=self.settings.incident_window_s)
        return Ingested(report.source, report.id, regroup(store, event, window, pinned))

    async def emit(self, message: Message, outcome: Ingested | Rejected) -> None:
        if isinstance(outcome, Rejected):
            metrics.REPORTS.labels(source="unknown", outcome="rejected").inc()
            return
        source = outcome.source
        metrics.SOURCE_LAST_REPORT.labels(source=source).set(time.time())
        if outcome.regrouped is None:
            metrics.DUPLICATES.labels(source=source).inc()
            metrics.REPORTS.labels(source=source, outcome="duplicate").inc()
            log.info("dropped duplicate report %s from %s", outcome.report_id, source)
            return
        event = outcome.regrouped.event
        metrics.REPORTS.labels(source=source, outcome="accepted").inc()
        metrics.EVENTS.labels(event_type=event.event_type.value).inc()
        for party, latency_s in outcome.regrouped.latencies:
            metrics.PARTY_REPORTING_LATENCY.labels(party=party.value).observe(latency_s)
        headers = dict(message.headers)
        headers.setdefault(INGESTED_AT_HEADER, str(int(time.time() * 1000)).encode())
        # Counted on metrics.counts: the report, and each incident it changed as it is now (a redelivered or
        # replayed report sends the same changes again, which count once), sent once the batch is emitted.
        self._changes += report_changes(event)
        for update in outcome.updates:
            await self.publisher.publish(self.topics.events_normalized, update, headers)
            self._changes += incident_changes(update.assessment)

    async def finish(self) -> None:
        """The batch's count changes: an incident several of its reports changed sends its last state alone."""
        changes, self._changes = self._changes, []
        for change in newest_changes(changes):
            await self.publisher.publish(self.topics.count_changes, change)
