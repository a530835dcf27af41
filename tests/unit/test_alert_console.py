"""The watch officer's terminal view of an alert (`alerts list`, `alerts tail`, `up`): coloured by precedence only
when asked, in the 16 standard colours."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from launchwatch.schemas import Precedence
from launchwatch.storage import Store
from services.alerts.console import format_alert
from services.alerts.revisions import revise
from tests.factories import matched_launch

NOW = datetime(2024, 10, 31, tzinfo=UTC)

#: The escape codes each precedence's label has always had: bold white on red, bold red, yellow, cyan.
ANSI = {
    Precedence.FLASH: "\x1b[1;97;41m",
    Precedence.IMMEDIATE: "\x1b[1;31m",
    Precedence.PRIORITY: "\x1b[33m",
    Precedence.ROUTINE: "\x1b[36m",
}


def test_the_label_is_coloured_by_precedence_only_when_asked(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    matched = matched_launch("jcs-1", missile_class="IRBM", matched_at=NOW)
    alerts = [revise(store, matched, match, NOW)[0] for match in matched.matches]
    assert alerts
    for alert in alerts:
        plain = format_alert(alert)
        assert "\x1b" not in plain and plain.startswith(f"{alert.precedence.value:<9} ")
        coloured = format_alert(alert, colour=True)
        label = f"{ANSI[alert.precedence]}{alert.precedence.value:<9}\x1b[0m"
        assert coloured == label + plain.removeprefix(f"{alert.precedence.value:<9}")
    for precedence in Precedence:  # every precedence has its colours
        recoloured = alerts[0].model_copy(update={"precedence": precedence})
        assert format_alert(recoloured, colour=True).startswith(f"{ANSI[precedence]}{precedence.value:<9}\x1b[0m ")
