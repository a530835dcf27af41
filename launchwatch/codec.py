"""Bytes on the wire: every message is the JSON form of its pydantic model, UTF-8."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def encode(message: BaseModel) -> bytes:
    return message.model_dump_json(exclude_none=False).encode()


def decode(model: type[M], data: bytes | str) -> M:
    return model.model_validate_json(data)


def encode_key(key: str | None) -> bytes | None:
    return key.encode() if key is not None else None
