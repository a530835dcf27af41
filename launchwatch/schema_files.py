"""Generated files, never edited by hand: the JSON Schema files in ``schemas/`` from the pydantic models, and
the README's topic table from the topology."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from launchwatch.catalogue_schema import Commitment
from launchwatch.schemas import (
    RAW_REPORT,
    SCHEMA_VERSION,
    Alert,
    Assessment,
    CountChange,
    DeadLetter,
    Event,
    IncidentUpdate,
    Match,
    MatchedEvent,
    Silence,
    StructuredReport,
    SystemAlert,
    TextReport,
    WindowCount,
)
from launchwatch.topology import topic_table

SCHEMA_ID_BASE = "https://launchwatch.invalid/schemas"

#: The models exported as JSON Schema files, by file stem.
EXPORTED_MODELS: dict[str, type[BaseModel]] = {
    "text-report": TextReport,
    "structured-report": StructuredReport,
    "dead-letter": DeadLetter,
    "event": Event,
    "commitment": Commitment,
    "match": Match,
    "assessment": Assessment,
    "incident-update": IncidentUpdate,
    "matched-event": MatchedEvent,
    "alert": Alert,
    "silence": Silence,
    "count-change": CountChange,
    "window-count": WindowCount,
    "system-alert": SystemAlert,
}


def _schema(name: str, source: type[BaseModel] | TypeAdapter[Any]) -> dict[str, Any]:
    schema = source.json_schema() if isinstance(source, TypeAdapter) else source.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID_BASE}/v{SCHEMA_VERSION}/{name}.schema.json",
        **schema,
    }


def rendered_schemas() -> dict[str, str]:
    """File name → file content, for every exported model (and the raw-report union)."""
    sources: dict[str, type[BaseModel] | TypeAdapter[Any]] = {"raw-report": RAW_REPORT, **EXPORTED_MODELS}
    return {
        f"{name}.schema.json": json.dumps(_schema(name, source), indent=2, sort_keys=True) + "\n"
        for name, source in sources.items()
    }


def write_schema_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_schema_files(folder: Path) -> list[str]:
    """Names of schema files that are missing, stale, or no longer generated."""
    expected = rendered_schemas()
    stale = [
        name
        for name, text in expected.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    extra = [p.name for p in folder.glob("*.schema.json") if p.name not in expected]
    return sorted(stale + extra)


#: The README's topic table lies between these two lines.
TOPIC_TABLE_START = "<!-- topic table: generated from launchwatch/topology.py by `launchwatch schemas export` -->"
TOPIC_TABLE_END = "<!-- end of the topic table -->"


def with_topic_table(readme: str) -> str:
    """The README's text with its topic table as the topology declares it."""
    start, end = readme.find(TOPIC_TABLE_START), readme.find(TOPIC_TABLE_END)
    if start < 0 or end < start:
        raise ValueError("the README has no topic table markers")
    return readme[: start + len(TOPIC_TABLE_START)] + "\n" + topic_table() + readme[end:]


def topic_table_is_current(readme: Path) -> bool:
    text = readme.read_text(encoding="utf-8")
    return with_topic_table(text) == text


def write_topic_table(readme: Path) -> None:
    readme.write_text(with_topic_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
