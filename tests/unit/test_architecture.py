"""The architecture as docs/architecture.md draws it: imports that point one way and no cycle, the topology
declared once (the README's topic table is generated from it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

from launchwatch.schema_files import topic_table_is_current
from launchwatch.streams import ROLES, input_topic
from launchwatch.topics import TopicRegistry
from launchwatch.topology import BY_NAME
from launchwatch.topology import ROLES as TOPOLOGY

REPO = Path(__file__).resolve().parents[2]


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = grimp.build_graph("launchwatch", "services")
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.find_shortest_chain(importer=imported, imported=module)
        }
    )
    assert cycles == []


def test_the_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_the_readme_topic_table_is_the_topology() -> None:
    assert topic_table_is_current(REPO / "README.md"), "regenerate with `launchwatch schemas export`"


def test_each_role_consumes_what_the_topology_declares() -> None:
    topics = TopicRegistry(prefix="p.", drill=True)
    assert tuple(TOPOLOGY) == ROLES
    for role in ROLES:
        assert input_topic(topics, role) == f"p.drill.{TOPOLOGY[role].input.name}"
    assert {topics.base_of(name) for name in topics.all()} == set(BY_NAME)
