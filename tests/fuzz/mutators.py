"""Fuzz inputs: seeds, nasty values, structure-aware and byte-level mutators, case generators.

One set of mutators serves both the hypothesis suite (``tests/fuzz/test_*.py``, which hands in the
``random.Random`` that ``st.randoms()`` draws, so a failure replays and shrinks) and the long
campaign (``benchmarks/fuzz.py``, one ``random.Random(f"{seed}:{index}")`` per input, so a run is
the same whatever the number of processes and any input can be replayed alone). Everything here
draws from the ``rng`` it is given and from nothing else.

Inputs start from valid facts (hand-built seeds that use every section of an account, random valid
accounts, the shipped scenarios, overlays built from the shipped rules) and are then damaged where
a user's tool or typo would damage them: a field's value replaced by a nasty one, a key dropped,
added or misspelt, an id duplicated, the text cut or its bytes flipped. Most inputs stay small, so
that the campaign covers many; the huge and the deep ones come with a low weight.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import reprlib
import shlex
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
POLICIES = REPO / "policies"

# What ``gnmr jurisdictions --format json`` lists as places with documents of their own.
JURISDICTIONS = (
    "cn",
    "cn.shanxi.jincheng.zezhou",
    "cn.sichuan.yibin.gaoxian",
    "cn.jilin.changchun.xinqu",
    "cn.zhejiang.huzhou",
)
SUPPORTED = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
# The edges of the supported span and of ``datetime.date``, and ordinary days with holiday data.
AS_OF_DATES = (
    dt.date(1, 1, 1),
    dt.date(1999, 12, 31),
    dt.date(2000, 1, 1),
    dt.date(2024, 10, 8),
    dt.date(2025, 2, 11),
    dt.date(2025, 6, 30),
    dt.date(2026, 12, 31),
    dt.date(2099, 12, 31),
    dt.date(2100, 1, 1),
    dt.date(9999, 12, 31),
)
IN_SPAN_AS_OF = tuple(d for d in AS_OF_DATES if SUPPORTED[0] <= d <= SUPPORTED[1])
# How a person names a jurisdiction on the command line, near misses included.
JURISDICTION_NAMES = ("national", "cn", "zezhou", "泽州县", "HUZHOU", "gaoxian", "changchun-xinqu", "全国", "zezhuo", "", "cn.")


def pick(rng: Any, weighted: Sequence[tuple[float, T]]) -> T:
    """One of ``weighted``'s values, with probability proportional to its weight."""
    total = sum(weight for weight, _ in weighted)
    point = rng.random() * total
    for weight, value in weighted:
        point -= weight
        if point < 0:
            return value
    return weighted[-1][1]


_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother, _repr.maxlong = 3, 40, 40, 40
_repr.maxlist = _repr.maxdict = _repr.maxtuple = 4


def shown(value: object, limit: int = 80) -> str:
    """A value as a case description shows it: short and one line, however big, deep or cyclic."""
    try:
        text = _repr.repr(value)
    except Exception:  # a value whose repr fails is still named by its type
        text = f"<{type(value).__name__}>"
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Raw:
    """Text written verbatim into a JSON or TOML document: what no Python value serializes to
    (``NaN`` in JSON, a 5000-digit number, nesting deeper than any encoder recurses)."""

    text: str

    def __repr__(self) -> str:
        return f"Raw({shown(self.text, 30)})"


# -- seeds ----------------------------------------------------------------------------------------

def seed_accounts() -> list[dict[str, Any]]:
    """Valid accounts that between them use every section of the facts format (``gnmr schema``).

    Built fresh on each call: mutators change them in place.
    """
    return [
        {
            "id": "zz-wechat",
            "name": "泽州发布",
            "platform": "wechat",
            "account_type": "subscription",
            "host_unit": "泽州县人民政府办公室",
            "host_unit_kind": "county_or_above_government",
            "host_unit_level": "county",
            "verified_host_unit": "泽州县人民政府办公室",
            "main_account": True,
            "opened_on": "2022-03-01",
            "interaction_enabled": True,
            "in_national_filing_system": True,
            "operator": {"third_party": True, "subcontracted": False, "name": "某传媒公司"},
            "posts": [
                {"published_at": "2025-03-10T09:00:00+08:00", "original": True},
                {"published_at": "2025-03-12"},
                {"published_at": "2025-03-14 18:30:00", "original": False, "tags": ["rumour"], "id": "p3",
                 "reviews": [{"stage": 1, "at": "2025-03-14T10:00:00+08:00", "role": "编辑", "reviewer": "张三"},
                             {"stage": 2, "at": "2025-03-14T11:00:00+08:00", "role": "科室负责人"}]},
                {"published_at": "2025-03-20T01:00:00Z", "repost_source": "central_mainstream_media", "tags": []},
            ],
            "events": [
                {"type": "account_opened", "on": "2022-03-01"},
                {"type": "account_info_changed", "on": "2024-09-30", "note": "平台认证信息变更"},
                {"type": "staff_changed", "on": "2025-01-02"},
            ],
            "filings": [
                {"event": "account_opened", "recipient": "supervising_unit", "filed_on": "2022-03-04"},
                {"event": "account_info_changed", "recipient": "national_filing_system", "filed_on": "2024-10-12",
                 "event_on": "2024-09-30"},
            ],
            "notices": [{"level": "city", "on": "2024-05-06", "problem": "更新不及时"}, {"level": "county", "on": "2025-01-20"}],
            "interviews": [{"on": "2024-06-01", "note": "约谈"}],
            "practices": [{"practice": "buy_followers", "on": "2024-11-11", "note": "检查发现"}],
            "followers": [{"on": "2024-12-31", "count": 5200}],
        },
        {
            "id": "hz-weibo",
            "name": "吴兴文旅",
            "platform": "weibo",
            "host_unit": "湖州市吴兴区文化和广电旅游体育局",
            "host_unit_kind": "county_department",
            "host_unit_level": "county",
            "opened_on": "2023-01-01",
            "posts_from": "2025-02-28",
            "resident_population": 300000,
            "posts": [{"published_at": "2025-02-28"}, {"published_at": "2025-03-10T08:00:00+08:00", "original": True},
                      {"published_at": "2025-04-10"}],
            "assessments": [{"on": "2024-09-30", "effect_index": 88}, {"on": "2024-12-31", "effect_index": 79.5},
                            {"on": "2025-03-31", "effect_index": 60.25, "kind": "effect_index"}],
            "followers": [{"on": "2024-12-31", "count": 2900}, {"on": "2025-03-31", "count": 2950}],
            "exposures": [{"on": "2025-03-11", "rectified_on": "2025-03-13"}, {"on": "2025-04-01"}],
            "incidents": [{"kind": "leak", "on": "2025-01-15", "note": "泄密"}],
            "notices": [{"level": "province", "on": "2024-11-20"}, {"level": "national", "on": "2024-03-05"}],
        },
        {
            "id": "town-app",
            "name": "某镇之窗",
            "platform": "app",
            "host_unit": "某镇人民政府",
            "host_unit_kind": "township",
            "host_unit_level": "township",
            "content_form": "video",
            "ipv6": False,
            "opened_on": "2021-07-20",
            "posts": [{"published_at": "2024-12-30T23:59:59.500000+08:00"}],
            "events": [{"type": "account_opened", "on": "2021-07-20"},
                       {"type": "closure_announced", "on": "2025-01-06"},
                       {"type": "account_shut_down", "on": "2025-02-10", "reason": "cleanup"}],
            "filings": [{"event": "account_shut_down", "recipient": "zhejiang_platform", "filed_on": "2025-02-14"}],
        },
        {"id": "bare", "name": "长春新区发布", "platform": "douyin", "host_unit": "长春新区管委会"},
    ]


