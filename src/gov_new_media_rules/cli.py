"""The ``gnmr`` command.

Exit codes are part of the contract:

* 0 success (for ``check``: no violation; for ``test``: every scenario passed; ``compare`` is a
  comparison and exits 0 whatever it finds);
* 1 violations found (for ``test``: a scenario failed), and nothing else;
* 2 bad input or usage, or an environment the command cannot work in: standard input or output
  closed, a directory, a full disk, a broken pipe, an encoding that cannot hold Chinese, input
  past ``--max-input`` (for ``test``: a malformed scenario file);
* 3 an internal error, a bug in gnmr: standard output is left empty;
* 130 interrupted (Ctrl-C).

Every failure is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import traceback
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

import orjson

from . import __version__
from .api import rulebook, today
from .composition import EffectiveRule, Rulebook
from .diff import RulebookDiff, diff_rulebooks
from .errors import GnmrError, RegisteredYearSkipped, clipped
from .loading import default_library, load_overlay
from .serialize import (
    applicability_to_json,
    document_to_json,
    effective_rule_to_json,
    jurisdiction_to_json,
    params_to_json,
    rule_to_json,
)
from .interfaces import typed_input
from .interfaces.streams import HeldStdout, StreamError, copy_out, is_terminal, say, stream_problem
from .text_table import render

EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # where str.splitlines breaks


class UsageError(GnmrError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _emit_json(data: Any) -> None:
    """A command's JSON, indented as ``json.dump(..., indent=2)`` would, by orjson (a tenth of
    the time: whole rulebooks are printed this way)."""
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8"))
    sys.stdout.write("\n")


def _year(text: str) -> int:
    """A year argument, within the supported dates."""
    from .dates import SUPPORTED_FROM, SUPPORTED_UNTIL

    if not (text.strip().isdigit() and SUPPORTED_FROM.year <= int(text) <= SUPPORTED_UNTIL.year):
        raise argparse.ArgumentTypeError(
            f"{clipped(text)}: expected a year from {SUPPORTED_FROM.year} to {SUPPORTED_UNTIL.year}, the supported dates"
        )
    return int(text)


def _terminal() -> Any:
    """Where a command's text goes (interfaces/terminal.py); imported when a command prints a table,
    so that a command answering in JSON does not load rich."""
    from .interfaces.terminal import Terminal

    return Terminal()


def _size(text: str) -> int:
    """``--max-input``'s value; argparse turns a ValueError into a usage message naming it."""
    from .facts.loading import parse_size

    try:
        return parse_size(text)
    except GnmrError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _jobs(text: str) -> int:
    """``--jobs``'s value: a positive number of processes, or ``auto`` for the cores available."""
    from .engine.parallel import parse_jobs

    try:
        return parse_jobs(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _day(value: str | None, option: str = "--on") -> Any:
    if value is None:
        return today()
    return typed_input.day(value, option)


def _jurisdiction(text: str, option: str = "-j/--jurisdiction") -> str:
    """An id, alias or Chinese name (any case) as the jurisdiction's id."""
    return typed_input.jurisdiction_id(default_library().tree, text, option)


def _rulebook(args: argparse.Namespace, jurisdiction: str, overlays: Sequence[str] = (), option: str = "-j/--jurisdiction") -> Rulebook:
    library = default_library()
    key = _jurisdiction(jurisdiction, option)
    loaded = [load_overlay(path, library) for path in overlays]
    return rulebook(key, _day(args.on), overlays=loaded, library=library)


def cmd_jurisdictions(args: argparse.Namespace) -> int:
    library = default_library()
    nodes = list(library.tree)
    if args.format == "json":
        data = []
        for node in nodes:
            item = jurisdiction_to_json(node)
            item["documents"] = [d.id for d in library.documents_of(node.id)]
            item["known_documents_not_held"] = [
                {"number": k.number, "title": k.title, "note": k.note} for k in node.known_documents
            ]
            data.append(item)
        _emit_json(data)
        return EXIT_OK
    rows = []
    for node in nodes:
        depth = node.id.count(".")
        held = ", ".join(d.label for d in library.documents_of(node.id)) or "—"
        not_held = len(node.known_documents)
        rows.append(
            [
                "  " * depth + node.id,
                ", ".join(node.aliases),
                node.name,
                str(node.level),
                held + (f" (+{not_held} cited, not held)" if not_held else ""),
            ]
        )
    print(render(["id", "aliases", "名称", "level", "documents"], rows))
    return EXIT_OK


def cmd_documents(args: argparse.Namespace) -> int:
    library = default_library()
    documents = sorted(library.documents.values(), key=lambda d: (d.jurisdiction.count("."), d.starts))
    if args.format == "json":
        _emit_json([document_to_json(d) for d in documents])
        return EXIT_OK
    rows = [
        [d.id, d.jurisdiction, d.label, str(d.status), str(d.held), str(d.effective_from), d.starts.isoformat(), d.encoding_version]
        for d in documents
    ]
    print(render(["id", "jurisdiction", "文号/标题", "status", "held", "effective", "in force from", "encoding"], rows, [24, 26, 30, 9, 9, 10, 13, 8]))
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    topic = typed_input.topic(args.topic) if args.topic else None
    book = _rulebook(args, args.jurisdiction, args.overlay)
    rules = [r for r in book if (topic is None or str(r.rule.topic) == topic) and (not args.checkable or r.rule.checkable)]
    if args.format == "json":
        _emit_json([effective_rule_to_json(r) for r in rules])
        return EXIT_OK
    from .interfaces.tables import rules_table

    tree = default_library().tree
    term = _terminal()
    term.print(f"{book.jurisdiction.name} ({book.jurisdiction.id}) on {book.on}: {len(rules)} rules from "
               + ", ".join(d.label for d in book.documents) + (f"; overlays: {', '.join(book.overlays)}" if book.overlays else ""))
    table, legend = rules_table(term, rules, lambda j: tree.alias(j) if j in tree.nodes else j)
    term.print(table, *legend)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    library = default_library()
    if args.jurisdiction:
        book = _rulebook(args, args.jurisdiction, args.overlay)
        effective = book.get(args.rule)
        if effective is None:
            library.rule(args.rule)  # unknown anywhere: UnknownRuleError with suggestions
            raise UsageError(f"rule {args.rule} is not in force in {book.jurisdiction.id} on {book.on}")
        data = effective_rule_to_json(effective)
    else:
        if args.on or args.overlay:
            raise UsageError("--on and --overlay need -j/--jurisdiction: a rule is composed within a jurisdiction")
        data = rule_to_json(library.rule(args.rule))
    if args.format == "json":
        _emit_json(data)
        return EXIT_OK
    print(f"{data['id']}  {data['title']}")
    print(f"  {data['summary']}")
    print(f"  kind: {data['kind']}   topic: {data['topic']}   strength: {data['strength']}   checkable: {data['checkable']}")
    print(f"  jurisdiction: {data['jurisdiction']}   document: {data['document']}")
    if data["params"]:
        print(f"  params: {json.dumps(data['params'], ensure_ascii=False)}")
    if data["applies_to"]:
        print(f"  applies to: {json.dumps(data['applies_to'], ensure_ascii=False)}")
    for key in ("refines", "replaces", "lineage"):
        if data.get(key):
            print(f"  {key}: {data[key]}")
    for step in data.get("provenance", []):
        print(f"  provenance: {step['rule']} ({step['document']}) stated {', '.join(step['stated']) or '—'}")
    for comparison in data.get("comparisons", []):
        print(f"  compared with the refined rule: {comparison['field']} {comparison['verdict']} {comparison['detail']}")
    for source in data["sources"]:
        print(f"  source: {source['document']} {source['clause']}: “{source['quote']}”")
    for note in data["interpretations"]:
        print(f"  interpretation: {note['zh']}\n                  {note['en']}")
    if data.get("deviation"):
        print(f"  deviation: {data['deviation']['justification']}")
    return EXIT_OK


def _diff_json(result: RulebookDiff) -> dict[str, Any]:
    def side(variants: Sequence[EffectiveRule]) -> list[dict[str, Any]]:
        return [
            {
                "id": v.id,
                "jurisdiction": v.rule.jurisdiction,
                "params": params_to_json(v.rule.params),
                "applies_to": applicability_to_json(v.rule.applies_to),
                "source": {"document": v.rule.source.document, "clause": v.rule.source.clause, "quote": v.rule.source.quote},
            }
            for v in variants
        ]

    return {
        "left": {"jurisdiction": result.left.jurisdiction.id, "on": result.left.on.isoformat(), "overlays": list(result.left.overlays)},
        "right": {"jurisdiction": result.right.jurisdiction.id, "on": result.right.on.isoformat(), "overlays": list(result.right.overlays)},
        "summary": {s: len(result.by_status(s)) for s in ("same", "different", "only_left", "only_right")},
        "rules": [
            {
                "lineage": d.lineage,
                "topic": d.topic,
                "title": d.title,
                "status": d.status,
                "params_differ": list(d.params_differ),
                "applicability_differs": d.applicability_differs,
                "left": side(d.left),
                "right": side(d.right),
            }
            for d in result.lineages
            if d.status != "same"
        ],
    }


def cmd_diff(args: argparse.Namespace) -> int:
    left = _rulebook(args, args.left, option="J1")
    right = _rulebook(args, args.right, args.overlay, option="J2")
    result = diff_rulebooks(left, right)
    if args.format == "json":
        _emit_json(_diff_json(result))
        return EXIT_OK
    from .interfaces.tables import diff_tables

    tree = default_library().tree

    def name(book: Rulebook) -> str:
        return tree.alias(book.jurisdiction.id) + (f"+{'+'.join(book.overlays)}" if book.overlays else "")

    def label(book: Rulebook) -> str:
        return f"{book.jurisdiction.name} {name(book)}"

    term = _terminal()
    same = result.by_status("same")
    counts = {s: len(result.by_status(s)) for s in ("different", "only_left", "only_right")}
    term.print(f"diff {label(left)} ↔ {label(right)} on {left.on}: {counts['different']} different, "
               f"{counts['only_left']} only in {name(left)}, {counts['only_right']} only in {name(right)}; {len(same)} the same")
    term.print(*diff_tables(term, result, label(left), label(right)))
    restated = sum(1 for d in same if d.restated)
    term.print(f"相同 the same: {len(same)} rules (by lineage) have the same values and scope on both sides"
               + (f", {restated} of them restated by a local rule of its own" if restated else "")
               + "; --format json lists what differs with every parameter")
    return EXIT_OK


def _calendar(args: argparse.Namespace) -> Any:
    from .calendar import default_calendar

    calendar = default_calendar()
    for path in args.calendar:
        calendar = calendar.with_year_file(path)
    return calendar.provisional() if args.provisional else calendar


class _Progress:
    """A live count on stderr for long runs at a terminal (rich); silent when stderr is not one."""

    EVERY = 500

    def __init__(self) -> None:
        self.display: Any = None
        if is_terminal(sys.stderr):
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn

            self.display = Progress(SpinnerColumn(), TextColumn("{task.completed} accounts evaluated…"),
                                    console=Console(file=sys.stderr), transient=True)
            self.task = self.display.add_task("check", total=None)

    def __call__(self, count: int) -> None:
        if self.display is not None and count % self.EVERY == 0:
            if count == self.EVERY:
                self.display.start()
            self.display.update(self.task, completed=count)

    def close(self) -> None:
        if self.display is not None:
            self.display.stop()


def _stream_report(out: Any, findings: Any, head: dict[str, Any], tail: Any) -> None:
    """Write a report's JSON as findings come, so that memory holds one account at a time;
    the summary, notes and versions follow the findings. Same document as ``report_to_json``.

    Each finding is serialized by orjson (UTF-8, as JSON is interchanged) and the bytes go to the
    binary ``out`` in blocks of about a megabyte, not one write per finding."""
    from .serialize import finding_to_json

    dumps, block = orjson.dumps, 1 << 20
    parts = [b"{\n", *(b"  %s: %s,\n" % (dumps(key), dumps(value)) for key, value in head.items()), b'  "findings": [']
    size, first = 0, True
    for finding in findings:
        data = dumps(finding_to_json(finding))
        parts += (b"\n    " if first else b",\n    ", data)
        first = False
        size += len(data)
        if size > block:
            out.write(b"".join(parts))
            parts, size = [], 0
    parts.append(b"]" if first else b"\n  ]")
    parts += (b",\n  %s: %s" % (dumps(key), dumps(value)) for key, value in tail().items())
    parts.append(b"\n}\n")
    out.write(b"".join(parts))


class _Output:
    """Where a report goes: stdout, or a file that appears whole or not at all (written beside it
    under a temporary name and renamed once complete, so a failed run leaves no half a report)."""

    def __init__(self, path: str | None, *, binary: bool) -> None:
        self.final = path
        self.binary = binary
        self.path = ""
        self.stream: Any = sys.stdout

    def __enter__(self) -> _Output:
        if self.final is None:
            return self
        folder = os.path.dirname(os.path.abspath(self.final))
        if not os.path.isdir(folder):
            raise UsageError(f"-o {self.final}: no such folder {folder}")
        handle, self.path = tempfile.mkstemp(prefix=".gnmr-", suffix=os.path.splitext(self.final)[1], dir=folder)
        if self.binary:
            os.close(handle)
        else:
            self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.final is None:
            return
        if self.stream is not sys.stdout:
            self.stream.close()
        if kind is None:
            # mkstemp makes the file private (0600); a report is an ordinary file (0666 less umask).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.path, 0o666 & ~umask)
            os.replace(self.path, self.final)
        elif os.path.exists(self.path):
            os.unlink(self.path)


def cmd_check(args: argparse.Namespace) -> int:
    from .engine import RunStats, Status
    from .engine.parallel import AccountLines, iter_findings_parallel
    from .engine.run import receipt_for
    from .facts.loading import open_facts
    from .interfaces.spreadsheet import AccountRecorder, write_csv, write_xlsx
    from .interfaces.tables import rule_topic_zh
    from .serialize import receipt_to_json

    as_of = _day(args.as_of, "--as-of")
    since = _day(args.since, "--since") if args.since else None
    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a workbook: give its file with -o FILE (e.g. -o findings.xlsx)")
    if args.format == "table" and args.output:
        raise UsageError("-o FILE is for --format json, csv or xlsx; the table is printed to the terminal")
    library = default_library()
    overlays = [load_overlay(path, library) for path in args.overlay]
    book = rulebook(_jurisdiction(args.jurisdiction), as_of, overlays=overlays, library=library)
    calendar = _calendar(args)
    progress = _Progress()
    stream = open_facts(args.facts, args.max_input)
    source = "<stdin>" if args.facts == "-" else args.facts
    stats = RunStats()

    def topic_of(rule_id: str) -> str:
        return rule_topic_zh(book, rule_id)

    try:
        # Read as iter_accounts reads them; with --jobs, JSON Lines are parsed in the workers.
        accounts = AccountLines(stream, source, lines=True if args.lines else None)
        if args.format in ("xlsx", "csv"):
            recorder = AccountRecorder(accounts, book)
            findings = iter_findings_parallel(book, recorder, as_of, calendar=calendar, since=since, progress=progress,
                                              stats=stats, jobs=args.jobs)
            with _Output(args.output, binary=args.format == "xlsx") as target:
                if args.format == "xlsx":
                    write_xlsx(target.path, findings, book, recorder,
                               lambda: receipt_for(book, calendar, as_of, stats), lambda: stats.counts,
                               lambda: stats.notes(as_of))
                else:
                    write_csv(target.stream, findings, book, recorder)
            return EXIT_VIOLATIONS if stats.counts[Status.VIOLATION] else EXIT_OK
        findings = iter_findings_parallel(book, accounts, as_of, calendar=calendar, since=since, progress=progress,
                                          stats=stats, jobs=args.jobs)
        if args.format == "json":
            # Spooled to disk, not memory, and copied out only once the whole input has been read:
            # a bad line at the end of a large file must not leave half a report on stdout.
            with tempfile.TemporaryFile("w+b") as spool:
                _stream_report(
                    spool,
                    findings,
                    {"jurisdiction": book.jurisdiction.id, "as_of": as_of.isoformat()},
                    lambda: {"summary": stats.counts, "notes": list(stats.notes(as_of)),
                             "versions": receipt_to_json(receipt_for(book, calendar, as_of, stats))},
                )
                spool.seek(0)
                if args.output:
                    with _Output(args.output, binary=True) as target, open(target.path, "wb") as handle:
                        shutil.copyfileobj(spool, handle)
                else:  # complete already: past the held copy of stdout, which would double it in memory
                    copy_out(spool)
        else:
            from .interfaces.check_table import CheckTable

            term = _terminal()
            table = CheckTable(term, topic_of, every=args.all)
            for finding in findings:
                table.add(finding)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    finally:
        progress.close()
        if stream is not sys.stdin:
            stream.close()
    if args.format != "json":
        receipt = receipt_for(book, calendar, as_of, stats)
        term.print(f"{book.jurisdiction.name} ({book.jurisdiction.id}) as of {as_of}: "
                   + ", ".join(f"{n} {status}" for status, n in stats.counts.items() if n))
        table.print()
        term.print(*(f"note: {note}" for note in stats.notes(as_of)))
        term.print(f"versions: library {receipt.library_version}; calendar {receipt.calendar}; rulebook {receipt.rulebook}")
    return EXIT_VIOLATIONS if stats.counts[Status.VIOLATION] else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """The offline HTML report of a check: one file, Chinese, charts as inline SVG, no script."""
    from .engine import RunStats, Status
    from .engine.parallel import iter_findings_parallel
    from .engine.context import default_since
    from .engine.run import receipt_for
    from .facts.loading import iter_accounts, open_facts
    from .interfaces.report import Selection, pending, write_report

    as_of = _day(args.as_of, "--as-of")
    since = _day(args.since, "--since") if args.since else default_since(as_of)
    if args.account and args.unit:
        raise UsageError("--account and --unit each choose what the report shows: give one of them")
    library = default_library()
    overlays = [load_overlay(path, library) for path in args.overlay]
    book = rulebook(_jurisdiction(args.jurisdiction), as_of, overlays=overlays, library=library)
    calendar = _calendar(args)
    stream = open_facts(args.facts, args.max_input)
    source = "<stdin>" if args.facts == "-" else args.facts
    stats = RunStats()
    try:
        accounts = pending(iter_accounts(stream, source, lines=True if args.lines else None))
        findings = iter_findings_parallel(book, accounts, as_of, calendar=calendar, since=since, stats=stats, jobs=args.jobs)
        with _Output(args.output, binary=False) as target:
            shown = write_report(
                target.stream, findings, accounts, book=book, library=library, calendar=calendar, as_of=as_of,
                since=since, receipt=lambda: receipt_for(book, calendar, as_of, stats),
                notes=lambda: stats.notes(as_of), select=Selection(args.account, args.unit),
                **({"site_url": args.site_url} if args.site_url else {}),
            )
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    if (args.account or args.unit) and not sum(shown.values()):
        say(f"gnmr: note: no account matches {'--account ' + args.account if args.account else '--unit ' + args.unit}")
    return EXIT_VIOLATIONS if shown[str(Status.VIOLATION)] else EXIT_OK


def cmd_deadlines(args: argparse.Namespace) -> int:
    from .engine.deadlines import deadline_to_json, deadlines
    from .model.labels import EVENT_ZH
    from .model.vocab import EventType

    try:
        event = EventType(args.event)
    except ValueError:
        event = typed_input.choice(EventType, args.event, "--event", EVENT_ZH)
    at = _day(args.at, "--at")
    library = default_library()
    overlays = [load_overlay(path, library) for path in args.overlay]
    book = rulebook(_jurisdiction(args.jurisdiction), _day(args.on, "--on") if args.on else at, overlays=overlays, library=library)
    items = deadlines(book, event, at, _calendar(args))
    data = [deadline_to_json(item) for item in items]
    if args.format == "json":
        _emit_json(data)
        return EXIT_OK
    from .interfaces.tables import deadlines_table, due_legend
    from .model.labels import EVENT_ZH

    term = _terminal()
    term.print(f"{book.jurisdiction.name} ({book.jurisdiction.id}): {EVENT_ZH.get(str(event), str(event))} ({event}) on {at}")
    term.print(deadlines_table(term, data))
    term.print(*due_legend([{"provisional": d["provisional"], "calendar_gap": (d["calendar_gap"] or {}).get("missing_year"),
                             "due": d["due"]} for d in data]))
    return EXIT_OK


def _only_format(args: argparse.Namespace, accepted: str, why: str) -> None:
    """Commands whose output has one form: ``--format`` is taken for uniformity, and any other
    value than the one that makes sense is a usage error that says why."""
    if args.format not in (None, accepted):
        raise UsageError(f"--format {args.format}: {why}; use --format {accepted} (the default)")


def cmd_schema(args: argparse.Namespace) -> int:
    from .facts.schema import facts_schema

    _only_format(args, "json", "the schema is a JSON Schema document, it has no table form")
    _emit_json(facts_schema())
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    """Run scenario files: exit 0 if every expectation holds, 1 if one fails, 2 if a file is malformed."""
    from .scenarios import result_to_json, run_scenarios

    results = run_scenarios(args.paths)
    failed = [r for r in results if not r.passed]
    if args.format == "json":
        _emit_json({
            "scenarios": [result_to_json(r) for r in results],
            "summary": {"scenarios": len(results), "passed": len(results) - len(failed), "failed": len(failed)},
        })
    else:
        for result in results:
            print(f"{'PASS' if result.passed else 'FAIL'}  {result.path}  {result.title}")
            for failure in result.failures:
                print(f"      {failure}")
        print(f"{len(results)} scenarios: {len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_VIOLATIONS if failed else EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """One facts file under several jurisdictions. A comparison, not a check: exit 0 whatever the statuses."""
    from .compare import ALL_JURISDICTIONS, compare, comparison_to_json
    from .facts.loading import iter_accounts, open_facts

    as_of = _day(args.as_of, "--as-of")
    since = _day(args.since, "--since") if args.since else None
    library = default_library()
    stream = open_facts(args.facts, args.max_input)
    source = "<stdin>" if args.facts == "-" else args.facts
    try:
        accounts = tuple(iter_accounts(stream, source, lines=True if args.lines else None))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    chosen = [_jurisdiction(j) for j in args.jurisdiction] if args.jurisdiction else ALL_JURISDICTIONS
    result = compare(accounts, chosen, as_of, since=since,
                     calendar=_calendar(args), library=library)
    if args.format == "json":
        _emit_json(comparison_to_json(result, library))
        return EXIT_OK
    from .interfaces.tables import compare_legend, compare_table

    tree = library.tree
    names = [tree.alias(b.jurisdiction.id) for b in result.rulebooks]
    term = _terminal()
    term.print(f"{len(result.accounts)} account(s) as of {as_of} under " + ", ".join(
        f"{b.jurisdiction.name} ({tree.alias(b.jurisdiction.id)})" for b in result.rulebooks))
    term.print(compare_table(term, result, names), *compare_legend())
    return EXIT_OK


# -- gnmr calendar: the registered years --------------------------------------------------------

_WEEKDAYS = ("Mon 周一", "Tue 周二", "Wed 周三", "Thu 周四", "Fri 周五", "Sat 周六", "Sun 周日")


def _calendar_sources(result: Any) -> list[dict[str, Any]]:
    """Which data decides each covered year: the package's span, then each applied stored year."""
    from .calendar import WorkingDayCalendar
    from .calendar.store import package_source

    first, last = WorkingDayCalendar.builtin().coverage
    spans: list[dict[str, Any]] = [{"first": first, "last": last, "kind": "package", "source": package_source(), "file": None}]
    spans += [{"first": e.year, "last": e.year, "kind": "registered", "source": e.source, "file": str(e.path)} for e in result.applied]
    return sorted(spans, key=lambda s: s["first"])


def _source_text(span: dict[str, Any]) -> str:
    if span["kind"] == "package":
        return f"{span['source']} (package data)"
    return f"registered file {span['file']}: {span['source']}"


def cmd_calendar_show(args: argparse.Namespace) -> int:
    """Coverage, which source decides each year, and the registered years with their state."""
    from .calendar import WorkingDayCalendar
    from .calendar.store import package_source, resolve, store_dir

    result = resolve(WorkingDayCalendar.builtin())
    calendar = result.calendar
    first, last = calendar.coverage
    skipped = {s.entry.year: s.reason for s in result.skipped}
    applied = {e.year for e in result.applied}
    registered = sorted([*result.applied, *result.superseded, *(s.entry for s in result.skipped)], key=lambda e: e.year)

    def status(entry: Any) -> str:
        if entry.superseded_by_package:
            return "superseded"
        return "applied" if entry.year in applied else "skipped"

    if args.format == "json":
        _emit_json({
            "coverage": {"first": first, "last": last},
            "data_version": calendar.data_version,
            "package": package_source(),
            "store": str(store_dir()),
            "years": _calendar_sources(result),
            "registered": [
                {
                    "year": e.year,
                    "source": e.source,
                    "file": str(e.path),
                    "superseded_by_package": e.superseded_by_package,
                    "status": status(e),
                    "note": skipped.get(e.year),
                }
                for e in registered
            ],
        })
        return EXIT_OK
    print(f"calendar coverage {first}-{last}: {calendar.data_version}")
    rows = [[f"{s['first']}-{s['last']}" if s["first"] != s["last"] else str(s["first"]), _source_text(s)] for s in _calendar_sources(result)]
    print(render(["years", "decided by"], rows))
    print()
    if not registered:
        print(f"registered years in {store_dir()}: none ('gnmr calendar register FILE' adds one)")
        return EXIT_OK
    print(f"registered years in {store_dir()}:")
    notes = {"applied": "used", "superseded": f"{package_source()} covers this year and takes precedence; file kept, not used",
             "skipped": "not used, see note"}
    rows = [[str(e.year), status(e), e.source, str(e.path), notes[status(e)]] for e in registered]
    print(render(["year", "status", "notice", "file", "note"], rows, [4, 10, 50, 80, 90]))
    for reason in skipped.values():
        print(f"note: {reason}")
    return EXIT_OK


def cmd_calendar_register(args: argparse.Namespace) -> int:
    """Validate a year file and store it for every later command."""
    from .calendar.store import package_source, register_file, reload_default_calendar, store_dir

    _only_format(args, "table", "registering prints what it stored; 'gnmr calendar --format json' lists the registered years")
    before = {p.name for p in store_dir().glob("[0-9][0-9][0-9][0-9].toml")}
    entry = register_file(args.file)
    verb = "replaced" if entry.path.name in before else "registered"
    print(f"{verb} {entry.year} from {args.file}: {entry.source}")
    print(f"  stored as {entry.path}")
    if entry.superseded_by_package:
        print(f"  {package_source()} already covers {entry.year} with this schedule and takes precedence; the file is kept, not used")
    calendar = reload_default_calendar()  # this process too, as the next one will
    print(f"  calendar coverage now {calendar.coverage[0]}-{calendar.coverage[1]}")
    return EXIT_OK


def cmd_calendar_unregister(args: argparse.Namespace) -> int:
    """Remove a stored year; an unknown year is a usage error naming the years stored."""
    from .calendar.store import reload_default_calendar, store_dir, unregister

    _only_format(args, "table", "unregistering prints what it deleted; 'gnmr calendar --format json' lists the registered years")
    folder = store_dir()
    if not unregister(args.year):
        stored = sorted(p.stem for p in folder.glob("[0-9][0-9][0-9][0-9].toml"))
        raise UsageError(f"year {args.year} is not registered in {folder} (registered: {', '.join(stored) or 'none'})")
    print(f"unregistered {args.year}: deleted {folder / f'{args.year:04d}.toml'}")
    calendar = reload_default_calendar()
    print(f"  calendar coverage now {calendar.coverage[0]}-{calendar.coverage[1]}")
    return EXIT_OK


def cmd_calendar_year(args: argparse.Namespace) -> int:
    """One year's days off on weekdays and weekend working days, and where they come from."""
    import datetime as dt

    from .calendar import WorkingDayCalendar, statutory
    from .calendar.store import resolve
    from .errors import CalendarCoverageError

    result = resolve(WorkingDayCalendar.builtin())
    calendar = result.calendar
    year = args.year
    span = next((s for s in _calendar_sources(result) if s["first"] <= year <= s["last"]), None)
    if span is None and statutory.FIRST_DERIVABLE_YEAR <= year <= 9998:
        return _print_statutory_year(year, args.format)
    if span is None or not 1 <= year <= 9998:
        raise CalendarCoverageError(year, calendar.coverage)
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(dt.date(year, 12, 31).timetuple().tm_yday)]
    holidays = [d for d in days if d.weekday() < 5 and not calendar.is_working_day(d)]
    makeup = [d for d in days if d.weekday() >= 5 and calendar.is_working_day(d)]
    working = sum(1 for d in days if calendar.is_working_day(d))
    source = {"kind": span["kind"], "source": span["source"], "file": span["file"]}
    if args.format == "json":
        _emit_json({
            "year": year,
            "source": source,
            "holidays": [d.isoformat() for d in holidays],
            "makeup_workdays": [d.isoformat() for d in makeup],
            "working_days": working,
        })
        return EXIT_OK
    print(f"{year}: {_source_text(span)}")
    print(f"{len(holidays)} weekday holiday(s), {len(makeup)} makeup working day(s), {working} working days in all")
    rows = [[d.isoformat(), _WEEKDAYS[d.weekday()], "holiday 放假" if d in holidays else "makeup working day 调休上班"]
            for d in sorted([*holidays, *makeup])]
    print(render(["date", "weekday", "day"], rows))
    return EXIT_OK


def _print_statutory_year(year: int, fmt: str) -> int:
    """A year without a schedule: what the law fixes for it, which is what --provisional counts."""
    from .calendar import statutory

    version = statutory.law_version(year)
    days = statutory.statutory_holidays(year)
    if fmt == "json":
        _emit_json({
            "year": year,
            "source": {"kind": "statutory", "source": f"《全国年节及纪念日放假办法》（{version.decree}）", "file": None},
            "holidays": None,
            "makeup_workdays": None,
            "statutory_holidays": [{"date": h.date.isoformat(), "festival": h.festival} for h in days],
        })
        return EXIT_OK
    print(f"{year}: no State Council schedule in the calendar data (该年节假日安排尚未纳入); "
          f"the statutory holidays of 《全国年节及纪念日放假办法》（{version.decree}）, which --provisional counts:")
    print(render(["date", "weekday", "festival"], [[h.date.isoformat(), _WEEKDAYS[h.date.weekday()], h.festival] for h in days]))
    print("bridging days, weekday compensation (补假) and makeup working days wait for the notice; "
          "register it with 'gnmr calendar register FILE'")
    return EXIT_OK


_J_HELP = "jurisdiction: id, alias or Chinese name, any case (zezhou, cn.shanxi.jincheng.zezhou, 泽州县; 国家/全国)"


def build_parser() -> argparse.ArgumentParser:
    from .model.vocab import EventType

    parser = _Parser(prog="gnmr", description="Rules as code for Chinese government new-media accounts (政务新媒体).")
    parser.add_argument("--version", action="version", version=f"gnmr {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser, *, on: bool = True, overlay: bool = True,
               formats: tuple[str, ...] = ("table", "json")) -> None:
        p.add_argument("--format", choices=formats, default="table")
        if on:
            p.add_argument("--on", metavar="DATE", help="date the rulebook applies on (default: today, Asia/Shanghai)")
        if overlay:
            p.add_argument("--overlay", metavar="FILE", action="append", default=[], help="what-if overlay file (repeatable)")

    p = commands.add_parser("jurisdictions", help="the jurisdiction tree and its documents")
    common(p, on=False, overlay=False)
    p.set_defaults(handler=cmd_jurisdictions)

    p = commands.add_parser("documents", help="the source documents held, with dates and encoding versions")
    common(p, on=False, overlay=False)
    p.set_defaults(handler=cmd_documents)

    p = commands.add_parser("rules", help="the rules in force in a jurisdiction")
    p.add_argument("-j", "--jurisdiction", required=True, help=_J_HELP)
    p.add_argument("--topic", metavar="TOPIC", help="only rules of this topic, in English or Chinese: " + typed_input.topics_help())
    p.add_argument("--checkable", action="store_true", help="only rules that facts can check")
    common(p)
    p.set_defaults(handler=cmd_rules)

    p = commands.add_parser("show", help="one rule in full")
    p.add_argument("rule", help="rule id")
    p.add_argument("-j", "--jurisdiction", help="show the rule as it applies in this jurisdiction")
    common(p)
    p.set_defaults(handler=cmd_show)

    p = commands.add_parser("diff", help="rule-by-rule differences between two jurisdictions")
    p.add_argument("left", help=_J_HELP)
    p.add_argument("right", help=_J_HELP + " (--overlay applies to this side)")
    common(p)
    p.set_defaults(handler=cmd_diff)

    def facts_input(p: argparse.ArgumentParser, *, jobs: bool = False) -> None:
        """How FACTS is read, for every command that reads it."""
        p.add_argument("--lines", action="store_true", help="read the input as JSON Lines")
        p.add_argument("--max-input", metavar="SIZE", default="16G", type=_size,
                       help="stop reading FACTS past this size (default 16G; e.g. 500M, 64G; 0: no limit)")
        if jobs:
            p.add_argument("--jobs", metavar="N|auto", default=1, type=_jobs,
                           help="evaluate on N processes (auto: the cores available; default 1); the same output")

    def calendar_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--calendar", metavar="FILE", action="append", default=[],
                       help="register a newly announced year's holidays from a TOML file (repeatable)")
        p.add_argument("--provisional", action="store_true",
                       help="outside the holiday data, treat weekdays as working days and flag results provisional")

    p = commands.add_parser("check", help="evaluate account facts (JSON or JSON Lines) against a jurisdiction's rules")
    p.add_argument("-j", "--jurisdiction", required=True, help=_J_HELP)
    p.add_argument("facts", help="facts file (JSON, or JSON Lines with one account per line), or - for stdin")
    p.add_argument("--as-of", metavar="DATE", help="evaluate as of the end of this day (default: today, Asia/Shanghai)")
    p.add_argument("--since", metavar="DATE", help="first day periodic rules are reported for (default: 52 weeks before as-of)")
    facts_input(p, jobs=True)
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to FILE (required for --format xlsx); written whole or not at all")
    p.add_argument("--all", action="store_true",
                   help="the table: every account and every detail (default: the 50 accounts with most violations "
                        "and the first 100 details of each status)")
    calendar_options(p)
    common(p, on=False, formats=("table", "json", "xlsx", "csv"))
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("report", help="the check as one offline HTML file in Chinese, with charts (gnmr report FACTS -j J -o report.html)")
    p.add_argument("-j", "--jurisdiction", required=True, help=_J_HELP)
    p.add_argument("facts", help="facts file (JSON, or JSON Lines with one account per line), or - for stdin")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write (whole or not at all)")
    p.add_argument("--as-of", metavar="DATE", help="evaluate as of the end of this day (default: today, Asia/Shanghai)")
    p.add_argument("--since", metavar="DATE", help="first day the report shows (default: 52 weeks before as-of)")
    p.add_argument("--account", metavar="ID", help="show one account only")
    p.add_argument("--unit", metavar="NAME", help="show one host unit's accounts only (its name as in the facts)")
    p.add_argument("--site-url", metavar="URL", default=None,
                   help="where the documentation site is, for the links to each rule (default: the published site)")
    facts_input(p, jobs=True)
    p.add_argument("--overlay", metavar="FILE", action="append", default=[], help="what-if overlay file (repeatable)")
    calendar_options(p)
    p.set_defaults(handler=cmd_report)

    p = commands.add_parser("deadlines", help="what an event triggers, with due dates in working days")
    p.add_argument("-j", "--jurisdiction", required=True, help=_J_HELP)
    p.add_argument("--event", required=True, help="the event type: " + ", ".join(EventType))
    p.add_argument("--at", required=True, metavar="DATE", help="the day the event happened (Asia/Shanghai)")
    calendar_options(p)
    common(p)
    p.set_defaults(handler=cmd_deadlines)

    p = commands.add_parser("test", help="run scenario files (TOML): facts, jurisdiction, day and the findings expected")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario file, or directory searched for *.toml")
    common(p, on=False, overlay=False)
    p.set_defaults(handler=cmd_test)

    p = commands.add_parser("compare", help="one facts file under several jurisdictions: rule × jurisdiction → status")
    p.add_argument("facts", help="facts file (JSON, or JSON Lines with one account per line), or - for stdin")
    p.add_argument("-j", "--jurisdiction", action="append", default=[],
                   help=_J_HELP + " (repeatable; default: national, zezhou, gaoxian, changchun-xinqu, huzhou)")
    p.add_argument("--as-of", metavar="DATE", help="evaluate as of the end of this day, under the rulebooks of that day (default: today)")
    p.add_argument("--since", metavar="DATE", help="first day periodic rules are reported for (default: 52 weeks before as-of)")
    facts_input(p)
    calendar_options(p)
    common(p, on=False, overlay=False)
    p.set_defaults(handler=cmd_compare)

    p = commands.add_parser("calendar", help="the working-day calendar: coverage, and the years you registered",
                            description="Without a subcommand: the same as 'gnmr calendar show'.")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_calendar_show)
    calendar_commands = p.add_subparsers(dest="calendar_command", parser_class=_Parser, metavar="{show,register,unregister,year}")
    # --format is repeated on the subcommands with SUPPRESS so that it can come after them and a
    # subcommand's default never overwrites a value given before it.
    sub = calendar_commands.add_parser("show", help="coverage, which source decides each year, the registered years")
    sub.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS)
    sub.set_defaults(handler=cmd_calendar_show)
    sub = calendar_commands.add_parser("register", help="validate a year file (TOML) and keep it for every later command")
    sub.add_argument("file", metavar="FILE", help="year, source, holidays, makeup_workdays; see docs/developer/calendar.md")
    sub.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS, help="table only: it prints what it stored")
    sub.set_defaults(handler=cmd_calendar_register)
    sub = calendar_commands.add_parser("unregister", help="remove a registered year")
    sub.add_argument("year", metavar="YEAR", type=_year)
    sub.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS, help="table only: it prints what it deleted")
    sub.set_defaults(handler=cmd_calendar_unregister)
    sub = calendar_commands.add_parser("year", help="one year's holidays and makeup working days, and their source")
    sub.add_argument("year", metavar="YEAR", type=_year)
    sub.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS)
    sub.set_defaults(handler=cmd_calendar_year)

    p = commands.add_parser("schema", help="the JSON Schema of the facts that check reads")
    p.add_argument("--format", choices=("table", "json"), default="json", help="json only (the default): the schema is JSON")
    p.set_defaults(handler=cmd_schema)
    return parser


