"""The interface every source adapter implements, and what they share.

An adapter recognises one kind of file by its first bytes and yields the reports in it in their wire form:
bytes as published (JSON lines keep malformed lines byte for byte, so they reach the dead-letter topic as they
were) or a validated report model. :func:`wire_bytes` turns either into the bytes published to `reports.raw`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import ValidationError

from launchwatch.schemas import RAW_REPORT, MissileClass, StructuredReport, TextReport, TimePrecision, stable_id

#: How many bytes of a file `detect` sees.
HEAD_BYTES = 8192

Report = TextReport | StructuredReport
ReportItem = bytes | Report


class FormatError(ValueError):
    """A file that is not in the format it was read as (or in no known format)."""


def load_json_document(path: Path) -> Any:
    """A whole-file JSON document; FormatError naming the file when it is not JSON."""
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: not a JSON document ({exc})") from exc


@runtime_checkable
class ReportAdapter(Protocol):
    """One source format: recognised by `detect`, read by `read`."""

    #: The name given to `--format`.
    name: str
    #: One line for `--help` and error messages.
    description: str

    def detect(self, path: Path, head: bytes) -> bool:
        """True when `head` (the first bytes of the file at `path`) is this format."""
        ...

    def read(self, path: Path) -> Iterator[ReportItem]:
        """Every report of the file, in file order."""
        ...


def wire_bytes(item: ReportItem) -> bytes:
    """The bytes published for one report: as read, or the model as JSON."""
    if isinstance(item, bytes):
        return item
    return item.model_dump_json(exclude_none=True).encode()


def report_key(data: bytes) -> str | None:
    """The report id to key a raw report by (None when the bytes are not a JSON object with an id)."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def row_report(fields: Mapping[str, Any]) -> ReportItem:
    """A data-set row mapped to report fields, validated; a row that does not validate is kept as its JSON bytes.

    Keeping it (instead of raising) means one odd row never stops a file: it is published, and ingest
    dead-letters it with the validation error and the row, like any other invalid report.
    """
    try:
        return RAW_REPORT.validate_python(dict(fields))
    except ValidationError:
        return json.dumps(fields, ensure_ascii=False, default=str).encode()


def first_json_value(head: bytes) -> bytes:
    """`head` without a UTF-8 byte-order mark and leading white space."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def csv_header(head: bytes) -> list[str]:
    """The column names of a CSV file from its first line (empty when the head has no line)."""
    text = first_json_value(head).decode("utf-8", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    return [name.strip().strip('"') for name in first_line.split(",")]


_KM = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:km|lm)?\s*$", re.IGNORECASE)


def parse_km(value: Any) -> float | None:
    """A distance in km from `1000`, `"6248 km"`, `"1,380 km"`; None for `Unknown`, `na`, empty or unparseable."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str):
        return None
    match = _KM.match(value)
    return float(match.group(1).replace(",", "")) if match else None


#: Missile types as the data sets spell them; `HGV` and `Unknown` have no class of their own.
MISSILE_CLASSES: dict[str, MissileClass] = {member.value.upper(): member for member in MissileClass}


def missile_class_of(value: str | None) -> MissileClass | None:
    return MISSILE_CLASSES.get((value or "").strip().upper())


def slug(text: str) -> str:
    """`Short-range Ballistic Missile Launch` → `short-range-ballistic-missile-launch`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


#: ISO dates, whole or partial, and the precision each gives.
ISO_DATE_PATTERNS = (("%Y-%m-%d", TimePrecision.DAY), ("%Y-%m", TimePrecision.MONTH), ("%Y", TimePrecision.YEAR))


def parse_iso_date(text: str, zone: tzinfo = UTC) -> tuple[datetime, TimePrecision] | None:
    """`2023-04-12` (a day), `1984-09` (a month) or `1984` (a year): the first instant of it, and its precision."""
    for pattern, precision in ISO_DATE_PATTERNS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=zone), precision
        except ValueError:
            continue
    return None


def coarse_incident_id(source: str, report_id: str, precision: TimePrecision) -> str | None:
    """A month or a year is too wide to group reports into one incident: such a row is its own incident."""
    if precision in (TimePrecision.MONTH, TimePrecision.YEAR):
        return stable_id("inc", "report", source, report_id)
    return None
