"""One fuzz case through the library's entry points, and the verdict on what came out.

The law of issue 15 ("Nothing a user sends can crash it"): whatever goes in, what comes out is a
normal result or a library error, a ``GnmrError`` whose message is one line of at most
``MESSAGE_LIMIT`` characters that names where the problem is. A result must also be writable as
``gnmr check --format json`` writes it (strict JSON, UTF-8) and as its table, must not have changed
the caller's objects, and must not take longer than ``LIMIT_SECONDS``. Days outside the supported
span (2000-01-01..2099-12-31) must be refused, and an overlay that loads and composes must always
evaluate. Each way of breaking the law is a failure class below; ``run_case`` returns every class
an input fell into, with the first failure's message and where it was raised.

Entry points, by ``Case.entry``:

* ``facts-text``: ``facts.loading.iter_accounts(io.StringIO(text), "facts.json")``;
* ``facts-file``: ``facts.loading.load_facts(path)`` on the bytes as a file;
* ``facts-api`` / ``account-api``: ``facts_from_json(data)`` / ``account_from_json(raw)``;
* ``cli``: ``gnmr check FACTS -j … --as-of … --format json|table``, in this process;
* ``overlay``: ``load_overlay`` on the file, ``rulebook(…, overlays=[…])``, then the engine;
* ``scenario``: ``scenarios.run_scenario`` on the file.

Facts that load are evaluated (``rulebook`` and ``engine.iter_findings``) and written out (each
finding through ``serialize.finding_to_json``, head and tail as ``cli._stream_report`` writes
them, and with ``case.table`` the text table of ``gnmr check``).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gov_new_media_rules.api import rulebook
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.engine import RunStats, Status, iter_findings
from gov_new_media_rules.engine.run import receipt_for
from gov_new_media_rules.errors import MESSAGE_LIMIT, GnmrError
from gov_new_media_rules.facts.loading import account_from_json, facts_from_json, iter_accounts, load_facts
from gov_new_media_rules.loading import default_library, load_overlay
from gov_new_media_rules.serialize import finding_to_json, receipt_to_json

from .mutators import SCENARIOS, SUPPORTED, Case, seed_accounts

LIMIT_SECONDS = 10.0
SOURCE = "facts.json"  # the source name the text entry hands the loader
IN_SPAN_DAY = dt.date(2025, 6, 30)  # the rulebook's day when the day judged is outside the span

RESULT = "result"
LIBRARY_ERROR = "library error"
# Failure classes. Those that name an exception type are this prefix followed by the type.
NON_LIBRARY = "non-library exception"
OVERTIME = f"run over {LIMIT_SECONDS:g} s"
LONG_MESSAGE = f"message over {MESSAGE_LIMIT} chars"
MULTI_LINE = "multi-line message"
NO_PATH = "message names no path"
BAD_OUTPUT = "output not valid JSON / contains NaN or Infinity"
BAD_TABLE = "text table output fails"
MUTATED = "input mutated"
OUT_OF_SPAN = f"as_of outside {SUPPORTED[0]}..{SUPPORTED[1]} accepted"
OVERLAY_EVALUATION = "overlay loads and composes but evaluation raises"


@dataclass
class Outcome:
    """What one case came to: ``primary`` is ``result`` or ``library error <Type>``; ``failures``
    the failure classes it fell into, in the order met; the rest describes the first failure."""

    entry: str
    primary: str = RESULT
    failures: list[str] = field(default_factory=list)
    detail: str = ""
    origin: str | None = None  # the deepest frame in gov_new_media_rules: file:line in function
    last_frame: str | None = None  # the frame the exception came out of
    seconds: float = 0.0
    engine: bool = False  # the engine ran on loaded facts
    message: str = ""  # the first library error's message, clipped
    messages: int = 0  # library error messages judged
    problems: Counter[str] = field(default_factory=Counter)  # of those messages, per problem
    error: BaseException | None = field(default=None, repr=False, compare=False)  # not sent between processes

    @property
    def status(self) -> str:
        return "failure" if self.failures else (LIBRARY_ERROR if self.primary != RESULT else RESULT)

    def report(self, case: Case) -> str:
        """Everything a person needs to reproduce and place one failure, as a few lines."""
        lines = [f"{case.describe(1000)}", f"failures: {', '.join(self.failures)}", f"detail: {self.detail}"]
        if self.origin:
            lines.append(f"raised at: {self.origin} (last frame {self.last_frame})")
        return "\n".join(lines)


class Overtime(BaseException):
    """The time cap rang. A BaseException, so that no ``except Exception`` in the library swallows it."""


@contextlib.contextmanager
def time_cap(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of wall time with ``Overtime`` (main thread, POSIX);
    elsewhere the block runs uncapped and only its measured time is judged."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- messages -------------------------------------------------------------------------------------

_FACT_PATH = re.compile(r"\baccounts\b|\bline \d+\b")
_WHOLE_DOCUMENT = ("malformed JSON", "empty input", "not UTF-8", "cannot read")
_DAY_OR_ACCOUNT = re.compile(r"\bas[_-]of\b|--on\b|\bon\s*[:=]|\baccounts?\b")
_INTERNAL = re.compile(r"^gnmr: internal error: (\w+)", re.MULTILINE)
_OPTION = re.compile(r"--as-of\b|(^|\W)-j\b|--jurisdiction\b|--format\b|--lines\b")


def names_fact_path(source: str | None) -> Callable[[str], bool]:
    """A facts error names the bad field (``accounts[0].posts[3].published_at``, ``line 4: …``) or,
    for the whole document, says what is wrong with it; given a source, it names the source too."""

    def check(message: str) -> bool:
        if source is not None and source not in message:
            return False
        return bool(_FACT_PATH.search(message)) or any(words in message for words in _WHOLE_DOCUMENT)

    return check


def names_day_or_account(message: str) -> bool:
    """An engine error names the day it was asked for (as_of, on) or the account it was judging."""
    return bool(_DAY_OR_ACCOUNT.search(message))


def names_any(*names: str) -> Callable[[str], bool]:
    """A file's error names the file (or, for composition, the overlay's id)."""
    return lambda message: any(name and name in message for name in names)


def message_problems(message: str, names_path: Callable[[str], bool]) -> list[str]:
    problems = []
    if "\n" in message or "\r" in message:
        problems.append(MULTI_LINE)
    if len(message) > MESSAGE_LIMIT:
        problems.append(LONG_MESSAGE)
    if not names_path(message):
        problems.append(NO_PATH)
    return problems


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _exception_text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # an exception whose message cannot even be made
        text = "<message unavailable>"
    first = text.splitlines()[0] if text.strip() else ""
    return _clip(f"{type(exc).__name__}: {first}".encode("utf-8", "backslashreplace").decode("utf-8"))


def _frames(exc: BaseException) -> tuple[str | None, str | None]:
    """(the deepest frame inside gov_new_media_rules, the last frame), as ``path:line in name``."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return None, None

    def place(frame: traceback.FrameSummary) -> str:
        name = frame.filename
        cut = name.rfind("gov_new_media_rules")
        shown = name[cut:] if cut >= 0 else "/".join(Path(name).parts[-2:])
        return f"{shown}:{frame.lineno} in {frame.name}"

    library = [f for f in frames if f"{os.sep}gov_new_media_rules{os.sep}" in f.filename]
    return (place(library[-1]) if library else None), place(frames[-1])


