"""One report analysed offline: parse → event → match, the path `launchwatch analyze`, replay's filters and the
bench share.

The composition of two services' pure code, ingest's normalisation (`services/ingest/normalize.py`) and the
matcher's catalogue (`services/matcher/catalogue.py`), with no Kafka and no store. It sits above them: the lower
layers (schemas, settings, topics, codec, storage, metrics, kafka, streams) and the services never import it.
The services themselves take the same steps apart (ingest parses and groups, the matcher matches the incident's
fused assessment, not one report's event).
"""

from __future__ import annotations

from functools import cached_property

from launchwatch.schemas import Event, Match, TextReport
from services.ingest.extract import Extraction, extract
from services.ingest.normalize import ReportRejected, parse_report, to_event
from services.matcher.catalogue import Catalogue, default_catalogue
from services.matcher.rules import RuleOutcome

__all__ = ["Analysis", "ReportRejected", "analyze"]


class Analysis:
    """A report's event and the commitments it bears on, matched when first asked for (a caller that only wants
    the event, or filters on it first, pays for no matching)."""

    def __init__(self, event: Event, catalogue: Catalogue, extraction: Extraction | None = None):
        self.event = event
        self.catalogue = catalogue
        #: How a text report was read (None for a structured one): what `analyze --explain` shows.
        self.extraction = extraction

    @cached_property
    def matches(self) -> tuple[Match, ...]:
        """The commitments the event bears on: at most one match per commitment."""
        return self.catalogue.match(self.event)

    @property
    def outcomes(self) -> list[RuleOutcome]:
        """Every rule's outcome on the event, matched or not, each able to say why (`analyze --explain`)."""
        return self.catalogue.evaluate(self.event)


def analyze(data: bytes, catalogue: Catalogue | None = None) -> Analysis:
    """One raw report (its bytes as on `reports.raw`) as an event, to be matched against `catalogue` (the
    shipped one by default). Raises ReportRejected, with the reason ingest would dead-letter it for."""
    report = parse_report(data)
    found = extract(report) if isinstance(report, TextReport) else None
    return Analysis(to_event(report, found), catalogue or default_catalogue(), found)
