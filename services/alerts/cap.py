"""CAP 1.2 (OASIS Common Alerting Protocol) wire form of alert revisions. Pure: no Kafka, no I/O.

Each revision is one CAP message: its identifier is the revision id, `msgType` follows the revision
(Alert, Update, Ack), `references` names the revisions it supersedes, `status` is Exercise for drills.
Urgency, severity and certainty come from the tables below, not from code paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from xml.etree import ElementTree

from launchwatch.schemas import Alert, MatchKind, Party, Precedence, SystemAlert, SystemAlertState

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
SENDER = "launchwatch@launchwatch.invalid"

#: (urgency, severity) by precedence, for violations: a FLASH launch needs action now and is extreme.
VIOLATION_GRADES: dict[Precedence, tuple[str, str]] = {
    Precedence.FLASH: ("Immediate", "Extreme"),
    Precedence.IMMEDIATE: ("Immediate", "Severe"),
    Precedence.PRIORITY: ("Expected", "Moderate"),
    Precedence.ROUTINE: ("Future", "Minor"),
}
#: A fulfilment (the trilateral side acting on a commitment) asks for no response.
FULFILMENT_GRADES = ("Past", "Minor")

#: Certainty from who has reported the incident so far: a government's own observation is Observed,
#: a DPRK claim alone is Likely (it happened, as claimed), other sources alone (press, data sets) Possible.
OBSERVING_PARTIES = frozenset({Party.JAPAN, Party.ROK, Party.US})
CERTAINTY_BY_WITNESS: tuple[tuple[frozenset[Party], str], ...] = (
    (OBSERVING_PARTIES, "Observed"),
    (frozenset({Party.DPRK}), "Likely"),
    (frozenset({Party.OTHER}), "Possible"),
)


def cap_time(value: datetime) -> str:
    """CAP's dateTime form: seconds precision with an explicit offset (`+00:00`, never `Z`)."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def grades(alert: Alert) -> tuple[str, str, str]:
    """(urgency, severity, certainty) of an alert revision."""
    urgency, severity = FULFILMENT_GRADES if alert.kind == MatchKind.FULFILMENT else VIOLATION_GRADES[alert.precedence]
    parties = {source.party for source in alert.sources}
    certainty = next((c for witnesses, c in CERTAINTY_BY_WITNESS if parties & witnesses), "Unknown")
    return urgency, severity, certainty


def _add(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    child = ElementTree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{tag}")
    child.text = text
    return child


def alert_to_cap(alert: Alert, superseded: Iterable[Alert] = (), sender: str = SENDER) -> str:
    """One alert revision as a CAP 1.2 XML document.

    `superseded` are the earlier revisions it references (CAP references carry their sent times, which
    the revision itself does not keep); revisions not given are left out of `references`.
    """
    ElementTree.register_namespace("", CAP_NAMESPACE)
    root = ElementTree.Element(f"{{{CAP_NAMESPACE}}}alert")
    _add(root, "identifier", alert.revision_id)
    _add(root, "sender", sender)
    _add(root, "sent", cap_time(alert.updated_at))
    _add(root, "status", alert.status.value)
    _add(root, "msgType", alert.msg_type.value)
    _add(root, "scope", "Public")
    known = {previous.revision_id: previous for previous in superseded}
    references = [f"{sender},{ref},{cap_time(known[ref].updated_at)}" for ref in alert.references if ref in known]
    if references:
        _add(root, "references", " ".join(references))
    if alert.incident_id:
        _add(root, "incidents", alert.incident_id)

    info = ElementTree.SubElement(root, f"{{{CAP_NAMESPACE}}}info")
    _add(info, "language", "en-US")
    _add(info, "category", "Security")
    _add(info, "event", alert.commitment.title)
    urgency, severity, certainty = grades(alert)
    _add(info, "urgency", urgency)
    _add(info, "severity", severity)
    _add(info, "certainty", certainty)
    _add(info, "senderName", "launchwatch")
    _add(info, "headline", alert.headline[:160])
    description = [
        alert.headline,
        f"Why: {alert.explanation.text}",
        f"Commitment: \u201c{alert.commitment.quote}\u201d",
        f"Source statement: {alert.commitment.statement}.",
    ]
    description.extend(f"Sources differ on {conflict}." for conflict in alert.conflicts)
    if alert.acknowledgement:
        ack = alert.acknowledgement
        description.append(f"Acknowledged by {ack.by} at {cap_time(ack.at)} (revision {ack.revision}).")
    _add(info, "description", "\n".join(description))
    parameters = {
        "incident_id": alert.incident_id,
        "commitment_id": alert.commitment_id,
        "precedence": alert.precedence.value,
        "kind": alert.kind.value,
        "revision": str(alert.revision),
        "sources": ",".join(source.source for source in alert.sources),
    }
    # An incident's details as parameters a receiving system can filter on (group, amount_usd, vessel …).
    told = (alert.assessment or alert.event).details
    if told is not None:
        for name, value in told.model_dump(mode="json", exclude_none=True).items():
            parameters[f"details.{name}"] = f"{value:g}" if isinstance(value, float) else str(value)
    for name, value in parameters.items():
        parameter = ElementTree.SubElement(info, f"{{{CAP_NAMESPACE}}}parameter")
        _add(parameter, "valueName", name)
        _add(parameter, "value", value)
    location = (alert.assessment or alert.event).location
    if location and (location.site or location.region or location.landing):
        area = ElementTree.SubElement(info, f"{{{CAP_NAMESPACE}}}area")
        places = [p for p in (location.site, location.region) if p]
        if location.landing:
            places.append(f"fell in {location.landing}")
        _add(area, "areaDesc", "; ".join(places))
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)