class _Judge:
    """Collects what one case did, stage by stage."""

    def __init__(self, case: Case) -> None:
        self.outcome = Outcome(case.entry)
        self.stage = "start"

    def fail(self, problem: str, detail: str, exc: BaseException | None = None) -> None:
        outcome = self.outcome
        if problem not in outcome.failures:
            outcome.failures.append(problem)
        if len(outcome.failures) == 1 and not outcome.detail:
            outcome.detail = f"[{self.stage}] {detail}"
            if exc is not None:
                outcome.origin, outcome.last_frame = _frames(exc)
                outcome.error = exc

    def crash(self, exc: BaseException, problem: str = NON_LIBRARY) -> None:
        self.fail(f"{problem} {type(exc).__name__}", _exception_text(exc), exc)

    def library_error(self, exc: GnmrError, names_path: Callable[[str], bool], kind: str | None = None) -> None:
        """Judge a library error's message; ``kind`` names it where its type is not known."""
        message = str(exc)
        outcome = self.outcome
        outcome.messages += 1
        if outcome.primary == RESULT:
            outcome.primary = f"{LIBRARY_ERROR} {kind or type(exc).__name__}"
            outcome.message = _clip(message.encode("utf-8", "backslashreplace").decode("utf-8"))
        for problem in message_problems(message, names_path):
            outcome.problems[problem] += 1
            self.fail(problem, _clip(repr(message), 300), exc)

    def call(self, stage: str, make: Callable[[], Any], names_path: Callable[[str], bool]) -> tuple[bool, Any]:
        """``make()``; a library error is judged by its message, any other exception is a failure."""
        self.stage = stage
        try:
            return True, make()
        except GnmrError as exc:
            self.library_error(exc, names_path)
        except Exception as exc:
            self.crash(exc)
        return False, None


