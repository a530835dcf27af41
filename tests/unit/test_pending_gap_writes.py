"""A transaction's writes of one incident's pending gap, held to its end and made as one, leave what the same writes
made one by one leave, whatever the row was before (none, pending, or opened and waiting to be published)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from launchwatch.storage import Store

AT = datetime(2024, 10, 31, tzinfo=UTC)
WRITES = st.lists(st.tuples(st.sampled_from(["add", "set", "drop"]), st.integers(0, 3)), max_size=5)


def write(store: Store, kind: str, n: int) -> None:
    if kind == "drop":
        store.drop_pending_gaps([("inc-1", False)])
        return
    add_or_set = store.add_pending_gap if kind == "add" else store.set_pending_gap
    add_or_set("inc-1", False, f"alert-{n}", AT + timedelta(minutes=n), AT + timedelta(hours=n))


def row(store: Store) -> tuple[object, ...] | None:
    gaps = [g for g in store.due_gaps(False, AT + timedelta(days=1), None)] + store.opened_gaps(False)
    return next(((g.alert_id, g.raised_at, g.first_reported_at, g.opened_at) for g in gaps), None)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(before=st.sampled_from(["none", "pending", "opened"]), writes=WRITES)
def test_a_transaction_s_gap_writes_made_at_its_end_leave_what_they_leave_one_by_one(
    before: str, writes: list[tuple[str, int]]
) -> None:
    found = []
    for together in (False, True):
        store = Store("sqlite://")
        try:
            if before != "none":
                store.add_pending_gap("inc-1", False, "alert-old", AT, AT)
            if before == "opened":
                store.mark_gaps_opened([("inc-1", False)], AT)
            if together:
                with store.transaction():
                    for kind, n in writes:
                        write(store, kind, n)
            else:
                for kind, n in writes:
                    write(store, kind, n)
            found.append(row(store))
        finally:
            store.close()
    assert found[0] == found[1]
