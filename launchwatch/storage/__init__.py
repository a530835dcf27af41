"""The store: what launchwatch keeps in SQL (SQLite by default, PostgreSQL in production).

The tables are in `tables.py`, built by the Alembic migrations in `migrations/` (every worker upgrades
the database on start). Writes are idempotent: processing the same message twice leaves one row, so
replays and crash recovery never duplicate. SQL goes through SQLAlchemy Core with bound parameters only.

`engine.py` has the engine and the transactions; each aggregate has its repository: `reports.py` (reports,
events, incidents), `alerts.py` (matches, alert revisions), `controls.py` (acks, silences), `pending_gaps.py`
(the sharing gaps still to decide) and `deliveries.py` (the receivers' deliveries, over a Store). `Store` is them
all over one engine and one transaction.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from launchwatch.storage.alerts import AlertRepository
from launchwatch.storage.controls import ControlRepository
from launchwatch.storage.engine import StoreUnavailable, make_engine
from launchwatch.storage.pending_gaps import GapKey, PendingGap, PendingGapRepository
from launchwatch.storage.reports import IncidentState, Receipt, ReportRepository
from launchwatch.storage.tables import events, metadata, reports

__all__ = [
    "GapKey",
    "IncidentState",
    "PendingGap",
    "Receipt",
    "Store",
    "StoreUnavailable",
    "make_engine",
    "metadata",
]


class Store(ReportRepository, AlertRepository, ControlRepository, PendingGapRepository):
    """The archive of reports, events, incidents, matches, alert revisions, acks and silences, and the sharing gaps
    still to decide."""

    def incident(self, incident_id: str) -> dict[str, list[dict]] | None:
        """An incident's reports (as received), events and alerts (latest revisions); None when unknown."""
        with self._reading() as session:
            event_rows = session.execute(
                select(events.c.payload, events.c.report_id, events.c.drill)
                .where(events.c.incident_id == incident_id)
                .order_by(events.c.reported_at, events.c.event_id)
            ).all()
            if not event_rows:
                return None
            report_rows = session.execute(
                select(reports.c.report_id, reports.c.source, reports.c.published_at, reports.c.raw).where(
                    or_(*(and_(reports.c.report_id == r.report_id, reports.c.drill == r.drill) for r in event_rows))
                )
            ).all()
        alert_list = [a for a in self.alerts(limit=10_000) if a.incident_id == incident_id]
        return {
            "reports": [
                {
                    "report_id": row.report_id,
                    "source": row.source,
                    "published_at": row.published_at.isoformat(),
                    "raw": row.raw.decode(errors="replace"),
                }
                for row in report_rows
            ],
            "events": [row.payload for row in event_rows],
            "alerts": [a.model_dump(mode="json") for a in alert_list],
        }
