"""The command's standard streams, so that what a user's environment does to them is never
mistaken for a result.

* Standard output is held until the command has finished and then written whole: a command
  that fails part-way (bad input at the end of a file, an internal error) leaves it empty, never
  half a table. Commands that spool large output themselves (``check --format json``) write to
  :attr:`HeldStdout.real` once their spool is complete.
* A failure of the streams themselves — closed, a directory, a full disk, a broken pipe, an
  encoding that cannot hold Chinese — is an :class:`StreamError`: the user's environment, exit 2
  and one line, not a traceback and not exit 1 ("violations found").
* Standard error never raises: a closed stderr costs the messages, not the exit code.
"""

from __future__ import annotations

import errno
import io
import os
import sys
import tempfile
from typing import IO, Any

from ..errors import GnmrError

__all__ = ["HeldStdout", "StreamError", "copy_out", "is_terminal", "say", "stream_problem"]


class StreamError(GnmrError):
    """Standard input or output cannot be used as the command needs."""


def stream_problem(exc: BaseException, stream: str) -> StreamError:
    """The one-line account of an I/O failure on ``stream`` ("standard output", a file name)."""
    if isinstance(exc, UnicodeEncodeError):
        return StreamError(
            f"{stream} cannot hold the Chinese text of the output (its encoding is {exc.encoding}); "
            "use a UTF-8 locale or set PYTHONIOENCODING=utf-8"
        )
    if isinstance(exc, BrokenPipeError) or getattr(exc, "errno", None) == errno.EPIPE:
        return StreamError(f"{stream} was closed before the output was complete (broken pipe)")
    if isinstance(exc, OSError):
        return StreamError(f"cannot write to {stream}: {exc.strerror or exc}")
    return StreamError(f"cannot write to {stream}: it is closed")


def is_terminal(stream: Any) -> bool:
    """Is ``stream`` a terminal? False for a closed, missing or detached stream, never an error."""
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class HeldStdout(io.TextIOBase):
    """A stand-in for ``sys.stdout`` that keeps the text until :meth:`commit`: in memory up to
    a few megabytes, then in a temporary file, so that a long table is held whole without holding
    it in memory.

    It answers ``isatty`` and ``fileno`` for the real stream, so tables are laid out for the
    terminal they will appear on.
    """

    IN_MEMORY = 8 << 20

    def __init__(self, real: IO[str] | None) -> None:
        super().__init__()
        self.real = real
        self._spool = tempfile.SpooledTemporaryFile(self.IN_MEMORY, mode="w+", encoding="utf-8", newline="")

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:  # type: ignore[override]
        return self._spool.write(text)

    def isatty(self) -> bool:
        return is_terminal(self.real)

    def fileno(self) -> int:
        if self.real is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self.real.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.real, "encoding", None) or "utf-8"

    def getvalue(self) -> str:
        """What is held so far (for tests and small outputs)."""
        self._spool.seek(0)
        text = self._spool.read()
        self._spool.seek(0, io.SEEK_END)
        return text

    def commit(self) -> None:
        """Write what was held to the real stream; a failure is a :class:`StreamError`."""
        self._spool.seek(0)
        while chunk := self._spool.read(1 << 20):
            write_out(self.real, chunk)
        self._spool.seek(0)
        self._spool.truncate()

    def close(self) -> None:
        self._spool.close()
        super().close()


def copy_out(complete: IO[bytes]) -> None:
    """A complete output (a binary spool of UTF-8) onto the real standard output, after anything
    held: as bytes where the stream has a buffer (JSON is UTF-8 whatever the locale says)."""
    held = sys.stdout
    if isinstance(held, HeldStdout):
        held.commit()
        real = held.real
    else:
        real = held
    target = getattr(real, "buffer", None)
    if target is not None:
        try:
            real.flush()  # type: ignore[union-attr]
        except (OSError, ValueError) as exc:
            silence_stdout()
            raise stream_problem(exc, "standard output") from None
    while chunk := complete.read(1 << 20):
        write_out(target or real, chunk if target is not None else chunk.decode("utf-8"))


def write_out(real: IO[Any] | None, text: str | bytes) -> None:
    """``text`` (or bytes) onto the real standard output, flushed; failures as :class:`StreamError`."""
    if not text:
        return
    if real is None:
        raise StreamError("standard output is closed")
    try:
        real.write(text)
        real.flush()
    except (OSError, ValueError, UnicodeEncodeError) as exc:
        silence_stdout()
        raise stream_problem(exc, "standard output") from None


def silence_stdout() -> None:
    """After a failed write, point the standard output descriptor at /dev/null, so that the
    interpreter's own flush at exit does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ is not None else 1)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def say(line: str, stream: Any = None) -> None:
    """One line on standard error. Never raises: a closed or narrow stderr loses the line only."""
    target = stream if stream is not None else sys.stderr
    if target is None:
        return
    try:
        target.write(line + "\n")
        target.flush()
    except UnicodeEncodeError:
        try:
            encoding = getattr(target, "encoding", None) or "ascii"
            target.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")
            target.flush()
        except (OSError, ValueError, LookupError, UnicodeError):
            pass
    except (OSError, ValueError, AttributeError):
        pass
