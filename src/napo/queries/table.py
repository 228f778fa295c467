"""Terminal tables in which nothing is ever cut: text wraps at words, identifiers fold.

Hand-written rather than rich's Table on purpose: rich measures and renders every cell as a
renderable, which costs 0.1-0.2 s on a listing of a few hundred rows, more than loading the
store and answering the question together (docs/benchmarks.md); this module does the same
layout with plain string operations. Widths count code points (NAPO's text has no wide
characters).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

_BORDERS = 3  # per column: a rule and one space of padding on each side
_FLOOR = 8  # no column is squeezed below this (or its longest word, if shorter)


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], ids: frozenset[str],
                  width: int) -> list[int]:
    """Natural widths when the table fits; otherwise identifier columns keep their full width
    (in column order, while the others keep their floor) and the rest share what is left in
    proportion to their natural widths."""
    natural = [max((len(line) for cell in (c, *(r[i] for r in rows))
                    for line in str(cell).splitlines()), default=0)
               for i, c in enumerate(columns)]
    available = width - _BORDERS * len(columns) - 1
    if sum(natural) <= available:
        return natural
    longest_word = [max((len(w) for cell in (c, *(r[i] for r in rows)) for w in str(cell).split()),
                        default=0) for i, c in enumerate(columns)]
    floor = [max(1, min(_FLOOR, longest_word[i], natural[i])) for i in range(len(columns))]
    budget = available - sum(floor)
    widths = list(floor)
    flexible = []
    for i, column in enumerate(columns):
        if column in ids and natural[i] - floor[i] <= budget:
            widths[i] = natural[i]
            budget -= natural[i] - floor[i]
        else:
            flexible.append(i)
    wanted = sum(natural[i] - floor[i] for i in flexible)
    for i in flexible:  # share the rest; rounding leaves at most a few columns unused
        if wanted > 0 and budget > 0:
            widths[i] += min(natural[i] - floor[i], budget * (natural[i] - floor[i]) // wanted)
    return widths


def _lines(text: str, width: int, identifier: bool) -> list[str]:
    """A cell's lines: identifiers fold every `width` characters, text wraps at spaces (a word
    longer than the column folds too); line breaks in the cell are kept."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        if identifier:
            lines += [paragraph[i:i + width] for i in range(0, len(paragraph), width)] or [""]
        else:
            lines += textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""]
    return lines


def _rule(left: str, fill: str, middle: str, right: str, widths: list[int]) -> str:
    return left + middle.join(fill * (w + 2) for w in widths) + right


def render(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
           ids: frozenset[str] = frozenset(), numbers: frozenset[str] = frozenset(),
           width: int = 80, row_rules: bool = False) -> str:
    """The table as text, heavy rules around the header as `rich` draws them; row_rules puts
    a rule between rows (for cells of several lines)."""
    widths = column_widths(columns, rows, ids, width)
    right = [c in numbers for c in columns]

    def block(cells: Sequence[str], bar: str, header: bool = False) -> list[str]:
        split = [_lines(cell, w, not header and c in ids)
                 for cell, w, c in zip(cells, widths, columns, strict=True)]
        height = max(map(len, split))
        return [bar + bar.join(
            f" {(s[k] if k < len(s) else ''):{'>' if r and not header else '<'}{w}} "
            for s, w, r in zip(split, widths, right, strict=True)) + bar
            for k in range(height)]

    out = [title] if title else []
    out.append(_rule("┏", "━", "┳", "┓", widths))
    out += block(columns, "┃", header=True)
    out.append(_rule("┡", "━", "╇", "┩", widths))
    for number, row in enumerate(rows):
        if row_rules and number:
            out.append(_rule("├", "─", "┼", "┤", widths))
        out += block([str(cell) for cell in row], "│")
    out.append(_rule("└", "─", "┴", "┘", widths))
    return "\n".join(out) + "\n"
