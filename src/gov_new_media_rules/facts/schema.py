"""The JSON Schema of a facts document, derived from the attrs classes that read it.

Deriving it keeps the schema and the loader from drifting apart: a field added to ``Account`` is
in ``gnmr schema`` the moment it exists. Posts are the one place where the JSON differs from the
model (``published_at`` is given, ``published_on`` is derived), so they are described by hand.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

import attrs

from ..bounds import range_of
from ..dates import SUPPORTED_FROM, SUPPORTED_UNTIL
from ..model.params import REVIEW_STAGES
from ..model.vocab import ContentTag, RepostSource
from .model import Account, Post, PostColumns

__all__ = ["facts_schema"]

_DATETIME = {
    "type": "string",
    "description": "ISO 8601 date or date-time; without an offset it is read as Asia/Shanghai; "
    f"its Shanghai day lies in {SUPPORTED_FROM}..{SUPPORTED_UNTIL}",
}


def _type_schema(tp: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _type_schema(members[0], definitions) if len(members) == 1 else {"anyOf": [_type_schema(m, definitions) for m in members]}
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], definitions)}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if tp is dt.date:
        return {"type": "string", "format": "date", "description": f"a day in {SUPPORTED_FROM}..{SUPPORTED_UNTIL}"}
    if tp is PostColumns:  # how Account stores its posts; in JSON, a list of posts
        return {"type": "array", "items": _type_schema(Post, definitions)}
    if tp is Post:
        definitions.setdefault("Post", _post_schema())
        return {"$ref": "#/$defs/Post"}
    if attrs.has(tp):
        name = tp.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _class_schema(tp, definitions)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _class_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        schema = _type_schema(hints[field.name], definitions)
        bounds = range_of(field)
        if bounds is not None:
            target = next((s for s in schema.get("anyOf", ()) if "type" in s and s["type"] != "null"), schema)
            target["minimum"], target["maximum"] = bounds
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    described: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        described["required"] = required
    if cls.__doc__:
        described["description"] = " ".join(cls.__doc__.split())
    return described


def _post_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A post; published_at is its instant, original whether it is original content.",
        "properties": {
            "published_at": _DATETIME,
            "original": {"type": "boolean", "default": False},
            "tags": {"type": "array", "items": {"type": "string", "enum": [t.value for t in ContentTag]}},
            "repost_source": {"anyOf": [{"type": "string", "enum": [s.value for s in RepostSource]}, {"type": "null"}]},
            "reviews": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "stage": {"type": "integer", "minimum": REVIEW_STAGES[0], "maximum": REVIEW_STAGES[1], "description": "1 = 一审, 2 = 二审, 3 = 三审"},
                        "at": _DATETIME,
                        "role": {"type": ["string", "null"]},
                        "reviewer": {"type": ["string", "null"]},
                    },
                    "required": ["stage", "at"],
                    "additionalProperties": False,
                },
            },
            "id": {"type": ["string", "null"]},
        },
        "required": ["published_at"],
        "additionalProperties": False,
    }


def facts_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of a facts document; JSON Lines carry one ``Account`` per line."""
    definitions: dict[str, Any] = {}
    account = _type_schema(Account, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gov-new-media-rules/schema/facts.json",
        "title": "gov-new-media-rules facts",
        "description": (
            "Account facts for `gnmr check`. Dates are Asia/Shanghai. JSON Lines input carries one "
            "account object (#/$defs/Account) per line instead of this wrapper."
        ),
        "type": "object",
        "properties": {"accounts": {"type": "array", "items": account}},
        "required": ["accounts"],
        "additionalProperties": False,
        "$defs": definitions,
    }
