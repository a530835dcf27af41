"""Alerts: one explained alert per (incident, commitment), revised as reports arrive, routed by precedence."""
