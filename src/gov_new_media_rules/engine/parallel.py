"""Running a rulebook over accounts on every core: shards of consecutive accounts, evaluated in
worker processes and merged in input order.

:func:`iter_findings_parallel` is a drop-in for :func:`~gov_new_media_rules.engine.iter_findings`:
the same findings, equal field by field, in the same order, the same ``RunStats`` (updated account
by account at the same points, so a progress callback sees the same counts) and the same errors,
raised after the same findings. The input is read lazily, ``shard_size`` consecutive accounts at a
time; at most two shards per worker are in flight, so memory stays bounded whatever the input's
size. The rules about several accounts run once, in the calling process, over the merged index of
every shard's host units (a few words per account), exactly as the serial run does at its end.

What crosses the process boundary:

* to each worker, once: a :class:`ShardSpec` (the pickled ``Rulebook``, as overlays composed it, the
  calendar with any registered or given years, ``as_of`` and ``since``);
* to a worker, per shard: the shard's raw JSON Lines, parsed in the worker (input given as
  :class:`AccountLines`), or else the shard's accounts, pickled;
* back, per shard, a :class:`ShardResult`: how many findings each account had and how many of its
  posts lie after ``as_of``, its id, the findings themselves (pickled once per shard, each distinct
  message, period and citation list once), the shard's part of the unit index, and the error that
  stopped the shard, if any, with the findings before it.

:func:`evaluate_shard` and :func:`merge_shards` are the same two halves for a cluster engine (a Dask
bag over JSON Lines files, docs/developer/scaling.md): the per-shard function takes plain data and
is importable by name; the merge runs where the results are gathered.
"""

from __future__ import annotations

import concurrent.futures
import copyreg
import datetime as dt
import gc
import io
import itertools
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
import types
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from ..calendar import WorkingDayCalendar, default_calendar
from ..composition import Rulebook
from ..dates import check_supported
from ..errors import GnmrError, clipped
from ..facts.loading import accounts_from_lines, duplicate_account
from ..facts.model import Account
from .._gc import gc_paused
from .context import AccountSummary, UnitIndex
from .findings import Finding
from .run import Progress, RunStats, iter_findings, judge_accounts, judge_units

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "AccountLines",
    "ShardResult",
    "ShardSpec",
    "available_cores",
    "evaluate_partition",
    "evaluate_shard",
    "iter_findings_parallel",
    "merge_shards",
    "parse_jobs",
    "start_method",
]

# Accounts per shard: a shard of a year of daily posts is about a tenth of a second of work, so
# that starting and merging one costs little beside it, and the first findings come soon.
DEFAULT_SHARD_SIZE = 32


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it, as under
    ``taskset`` or a container's cpuset), for ``--jobs auto``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def parse_jobs(text: str) -> int:
    """``--jobs``'s value: a positive whole number, or ``auto`` for :func:`available_cores`."""
    value = text.strip()
    if value.lower() == "auto":
        return available_cores()
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    raise ValueError(f"{clipped(text)}: expected a positive whole number of processes, or 'auto' (the cores available)")


@attrs.frozen
class ShardSpec:
    """What every shard is evaluated under: plain data, pickled once per worker."""

    rulebook: Rulebook
    as_of: dt.date
    calendar: WorkingDayCalendar = attrs.field(factory=default_calendar)
    since: dt.date | None = None
    # The input's name, as the error messages of JSON Lines parsed in a worker give it.
    source: str | None = None


@attrs.frozen
class ShardResult:
    """One shard's evaluation: per account (in input order) its id, its number of findings and its
    number of posts after ``as_of``; the findings, encoded once (:meth:`findings`); the shard's unit
    index (``UnitIndex.by_unit``); and the error that stopped the shard after those accounts."""

    ids: tuple[str, ...]
    sizes: tuple[int, ...]
    late_posts: tuple[int, ...]
    encoded: bytes
    units: dict[str, list[AccountSummary]]
    error: bytes | None = None

    def findings(self) -> list[Finding]:
        return pickle.loads(self.encoded)  # noqa: S301 - our own workers' bytes

    def raise_error(self) -> None:
        if self.error is not None:
            raise pickle.loads(self.error)  # noqa: S301


# --- Findings across the process boundary --------------------------------------------------

_FIELDS = tuple(field.name for field in attrs.fields(Finding))
(_set_rule, _set_account, _set_status, _set_zh, _set_en, _set_source, _set_lineage, _set_set_by, _set_strength,
 _set_period, _set_due, _set_figures, _set_provisional, _set_calendar_gap, _set_due_range, _set_sources) = (
    Finding.__dict__[name].__set__ for name in _FIELDS)