def seed_documents(rng: Any) -> dict[str, Any]:
    """A valid facts document: some of the hand-built seeds, or random valid accounts."""
    if rng.random() < 0.5:
        seeds = seed_accounts()
        chosen = rng.sample(seeds, rng.randint(1, len(seeds)))
    else:
        chosen = [random_account(rng, f"r{index}") for index in range(rng.randint(1, 3))]
    return {"accounts": chosen}


_PLATFORMS = ("wechat", "weibo", "douyin", "toutiao", "kuaishou", "baijiahao", "app", "other")
_ACCOUNT_TYPES = ("subscription", "service", "channels", "mini_program")
_UNIT_KINDS = ("county_or_above_government", "state_council_department", "administrative_organ",
               "institution_with_admin_functions", "internal_body", "individual", "township", "county_department",
               "enterprise_or_institution_public_service", "development_zone")
_UNIT_LEVELS = ("national", "province", "city", "county", "township")
_EVENTS = ("account_opened", "account_info_changed", "host_unit_changed", "staff_changed", "closure_announced",
           "change_announced", "account_shut_down", "account_cancelled")
_RECIPIENTS = ("supervising_unit", "national_filing_system", "zhejiang_platform")
_TAGS = ("commercial_ad", "personal_opinion", "rumour", "state_secret", "prohibited_by_law", "harmful_information")
_SOURCES = ("party_government_website", "designated_source", "central_mainstream_media", "other")
_NOTICE_LEVELS = ("national", "province", "city", "county")
_INCIDENTS = ("security", "leak", "legal_violation")
_PRACTICES = ("buy_followers", "force_download", "force_like_or_share", "fake_data")


def _day(rng: Any, start: dt.date = dt.date(2019, 1, 1), end: dt.date = dt.date(2026, 6, 30)) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _timestamp(rng: Any, day: dt.date) -> str:
    """A ``published_at`` in one of the shapes platforms export."""
    time = f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    return pick(rng, (
        (3, day.isoformat()),
        (3, f"{day}T{time}+08:00"),
        (1, f"{day} {time}"),
        (1, f"{day}T{time}Z"),
        (1, f"{day}T{time}.250000-05:00"),
        (1, f"{day}T{time}"),
    ))


