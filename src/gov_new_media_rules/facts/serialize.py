"""Facts out: ``Account`` and ``Facts`` objects back into the JSON that ``gnmr check`` reads.

The inverse of :mod:`.loading`: ``facts_from_json(facts_to_json(facts)) == facts`` for every facts
object whose posts keep the timestamp they were published with (``Post.published_at``), which is
every post the loader produces. A ``Post`` built in code without ``published_at`` is written with
its Asia/Shanghai date instead, and reads back with that date as its ``published_at``.

Fields that are ``None`` and lists that are empty are left out (the loader's defaults restore
them), enums become their string values and dates ISO 8601 strings, so the output goes straight
to ``json.dumps``.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import attrs

from .model import Account, Facts, Post, Review

__all__ = ["account_to_json", "facts_to_json", "post_to_json"]


def _plain(value: Any) -> Any:
    """A model value as JSON: enums to strings, dates to ISO strings, attrs objects to dicts."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if attrs.has(type(value)):
        return _object(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as facts JSON")


def _object(value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        item = getattr(value, field.name)
        if item is None or (isinstance(item, tuple | list) and not item):
            continue
        data[field.name] = _plain(item)
    return data


def _review_to_json(review: Review) -> dict[str, Any]:
    return _object(review)


def post_to_json(post: Post) -> dict[str, Any]:
    """One post as facts JSON: ``published_at`` and ``original``, plus the details it carries."""
    data: dict[str, Any] = {
        "published_at": post.published_at if post.published_at is not None else post.published_on.isoformat(),
        "original": post.original,
    }
    if post.tags is not None:  # [] means "declared, none of the categories"; absent, not declared
        data["tags"] = [_plain(t) for t in post.tags]
    if post.repost_source is not None:
        data["repost_source"] = _plain(post.repost_source)
    if post.reviews:
        data["reviews"] = [_review_to_json(r) for r in post.reviews]
    if post.id is not None:
        data["id"] = post.id
    return data


def account_to_json(account: Account) -> dict[str, Any]:
    """One account as facts JSON (also one line of a JSON Lines file)."""
    data: dict[str, Any] = {}
    for field in attrs.fields(Account):
        value = getattr(account, field.name)
        if field.name == "posts":
            if len(value):
                data["posts"] = [post_to_json(p) for p in value]
            continue
        if value is None or (isinstance(value, tuple | list) and not value):
            continue
        data[field.name] = _plain(value)
    return data


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """A whole facts document: ``{"accounts": [...]}``."""
    return {"accounts": [account_to_json(a) for a in facts.accounts]}