_new = object.__new__


def _finding(rule: Any, account: Any, status: Any, zh: Any, en: Any, source: Any, lineage: Any, set_by: Any,
             strength: Any, period: Any, due: Any, figures: Any, provisional: Any, calendar_gap: Any, due_range: Any,
             sources: Any) -> Finding:
    """A ``Finding`` from its field values, filling the frozen slots directly as ``make_finding``
    does (attrs' ``__setstate__`` sets them one ``object.__setattr__`` at a time, three times slower)."""
    finding = _new(Finding)
    _set_rule(finding, rule)
    _set_account(finding, account)
    _set_status(finding, status)
    _set_zh(finding, zh)
    _set_en(finding, en)
    _set_source(finding, source)
    _set_lineage(finding, lineage)
    _set_set_by(finding, set_by)
    _set_strength(finding, strength)
    _set_period(finding, period)
    _set_due(finding, due)
    _set_figures(finding, figures)
    _set_provisional(finding, provisional)
    _set_calendar_gap(finding, calendar_gap)
    _set_due_range(finding, due_range)
    _set_sources(finding, sources)
    return finding


def _proxy(figures: dict[str, Any]) -> types.MappingProxyType[str, Any]:
    """A read-only figures mapping (frequency findings share one per period and count)."""
    return types.MappingProxyType(figures)


def _encode(findings: Sequence[Finding]) -> bytes:
    """The findings as bytes: each distinct message, period and citation list once (equal values
    are made one object, which pickle then writes once and the parent builds once)."""
    shared: dict[Any, Any] = {}
    intern = shared.setdefault

    def reduce_finding(finding: Finding) -> tuple[Any, tuple[Any, ...]]:
        given = finding.sources
        sources = intern(given, given)
        source = finding.source
        if given and source is given[0]:  # as make_finding sets them: one object, kept one
            source = sources[0]
        zh, en, period = finding.message_zh, finding.message_en, finding.period
        return _finding, (
            finding.rule, finding.account, finding.status, intern(zh, zh), intern(en, en), source, finding.lineage,
            finding.set_by, finding.strength, intern(period, period), finding.due, finding.figures, finding.provisional,
            finding.calendar_gap, finding.due_range, sources,
        )

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {
        **copyreg.dispatch_table,
        Finding: reduce_finding,
        types.MappingProxyType: lambda proxy: (_proxy, (dict(proxy),)),
    }
    pickler.dump(list(findings))
    return buffer.getvalue()


assert _FIELDS == ("rule", "account", "status", "message_zh", "message_en", "source", "lineage", "set_by", "strength",
                   "period", "due", "figures", "provisional", "calendar_gap", "due_range", "sources"), \
    "_encode writes every field of Finding, in order"


# --- Errors across the process boundary ----------------------------------------------------


class _RemoteTraceback(Exception):
    """The traceback of an unexpected error in a worker, as its ``__cause__`` (as
    ``concurrent.futures`` gives it), for GNMR_TRACEBACK=1."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


def _rebuilt(kind: type[BaseException], args: tuple[Any, ...], state: dict[str, Any], trace: str | None) -> BaseException:
    """The exception a worker raised, with its message (``args``) and attributes as they were:
    rebuilt without calling ``__init__``, which for the library's errors takes other arguments
    than the message it stores (``InputError(path, problem, source)``)."""
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    if trace is not None:
        error.__cause__ = _RemoteTraceback(trace)
    return error


class _Rebuild:
    """Pickles to a call of :func:`_rebuilt`."""

    def __init__(self, error: BaseException, trace: str | None) -> None:
        self.error, self.trace = error, trace

    def __reduce__(self) -> tuple[Any, ...]:
        error = self.error
        return _rebuilt, (type(error), error.args, dict(getattr(error, "__dict__", {})), self.trace)


def _carry(error: BaseException) -> bytes:
    """An exception as bytes that give it back whole in another process; the library's errors
    without the traceback (their message is the whole story), any other with it."""
    trace = None if isinstance(error, GnmrError) else "".join(traceback.format_exception(error))
    try:
        return pickle.dumps(_Rebuild(error, trace), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an attribute that does not pickle: its type and words still reach the caller
        return pickle.dumps(_Rebuild(RuntimeError(f"{type(error).__name__}: {error}"), trace), protocol=pickle.HIGHEST_PROTOCOL)


# --- One shard -----------------------------------------------------------------------------


def _evaluate(accounts: Iterable[Account], spec: ShardSpec) -> ShardResult:
    """The findings of a shard's accounts, and what the merge needs of them."""
    index = UnitIndex(spec.as_of)
    ids: list[str] = []
    sizes: list[int] = []
    late_posts: list[int] = []
    findings: list[Finding] = []

    def passing() -> Iterator[Account]:
        for account in accounts:
            ids.append(account.id)
            yield account

    error = None
    with gc_paused():
        try:
            for batch, late in judge_accounts(spec.rulebook, passing(), spec.as_of, spec.calendar, spec.since, index):
                sizes.append(len(batch))
                late_posts.append(late)
                findings.extend(batch)
        except Exception as exc:  # raised in the caller after the findings before it, as a serial run does
            error = _carry(exc)
        return ShardResult(tuple(ids[: len(sizes)]), tuple(sizes), tuple(late_posts), _encode(findings), index.by_unit, error)


