"""A source text cut into segments, each marked with the claims and reviewed passages that
cover it, so the page can highlight overlapping spans without nesting tags wrongly.

Offsets are Unicode code points (the claims' oa:TextPositionSelector), which is what Python's
str indexing counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from napo.knowledge.inputs import sources_dir
from napo.site.evidence import Node, Source


@dataclass(frozen=True)
class Segment:
    text: str
    claims: tuple[str, ...]  # anchors of the claims covering it
    passages: tuple[str, ...]  # anchors of the reviewed passages covering it
    starts: tuple[str, ...]  # anchors that begin here (the segment gets their id)


def read_text(file_name: str) -> str | None:
    """The source text, or None when the sources folder is absent (an installed package)."""
    if not file_name or "/" in file_name or "\\" in file_name or file_name.startswith("."):
        return None  # never a path outside the sources folder
    path = sources_dir() / file_name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def highlighted(text: str, source: Source) -> list[Segment]:
    spans: list[tuple[Node, bool]] = [(n, True) for n in source.claims if n.span]
    spans += [(n, False) for n in source.passages if n.span]
    cuts = {0, len(text)}
    for node, _ in spans:
        cuts |= {min(max(node.span.start, 0), len(text)), min(max(node.span.end, 0), len(text))}
    bounds = sorted(cuts)
    segments = []
    for start, end in pairwise(bounds):
        covering = [(n, is_claim) for n, is_claim in spans
                    if n.span.start <= start and end <= n.span.end]
        segments.append(Segment(
            text[start:end],
            tuple(n.anchor for n, is_claim in covering if is_claim),
            tuple(n.anchor for n, is_claim in covering if not is_claim),
            tuple(n.anchor for n, _ in covering if n.span.start == start)))
    return segments
