from __future__ import annotations

from pathlib import Path

import pytest

from services.matcher.catalogue import CatalogueError, default_catalogue, parse_catalogue

REQUIRED_IDS = {
    "rtw-sharing",
    "unsc-ballistic",
    "denuclearization",
    "dprk-russia",
    "illicit-revenue",
    "trilateral-exercises",
}


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def test_catalogue_has_the_commitments_users_rely_on() -> None:
    assert set(default_catalogue().ids) >= REQUIRED_IDS


def test_every_quote_is_verbatim_in_its_statement(shared_dir: Path) -> None:
    for commitment in default_catalogue().commitments:
        statement = commitment.statements[0]
        text = (shared_dir / "seeds" / statement.file).read_text(encoding="utf-8")
        assert _normalise(commitment.quote) in _normalise(text), commitment.id


def test_every_statement_file_exists(shared_dir: Path) -> None:
    for commitment in default_catalogue().commitments:
        for statement in commitment.statements:
            assert (shared_dir / "seeds" / statement.file).is_file(), statement.file


def test_unknown_statement_is_an_error() -> None:
    with pytest.raises(CatalogueError, match="unknown statement"):
        parse_catalogue({"commitments": [{"id": "x", "statements": ["nope"]}]})
