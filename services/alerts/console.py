"""The watch officer's console: alerts printed readably, coloured by precedence."""

from __future__ import annotations

import textwrap

from rich.color import ColorSystem
from rich.style import Style

from launchwatch.schemas import Alert, Precedence

#: Each precedence's colours (rich's style names), in the 16 standard colours every terminal has.
COLOURS = {
    Precedence.FLASH: Style.parse("bold bright_white on red"),
    Precedence.IMMEDIATE: Style.parse("bold red"),
    Precedence.PRIORITY: Style.parse("yellow"),
    Precedence.ROUTINE: Style.parse("cyan"),
}


def format_alert(alert: Alert, colour: bool = False, width: int = 110) -> str:
    label = f"{alert.precedence.value:<9}"
    if colour:
        label = COLOURS[alert.precedence].render(label, color_system=ColorSystem.STANDARD)
    status = "EXERCISE " if alert.drill else ""
    sources = ", ".join(
        f"{s.source}" + (f" (+{s.latency_s / 60:.0f} min)" if s.latency_s is not None else "") for s in alert.sources
    )
    lines = [
        f"{label} {status}{alert.commitment_id} [{alert.kind.value}] "
        f"{alert.msg_type.value} rev {alert.revision}  {alert.id}",
        *textwrap.wrap(alert.headline, width, initial_indent="    ", subsequent_indent="    "),
        f"    sources: {sources}",
        *textwrap.wrap(f"why: {alert.explanation.text}", width, initial_indent="    ", subsequent_indent="         "),
    ]
    for conflict in alert.conflicts:
        lines.append(f"    sources differ on {conflict}")
    if ack := alert.acknowledgement:
        news = "; UPDATED SINCE" if alert.updated_since_ack else ""
        lines.append(f"    acknowledged by {ack.by} at {ack.at:%Y-%m-%d %H:%M %Z} (rev {ack.revision}){news}")
    return "\n".join(lines)