# -- the engine and the output --------------------------------------------------------------------

_RULEBOOKS: dict[tuple[str, dt.date], Any] = {}


def cached_rulebook(jurisdiction: str, day: dt.date) -> Any:
    """The shipped rulebook of a jurisdiction on a day, composed once per process."""
    key = (jurisdiction, day)
    if key not in _RULEBOOKS:
        _RULEBOOKS[key] = rulebook(jurisdiction, day, library=default_library())
    return _RULEBOOKS[key]


def in_span(day: dt.date) -> bool:
    return SUPPORTED[0] <= day <= SUPPORTED[1]


def run_engine(book: Any, accounts: Any, as_of: dt.date) -> tuple[list[Any], RunStats]:
    stats = RunStats()
    return list(iter_findings(book, accounts, as_of, stats=stats)), stats


_VERSIONS: dict[tuple[Any, ...], Any] = {}


def versions(book: Any, stats: RunStats, as_of: dt.date) -> Any:
    """The report's ``versions``. The receipt hashes the whole rulebook, which costs more than
    evaluating a small facts file; for a shipped rulebook (no overlays) it is the same every time
    for the same day and calendar gaps, so it is made once per process."""
    key = (book.jurisdiction.id, book.on, as_of, tuple(sorted(stats.calendar_gaps.items())))
    if book.overlays or key not in _VERSIONS:
        made = receipt_to_json(receipt_for(book, default_calendar(), as_of, stats))
        if book.overlays:
            return made
        _VERSIONS[key] = made
    return _VERSIONS[key]


def report_parts(book: Any, findings: list[Any], stats: RunStats, as_of: dt.date) -> list[tuple[str, Any]]:
    """The pieces of the JSON report in the order ``gnmr check --format json`` streams them."""
    parts: list[tuple[str, Any]] = [("head", {"jurisdiction": book.jurisdiction.id, "as_of": as_of.isoformat()})]
    parts += [(f"findings[{index}]", finding_to_json(finding)) for index, finding in enumerate(findings)]
    parts.append(("tail", {"summary": stats.counts, "notes": list(stats.notes(as_of)), "versions": versions(book, stats, as_of)}))
    return parts