def evaluate_shard(lines: Iterable[str], spec: ShardSpec, *, first_line: int = 1, first_index: int = 0) -> ShardResult:
    """Parse and evaluate one shard of JSON Lines (one account a line; blank lines are skipped).

    The per-shard function for a cluster engine: plain data in (the lines and the picklable
    ``spec``), a picklable result out, to be merged in input order by :func:`merge_shards`.
    ``first_line`` and ``first_index`` are the shard's first line number in its file and the
    number of accounts before it, for error messages; an error stops the shard and is raised by
    the merge after the findings of the accounts before it.
    """
    return _evaluate(accounts_from_lines(lines, spec.source, first_line=first_line, first_index=first_index), spec)


def evaluate_partition(lines: Iterable[str], spec: ShardSpec) -> list[ShardResult]:
    """:func:`evaluate_shard` as a Dask bag's ``map_partitions`` wants it: a partition in, a
    partition (of one result) out."""
    return [evaluate_shard(lines, spec)]


# --- Worker processes ----------------------------------------------------------------------

_SPECS: dict[str, ShardSpec] = {}


def _start_worker(key: str, path: str | None, collect: bool) -> None:
    """A worker's start. A forked worker has the caller's spec already; a spawned one reads it
    from the file the caller wrote (a process's start arguments stay small: a start that fails
    then breaks the pool, rather than leaving the caller writing to a pipe nobody reads). The
    collector is as the caller had it before its run paused it. Ctrl-C is the caller's to handle:
    it stops the pool, and the workers finish the shard they hold and exit, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if collect:
        gc.enable()
    if path is not None:
        with open(path, "rb") as handle:
            _SPECS[key] = pickle.load(handle)  # noqa: S301 - written by the caller


def start_method() -> str:
    """How workers start by default: forked where that is safe and cheap (Linux, and no other
    thread in this process that could hold a lock across the fork), else spawned (a fresh
    interpreter that imports the library, about half a second of one core per worker). Either
    way the worker gets plain data only."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _worker_shard(key: str, accounts: list[Account]) -> ShardResult:
    return _evaluate(accounts, _SPECS[key])


# --- Merging -------------------------------------------------------------------------------


def merge_shards(
    results: Iterable[ShardResult],
    spec: ShardSpec,
    *,
    progress: Progress | None = None,
    stats: RunStats | None = None,
    check_ids: bool = True,
) -> Iterator[Finding]:
    """The findings of shard results in input order, then those of the rules about several
    accounts over the merged unit index: what ``iter_findings`` yields for the same accounts.

    ``stats`` is updated as ``iter_findings`` updates it. With ``check_ids`` (shards parsed from
    JSON Lines), an account id met twice is the error ``iter_accounts`` raises.
    """
    stats = stats if stats is not None else RunStats()
    index = UnitIndex(spec.as_of)
    seen: dict[str, int] | None = {} if check_ids else None
    for result in results:
        yield from _shard_findings(result, index, progress, stats, seen, spec.source)
    yield from _unit_findings(spec, index, stats)


def _shard_findings(
    result: ShardResult, index: UnitIndex, progress: Progress | None, stats: RunStats, seen: dict[str, int] | None,
    source: str | None,
) -> Iterator[Finding]:
    count = stats.count
    findings = result.findings()
    start = 0
    for account_id, size, late in zip(result.ids, result.sizes, result.late_posts):
        if seen is not None:  # every account before this one is in ``seen``, once
            position = len(seen)
            first = seen.setdefault(account_id, position)
            if first != position:
                raise duplicate_account(position, account_id, first, source)
        batch = findings[start : start + size]
        start += size
        for finding in batch:
            count(finding)
        yield from batch
        stats.late_posts += late
        stats.accounts += 1
        if progress is not None:
            progress(stats.accounts)
    index.merge(result.units)
    result.raise_error()


