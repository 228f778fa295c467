"""Check that every evidence span points at real text in an unchanged source file.

SHACL checks the shape of evidence nodes; only code can open the source file, compare its
SHA-256 and read the characters at [start, end). Offsets count Unicode code points, as the
W3C Web Annotation TextPositionSelector requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from napo.core.errors import InputError
from napo.core.namespaces import NAPO, OA, compact
from napo.knowledge.spans import file_name_problem, read_source

_STOPWORDS = {"of", "the", "and", "or", "a", "an", "to", "in", "on", "after", "for", "with"}


@dataclass(frozen=True, order=True)
class SpanProblem:
    """One broken piece of provenance, in the shape of a SHACL result."""

    focus: str
    path: str
    value: str
    message: str
    fix: str


def _offset(graph: Graph, selector: Node, predicate: URIRef) -> int | str:
    """A selector's oa:start or oa:end as an int, or the reason it is not one."""
    value = graph.value(selector, predicate)
    name = compact(str(predicate))
    if value is None:
        return f"the position selector {compact(str(selector))} has no {name}"
    number = value.value if isinstance(value, Literal) else None
    if not isinstance(number, int) or isinstance(number, bool):
        return f"{name} {value.n3()} is not a whole number"
    return number


def span_text(graph: Graph, evidence: URIRef, sources_dir: Path) -> str | None:
    """The source characters an evidence node points at, or None if it cannot be read."""
    source = graph.value(evidence, OA.hasSource)
    file_name = graph.value(source, NAPO.fileName)
    if not file_name or file_name_problem(str(file_name), sources_dir):
        return None
    for selector in graph.objects(evidence, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            path = sources_dir / str(file_name)
            start, end = _offset(graph, selector, OA.start), _offset(graph, selector, OA.end)
            if path.is_file() and isinstance(start, int) and isinstance(end, int):
                try:
                    text, _ = read_source(path)
                except InputError:  # unreadable or not UTF-8: `napo validate` says which
                    return None
                return text[start:end]
    return None


def check_spans(graph: Graph, sources_dir: Path) -> list[SpanProblem]:
    """Every evidence node: file present, checksum unchanged, span in bounds, quote matches."""
    problems: list[SpanProblem] = []
    for evidence in sorted(set(graph.subjects(RDF.type, OA.SpecificResource))):
        owner = str(graph.value(predicate=NAPO.evidence, object=evidence) or evidence)
        source = graph.value(evidence, OA.hasSource)
        file_name = graph.value(source, NAPO.fileName)
        if file_name is None:
            problems.append(SpanProblem(owner, str(OA.hasSource), str(source),
                                        "evidence points at a source with no napo:fileName",
                                        "point oa:hasSource at a record in data/sources.ttl"))
            continue
        if unsafe := file_name_problem(str(file_name), sources_dir):
            problems.append(SpanProblem(
                owner, str(NAPO.fileName), str(file_name),
                f"napo:fileName of {compact(str(source))} is not a plain file name in the "
                f"sources folder: {unsafe}",
                "give just the name of a file in the sources folder, e.g. "
                "001_dbe4981a378f010b.txt; source texts are only read from there"))
            continue
        derived_from = graph.value(URIRef(owner), PROV.wasDerivedFrom)
        if derived_from is not None and derived_from != source:
            problems.append(SpanProblem(owner, str(PROV.wasDerivedFrom), str(derived_from),
                                        f"claim is derived from {derived_from} but its evidence "
                                        f"points into {source}",
                                        "make prov:wasDerivedFrom and oa:hasSource agree"))
        recorded = graph.value(source, NAPO.sha256)
        if recorded is not None and graph.value(evidence, NAPO.sha256) != recorded:
            problems.append(SpanProblem(owner, str(NAPO.sha256),
                                        str(graph.value(evidence, NAPO.sha256)),
                                        f"evidence checksum differs from the record of {source}",
                                        "copy the checksum from data/sources.ttl"))
        path = sources_dir / str(file_name)
        if not path.is_file():
            problems.append(SpanProblem(owner, str(NAPO.fileName), str(path),
                                        "source file not found",
                                        "put the sources folder beside the checkout, or set "
                                        "NAPO_SOURCES"))
            continue
        text, digest = read_source(path)
        claimed = str(graph.value(evidence, NAPO.sha256))
        if claimed != digest:
            problems.append(SpanProblem(
                owner, str(NAPO.sha256), claimed,
                f"checksum mismatch: {file_name} now has SHA-256 {digest}",
                "the source changed since the claim was recorded: re-anchor the span with "
                "`napo locate` and update the checksum"))
            continue
        problems.extend(_check_selectors(graph, evidence, owner, text))
    return problems


_REANCHOR = "re-anchor the span with `napo locate SOURCE QUOTE`, which prints both offsets"


def _check_selectors(graph: Graph, evidence: URIRef, owner: str, text: str) -> list[SpanProblem]:
    """Offsets are whole numbers in bounds, and the quote is exactly the text between them.

    The quote is required: offsets alone only prove that some text is there, not that it is
    the text the claim rests on.
    """
    position = quote = None
    for selector in graph.objects(evidence, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            position = selector
        elif (selector, RDF.type, OA.TextQuoteSelector) in graph:
            quote = selector
    if position is None:
        return [SpanProblem(owner, str(OA.hasSelector), "", "evidence has no position selector",
                            "add an oa:TextPositionSelector with oa:start and oa:end")]
    start, end = _offset(graph, position, OA.start), _offset(graph, position, OA.end)
    if isinstance(start, str) or isinstance(end, str):
        predicate = OA.start if isinstance(start, str) else OA.end
        return [SpanProblem(owner, str(predicate), str(graph.value(position, predicate) or ""),
                            start if isinstance(start, str) else str(end),
                            "write offsets as whole numbers of Unicode code points, e.g. "
                            f"oa:start 202 ; oa:end 263 ({_REANCHOR})")]
    if start >= end:
        return [SpanProblem(owner, str(OA.start), f"{start}-{end}",
                            f"span start {start} is not before its end {end}", _REANCHOR)]
    if not 0 <= start < end <= len(text):
        return [SpanProblem(owner, str(OA.end), f"{start}-{end}",
                            f"span {start}-{end} lies outside the source (length {len(text)})",
                            _REANCHOR)]
    if quote is None:
        return [SpanProblem(owner, str(OA.hasSelector), f"{start}-{end}",
                            "evidence has no oa:TextQuoteSelector, so nothing shows that the "
                            f"offsets point at the right words (the text there is "
                            f"{text[start:end][:60]!r})",
                            "add an oa:TextQuoteSelector whose oa:exact is the quoted text; "
                            + _REANCHOR)]
    exact = graph.value(quote, OA.exact)
    if exact is None:
        return [SpanProblem(owner, str(OA.exact), "", "the quote selector has no oa:exact",
                            "give oa:exact, the exact text at the offsets")]
    if str(exact) != text[start:end]:
        return [SpanProblem(owner, str(OA.exact), str(exact),
                            f"quote does not match the text at {start}-{end}: "
                            f"{text[start:end][:60]!r}", _REANCHOR)]
    return []


def _stems(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def mentions(span: str, names: list[str]) -> bool:
    """True if one of names occurs in span, word by word, allowing inflection.

    A crude stemmer on purpose (no NLP dependency): each content word of a name must begin some
    word of the span with its first four letters ("destruction" finds "destroys").
    """
    words = _stems(span)
    for name in names:
        stems = [w[:4] for w in _stems(name) if w not in _STOPWORDS]
        if stems and all(any(word.startswith(stem) for word in words) for stem in stems):
            return True
    return False


def names_of(graph: Graph, cls: URIRef, roots: set[URIRef]) -> list[str]:
    """Labels and synonyms of cls and of its named ancestors below the branch roots."""
    classes = {cls} | {a for a in graph.transitive_objects(cls, RDFS.subClassOf)
                       if isinstance(a, URIRef) and a not in roots}
    return [str(n) for c in classes for p in (RDFS.label, SKOS.altLabel)
            for n in graph.objects(c, p)]
