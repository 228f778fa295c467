"""Shared registry fixtures: the vocabulary from the built store, and synthetic rows."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from napo.registry.errors import inject
from napo.registry.model import COLUMNS
from napo.registry.synth import ERRORS, Generator
from napo.registry.vocab import Vocabulary, vocabulary


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return vocabulary()


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="session")
def broken_rows(vocab: Vocabulary) -> list[tuple[dict[str, str], str | None]]:
    """Clean synthetic rows, then one row per error class, each broken in that one way
    (line = index + 2, the header being line 1)."""
    generator = Generator(vocab, seed=21)
    rows = list(generator.rows(30))
    result: list[tuple[dict[str, str], str | None]] = [(row, None) for row in rows[:10]]
    rng = random.Random(5)
    for index, kind in enumerate(ERRORS):
        row = dict(rows[10 + index % 20])
        row["record_id"] = f"ERR-{index:03d}"
        row["repeat_of"] = ""
        inject(kind, row, vocab, rng, "SYN-0000001")
        result.append((row, kind))
    return result


@pytest.fixture(scope="session")
def broken_records(vocab: Vocabulary, broken_rows) -> tuple[list, list]:
    """broken_rows converted (the duplicate id left out: one IRI for two rows is the CSV
    reader's check) and checked by the compiled shapes: (every node, every finding)."""
    from napo.registry.ingest import shapes_file
    from napo.registry.records import Seen, convert
    from napo.registry.shapes import Validator

    validator = Validator(vocab, shapes_file())
    seen, nodes, findings = Seen.empty(), [], []
    for line, (row, kind) in enumerate(broken_rows, 2):
        if kind == "duplicate-id":
            continue
        record_nodes, _ = convert(row, line, vocab, seen)
        nodes += record_nodes
        findings += validator.validate(record_nodes, vocab)
    return nodes, findings