def _unit_findings(spec: ShardSpec, index: UnitIndex, stats: RunStats) -> Iterator[Finding]:
    count = stats.count
    for batch in judge_units(spec.rulebook, index, spec.as_of, spec.calendar, spec.since):
        for finding in batch:
            count(finding)
        yield from batch


# --- The pool ------------------------------------------------------------------------------


class _Counting:
    """A text stream that counts the line breaks read through it, to tell where JSON Lines resume
    after the lines ``iter_accounts`` read itself. ``exact`` stays true while it has read single
    characters and whole lines only (as ``iter_accounts`` reads the first line), so that what it
    has read is known to end at a line's end; ``whole``: it read everything (a JSON document)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.newlines = 0
        self.whole = False
        self.exact = True
        self.lines_read = 0

    def read(self, size: int | None = -1) -> str:
        text = self.stream.read(size)
        if size is None or size < 0:
            self.whole = True
        elif size > 1:
            self.exact = False
        self.newlines += text.count("\n")
        return text  # type: ignore[no-any-return]

    def readline(self, size: int | None = -1) -> str:
        text = self.stream.readline(size)
        if (size is not None and size >= 0) or self.lines_read:
            self.exact = False  # the first line is all that is read before the first account
        self.lines_read += 1
        self.newlines += text.count("\n")
        return text  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        self.exact = False
        yield from self.stream

    def __getattr__(self, name: str) -> Any:
        self.exact = False  # read some other way: where it stands is not known
        return getattr(self.stream, name)


class AccountLines:
    """The accounts of a JSON or JSON Lines stream, for :func:`iter_findings_parallel` to read
    as raw lines and have the workers parse them (a third of a run's work is parsing).

    Iterated, it is ``iter_accounts(stream, source, lines=lines)``, once: any consumer (the serial
    run, a wrapper that records the accounts) sees exactly that. The parallel run reads the first
    account through ``iter_accounts`` too, so that the input's first line, its format and its
    errors are decided as always; a JSON document is then evaluated account by account as any
    iterable is, and JSON Lines are handed to the workers a shard of lines at a time.
    """

    def __init__(self, stream: Any, source: str | None = None, *, lines: bool | None = None) -> None:
        self.stream = _Counting(stream)
        self.source = source
        self.lines = lines
        self._started = False

    def __iter__(self) -> Iterator[Account]:
        from ..facts.loading import iter_accounts

        if self._started:
            raise RuntimeError("AccountLines is read once")
        self._started = True
        return iter_accounts(self.stream, self.source, lines=self.lines)


_Task = tuple[Any, ...]  # (function, *arguments) for the pool


def _account_tasks(accounts: Iterable[Account], key: str, size: int) -> Iterator[tuple[_Task | None, BaseException | None]]:
    """Shards of ``size`` consecutive accounts, read as they are needed. An error raised while
    reading ends them: it comes with the accounts read before it, to be raised after their
    findings, where a serial run raises it."""
    iterator = iter(accounts)
    while True:
        shard: list[Account] = []
        error = None
        try:
            for account in iterator:
                shard.append(account)
                if len(shard) == size:
                    break
        except Exception as exc:
            error = exc
        if shard or error is not None:
            yield ((_worker_shard, key, shard) if shard else None), error
        if error is not None or len(shard) < size:
            return


def _line_tasks(
    stream: Any, key: str, size: int, number: int, index: int
) -> Iterator[tuple[_Task | None, BaseException | None]]:
    """Shards of JSON Lines holding ``size`` accounts each (blank lines ride along, to keep the
    line numbers), from line ``number`` and account ``index`` on."""
    iterator = iter(stream)
    while True:
        lines: list[str] = []
        first_line, first_index, count = number, index, 0
        error = None
        try:
            for line in iterator:
                lines.append(line)
                if line and not line.isspace():  # ``not line.strip()`` without copying the line
                    count += 1
                    if count == size:
                        break
        except Exception as exc:
            error = exc
        number += len(lines)
        index += count
        if count or error is not None:
            yield ((_worker_lines, key, lines, first_line, first_index) if count else None), error
        if error is not None or count < size:
            return


def _worker_lines(key: str, lines: list[str], first_line: int, first_index: int) -> ShardResult:
    return evaluate_shard(lines, _SPECS[key], first_line=first_line, first_index=first_index)


def iter_findings_parallel(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date,
    *,
    jobs: int,
    calendar: WorkingDayCalendar | None = None,
    since: dt.date | None = None,
    progress: Progress | None = None,
    stats: RunStats | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    method: str | None = None,
) -> Iterator[Finding]:
    """``iter_findings`` on ``jobs`` worker processes: the same findings in the same order, and
    the same ``stats``. With ``jobs == 1``, ``iter_findings`` itself.

    Accounts are read from ``accounts`` as shards are handed out, ``shard_size`` at a time, at
    most ``2 * jobs`` shards ahead of what has been yielded; given :class:`AccountLines`, JSON
    Lines are parsed in the workers. ``method``: how the workers start, ``"fork"`` or ``"spawn"``
    (default :func:`start_method`); a script that may spawn them must guard its top level with
    ``if __name__ == "__main__":``, as any ``multiprocessing`` code.
    """
    if method not in (None, "fork", "spawn", "forkserver"):
        raise ValueError(f"method must be 'fork', 'spawn' or 'forkserver', got {method!r}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive whole number, got {jobs!r}")
    if isinstance(shard_size, bool) or not isinstance(shard_size, int) or shard_size < 1:
        raise ValueError(f"shard_size must be a positive whole number, got {shard_size!r}")
    if jobs == 1:
        return iter_findings(rulebook, accounts, as_of, calendar=calendar, since=since, progress=progress, stats=stats)
    return _pooled(rulebook, accounts, as_of, jobs, calendar, since, progress, stats, shard_size, method)


def _pooled(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date,
    jobs: int,
    calendar: WorkingDayCalendar | None,
    since: dt.date | None,
    progress: Progress | None,
    stats: RunStats | None,
    shard_size: int,
    method: str | None,
) -> Iterator[Finding]:
    check_supported(as_of, path="as_of")
    if since is not None:
        check_supported(since, path="since")
    stats = stats if stats is not None else RunStats()
    source = accounts.source if isinstance(accounts, AccountLines) else None
    spec = ShardSpec(rulebook, as_of, calendar or default_calendar(), since, source)
    index = UnitIndex(as_of)
    ahead = 2 * jobs
    context = multiprocessing.get_context(method or start_method())
    key, path = f"{os.getpid()}-{id(spec)}", None
    if context.get_start_method() == "fork":
        _SPECS[key] = spec  # the workers are forked with it
    else:
        with tempfile.NamedTemporaryFile(prefix="gnmr-spec-", suffix=".pickle", delete=False) as handle:
            pickle.dump(spec, handle, protocol=pickle.HIGHEST_PROTOCOL)
            path = handle.name

    def cleanup() -> None:
        _SPECS.pop(key, None)
        if path is not None:
            os.unlink(path)

    try:
        pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                                      initargs=(key, path, gc.isenabled()))
    except BaseException:
        cleanup()
        raise
    queue: deque[concurrent.futures.Future[ShardResult] | BaseException] = deque()
    seen: dict[str, int] | None = None  # the account ids met, where the workers parse the lines
    tasks: Iterator[tuple[_Task | None, BaseException | None]] = iter(())
    done = False

    def start() -> None:
        """The first shards: for AccountLines, the first account read as ``iter_accounts`` reads
        it, then JSON Lines as lines, or the rest of a JSON document as accounts."""
        nonlocal tasks, seen
        if not isinstance(accounts, AccountLines):
            tasks = _account_tasks(accounts, key, shard_size)
            return
        reader = iter(accounts)
        try:
            first = next(reader, None)
        except Exception as exc:
            tasks = iter([(None, exc)])
            return
        if first is None:
            return
        if accounts.stream.whole or not accounts.stream.exact:
            # A JSON document (read whole), or a reader that read further than the first line:
            # the rest as accounts.
            tasks = _account_tasks(itertools.chain([first], reader), key, shard_size)
            return
        reader.close()  # JSON Lines: the rest is read here, line by line
        seen = {}
        tasks = itertools.chain(
            [((_worker_shard, key, [first]), None)],
            _line_tasks(accounts.stream.stream, key, shard_size, accounts.stream.newlines + 1, 1),
        )

    def fill() -> None:
        nonlocal done
        while not done and len(queue) < ahead:
            item = next(tasks, None)
            if item is None:
                done = True
                return
            task, error = item
            if task is not None:
                queue.append(pool.submit(*task))
            if error is not None:
                queue.append(error)
                done = True

    try:
        # The collector stays off while shards come back, as a serial run keeps it off while it
        # yields the accounts' findings: millions of small acyclic objects, no garbage to find.
        with gc_paused():
            start()
            fill()
            while queue:
                head = queue.popleft()
                if isinstance(head, BaseException):
                    raise head
                result = head.result()
                fill()
                yield from _shard_findings(result, index, progress, stats, seen, source)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        cleanup()
    yield from _unit_findings(spec, index, stats)
