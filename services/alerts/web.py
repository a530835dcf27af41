"""HTTP endpoints of the alerts service: alert history, incidents, acknowledgements (thin over the store)."""

from __future__ import annotations

import asyncio
from typing import Any

from faust.web import Request, Response, View

from launchwatch.schemas import Precedence, utcnow
from launchwatch.storage import Store
from launchwatch.streams import StreamContext
from launchwatch.web import authorized, body_timeout_detail
from launchwatch.when import parse_when
from services.alerts.revisions import UnknownAlert, acknowledge
from services.alerts.routing import Router

MAX_ALERTS = 1_000


class QueryError(ValueError):
    pass


def alert_query(params: dict[str, str]) -> dict[str, Any]:
    """`GET /alerts` query parameters (`since`, `precedence`, `commitment`, `limit`) as store arguments."""
    query: dict[str, Any] = {}
    try:
        if since := params.get("since"):
            query["since"] = parse_when(since, utcnow(), ago=True)  # as the CLI takes it: 2h, or an ISO time
        if precedence := params.get("precedence"):
            query["precedence"] = Precedence(precedence.upper())
        if commitment := params.get("commitment"):
            query["commitment_id"] = commitment
        query["limit"] = min(int(params.get("limit", "200")), MAX_ALERTS)
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    return query


def register_endpoints(ctx: StreamContext, store: Store, router: Router) -> None:
    settings = ctx.settings

    @ctx.app.page("/alerts")
    class AlertsView(View):
        async def get(self, request: Request) -> Response:
            try:
                query = alert_query(dict(request.query))
            except QueryError as exc:
                return self.json({"error": "bad_query", "detail": str(exc)}, status=400)
            alerts = store.alerts(drill=settings.drill, **query)
            return self.json({"alerts": [a.model_dump(mode="json") for a in alerts]})

    @ctx.app.page("/incidents/{incident_id}")
    class IncidentView(View):
        async def get(self, request: Request, incident_id: str) -> Response:
            incident = store.incident(incident_id)
            if incident is None:
                return self.json({"error": "not_found", "detail": f"no incident {incident_id!r}"}, status=404)
            return self.json({"incident_id": incident_id, **incident})

    @ctx.app.page("/alerts/{alert_id}/ack")
    class AckView(View):
        async def post(self, request: Request, alert_id: str) -> Response:
            if not authorized(request.headers.get("Authorization"), settings.api_token):
                detail = "a valid 'Authorization: Bearer <token>' header is required"
                return self.json({"error": "unauthorized", "detail": detail}, status=401)
            try:
                body = await asyncio.wait_for(request.json(), settings.http_body_timeout_s)
            except TimeoutError:
                return self.json({"error": "body_timeout", "detail": body_timeout_detail(settings)}, status=408)
            except (ValueError, RecursionError):
                body = None
            if not isinstance(body, dict) or not isinstance(body.get("by"), str) or not body["by"].strip():
                return self.json(
                    {"error": "bad_request", "detail": 'send a JSON object {"by": "<name>", "comment": "…"}'},
                    status=400,
                )
            by, comment = body["by"].strip()[:200], str(body.get("comment", ""))
            try:
                alert = acknowledge(store, alert_id, by, utcnow(), comment, drill=settings.drill)
            except UnknownAlert as exc:
                return self.json({"error": "not_found", "detail": str(exc)}, status=404)
            # Published as a status change; not counted as a new alert.
            await router.publish(alert, is_new=False)
            return self.json(alert.model_dump(mode="json"), status=200)
