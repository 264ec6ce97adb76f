"""Tables for a terminal, made with rich, and plain text when the output is not a terminal.

Why rich rather than hand-aligned text: it measures CJK characters as two columns, shares the
terminal's width out among the columns and wraps long cells instead of cutting them — a cut cell
once hid 泽州县's "2个工作日" while 湖州市's 5 was shown. Every column folds (``overflow="fold"``):
nothing in a cell is ever replaced by an ellipsis.

Width: ``COLUMNS`` when set (so scripts and tests can ask for a width), else the terminal's, else
100. Output that is not a terminal (a pipe, a file) is plain text: no ANSI codes, ASCII rules
under the headers, no trailing blanks.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .streams import is_terminal

__all__ = ["Terminal", "display_width", "terminal_width"]

DEFAULT_WIDTH = 100
_MIN_WIDTH = 40

# Header rule only, in ASCII: what a plain-text table needs, and nothing a diff or grep trips on.
_PLAIN_BOX = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters count two."""
    from rich.cells import cell_len

    return cell_len(text)


def terminal_width(stream: IO[str] | None = None) -> int:
    """``COLUMNS`` if it is a number, else the width of the terminal ``stream`` is, else 100."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return max(_MIN_WIDTH, int(value))
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return max(_MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        pass
    return DEFAULT_WIDTH


class Terminal:
    """Where a command writes its text: a rich console at a terminal, plain text elsewhere.

    Strings are never read as rich markup or emoji codes: titles and quotes hold brackets.
    """

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.width = terminal_width(self.stream)
        self.rich = is_terminal(self.stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def _console(self, file: IO[str], width: int | None = None, *, plain: bool = False) -> Console:
        styled = self.rich and not plain
        return Console(
            file=file,
            width=width or self.width,
            force_terminal=styled,
            color_system="auto" if styled else None,
            no_color=not styled,
            highlight=False,
            markup=False,
            emoji=False,
            legacy_windows=False,
            soft_wrap=False,
        )

    def print(self, *renderables: Any, file: IO[str] | None = None) -> None:
        """Print text (wrapped to the width) or tables, laid out for this terminal, to its stream
        or to ``file`` (a spool the text will be copied from)."""
        target = file if file is not None else self.stream
        for item in renderables:
            width = self._fitting_width(item) if isinstance(item, Table) else self.width
            if self.rich:
                self._console(target, width).print(item)
                continue
            buffer = io.StringIO()
            self._console(buffer, width).print(item)
            for line in buffer.getvalue().splitlines():
                target.write(line.rstrip() + "\n")

    def _fitting_width(self, table: Table) -> int:
        """The width to lay ``table`` out at so that no line is wider than the terminal.

        rich can lay a table out a column or two wider than asked when a column's minimum width
        exceeds the share it was given; the console would then crop the last column, losing
        characters. Laying it out again a little narrower is cheap and loses nothing.
        """
        width = self.width
        for _ in range(8):
            buffer = io.StringIO()
            self._console(buffer, width, plain=True).print(table)  # measured without escape codes
            over = max((display_width(line.rstrip()) for line in buffer.getvalue().splitlines()), default=0) - self.width
            if over <= 0:
                return width
            width = max(_MIN_WIDTH // 2, width - 2 * over)
        return width

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        title: str | None = None,
        flex: Sequence[int | None] | None = None,
        max_widths: Sequence[int | None] | None = None,
    ) -> Table:
        """A table as wide as the terminal whose cells wrap and never lose a character.

        Columns with a ``flex`` ratio (the long texts: titles, messages, parameters) share the
        width left over by the others, which keep their natural width — so a date, a status or
        a due date stays on one line. ``max_widths`` caps a column of short labels (a topic),
        which then wraps.
        """
        table = Table(
            box=box.SIMPLE_HEAD if self.rich else _PLAIN_BOX,
            show_edge=False,
            pad_edge=False,
            title=title,
            title_justify="left",
            header_style="bold" if self.rich else "",
            expand=bool(flex and any(flex)),
            padding=(0, 1),
        )
        for index, header in enumerate(headers):
            table.add_column(
                header,
                overflow="fold",
                ratio=(flex[index] if flex else None),
                max_width=(max_widths[index] if max_widths else None),
            )
        for row in rows:
            table.add_row(*(cell if isinstance(cell, Text) else Text(str(cell)) for cell in row))
        return table
