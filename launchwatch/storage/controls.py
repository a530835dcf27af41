"""The acknowledgements and silences of the store: what watch officers decide about alerts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from launchwatch.schemas import Silence
from launchwatch.storage.engine import Repository
from launchwatch.storage.tables import acks, silences


class ControlRepository(Repository):
    """Acknowledgements of alert revisions, and the silences that mute the routing of alerts."""

    # ------------------------------------------------------------------ acks and silences

    def save_ack(self, alert_id: str, revision: int, by: str, at: datetime, comment: str = "") -> bool:
        return self._insert(acks, alert_id=alert_id, revision=revision, by=by, at=at, comment=comment)

    def acks_of(self, alert_id: str) -> list[tuple[int, str, datetime]]:
        with self.transaction() as session:
            rows = session.execute(
                select(acks.c.revision, acks.c.by, acks.c.at).where(acks.c.alert_id == alert_id).order_by(acks.c.at)
            ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def save_silence(self, silence: Silence) -> bool:
        return self._insert(
            silences,
            silence_id=silence.id,
            commitment_id=silence.commitment_id,
            precedence=silence.precedence.value if silence.precedence else None,
            starts_at=silence.starts_at,
            ends_at=silence.ends_at,
            created_by=silence.created_by,
            comment=silence.comment,
            drill=silence.drill,
        )

    def active_silences(self, at: datetime, drill: bool) -> list[Silence]:
        """Silences of one namespace in force at `at`: expired ones drop out by themselves."""
        with self.transaction() as session:
            rows = session.execute(
                select(silences)
                .where(silences.c.starts_at <= at, silences.c.ends_at > at, silences.c.drill == drill)
                .order_by(silences.c.ends_at)
            ).all()
        return [
            Silence(
                id=row.silence_id,
                commitment_id=row.commitment_id,
                precedence=row.precedence,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                created_by=row.created_by,
                comment=row.comment,
                drill=row.drill,
            )
            for row in rows
        ]