def _show_warning(previous: Any) -> Any:
    """A ``warnings.showwarning`` that prints a skipped registered year as a one-line note."""

    def show(message: Any, category: type[Warning], filename: str, lineno: int, file: Any = None, line: str | None = None) -> None:
        if issubclass(category, RegisteredYearSkipped):
            say(f"gnmr: note: {message}")
        else:
            previous(message, category, filename, lineno, file, line)

    return show


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Standard output appears whole or not at all; every failure is one line
    on stderr with its own exit code (see the module docstring), never a traceback."""
    held = HeldStdout(sys.stdout)
    sys.stdout = held
    try:
        code = _run(argv)
        if code in (EXIT_OK, EXIT_VIOLATIONS):  # a result; after any failure, nothing
            held.commit()
        return code
    except StreamError as exc:
        say(f"gnmr: error: {exc}")
        return EXIT_USAGE
    finally:
        sys.stdout = held.real
        held.close()


def _run(argv: Sequence[str] | None) -> int:
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning(warnings.showwarning)
            warnings.simplefilter("always", RegisteredYearSkipped)  # every command says it, not only the first
            args = build_parser().parse_args(argv)
            return int(args.handler(args))
    except SystemExit as exc:  # argparse after --help or --version
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except StreamError:
        raise
    except GnmrError as exc:
        say(f"gnmr: error: {_one_line(str(exc))}")
        return EXIT_USAGE
    except (UnicodeEncodeError, BrokenPipeError) as exc:  # writing a report file or the real stdout
        say(f"gnmr: error: {stream_problem(exc, 'the output')}")
        return EXIT_USAGE
    except OSError as exc:  # the user's machine: a full disk or temporary folder, a permission
        where = f": {exc.filename}" if exc.filename else ""
        say(f"gnmr: error: {exc.strerror or exc}{where}")
        return EXIT_USAGE
    except MemoryError:
        say("gnmr: error: out of memory; for large inputs use JSON Lines (one account per line)")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: never let it pass for a result
        if os.environ.get("GNMR_TRACEBACK"):
            traceback.print_exc()
        say(f"gnmr: internal error: {type(exc).__name__}: {_one_line(_shortened(str(exc)))}. This is a bug in "
            f"gnmr {__version__}, not a result: nothing was written to stdout. Please report it with the command "
            "and its input, as the README's 'Reporting a bug' says (GNMR_TRACEBACK=1 prints the traceback)")
        return EXIT_INTERNAL


def _shortened(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(message: str) -> str:
    """One line whatever the input held: line breaks in echoed keys or paths are escaped."""
    return "".join(repr(c)[1:-1] if c in _LINE_BREAKS else c for c in message)