def random_account(rng: Any, account_id: str) -> dict[str, Any]:
    """A valid account with random values from every vocabulary, dated between 2019 and mid-2026."""
    opened = _day(rng)
    account: dict[str, Any] = {
        "id": account_id,
        "name": rng.choice(("泽州发布", "高县教育", "吴兴文旅", "长春新区发布", "某镇之窗")),
        "platform": rng.choice(_PLATFORMS),
        "host_unit": rng.choice(("泽州县人民政府办公室", "高县教育局", "湖州市某区某局", "长春新区管委会", "某镇人民政府")),
    }
    optional: dict[str, Callable[[], Any]] = {
        "account_type": lambda: rng.choice(_ACCOUNT_TYPES),
        "content_form": lambda: rng.choice(("text", "video")),
        "main_account": lambda: rng.random() < 0.5,
        "host_unit_kind": lambda: rng.choice(_UNIT_KINDS),
        "host_unit_level": lambda: rng.choice(_UNIT_LEVELS),
        "opened_on": opened.isoformat,
        "posts_from": lambda: _day(rng, opened).isoformat(),
        "resident_population": lambda: rng.choice((0, 1, 50_000, 300_000)),
        "ipv6": lambda: rng.random() < 0.5,
        "interaction_enabled": lambda: rng.random() < 0.5,
        "in_national_filing_system": lambda: rng.random() < 0.5,
        "operator": lambda: {"third_party": rng.random() < 0.5, "subcontracted": rng.random() < 0.3},
        "events": lambda: [{"type": rng.choice(_EVENTS), "on": _day(rng, opened).isoformat()} for _ in range(rng.randint(1, 3))],
        "filings": lambda: [{"event": rng.choice(_EVENTS), "recipient": rng.choice(_RECIPIENTS),
                             "filed_on": _day(rng, opened).isoformat()} for _ in range(rng.randint(1, 2))],
        "notices": lambda: [{"level": rng.choice(_NOTICE_LEVELS), "on": _day(rng, opened).isoformat()} for _ in range(rng.randint(1, 3))],
        "interviews": lambda: [{"on": _day(rng, opened).isoformat()}],
        "assessments": lambda: [{"on": _day(rng, opened).isoformat(), "effect_index": rng.choice((0.0, 60.25, 79.5, 80, 92.0, 100))}
                                for _ in range(rng.randint(1, 3))],
        "incidents": lambda: [{"kind": rng.choice(_INCIDENTS), "on": _day(rng, opened).isoformat()}],
        "followers": lambda: [{"on": _day(rng, opened).isoformat(), "count": rng.choice((0, 10, 2900, 10**6))}
                              for _ in range(rng.randint(1, 3))],
        "exposures": lambda: [{"on": _day(rng, opened).isoformat(), **({"rectified_on": _day(rng, opened).isoformat()}
                                                                       if rng.random() < 0.5 else {})}],
        "practices": lambda: [{"practice": rng.choice(_PRACTICES), "on": _day(rng, opened).isoformat()}],
    }
    for name, make in optional.items():
        if rng.random() < 0.35:
            account[name] = make()
    if rng.random() < 0.9:
        start = _day(rng, max(opened, dt.date(2024, 1, 1)))
        posts = []
        for _ in range(rng.randint(0, 40)):
            post: dict[str, Any] = {"published_at": _timestamp(rng, start + dt.timedelta(days=rng.randrange(200)))}
            if rng.random() < 0.4:
                post["original"] = rng.random() < 0.5
            if rng.random() < 0.1:
                post["tags"] = rng.sample(_TAGS, rng.randint(0, 2))
            if rng.random() < 0.05:
                post["repost_source"] = rng.choice(_SOURCES)
            if rng.random() < 0.05:
                post["reviews"] = [{"stage": stage, "at": post["published_at"][:10]} for stage in range(1, rng.randint(2, 4))]
            posts.append(post)
        account["posts"] = posts
    return account


# -- nasty values ---------------------------------------------------------------------------------

DEEP = 5000  # levels of nesting: deeper than any recursive decoder, encoder or repr goes
HUGE = 100_000  # characters of a long string, items of a huge list

NASTY_DATES = (
    "9999-12-31", "0001-01-01", "2025-02-30", "2025-02-29", "2024-02-29", "2025-13-01", "2025-00-10",
    "2025-01-01T10:00:00+24:00", "2025-01-01T10:00:00-25:00", "2025-01-01T10:00:00+23:59", "10000-01-01",
    "1999-12-31", "2100-01-01", "2099-12-31T23:00:00-08:00", "1999-12-31T20:00:00Z", "2025-06-30T24:00:00",
    "2025-06-30T23:59:60", "2025-W27-1", "2025-181", "20250630", "2025-06", "2025", "2025-W27", " 2025-06-30",
    "2025-06-30\n", "２０２５-０６-３０", "٢٠٢٥-٠٦-٣٠", "2025-06-30T10:00:00.123456789+08:00", "-2025-06-30",
    "+2025-06-30", "2025-06-30T10:00:00+08", "2025-06-30T10:00+0800", "2025-06-30t10:00:00z", "2025-06-30T99:99:99",
    "P1D", "2025-06-30/2025-07-01", "T10:00:00", "1970-01-01T00:00:00Z",
)


def _deep(depth: int = DEEP) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def _cycle() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


def _cyclic_dict() -> dict[str, Any]:
    value: dict[str, Any] = {"id": "loop"}
    value["self"] = value
    return value


class _BadRepr:
    """A Python object no message may ``repr`` without care."""

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")


