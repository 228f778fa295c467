"""`napo ingest`: a registry CSV -> validated RDF, streamed, all or nothing.

Rows are read one at a time, converted (napo.registry.records) and checked by the compiled
shapes (napo.registry.shapes); good rows are written as N-Triples to a temporary file beside
the output, and with --store straight into the bulk loader of a new store built beside the old
one (napo.stores.stream_load: ingest and load overlap). Only when the whole input has been
read is anything published: the output file is renamed into place and the new store swapped
in; with rejected rows and no --skip-invalid both are discarded and nothing changes. Memory
stays flat except for the record ids (duplicate and repeat checks) and the loader's.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from napo.core.errors import EXIT_FAILED, InputError, Location, NapoError, UsageError
from napo.core.names import did_you_mean
from napo.core.resources import project_root
from napo.registry.model import COLUMNS, REQUIRED
from napo.registry.rdf import dataset_nt, node_lines
from napo.registry.records import Problem, Seen, convert
from napo.registry.report import column_of, rule_of
from napo.registry.shapes import Validator
from napo.registry.vocab import Vocabulary, vocabulary

Progress = Callable[[int, int], None]  # (bytes read, rows read)


class RowsRejected(NapoError):
    """Rows that break the record rules: nothing was written (exit 1, like SHACL violations)."""

    exit_code = EXIT_FAILED

    def __init__(self, problems: list[Problem], rows: int, source: str) -> None:
        bad = len({p.row for p in problems})
        super().__init__(f"{source}: {bad} of {rows} row(s) break the record rules; "
                         "nothing was written",
                         "fix the rows listed, or pass --skip-invalid to write the good rows "
                         "and a rejects file")
        self.problems = problems


@dataclass
class Outcome:
    rows: int = 0
    written: int = 0
    triples: int = 0
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0
    output: Path | None = None
    rejects: Path | None = None
    store: Path | None = None


def shapes_file() -> Path:
    return project_root() / "shapes" / "registry.ttl"


def _open(source: str, stack: ExitStack) -> tuple[BinaryIO, str, int]:
    if source == "-":
        return sys.stdin.buffer, "<stdin>", 0
    path = Path(source)
    try:
        handle = stack.enter_context(path.open("rb"))
        return handle, str(path), os.fstat(handle.fileno()).st_size
    except IsADirectoryError as error:
        raise InputError(Location(path), "is a directory, not a CSV file") from error
    except OSError as error:
        raise InputError(Location(path), f"cannot be read: {error.strerror or error}",
                         "give a CSV file in the ingest layout (docs/registry.md)") from error


def _header(fields: list[str], name: str) -> list[str]:
    header = [f.strip() for f in fields]
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise InputError(Location(Path(name), 1), f"unknown column {unknown[0]!r}",
                         did_you_mean(unknown[0], COLUMNS, "the columns are listed in "
                                      "docs/registry.md"))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(Location(Path(name), 1), "missing column(s) " + ", ".join(missing),
                         "add them to the header (docs/registry.md lists every column)")
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise InputError(Location(Path(name), 1), f"column {duplicated[0]} appears twice",
                         "keep one of them")
    return header


def rows(stream: BinaryIO, name: str) -> Iterator[tuple[int, list[str], dict[str, str]]]:
    """(line, fields, row) for every data row; structural faults raise InputError."""
    head = stream.peek(3)[:3] if hasattr(stream, "peek") else b""
    if head.startswith(b"\xef\xbb\xbf"):
        raise InputError(Location(Path(name), 1), "starts with a byte-order mark (BOM)",
                         "save it as UTF-8 without BOM, e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' "
                         "FILE")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(Location(Path(name), 1), "is UTF-16, not UTF-8",
                         "convert it: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv")
    where = [0]
    reader = csv.reader(_decoded(stream, where), strict=True)
    try:
        first = next(reader, None)
        if first is None:
            raise InputError(Location(Path(name)), "is empty: no header row",
                             "the first line names the columns (docs/registry.md)")
        header = _header(first, name)
        for fields in reader:
            if not fields:
                continue
            yield reader.line_num, fields, dict(zip(header, fields, strict=False)) if len(
                fields) == len(header) else {}
    except UnicodeDecodeError as error:
        raise InputError(Location(Path(name), where[0]),
                         f"is not UTF-8 (byte 0x{error.object[error.start]:02x})",
                         "convert it: iconv -f LATIN1 -t UTF-8 FILE > FILE.utf8.csv") from error
    except csv.Error as error:
        raise InputError(Location(Path(name), reader.line_num), f"is not valid CSV: {error}",
                         "a quoted value may be left open (a truncated file?)") from error


def _decoded(stream: BinaryIO, where: list[int]) -> Iterator[str]:
    """The stream's lines decoded one by one, so that a bad byte is placed on its own line
    (where[0] is the number of the line being read)."""
    for number, raw in enumerate(stream, 1):
        where[0] = number
        yield raw.decode("utf-8")


def check_row(line: int, fields: list[str], row: dict[str, str], vocab: Vocabulary,
              validator: Validator, seen: Seen, width: int):
    """(nodes, problems) of one row: CSV problems first, then the shapes' findings on columns
    the CSV problems have not already reported."""
    if not row:
        return [], [Problem(line, "", ",".join(fields)[:60], "row shape",
                            f"the row has {len(fields)} values, the header {width} (a "
                            "truncated file, or a comma in an unquoted value?)")]
    record_id = row.get("record_id", "").strip()
    known = record_id in seen.records
    nodes, problems = convert(row, line, vocab, seen)
    reported = {p.column for p in problems}
    for finding in validator.validate(nodes, vocab):
        column = column_of(finding, row)
        if column not in reported:
            value = row.get(column) or finding.value or ""
            problems.append(Problem(line, column, value, rule_of(finding),
                                    finding.message.replace("{?value}", value)))
    if problems and not known:  # a rejected row is no record a later repeat_of may name
        seen.records.pop(record_id, None)
    return nodes, problems


def ingest(source: str, *, out: Path | None = None, store: Path | None = None,
           skip_invalid: bool = False, rejects: Path | None = None,
           dataset: str | None = None, progress: Progress | None = None,
           vocab: Vocabulary | None = None) -> Outcome:
    """Validate source (a path or '-') and publish it; see the module docstring."""
    if out is not None and out.suffix not in (".nt", ".ttl"):
        raise UsageError(f"--out {out}: the output is .nt (N-Triples) or .ttl (Turtle)",
                         "name the file records.nt or records.ttl")
    vocab = vocab or vocabulary()
    run = _Run(vocab, Validator(vocab, shapes_file()), skip_invalid, dataset, progress)
    with ExitStack() as stack:
        stream, name, size = _open(source, stack)
        temp = None
        if out is not None:
            out.resolve().parent.mkdir(parents=True, exist_ok=True)
            temp = stack.enter_context(tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=out.resolve().parent, prefix=".napo-ingest-",
                suffix=".nt", delete=False))
            stack.callback(Path(temp.name).unlink, missing_ok=True)
        sinks = [temp] if temp is not None else []
        if store is not None:  # the loader reads the records while they are written
            from napo.registry.publish import stream_into_store

            stream_into_store(store, lambda pipe: run(stream, name, size, source,
                                                      [pipe, *sinks]))
            run.outcome.store = store
        else:
            run(stream, name, size, source, sinks)
        if temp is not None:
            from napo.registry.publish import write_output

            temp.close()
            write_output(Path(temp.name), out)
            run.outcome.output = out
        if run.bad_rows:
            run.outcome.rejects = _write_rejects(rejects or _default_rejects(out, name),
                                                 run.bad_rows)
    return run.outcome


class _Run:
    """One pass over the rows: check each, write the good ones to every sink, count."""

    def __init__(self, vocab: Vocabulary, validator: Validator, skip_invalid: bool,
                 dataset: str | None, progress: Progress | None) -> None:
        self.vocab, self.validator, self.skip_invalid = vocab, validator, skip_invalid
        self.dataset, self.progress = dataset, progress
        self.outcome = Outcome()
        self.bad_rows: list[tuple[list[str], list[Problem]]] = []

    def __call__(self, stream: BinaryIO, name: str, size: int, source: str,
                 sinks: list[TextIO]) -> None:
        """Raises RowsRejected, after reading every row, when a row failed and the run does
        not skip invalid rows: the caller then publishes nothing."""
        outcome, seen, synthetic, width = self.outcome, Seen.empty(), True, 0
        for line, fields, row in rows(stream, name):
            width = width or len(row) or len(fields)
            outcome.rows += 1
            nodes, problems = check_row(line, fields, row, self.vocab, self.validator, seen,
                                        width)
            if problems:
                outcome.problems += problems
                self.bad_rows.append((fields, problems))
                continue
            synthetic = synthetic and row.get("synthetic", "").casefold() == "true"
            lines = [text for node in nodes for text in node_lines(node)]
            text = "".join(lines)
            for sink in sinks:
                sink.write(text)
            outcome.triples += len(lines)
            outcome.written += 1
            if self.progress and outcome.rows % 2000 == 0:
                self.progress(stream.tell() if size else 0, outcome.rows)
        outcome.rejected_rows = len(self.bad_rows)
        if self.bad_rows and not self.skip_invalid:
            raise RowsRejected(outcome.problems, outcome.rows, name)
        label = self.dataset or (Path(name).stem if source != "-" else "stdin")
        description = dataset_nt(label, outcome.written, synthetic and outcome.written > 0,
                                 name)
        for sink in sinks:
            sink.write(description)


def _default_rejects(out: Path | None, name: str) -> Path:
    base = out if out is not None else Path(name if name != "<stdin>" else "stdin.csv")
    return base.with_name(base.stem + ".rejects.csv")


def _write_rejects(path: Path, bad_rows: list[tuple[list[str], list[Problem]]]) -> Path:
    """The rejected rows with one line per problem, written atomically."""
    from napo.registry.publish import atomic_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["line", "column", "value", "rule", "message", "row"])
    for fields, problems in bad_rows:
        for p in problems:
            writer.writerow([p.row, p.column, p.value, p.rule, p.message, ",".join(fields)])
    atomic_text(path, buffer.getvalue())
    return path


__all__ = ["Outcome", "RowsRejected", "ingest"]
