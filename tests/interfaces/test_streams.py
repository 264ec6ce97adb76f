"""What the user's environment does to the command's streams is never mistaken for a result.

Exit 1 means violations found and only that. A stream that cannot be used (closed, a device, a
full disk, a broken pipe, an encoding without Chinese) is exit 2 and one line on stderr; a bug
is exit 3, "internal error", with stdout empty. Each probe runs the real command in a real
process, with the stream set up as a shell would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules.cli import EXIT_INTERNAL, main
from gov_new_media_rules.engine import registry
from gov_new_media_rules.model.params import RuleKind

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2025-02-10"
# One account that breaks 长春新区's rules (no posts for a year): a check of it exits 1.
FACTS = {"accounts": [{"id": "a", "name": "某局", "platform": "wechat", "host_unit": "某局", "opened_on": "2024-01-02",
                       "posts": [{"published_at": "2024-01-03T09:00:00+08:00"}]}]}


def gnmr(*argv: str, env: dict[str, str] | None = None, **streams: Any) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env or {})}
    streams.setdefault("stdin", subprocess.DEVNULL)
    streams.setdefault("stdout", subprocess.PIPE)
    streams.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "gov_new_media_rules", *argv], env=environment, cwd=REPO, timeout=120,
                          check=False, **streams)


def closing(fd: int) -> Callable[[], None]:
    """A child set-up that closes one of its standard descriptors, as ``<&-`` or ``>&-`` does."""
    return lambda: os.close(fd)


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    return path


def one_line(stderr: bytes, *words: str) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("gnmr: error: "), text
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_the_probe_account_has_violations(facts: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, str(facts))
    assert result.returncode == 1 and result.stdout


def test_stdin_closed() -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "-", stdin=None, preexec_fn=closing(0))
    assert result.returncode == 2 and result.stdout == b""
    one_line(result.stderr, "<stdin>", "standard input is closed")


def test_a_directory_as_facts(tmp_path: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, str(tmp_path))
    assert result.returncode == 2 and result.stdout == b""
    one_line(result.stderr, str(tmp_path), "cannot read")


@pytest.mark.parametrize("argv", [("check", "-j", "changchun-xinqu", "--as-of", AS_OF), ("rules", "-j", "huzhou"),
                                  ("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--format", "json")])
def test_stdout_on_a_full_disk(facts: Path, argv: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        result = gnmr(*argv, *([str(facts)] if argv[0] == "check" else []), stdout=full)
    assert result.returncode == 2
    one_line(result.stderr, "standard output", "No space left on device")


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_stdout_closed(facts: Path, fmt: str) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--format", fmt, str(facts), stdout=None,
                  preexec_fn=closing(1))
    assert result.returncode == 2
    one_line(result.stderr, "standard output is closed")


def test_a_table_on_stdout_that_cannot_hold_chinese(facts: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, str(facts), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2 and result.stdout == b""
    one_line(result.stderr, "encoding is ascii", "PYTHONIOENCODING=utf-8")


def test_json_is_utf8_whatever_the_locale(facts: Path) -> None:
    # JSON is interchanged as UTF-8 (RFC 8259): the report is complete, whatever stdout's encoding.
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--format", "json", str(facts),
                  env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1 and json.loads(result.stdout.decode("utf-8"))["findings"]
    assert result.stderr == b""


def test_a_device_of_zeros_is_refused_at_once() -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "/dev/zero")
    assert result.returncode == 2 and result.stdout == b""
    one_line(result.stderr, "/dev/zero", "malformed JSON at line 1, column 1")


def test_an_endless_stream_stops_at_max_input() -> None:
    process = subprocess.Popen([sys.executable, "-m", "gov_new_media_rules", "check", "-j", "changchun-xinqu", "--as-of", AS_OF,
                                "--max-input", "1M", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(REPO / "src")}, cwd=REPO)

    def feed() -> None:  # an object that never closes, as `yes '{'` would send
        try:
            while True:
                process.stdin.write(b'{"id": "a",\n' * 4096)  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError, OSError):
            pass

    threading.Thread(target=feed, daemon=True).start()
    # Not communicate(): it would close stdin, and the stream would end.
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    assert process.wait(timeout=120) == 2 and out == b""
    one_line(err, "<stdin>", "--max-input 1M")


def test_a_facts_file_over_max_input_is_refused_before_reading(facts: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--max-input", "10", str(facts))
    assert result.returncode == 2
    one_line(result.stderr, str(facts), "larger than --max-input 10 bytes")


def test_a_bad_max_input_is_a_usage_error(facts: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--max-input", "lots", str(facts))
    assert result.returncode == 2
    one_line(result.stderr, "--max-input", "lots", "16G")


@pytest.mark.parametrize("argv", [("rules", "-j", "huzhou", "--format", "json"),
                                  ("check", "-j", "changchun-xinqu", "--as-of", "2099-12-31", "--provisional", "--format", "json")])
def test_a_broken_pipe_is_not_a_result(tmp_path: Path, argv: tuple[str, ...]) -> None:
    # Far more than a pipe holds, to a reader that has gone: the output cannot be complete.
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({**FACTS["accounts"][0], "id": f"a{i}"}) for i in range(300)), encoding="utf-8")
    read, write = os.pipe()
    os.close(read)
    try:
        result = gnmr(*argv, *([str(path)] if argv[0] == "check" else []), stdout=write)
    finally:
        os.close(write)
    assert result.returncode == 2
    one_line(result.stderr, "broken pipe")


def test_stderr_closed_keeps_the_exit_code(facts: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", AS_OF, str(facts), stderr=None, preexec_fn=closing(2))
    assert result.returncode == 1 and "violation" in result.stdout.decode("utf-8")


def test_a_far_future_as_of_is_refused(facts: Path) -> None:
    result = gnmr("check", "-j", "changchun-xinqu", "--as-of", "9999-12-31", str(facts))
    assert result.returncode == 2 and result.stdout == b""
    one_line(result.stderr, "--as-of", "2000-01-01..2099-12-31")


# -- a bug is never a result -----------------------------------------------------------------------

def _crash(*_: Any) -> Any:
    raise ZeroDivisionError("injected")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_an_injected_crash_is_an_internal_error_with_empty_stdout(capsys, monkeypatch, facts: Path, fmt: str) -> None:
    monkeypatch.setitem(registry.ACCOUNT_EVALUATORS, RuleKind.MAX_INACTIVITY, _crash)
    code = main(["check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--format", fmt, str(facts)])
    out, err = capsys.readouterr()
    assert code == EXIT_INTERNAL == 3
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gnmr: internal error: ZeroDivisionError: injected"), err
    assert "Traceback" not in err and "Reporting a bug" in lines[0]


def test_an_injected_crash_while_writing_a_file_leaves_no_file(capsys, monkeypatch, facts: Path, tmp_path: Path) -> None:
    monkeypatch.setitem(registry.ACCOUNT_EVALUATORS, RuleKind.MAX_INACTIVITY, _crash)
    target = tmp_path / "out.xlsx"
    assert main(["check", "-j", "changchun-xinqu", "--as-of", AS_OF, "--format", "xlsx", "-o", str(target), str(facts)]) == 3
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["facts.json"]
    capsys.readouterr()


def test_the_traceback_on_request(capsys, monkeypatch, facts: Path) -> None:
    monkeypatch.setitem(registry.ACCOUNT_EVALUATORS, RuleKind.MAX_INACTIVITY, _crash)
    monkeypatch.setenv("GNMR_TRACEBACK", "1")
    assert main(["check", "-j", "changchun-xinqu", "--as-of", AS_OF, str(facts)]) == 3
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" in err and "ZeroDivisionError: injected" in err
