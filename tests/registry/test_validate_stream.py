"""`napo validate` reads a records file one record at a time when its records come one after
another, and falls back to reading it whole when they do not: the findings are the same."""

from __future__ import annotations

import random

import pytest

from napo.registry import validate
from napo.registry.ingest import shapes_file
from napo.registry.rdf import comparable, nodes_nt
from napo.registry.shapes import Validator


@pytest.fixture
def findings_and_lines(broken_records):
    nodes, fast = broken_records
    assert fast, "the broken rows give findings"
    return comparable(fast), nodes_nt(nodes).splitlines(keepends=True)


def test_records_in_order_are_streamed(tmp_path, vocab, findings_and_lines, monkeypatch) -> None:
    expected, lines = findings_and_lines
    path = tmp_path / "records.nt"
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(validate, "_all_groups", lambda _path: pytest.fail("read whole"))
    assert comparable(validate.validate_file(path, vocab)) == expected


@pytest.mark.parametrize("how", ["shuffled", "record moved to the end"])
def test_split_records_are_read_whole(tmp_path, vocab, findings_and_lines, how) -> None:
    expected, lines = findings_and_lines
    if how == "shuffled":
        random.Random(3).shuffle(lines)
    else:  # one record's first triple after every other record: only its subject repeats
        lines = lines[1:] + lines[:1]
    path = tmp_path / "records.nt"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(validate._NotGrouped):
        list(validate._streamed(path, Validator(vocab, shapes_file()), vocab))
    assert comparable(validate.validate_file(path, vocab)) == expected