# (weight, factory) per serialization: "api" for Python objects handed to the API, "json" for values
# that end up in JSON text, "toml" for values in a TOML file (no null; dates are a type of their own).
_COMMON: tuple[tuple[float, Callable[[], Any]], ...] = (
    (3, lambda: ""),
    (3, lambda: "a\ud83d"),
    (1, lambda: "\ud800"),
    (1, lambda: "x" * HUGE),
    (1, lambda: "line\nbreak\r"),
    (1, lambda: "\x00"),
    (1, lambda: "\u2028"),
    (1, lambda: "null"),
    (1, lambda: "galaxy"),
    (1, lambda: "😀" * 50),
    (2, lambda: -1),
    (2, lambda: 0),
    (2, lambda: 2**63),
    (1, lambda: 2**62),
    (1, lambda: -(2**63) - 1),
    (2, lambda: 10**400),
    (2, lambda: float("nan")),
    (2, lambda: float("inf")),
    (1, lambda: float("-inf")),
    (2, lambda: 1e308),
    (1, lambda: -0.0),
    (1, lambda: 0.5),
    (2, lambda: True),
    (1, lambda: False),
    (2, list),
    (2, dict),
    (1, lambda: [[]]),
    (1, lambda: {"x": 1}),
)
_DATES_AS_TEXT = tuple((1.0, (lambda d=d: d)) for d in NASTY_DATES)
_POOLS: dict[str, tuple[tuple[float, Callable[[], Any]], ...]] = {
    "api": (
        *_COMMON,
        *_DATES_AS_TEXT,
        (4, lambda: None),
        (1, _deep),
        (1, lambda: [0] * HUGE),
        (1, _cycle),
        (1, _cyclic_dict),
        (1, lambda: b"2025-06-30"),
        (1, lambda: ("2025-06-30",)),
        (1, lambda: {"2025-06-30"}),
        (1, lambda: dt.date(2025, 6, 30)),
        (1, lambda: dt.datetime(9999, 12, 31, 23, 59)),
        (1, lambda: dt.date(1, 1, 1)),
        (1, lambda: {1: "non-string key"}),
        (1, lambda: {None: 1, "x": 2}),
        (1, _BadRepr),
        (1, lambda: 2.5j),
    ),
    "json": (
        *_COMMON,
        *_DATES_AS_TEXT,
        (4, lambda: None),
        (1, lambda: Raw("[" * DEEP + "]" * DEEP)),
        (1, lambda: Raw('{"a":' * DEEP + "1" + "}" * DEEP)),
        (1, lambda: [0] * HUGE),
        (2, lambda: Raw("NaN")),
        (2, lambda: Raw("Infinity")),
        (1, lambda: Raw("-Infinity")),
        (2, lambda: Raw("1e999")),
        (1, lambda: Raw("1" + "0" * 5000)),
        (1, lambda: Raw('"\\ud83d"')),
        (1, lambda: Raw('"\\udc00\\ud800"')),
        (1, lambda: Raw("-0")),
    ),
    "toml": (
        *_COMMON,
        *_DATES_AS_TEXT,
        (1, lambda: Raw("[" * DEEP + "]" * DEEP)),
        (1, lambda: [0] * 1_000),
        (1, lambda: dt.date(9999, 12, 31)),
        (1, lambda: dt.date(1, 1, 1)),
        (1, lambda: dt.date(1999, 12, 31)),
        (1, lambda: dt.date(2100, 1, 1)),
        (1, lambda: dt.datetime(2025, 6, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=14)))),
        (1, lambda: dt.time(10, 0)),
        (1, lambda: "months"),
        (1, lambda: "fortnights"),
        (1, lambda: "superior"),
    ),
}


def nasty(rng: Any, mode: str) -> Any:
    """A value that a careless tool, a typo or a hostile user could put where any value goes."""
    return pick(rng, _POOLS[mode])()


NEAR_MISS_KEYS = ("plaform", "postss", "publised_at", "Platform", "host-unit", "effectindex", "accounts", "id", "x", "",
                  " ", "a\nb", "a\ud83d", "__proto__", "ｉｄ", "k" * 500)
API_KEYS: tuple[Any, ...] = (1, None, True, 1.5, ("t",), b"id", frozenset())


# -- structure-aware mutation ---------------------------------------------------------------------

@dataclass
class Slot:
    """A place in a tree of dicts and lists: ``parent[key]``, named ``path`` (as an error would)."""

    parent: Any
    key: Any
    path: str

    @property
    def value(self) -> Any:
        return self.parent[self.key]


