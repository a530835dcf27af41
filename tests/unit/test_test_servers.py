"""The throwaway servers the tests start: details that fail one start in many if wrong."""

from __future__ import annotations

import itertools

from tests.servers import kafka_cluster_id


def test_kafka_cluster_id_never_starts_with_a_dash() -> None:
    # 0xf8 as first byte encodes to "-" in URL-safe base64; StorageTool would take such an id for an option.
    draws = itertools.chain([b"\xf8" + bytes(15), b"\xfb" + bytes(15)], itertools.repeat(bytes(16)))
    cluster_id = kafka_cluster_id(lambda: next(draws))
    assert cluster_id == "AAAAAAAAAAAAAAAAAAAAAA"


def test_kafka_cluster_id_is_22_url_safe_characters() -> None:
    ids = {kafka_cluster_id() for _ in range(500)}
    assert len(ids) == 500
    assert all(len(i) == 22 and not i.startswith("-") and "=" not in i for i in ids)
