"""Bytes on the wire: every message is the JSON form of its pydantic model, UTF-8."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def encode(message: BaseModel) -> bytes:
    # The bytes `model_dump_json` makes (every field, None included), without its decoding them to str
    # and our encoding them back.
    return message.__pydantic_serializer__.to_json(message, exclude_none=False)


def decode(model: type[M], data: bytes | str) -> M:
    return model.model_validate_json(data)


def encode_key(key: str | None) -> bytes | None:
    return key.encode() if key is not None else None