def slots(tree: Any, limit_items: int = 40, max_depth: int = 12) -> list[Slot]:
    """Every slot of ``tree`` down to ``max_depth``; long lists are sampled at both ends, and a
    container seen twice (a cycle) is entered once, so a tree that a mutation made huge, deep or
    cyclic is still walked in bounded time."""
    found: list[Slot] = []
    stack: list[tuple[Any, str, int]] = [(tree, "", 0)]
    seen: set[int] = set()
    while stack:
        node, path, depth = stack.pop()
        if id(node) in seen or depth >= max_depth:
            continue
        seen.add(id(node))
        if type(node) is dict:
            items: Iterator[tuple[Any, str]] = ((k, f"{path}.{k}" if path else str(k)) for k in list(node))
        elif type(node) is list:
            indices = range(len(node)) if len(node) <= limit_items else [*range(limit_items // 2), *range(len(node) - limit_items // 2, len(node))]
            items = ((i, f"{path}[{i}]") for i in indices)
        else:
            continue
        for key, child_path in items:
            found.append(Slot(node, key, child_path))
            child = node[key]
            if type(child) in (dict, list):
                stack.append((child, child_path, depth + 1))
    return found


def _near_miss(rng: Any, key: str) -> str:
    """A key as a typo or another tool would spell it."""
    if not key:
        return "x"
    i = rng.randrange(len(key))
    return pick(rng, (
        (3, key[:i] + key[i + 1:]),                                              # a letter dropped: plaform
        (2, key[:i] + key[i + 1: i + 2] + key[i: i + 1] + key[i + 2:]),          # two swapped
        (1, key.upper()),
        (1, key.replace("_", "-")),
        (1, key + "s"),
        (1, key + " "),
        (1, key[:i] + "\u200b" + key[i:]),                                       # a zero-width space
        (1, key.replace("_", "")),
    ))


def _replace(rng: Any, tree: Any, mode: str) -> str | None:
    spots = slots(tree)
    if not spots:
        return None
    spot = rng.choice(spots)
    value = nasty(rng, mode)
    spot.parent[spot.key] = value
    return f"{spot.path} := {shown(value)}"


def _date_edge(rng: Any, tree: Any, mode: str) -> str | None:
    """A date field given a day at or past an edge: the commonest damage a user's export does."""
    spots = [s for s in slots(tree) if isinstance(s.value, str | dt.date) and str(s.value)[:2] in ("19", "20")]
    if not spots:
        return None
    spot = rng.choice(spots)
    value = rng.choice(NASTY_DATES)
    spot.parent[spot.key] = value
    return f"{spot.path} := {shown(value)}"


def _delete(rng: Any, tree: Any, mode: str) -> str | None:
    spots = slots(tree)
    if not spots:
        return None
    spot = rng.choice(spots)
    del spot.parent[spot.key]
    return f"del {spot.path}"


def _add_key(rng: Any, tree: Any, mode: str) -> str | None:
    tables = [tree] if type(tree) is dict else []
    tables += [s.value for s in slots(tree) if type(s.value) is dict]
    if not tables:
        return None
    table = rng.choice(tables)
    key = rng.choice(API_KEYS) if mode == "api" and rng.random() < 0.3 else rng.choice(NEAR_MISS_KEYS)
    value = nasty(rng, mode) if rng.random() < 0.5 else "2025-06-30"
    table[key] = value
    return f"add key {shown(key)} = {shown(value)}"


def _rename(rng: Any, tree: Any, mode: str) -> str | None:
    spots = [s for s in slots(tree) if type(s.parent) is dict and type(s.key) is str]
    if not spots:
        return None
    spot = rng.choice(spots)
    new = _near_miss(rng, spot.key)
    spot.parent[new] = spot.parent.pop(spot.key)
    return f"rename {spot.path} -> {shown(new)}"


def _duplicate(rng: Any, tree: Any, mode: str) -> str | None:
    """An item of a list twice: duplicate account ids, two identical posts or conditions."""
    spots = [s for s in slots(tree) if type(s.parent) is list]
    if not spots:
        return None
    spot = rng.choice(spots)
    spot.parent.insert(spot.key, _copy(spot.value))
    return f"duplicate {spot.path}"


def _retype(rng: Any, tree: Any, mode: str) -> str | None:
    """A value in a container of its own, or as text: what a tool that guesses types writes."""
    spots = slots(tree)
    if not spots:
        return None
    spot = rng.choice(spots)
    value = spot.value
    if type(value) in (dict, list) and not value:
        return None
    new = pick(rng, ((2, lambda: [value]), (1, lambda: {"value": value}), (2, lambda: str(value)[:200])))()
    spot.parent[spot.key] = new
    return f"{spot.path} := {shown(new)}"


def _many(rng: Any, tree: Any, mode: str) -> str | None:
    """A list grown long: a year of posts, or ten thousand copies of one item."""
    spots = [s for s in slots(tree) if type(s.value) is list and s.value]
    if not spots:
        return None
    spot = rng.choice(spots)
    # TOML files are read by a recursive, pure-Python parser: long lists there cost a thousand
    # times more per item than in JSON, and say nothing new past a few hundred.
    count = 300 if mode == "toml" else pick(rng, ((4, 1_000), (1, 20_000)))
    item = spot.value[0]
    if type(item) in (dict, list) and len(slots(item)) > 20:  # a whole account: thousands are plenty
        count = min(count, 2_000)
    spot.parent[spot.key] = [_copy(item) for _ in range(count)] if type(item) in (dict, list) else [item] * count
    return f"{spot.path} := {count} x {shown(item, 40)}"


TREE_OPERATORS: tuple[tuple[float, Callable[[Any, Any, str], str | None]], ...] = (
    (6, _replace),
    (4, _date_edge),
    (3, _delete),
    (3, _add_key),
    (3, _rename),
    (2, _duplicate),
    (2, _retype),
    (0.3, _many),
)


def _copy(value: Any) -> Any:
    """A copy of a tree of dicts and lists, made without recursion (values may be 5000 deep)."""
    if type(value) not in (dict, list):
        return value
    memo: dict[int, Any] = {}
    root = type(value)()
    memo[id(value)] = root
    stack = [(value, root)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if type(source) is dict else enumerate(source)
        for key, item in pairs:
            if type(item) in (dict, list):
                if id(item) not in memo:
                    memo[id(item)] = type(item)()
                    stack.append((item, memo[id(item)]))
                item = memo[id(item)]
            if type(target) is dict:
                target[key] = item
            else:
                target.append(item)
    return root


# Only dates moved to an edge: facts that mostly still load, for the engine to judge.
DATE_OPERATORS: tuple[tuple[float, Callable[[Any, Any, str], str | None]], ...] = ((1, _date_edge),)


def mutate_tree(rng: Any, tree: Any, mode: str, rounds: int | None = None,
                operators: Sequence[tuple[float, Callable[[Any, Any, str], str | None]]] = TREE_OPERATORS) -> list[str]:
    """Damage ``tree`` in place by one to three operators; returns what was done, one line each."""
    done: list[str] = []
    for _ in range(rounds if rounds is not None else pick(rng, ((6, 1), (3, 2), (1, 3)))):
        for _attempt in range(4):  # an operator may find nothing to work on
            step = pick(rng, operators)(rng, tree, mode)
            if step is not None:
                done.append(step)
                break
    return done


# -- text and bytes -------------------------------------------------------------------------------

def _raw_marker(index: int) -> str:
    return f"\x01fuzz-raw-{index}\x01"


def to_json_text(value: Any, rng: Any) -> str:
    """``value`` as JSON text, ``Raw`` parts verbatim, NaN and Infinity as Python writes them
    (``allow_nan=True``), escaped or not, indented or not."""
    raws: list[str] = []

    def default(item: Any) -> Any:
        if isinstance(item, Raw):
            raws.append(item.text)
            return _raw_marker(len(raws) - 1)
        return str(item)

    text = json.dumps(value, allow_nan=True, ensure_ascii=rng.random() < 0.3, default=default,
                      indent=2 if rng.random() < 0.2 else None)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(_raw_marker(index)), raw, 1)
    return text


def to_json_lines(document: Any, rng: Any) -> str:
    """A facts document as JSON Lines (one account per line), if it has a list of accounts."""
    accounts = document.get("accounts") if type(document) is dict else None
    if type(accounts) is not list:
        return to_json_text(document, rng)
    ending = "\r\n" if rng.random() < 0.1 else "\n"
    return ending.join(to_json_text(account, rng) for account in accounts) + ending


def _text_duplicate_key(rng: Any, text: str) -> tuple[str, str] | None:
    """A key twice in one object, which JSON parsers settle by keeping the last."""
    start = text.find("{", rng.randrange(max(1, len(text))))
    if start < 0:
        return None
    key = rng.choice(('"id": "dup", ', '"platform": "galaxy", ', '"posts": [], ', '"accounts": [], '))
    return text[: start + 1] + key + text[start + 1:], f"insert {key.strip()!r} after character {start}"


BYTE_OPERATORS: tuple[tuple[float, str], ...] = (
    (3, "truncate"), (3, "flip"), (2, "nul"), (2, "insert"), (2, "delete"), (1, "repeat"), (1, "bom"), (1, "invalid"),
)


def mutate_bytes(rng: Any, data: bytes) -> tuple[bytes, list[str]]:
    """Byte-level damage: a cut-off download, a flipped bit, a NUL, a slice gone or repeated, a BOM,
    bytes that are not UTF-8 (a stray 0xFF, an overlong NUL, an encoded surrogate)."""
    done: list[str] = []
    for _ in range(pick(rng, ((6, 1), (3, 2), (1, 4)))):
        op = pick(rng, BYTE_OPERATORS)
        at = rng.randrange(len(data) + 1)
        if op == "truncate":
            data = data[:at]
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
        elif op == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif op == "insert":
            data = data[:at] + rng.choice((b"{", b"}", b"[", b"]", b",", b'"', b":", b"\\", b"\n", b"-", b"e9")) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + rng.randint(1, 16):]
        elif op == "repeat":
            data = data[:at] + data[at: at + 64] * rng.randint(2, 5) + data[at:]
        elif op == "bom":
            data = b"\xef\xbb\xbf" + data
        else:
            data = data[:at] + rng.choice((b"\xff", b"\xc0\x80", b"\xed\xa0\xbd", b"\xe6\xb3")) + data[at:]
        done.append(f"bytes {op} at {at}")
    return data, done


_TEXT_ALPHABET = '{}[]:,"\\ \n\t0123456789.-+eE accountsNaInfinitytruefalsenull泽州\u0000\u2028\ud83d\x7fZT'
_TOKENS = ('{', '}', '[', ']', ':', ',', '"accounts"', '"posts"', '"published_at"', '"2025-06-30"', '0', '-1', '1e999',
           'NaN', 'Infinity', 'true', 'null', '"\\ud83d"', '"x"', ' ', '\n')


def random_text(rng: Any) -> str:
    """Text that is not a facts document: characters, or JSON tokens in random order."""
    size = pick(rng, ((4, rng.randint(0, 40)), (1, rng.randint(41, 400))))
    if rng.random() < 0.5:
        return "".join(rng.choice(_TEXT_ALPHABET) for _ in range(size))
    return "".join(rng.choice(_TOKENS) for _ in range(size))


def random_bytes(rng: Any) -> bytes:
    size = pick(rng, ((4, rng.randint(0, 64)), (1, rng.randint(65, 2048))))
    return rng.getrandbits(8 * size).to_bytes(size, "little") if size else b""


# -- TOML -----------------------------------------------------------------------------------------

def _toml_key(key: Any) -> str:
    text = str(key)
    return text if text and all(c.isascii() and (c.isalnum() or c in "_-") for c in text) else _toml_string(text)


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's, but TOML wants DEL escaped as well.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    """One TOML value, every table inline. Floats that TOML has words for (nan, inf) use them."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value if v is not None) + "]"
    return _toml_string(str(value))


def to_toml(data: dict[str, Any]) -> str:
    """A TOML document: each top-level key on its own line, everything below it inline."""
    return "".join(f"{_toml_key(k)} = {toml_value(v)}\n" for k, v in data.items() if v is not None)


def encode(text: str) -> bytes:
    """Text as the bytes of a file; a lone surrogate goes in as the bytes a careless encoder
    writes for it, which no UTF-8 reader accepts."""
    return text.encode("utf-8", "surrogatepass")


# -- cases ----------------------------------------------------------------------------------------

@dataclass
class Case:
    """One input and the entry point it goes in by.

    ``entry`` names the entry point (``harness.py`` lists them); ``payload`` is text, bytes or
    Python objects, as that entry takes them. ``steps`` say how the input was made, for a person
    reading a failure.
    """

    entry: str
    payload: Any
    steps: list[str] = field(default_factory=list)
    jurisdiction: str = "cn"
    as_of: dt.date = dt.date(2025, 6, 30)
    evaluate: bool = True  # run the engine if the input loads
    table: bool = False  # render the text table too
    argv: tuple[str, ...] = ()  # the rest of the command line, for the "cli" entry
    folder: str = ""  # the scenario folder whose companion files a scenario may name

    def describe(self, limit: int = 400) -> str:
        how = "; ".join(self.steps) or "unmutated"
        if self.argv:
            where = shlex.join(("gnmr", "check", "FACTS", *self.argv))
        else:
            where = f"{self.jurisdiction} as of {self.as_of}" if self.evaluate else "not evaluated"
        text = f"{self.entry} [{where}]: {how}"
        return text if len(text) <= limit else text[: limit - 1] + "…"


def _engine_plan(rng: Any, case: Case, share: float) -> Case:
    case.jurisdiction = rng.choice(JURISDICTIONS)
    case.as_of = rng.choice(AS_OF_DATES)
    case.evaluate = rng.random() < share
    case.table = case.evaluate and rng.random() < 0.2
    return case


def facts_text_case(rng: Any, engine_share: float = 1.0, document: dict[str, Any] | None = None) -> Case:
    """A facts document (valid, or damaged in its structure) as JSON or JSON Lines text, sometimes
    damaged in its bytes too; text that is no longer UTF-8 goes in as a file."""
    document = document if document is not None else seed_documents(rng)
    steps = mutate_tree(rng, document, "json") if rng.random() < 0.85 else []
    lines = rng.random() < 0.3
    text = to_json_lines(document, rng) if lines else to_json_text(document, rng)
    steps.insert(0, "JSON Lines" if lines else "JSON")
    if rng.random() < 0.15:
        made = _text_duplicate_key(rng, text)
        if made is not None:
            text, step = made
            steps.append(step)
    if rng.random() < 0.25:
        data, byte_steps = mutate_bytes(rng, encode(text))
        steps += byte_steps
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _engine_plan(rng, Case("facts-file", data, steps), engine_share)
    if rng.random() < 0.3:
        return _engine_plan(rng, Case("facts-file", encode(text), steps), engine_share)
    return _engine_plan(rng, Case("facts-text", text, steps), engine_share)


def facts_api_case(rng: Any, engine_share: float = 1.0, document: dict[str, Any] | None = None) -> Case:
    """A facts document or one account as Python objects, damaged with values JSON cannot hold
    (cycles, bytes, non-string keys, objects whose repr fails) as well."""
    document = document if document is not None else seed_documents(rng)
    if rng.random() < 0.3 and type(document.get("accounts")) is list and document["accounts"]:
        account = rng.choice(document["accounts"])
        steps = mutate_tree(rng, account, "api") if rng.random() < 0.85 else []
        return _engine_plan(rng, Case("account-api", account, steps), engine_share)
    steps = mutate_tree(rng, document, "api") if rng.random() < 0.85 else []
    if rng.random() < 0.05:
        document, steps = nasty(rng, "api"), [f"the whole document := {shown(document)}"]
    return _engine_plan(rng, Case("facts-api", document, steps), engine_share)


def random_facts_case(rng: Any, engine_share: float = 1.0) -> Case:
    """Random bytes or random text as a facts file."""
    if rng.random() < 0.5:
        data = random_bytes(rng)
        return _engine_plan(rng, Case("facts-file", data, [f"{len(data)} random bytes"]), engine_share)
    text = random_text(rng)
    return _engine_plan(rng, Case("facts-text", text, [f"random text {shown(text, 60)}"]), engine_share)


def cli_case(rng: Any) -> Case:
    """``gnmr check -j J --as-of DAY FACTS --format json|table``, run in-process, with a day and a
    jurisdiction as a person types them."""
    source = facts_text_case(rng) if rng.random() < 0.9 else random_facts_case(rng)
    data = source.payload if isinstance(source.payload, bytes) else encode(source.payload)
    day = pick(rng, ((4, rng.choice(AS_OF_DATES).isoformat()), (1, rng.choice(NASTY_DATES))))
    argv = ("-j", rng.choice(JURISDICTION_NAMES), "--as-of", day, "--format", rng.choice(("json", "json", "table")))
    if rng.random() < 0.2:
        argv += ("--lines",)
    return Case("cli", data, source.steps, evaluate=True, argv=argv)


# -- overlays -------------------------------------------------------------------------------------

@functools.cache
def shipped_rules() -> dict[str, tuple[dict[str, Any], str, str]]:
    """Every shipped checkable rule as written in its rules.toml, with the id of its document and
    of the jurisdiction its folder is in."""
    found: dict[str, tuple[dict[str, Any], str, str]] = {}
    for path in sorted(POLICIES.rglob("rules.toml")):
        folder = path.parent
        document = tomllib.loads((folder / "document.toml").read_text(encoding="utf-8"))["id"]
        jurisdiction = ".".join(folder.relative_to(POLICIES).parts[:-1])
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rules", []):
            if rule.get("checkable"):
                found[rule["id"]] = (rule, document, jurisdiction)
    return found


def overlay_seed(rng: Any) -> tuple[dict[str, Any], str]:
    """A valid overlay: one to three shipped checkable rules restated as what-if refinements of
    themselves (same params, same verbatim quotes), laid on their own jurisdiction."""
    rules = shipped_rules()
    jurisdiction = rng.choice(sorted({j for _, _, j in rules.values()}))
    mine = sorted(rule_id for rule_id, (_, _, j) in rules.items() if j == jurisdiction)
    chosen = rng.sample(mine, min(len(mine), rng.randint(1, 3)))
    written = []
    for index, rule_id in enumerate(chosen):
        raw, document, _ = rules[rule_id]
        rule = _copy({k: v for k, v in raw.items() if k not in ("refines", "replaces", "lineage")})
        rule["id"] = f"what-if.fuzz.r{index}"
        rule["refines"] = rule_id
        rule["sources"] = [{"document": document, **source} for source in rule.get("sources", [])]
        written.append(rule)
    header = {"id": "what-if-fuzz", "title": "假设（模糊测试）", "on": jurisdiction}
    return {"overlay": header, "rules": written}, jurisdiction


def _params_slots(tree: Any) -> list[Slot]:
    return [s for s in slots(tree) if ".params" in s.path]


def _param_number(rng: Any, tree: Any, mode: str) -> str | None:
    spots = [s for s in _params_slots(tree) if type(s.value) in (int, float)]
    if not spots:
        return None
    spot = rng.choice(spots)
    spot.parent[spot.key] = value = rng.choice((-1, 0, 2**62, 2**63, 10**400, 0.5, -0.5, 1e308, float("nan"), float("inf"), 1))
    return f"{spot.path} := {shown(value)}"


def _param_word(rng: Any, tree: Any, mode: str) -> str | None:
    """A unit, level, trigger or other word of a parameter changed: to a wrong unit (months where
    days are meant), a level that does not exist, or another valid word."""
    spots = [s for s in _params_slots(tree) if type(s.value) is str]
    if not spots:
        return None
    spot = rng.choice(spots)
    words = ("months", "years", "weeks", "calendar_days", "working_days", "fortnights", "galaxy", "superior", "city",
             "new_area", "township", "", "at_limit", "previous_calendar_year", "account_opened")
    spot.parent[spot.key] = value = rng.choice(words)
    return f"{spot.path} := {value!r}"


def _param_drop(rng: Any, tree: Any, mode: str) -> str | None:
    spots = [s for s in _params_slots(tree) if type(s.parent) is dict]
    if not spots:
        return None
    spot = rng.choice(spots)
    del spot.parent[spot.key]
    return f"del {spot.path}"


def _rule_twice(rng: Any, tree: Any, mode: str) -> str | None:
    rules = tree.get("rules")
    if type(rules) is not list or not rules:
        return None
    rules.append(_copy(rng.choice(rules)))
    return "a rule twice (same id)"


def _rule_header(rng: Any, tree: Any, mode: str) -> str | None:
    """What the overlay or one of its rules points at, changed: another jurisdiction, another rule,
    no rule (a new rule), replaces instead of refines, dates of force."""
    rules = tree.get("rules")
    header = tree.get("overlay")
    if rng.random() < 0.3 and type(header) is dict:
        header["on"] = value = rng.choice(JURISDICTION_NAMES + ("cn.zhejiang", "atlantis"))
        return f"overlay.on := {value!r}"
    if type(rules) is not list or not rules or type(rules[0]) is not dict:
        return None
    index = rng.randrange(len(rules))
    rule = rules[index]
    if type(rule) is not dict:
        return None
    change = rng.randrange(5)
    if change == 0:
        rule.pop("refines", None)
        return f"rules[{index}]: refines removed (a new rule)"
    if change == 1:
        rule["replaces"] = rule.pop("refines", rng.choice(sorted(shipped_rules())))
        return f"rules[{index}]: replaces instead of refines"
    if change == 2:
        rule["refines"] = value = rng.choice((*sorted(shipped_rules()), "cn.nothing.here", rule.get("id", "x")))
        return f"rules[{index}].refines := {value!r}"
    key = rng.choice(("effective_from", "effective_until"))
    rule[key] = value = rng.choice((dt.date(2025, 1, 1), dt.date(1999, 12, 31), dt.date(9999, 12, 31), dt.date(2030, 1, 1)))
    return f"rules[{index}].{key} := {value}"


OVERLAY_OPERATORS = (*TREE_OPERATORS, (6, _param_number), (5, _param_word), (3, _param_drop), (1, _rule_twice),
                     (3, _rule_header))


def overlay_case(rng: Any) -> Case:
    """A what-if overlay file, mutated in its parameters and what it points at, or in its text."""
    data, jurisdiction = overlay_seed(rng)
    steps = mutate_tree(rng, data, "toml", operators=OVERLAY_OPERATORS) if rng.random() < 0.9 else []
    text = to_toml(data)
    raw = encode(text)
    if rng.random() < 0.1:
        raw, byte_steps = mutate_bytes(rng, raw)
        steps += byte_steps
    # Evaluated under the jurisdiction it is on, or one below it, on a day the rules are in force.
    below = [j for j in JURISDICTIONS if j == jurisdiction or j.startswith(jurisdiction + ".")]
    day = rng.choice(tuple(d for d in IN_SPAN_AS_OF if d.year >= 2023))
    return Case("overlay", raw, steps, jurisdiction=rng.choice(below), as_of=day)


# -- scenarios ------------------------------------------------------------------------------------

def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*/*.toml"))


def scenario_case(rng: Any) -> Case:
    """A ``gnmr test`` scenario: a shipped one mutated in its structure or its bytes, nested 5000
    deep, or random text."""
    path = rng.choice(scenario_files())
    text = path.read_text(encoding="utf-8")
    how = pick(rng, ((6, "tree"), (2, "bytes"), (1, "deep"), (1, "random")))
    steps = [f"from {path.relative_to(REPO)}"]
    if how == "tree":
        tree = tomllib.loads(text)
        steps += mutate_tree(rng, tree, "toml")
        raw = encode(to_toml(tree))
    elif how == "bytes":
        raw, byte_steps = mutate_bytes(rng, encode(text))
        steps += byte_steps
    elif how == "deep":
        key = rng.choice(("a", "facts", "expect", "overlays"))
        raw = encode(text + f"\n{key} = " + "[" * DEEP + "]" * DEEP + "\n")
        steps.append(f"{key} = [[[…]]] {DEEP} deep")
    else:
        raw = encode(random_text(rng))
        steps = ["random text"]
    return Case("scenario", raw, steps, folder=path.parent.name, evaluate=False)


# -- the mix --------------------------------------------------------------------------------------

def generate_case(rng: Any, engine_share: float = 1.0) -> Case:
    """One input of the campaign's mix: mostly facts (they are what users send most), then the
    policy-shaped files (overlays, scenarios), the command line, and noise."""
    maker = pick(rng, (
        (42, lambda: facts_text_case(rng, engine_share)),
        (28, lambda: facts_api_case(rng, engine_share)),
        (10, lambda: random_facts_case(rng, engine_share)),
        (8, lambda: overlay_case(rng)),
        (8, lambda: scenario_case(rng)),
        (4, lambda: cli_case(rng)),
    ))
    return maker()