def system_alert_to_cap(alert: SystemAlert, revision: int, sender: str = SENDER) -> str:
    """A system alert as CAP 1.2: status System (for the operators of the system, not the watch floor's picture),
    category Infra; a raise is msgType Alert, its clear a Cancel referencing the raise (`<id>#<revision>`)."""
    ElementTree.register_namespace("", CAP_NAMESPACE)
    root = ElementTree.Element(f"{{{CAP_NAMESPACE}}}alert")
    _add(root, "identifier", f"{alert.id}#{revision}")
    _add(root, "sender", sender)
    _add(root, "sent", cap_time(alert.sent_at))
    _add(root, "status", "System")
    cleared = alert.state is SystemAlertState.CLEARED
    _add(root, "msgType", "Cancel" if cleared else "Alert")
    _add(root, "scope", "Private")
    _add(root, "addresses", "launchwatch operators")
    if cleared and revision > 1:
        # The raise's sent time is not kept with its clear; the cause's start is the closest known.
        _add(root, "references", f"{sender},{alert.id}#{revision - 1},{cap_time(alert.since)}")
    info = ElementTree.SubElement(root, f"{{{CAP_NAMESPACE}}}info")
    _add(info, "language", "en-US")
    _add(info, "category", "Infra")
    _add(info, "event", "launchwatch pipeline health")
    _add(info, "urgency", "Past" if cleared else "Immediate")
    _add(info, "severity", "Minor" if cleared else "Severe")
    _add(info, "certainty", "Observed")
    _add(info, "senderName", "launchwatch")
    _add(info, "headline", (f"cleared: {alert.headline}" if cleared else alert.headline)[:160])
    _add(info, "description", f"{alert.explanation}\nSince {cap_time(alert.since)}, seen by {alert.observed_by}.")
    for name, value in {
        "condition": alert.condition.value,
        "subject": alert.subject,
        "state": alert.state.value,
    }.items():
        parameter = ElementTree.SubElement(info, f"{{{CAP_NAMESPACE}}}parameter")
        _add(parameter, "valueName", name)
        _add(parameter, "value", value)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)


def export_cap(revisions: Iterable[Alert], sender: str = SENDER) -> Iterator[tuple[str, str]]:
    """(file name, CAP XML) for each revision, in order; each references the earlier revisions given."""
    seen: dict[str, Alert] = {}
    for alert in revisions:
        superseded = [seen[ref] for ref in alert.references if ref in seen]
        yield f"{alert.revision_id.replace('#', '.')}.xml", alert_to_cap(alert, superseded, sender)
        seen[alert.revision_id] = alert
