"""Counts: every count's windows of event time kept in faust tables, each item once; every changed window's total
published to `metrics.counts`."""
