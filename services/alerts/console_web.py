"""The console's HTTP side on the alerts service's web port: the page, its live feed, and what it asks for.

| endpoint | what |
|---|---|
| `GET /console` | the page (package data from `launchwatch/console/static/`, served as it is) |
| `GET /console/static/{name}` | its script, style sheet, map and the map's licence |
| `GET /console/config.json` | namespace (drill or live), whether writes need a token, commitments, map places |
| `GET /console/events` | server-sent events: `alert` with `{"alert": revision, "muted_by": silence or null}` |
| `GET /alerts/{id}/history` | every revision of one alert, its acknowledgements and its escalation (notices taken) |
| `GET /escalations` | the escalations waiting for an acknowledgement: deadline, next notice, notices taken |
| `GET /alerts/{id}/cap/{revision}` | that revision as CAP 1.2 XML, as a download |
| `GET, POST /silences` | silences in force; a new one: `commitment`, `precedence`, `until`, `comment`, `by` |

Reads are open, as `GET /alerts` is; writes (`POST /silences`, and `POST /alerts/{id}/ack` in `web.py`) need the
bearer token when LAUNCHWATCH_API_TOKEN is set, which it must be beyond loopback. A worker serves its own
namespace only: a drill worker's console shows drill alerts, and nothing else can be asked of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web as aiohttp_web
from faust.web import Request, Response, View

from launchwatch import __version__
from launchwatch.console import static_file
from launchwatch.console.places import places
from launchwatch.schemas import Party, Precedence, utcnow
from launchwatch.storage import Store
from launchwatch.storage.escalations import Escalations
from launchwatch.streams import StreamContext
from launchwatch.web import authorized, body_timeout_detail
from services.alerts.cap import alert_to_cap
from services.alerts.routing import Router
from services.alerts.silences import SilenceRefused, new_silence
from services.alerts.sinks import Broadcaster

log = logging.getLogger(__name__)

#: A comment line this often keeps proxies from closing an idle feed and tells a page its server is there.
HEARTBEAT_S = 15.0

#: The page loads only what it is served from this origin: no inline script, no outside resource.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "media-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def register_console(ctx: StreamContext, store: Store, router: Router, broadcaster: Broadcaster) -> None:
    settings = ctx.settings
    drill = settings.drill

    async def close_feeds(_app: Any) -> None:
        broadcaster.close()

    ctx.app.web.web_app.on_shutdown.append(close_feeds)

    def not_found(view: View, detail: str) -> Response:
        return view.json({"error": "not_found", "detail": detail}, status=404)

    def serve(name: str) -> Response:
        found = static_file(name)
        if found is None:
            return aiohttp_web.json_response({"error": "not_found", "detail": f"no file {name!r}"}, status=404)
        body, content_type = found
        return aiohttp_web.Response(
            body=body,
            content_type=content_type,
            charset="utf-8",
            headers={
                "Content-Security-Policy": CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-cache",
            },
        )

    @ctx.app.page("/console")
    class ConsolePage(View):
        async def get(self, request: Request) -> Response:
            return serve("index.html")

    @ctx.app.page("/console/", name="ConsolePageSlash")
    class ConsolePageSlash(View):
        async def get(self, request: Request) -> Response:
            return serve("index.html")

    @ctx.app.page("/console/static/{name}")
    class ConsoleStatic(View):
        async def get(self, request: Request, name: str) -> Response:
            return serve(name)

    @ctx.app.page("/console/config.json")
    class ConsoleConfig(View):
        async def get(self, request: Request) -> Response:
            from services.matcher.catalogue import default_catalogue

            commitments = [{"id": c.id, "title": c.title} for c in default_catalogue().commitments]
            return self.json(
                {
                    "drill": drill,
                    "namespace": "drill" if drill else "live",
                    "token_required": bool(settings.api_token),
                    "version": __version__,
                    "commitments": commitments,
                    "precedences": [p.value for p in Precedence],
                    "parties": [p.value for p in Party],
                    "places": places(),
                }
            )

    @ctx.app.page("/console/events")
    class ConsoleEvents(View):
        async def get(self, request: Request) -> Any:
            response = aiohttp_web.StreamResponse(
                headers={
                    "Content-Type": "text/event-stream",
                    "Cache-Control": "no-cache",
                    "X-Accel-Buffering": "no",  # a proxy in front must not hold the events back
                }
            )
            await response.prepare(request)  # type: ignore[arg-type]
            feed = broadcaster.subscribe()
            try:
                await response.write(b"retry: 2000\nevent: hello\ndata: {}\n\n")
                while True:
                    try:
                        data = await asyncio.wait_for(feed.get(), HEARTBEAT_S)
                    except TimeoutError:
                        await response.write(b": still here\n\n")
                        continue
                    if data is None:  # the worker stops, or the page fell too far behind
                        break
                    await response.write(b"event: alert\ndata: " + data + b"\n\n")
            except (ConnectionResetError, ConnectionError):
                pass  # the page went away
            finally:
                broadcaster.unsubscribe(feed)
            with contextlib.suppress(ConnectionError):
                await response.write_eof()
            return response

    def own_revisions(alert_id: str) -> list[Any]:
        return store.revisions(drill=drill, alert_ids=[alert_id])

    escalations = Escalations(store)

    def escalation_of(alert_id: str) -> dict[str, Any] | None:
        state = escalations.get(alert_id)
        if state is None:
            return None
        return state.as_json() | {"notices": escalations.notices([alert_id])[alert_id]}

    @ctx.app.page("/escalations")
    class EscalationsView(View):
        async def get(self, request: Request) -> Response:
            armed = escalations.armed(drill)
            notices = escalations.notices([state.alert_id for state in armed])
            listed = [state.as_json() | {"notices": notices[state.alert_id]} for state in armed]
            return self.json({"escalations": listed})

    @ctx.app.page("/alerts/{alert_id}/history")
    class AlertHistory(View):
        async def get(self, request: Request, alert_id: str) -> Response:
            revisions = own_revisions(alert_id)
            if not revisions:
                return not_found(self, f"no {'drill' if drill else 'live'} alert with id {alert_id!r}")
            acks = [
                {"revision": revision, "by": by, "at": at.isoformat()} for revision, by, at in store.acks_of(alert_id)
            ]
            dumped = [r.model_dump(mode="json") for r in revisions]
            return self.json(
                {"alert_id": alert_id, "revisions": dumped, "acks": acks, "escalation": escalation_of(alert_id)}
            )

    @ctx.app.page("/alerts/{alert_id}/cap/{revision}")
    class AlertCap(View):
        async def get(self, request: Request, alert_id: str, revision: str) -> Any:
            revisions = own_revisions(alert_id)
            wanted = next((r for r in revisions if str(r.revision) == revision.removesuffix(".xml")), None)
            if wanted is None:
                return not_found(self, f"no revision {revision!r} of alert {alert_id!r}")
            superseded = [r for r in revisions if r.revision_id in wanted.references]
            name = f"{wanted.revision_id.replace('#', '.')}.xml"
            return aiohttp_web.Response(
                text=alert_to_cap(wanted, superseded),
                content_type="application/xml",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )

    @ctx.app.page("/silences")
    class SilencesView(View):
        async def get(self, request: Request) -> Response:
            active = store.active_silences(utcnow(), drill)
            return self.json({"silences": [s.model_dump(mode="json") for s in active]})

        async def post(self, request: Request) -> Response:
            if not authorized(request.headers.get("Authorization"), settings.api_token):
                detail = "a valid 'Authorization: Bearer <token>' header is required"
                return self.json({"error": "unauthorized", "detail": detail}, status=401)
            try:
                body = await asyncio.wait_for(request.json(), settings.http_body_timeout_s)
            except TimeoutError:
                return self.json({"error": "body_timeout", "detail": body_timeout_detail(settings)}, status=408)
            except (ValueError, RecursionError):
                body = None
            usage = (
                'send a JSON object {"commitment": "<id>", "precedence": "<P>", "until": "2h", '
                '"comment": "why", "by": "<name>"} (a commitment and/or a precedence)'
            )
            fields = ("commitment", "precedence", "until", "comment", "by")
            if not isinstance(body, dict) or any(not isinstance(body.get(f, ""), str | None) for f in fields):
                return self.json({"error": "bad_request", "detail": usage}, status=400)
            try:
                silence = new_silence(
                    commitment=body.get("commitment") or None,
                    precedence=body.get("precedence") or None,
                    until=body.get("until") or "",
                    comment=body.get("comment") or "",
                    by=body.get("by") or "",
                    drill=drill,
                    now=utcnow(),
                )
            except SilenceRefused as exc:
                return self.json({"error": "bad_request", "detail": str(exc)}, status=400)
            store.save_silence(silence)
            router.refresh_silences()  # in force at once in this worker; the others within the gap-check interval
            log.info("silence %s set by %s until %s", silence.id, silence.created_by, silence.ends_at.isoformat())
            return self.json(silence.model_dump(mode="json"), status=201)
