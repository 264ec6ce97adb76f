"""A reproducible workload: N accounts with a year of daily posts each, as JSON or JSON Lines.

Seeded, so two runs on two machines measure the same bytes. The mix follows what a county's
matrix looks like: mostly WeChat and Weibo, some Douyin video accounts and apps, a few main
accounts, posts on most days with timestamps in several ISO 8601 shapes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

PLATFORMS = [("wechat", "subscription", "text"), ("wechat", "service", "text"), ("weibo", None, "text"),
             ("douyin", None, "video"), ("toutiao", None, "text"), ("app", None, "text")]
WEIGHTS = [40, 10, 25, 15, 7, 3]


def accounts(count: int, days: int, end: dt.date, seed: int = 20241001) -> Iterator[dict]:
    rng = random.Random(seed)
    start = end - dt.timedelta(days=days - 1)
    for n in range(count):
        platform, account_type, form = rng.choices(PLATFORMS, WEIGHTS)[0]
        unit = f"湖州市某区县单位{n // 3:05d}"
        posts = []
        for d in range(days):
            day = start + dt.timedelta(days=d)
            if rng.random() < 0.12:  # some silent days
                continue
            hour, minute = rng.randrange(7, 23), rng.randrange(60)
            shape = rng.random()
            if shape < 0.6:
                stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00"
            elif shape < 0.9:
                utc = dt.datetime(day.year, day.month, day.day, hour, minute) - dt.timedelta(hours=8)
                stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
            else:
                stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}:00"
            posts.append({"published_at": stamp, "original": rng.random() < 0.45})
        account = {
            "id": f"acct-{n:06d}",
            "name": f"单位{n // 3:05d}{platform}",
            "platform": platform,
            "content_form": form,
            "main_account": n % 50 == 0,
            "host_unit": unit,
            # Huzhou's guide covers 基层 units; a platform states each unit's level.
            "host_unit_level": "township" if n % 7 == 0 else "county",
            "opened_on": (start - dt.timedelta(days=400)).isoformat(),
            "posts": posts,
        }
        if account_type:
            account["account_type"] = account_type
        yield account


def write(path: Path, count: int, days: int, end: dt.date, lines: bool) -> Path:
    with path.open("w", encoding="utf-8") as out:
        if lines:
            for account in accounts(count, days, end):
                out.write(json.dumps(account, ensure_ascii=False) + "\n")
        else:
            json.dump({"accounts": list(accounts(count, days, end))}, out, ensure_ascii=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--end", default="2025-09-30")
    parser.add_argument("--lines", action="store_true", help="JSON Lines, one account per line")
    args = parser.parse_args()
    write(args.path, args.accounts, args.days, dt.date.fromisoformat(args.end), args.lines)


if __name__ == "__main__":
    main()