def _bad_spot(value: Any, path: str, exc: BaseException) -> str:
    """Where in ``value`` the JSON goes wrong, judged by what went wrong: a string that is not
    UTF-8 (``UnicodeEncodeError``), a NaN or infinite float (``ValueError``), or something JSON
    has no form for (``TypeError``); ``path`` itself when no such spot is found."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop(0)
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}") for k, v in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
        elif isinstance(exc, UnicodeEncodeError):
            if isinstance(item, str) and not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return f"{where} = {item[:60]!r}"
        elif isinstance(exc, TypeError):
            if item is not None and not isinstance(item, str | int | float):
                return f"{where} = {type(item).__name__}"
        elif isinstance(item, float) and not math.isfinite(item):
            return f"{where} = {item!r}"
    return path


def check_json(judge: _Judge, parts: list[tuple[str, Any]]) -> None:
    """Each piece as strict JSON in UTF-8, which is what a file or a pipe has to carry."""
    judge.stage = "output"
    for where, value in parts:
        try:
            json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
        except Exception as exc:
            judge.fail(BAD_OUTPUT, f"{_bad_spot(value, where, exc)}: {_exception_text(exc)}", exc)
            return


def table_text(book: Any, findings: list[Any], stats: RunStats, as_of: dt.date) -> str:
    """The table ``gnmr check`` prints, made with the same pieces (interfaces/tables.py)."""
    from gov_new_media_rules.interfaces.tables import check_details, check_summary, due_legend, rule_topic_zh
    from gov_new_media_rules.interfaces.terminal import Terminal

    out = io.StringIO()
    term = Terminal(out)
    per_account: dict[str, Counter[str]] = defaultdict(Counter)
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    notable = [f for f in findings if f.status in (Status.VIOLATION, Status.PENDING, Status.INSUFFICIENT_DATA)]
    for finding in findings:
        per_account[finding.account][str(finding.status)] += 1
        if finding.status is Status.VIOLATION:
            by_topic[finding.account][rule_topic_zh(book, finding.rule)] += 1
    term.print(f"{book.jurisdiction.name} ({book.jurisdiction.id}) as of {as_of}: "
               + ", ".join(f"{n} {status}" for status, n in stats.counts.items() if n))
    if per_account:
        term.print(check_summary(term, per_account, by_topic))
    if notable:
        term.print(check_details(term, notable, lambda rule_id: rule_topic_zh(book, rule_id)), *due_legend(notable))
    term.print(*(f"note: {note}" for note in stats.notes(as_of)))
    return out.getvalue()


def check_table(judge: _Judge, book: Any, findings: list[Any], stats: RunStats, as_of: dt.date) -> None:
    judge.stage = "table"
    try:
        table_text(book, findings, stats, as_of).encode("utf-8")
    except Exception as exc:
        judge.fail(BAD_TABLE, _exception_text(exc), exc)


def evaluate(judge: _Judge, case: Case, accounts: Any) -> None:
    """Loaded facts through ``rulebook`` and ``iter_findings`` and out as JSON (and as a table).

    A day outside the span must be refused by both entries that take one: ``rulebook`` (composed
    on it) and ``iter_findings`` (handed a rulebook of an ordinary day and that ``as_of``)."""
    if not case.evaluate:
        return
    judge.outcome.engine = True
    as_of = case.as_of
    if in_span(as_of):
        ok, book = judge.call("rulebook", lambda: cached_rulebook(case.jurisdiction, as_of), names_day_or_account)
        if not ok:
            return
    else:
        ok, _ = judge.call("rulebook", lambda: rulebook(case.jurisdiction, as_of, library=default_library()),
                           names_day_or_account)
        if ok:
            judge.fail(OUT_OF_SPAN, f"rulebook({case.jurisdiction!r}, {as_of}) composed a rulebook")
        book = cached_rulebook(case.jurisdiction, IN_SPAN_DAY)
    ok, ran = judge.call("engine", lambda: run_engine(book, accounts, as_of), names_day_or_account)
    if not ok:
        return
    findings, stats = ran
    if not in_span(as_of):
        judge.fail(OUT_OF_SPAN, f"iter_findings(<{case.jurisdiction} on {IN_SPAN_DAY}>, …, as_of={as_of}) "
                                f"gave {len(findings)} findings")
    ok, parts = judge.call("serialize", lambda: report_parts(book, findings, stats, as_of), names_day_or_account)
    if ok:
        check_json(judge, parts)
    if case.table:
        check_table(judge, book, findings, stats, as_of)


# -- entry points ---------------------------------------------------------------------------------

_WORKDIRS: dict[int, Path] = {}


def workdir() -> Path:
    """A scratch folder of this process (forked workers each get their own), removed at exit."""
    pid = os.getpid()
    if pid not in _WORKDIRS:
        folder = Path(tempfile.mkdtemp(prefix="gnmr-fuzz-"))
        _WORKDIRS[pid] = folder
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return _WORKDIRS[pid]


def scenario_folder(name: str) -> Path:
    """A copy of a shipped scenario folder's companion files (overlays, facts files), without its
    scenarios, for a mutated scenario to be run beside."""
    folder = workdir() / "scenarios" / name
    if not folder.is_dir():
        folder.mkdir(parents=True)
        for item in (SCENARIOS / name).iterdir():
            if item.is_dir():
                shutil.copytree(item, folder / item.name)
            elif item.suffix != ".toml":
                shutil.copy(item, folder / item.name)
    return folder


def snapshot(value: Any) -> dict[int, tuple[type, tuple[Any, ...]]]:
    """Every dict and list reachable from ``value``, by identity, with the identities of what it
    holds: equal before and after a call unless the call changed the caller's objects. Made
    without recursion, so 5000-deep and self-containing inputs cost no more than their size."""
    taken: dict[int, tuple[type, tuple[Any, ...]]] = {}
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in taken or not isinstance(item, dict | list):
            continue
        if isinstance(item, dict):
            taken[id(item)] = (type(item), tuple((id(k), id(v)) for k, v in item.items()))
            stack.extend(item.values())
        else:
            taken[id(item)] = (type(item), tuple(map(id, item)))
            stack.extend(item)
    return taken


def _facts_text(case: Case, judge: _Judge) -> None:
    ok, accounts = judge.call("load", lambda: tuple(iter_accounts(io.StringIO(case.payload), SOURCE)),
                              names_fact_path(SOURCE))
    if ok:
        evaluate(judge, case, accounts)


def _facts_file(case: Case, judge: _Judge) -> None:
    path = workdir() / "facts.json"
    path.write_bytes(case.payload)
    ok, facts = judge.call("load", lambda: load_facts(path), names_fact_path(str(path)))
    if ok:
        evaluate(judge, case, facts.accounts)


def _facts_api(case: Case, judge: _Judge) -> None:
    if case.entry == "account-api":
        ok, loaded = judge.call("load", lambda: (account_from_json(case.payload),), names_fact_path(None))
    else:
        ok, facts = judge.call("load", lambda: facts_from_json(case.payload), names_fact_path(None))
        loaded = facts.accounts if ok else None
    if ok:
        evaluate(judge, case, loaded)


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _cli(case: Case, judge: _Judge) -> None:
    """``gnmr check`` as a person runs it: stdout a UTF-8 file or terminal, stderr as Python sets
    it up (escaping what UTF-8 cannot carry); exit 2 with one ``gnmr: error:`` line for bad input."""
    from gov_new_media_rules.cli import main

    path = workdir() / "facts.json"
    path.write_bytes(case.payload)
    argv = ["check", str(path), *case.argv]
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="")
    judge.stage = "cli"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
            out.flush()
            err.flush()
    except Exception as exc:
        judge.crash(exc)
        return
    stdout = out.buffer.getvalue().decode("utf-8")
    stderr = err.buffer.getvalue().decode("utf-8")
    day = case.argv[case.argv.index("--as-of") + 1]
    try:
        asked = dt.date.fromisoformat(day)
    except ValueError:
        asked = None
    if code == 2:
        errors = [line for line in stderr.splitlines() if line.startswith("gnmr: error: ")]
        if not errors:
            judge.fail(NON_LIBRARY + " (exit 2 without a message)", _clip(repr(stderr)))
            return
        message = "\n".join(errors)[len("gnmr: error: "):]
        judge.library_error(GnmrError(message), lambda m: str(path) in m or bool(_OPTION.search(m)), "(gnmr exit 2)")
        return
    if code not in (0, 1):
        # gnmr reports its own bugs as "gnmr: internal error: <Type>: …" (exit 3).
        internal = _INTERNAL.search(stderr)
        kind = internal.group(1) if internal else f"(exit {code})"
        judge.fail(f"{NON_LIBRARY} {kind}", _clip(stderr.strip()))
        return
    if asked is not None and not in_span(asked):
        judge.fail(OUT_OF_SPAN, f"gnmr check --as-of {day} exited {code}")
    if "json" in case.argv:
        judge.stage = "output"
        try:
            _strict_json(stdout)
        except ValueError as exc:
            judge.fail(BAD_OUTPUT, f"stdout of gnmr check: {_exception_text(exc)}", exc)


_EVALUATION_FACTS: list[Any] = []


def _overlay(case: Case, judge: _Judge) -> None:
    """Load, compose, evaluate: once an overlay has loaded and composed, nothing may go wrong."""
    path = workdir() / "what-if.toml"
    path.write_bytes(case.payload)
    library = default_library()
    ok, overlay = judge.call("overlay", lambda: load_overlay(path, library), names_any(str(path)))
    if not ok:
        return
    ok, book = judge.call("compose", lambda: rulebook(case.jurisdiction, case.as_of, overlays=[overlay], library=library),
                          names_any(str(path), overlay.id))
    if not ok:
        return
    if not _EVALUATION_FACTS:
        _EVALUATION_FACTS.extend(facts_from_json({"accounts": seed_accounts()}).accounts)
    judge.outcome.engine = True
    judge.stage = "overlay evaluation"
    try:
        findings, stats = run_engine(book, _EVALUATION_FACTS, case.as_of)
        parts = report_parts(book, findings, stats, case.as_of)
    except Exception as exc:  # a GnmrError too: the overlay was accepted
        judge.crash(exc, OVERLAY_EVALUATION)
        return
    check_json(judge, parts)


def _scenario(case: Case, judge: _Judge) -> None:
    from gov_new_media_rules.scenarios import result_to_json, run_scenario

    path = scenario_folder(case.folder) / "fuzz-case.toml"
    path.write_bytes(case.payload)
    ok, result = judge.call("scenario", lambda: run_scenario(path), names_any(str(path)))
    if ok:
        check_json(judge, [("result", result_to_json(result))])


_RUNNERS: dict[str, Callable[[Case, _Judge], None]] = {
    "facts-text": _facts_text,
    "facts-file": _facts_file,
    "facts-api": _facts_api,
    "account-api": _facts_api,
    "cli": _cli,
    "overlay": _overlay,
    "scenario": _scenario,
}


_API_ENTRIES = frozenset({"facts-api", "account-api"})


def run_case(case: Case, limit: float = LIMIT_SECONDS) -> Outcome:
    """Run one case under a time cap of ``limit`` seconds and judge it. The caller's objects (the
    API entries' payload) are compared before and after, outside the time measured."""
    judge = _Judge(case)
    before = snapshot(case.payload) if case.entry in _API_ENTRIES else None
    started = time.perf_counter()
    try:
        with time_cap(limit):
            _RUNNERS[case.entry](case, judge)
    except Overtime as exc:  # its traceback says where the time went
        judge.fail(OVERTIME, f"stopped after {limit:g} s", exc)
    outcome = judge.outcome
    outcome.seconds = time.perf_counter() - started
    if outcome.seconds > limit and OVERTIME not in outcome.failures:
        judge.fail(OVERTIME, f"took {outcome.seconds:.1f} s")
    if before is not None and snapshot(case.payload) != before:
        judge.stage = "after"
        judge.fail(MUTATED, "the objects handed to the loader were changed")
    return outcome


def assert_law(case: Case, limit: float = LIMIT_SECONDS) -> Outcome:
    """Run ``case`` and fail, with the case, the failure classes and the library's own traceback
    chained, if it broke the law in any way."""
    outcome = run_case(case, limit)
    if outcome.failures:
        raise AssertionError(outcome.report(case)) from outcome.error
    return outcome
