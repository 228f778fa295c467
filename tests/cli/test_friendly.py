"""Issue 12's friendly CLI: -h and --version, metavars in help, a fast --help, parameters that
name no term, suggestions ranked by similarity, every missing pcs option at once, no Markdown
in terminal text, identifiers never cut, and --format on every listing command."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from napo import __version__
from napo.cli import app
from napo.core.names import nearest
from napo.knowledge.graph import sources_dir
from napo.queries.results import FORMATS, Listing, to_markdown, to_text

from ..conftest import FIXTURES

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("rdflib", "pyoxigraph", "owlready2", "pyshacl", "pandas", "sssom", "requests")
COMMANDS = ("build", "version", "qc", "queries", "query", "validate", "compare", "conflicts",
            "locate", "lookup", "mappings", "pcs", "load", "serve")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # messages on one line; tests that want 80 say so


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=lambda c: c[0] if c
                         else "napo")
def test_short_help_everywhere_and_no_python_types(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "-h"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    shown = re.findall(r"<(?:str|int|float|bool|path|list\[[^\]]*\])>", result.output)
    assert not shown, f"help shows Python types {shown}"


def test_query_help_shows_metavars() -> None:
    result = runner.invoke(app, ["query", "--help"])
    for metavar in ("NAME|FILE.rq", "NAME=VALUE", "table|csv|tsv|json|markdown", "SECONDS",
                    "URL", "DIR"):
        assert metavar in result.output


def test_version_option_and_command() -> None:
    assert runner.invoke(app, ["--version"]).output.strip() == __version__
    assert runner.invoke(app, ["version"]).output.strip() == __version__


def test_help_imports_no_heavy_library() -> None:
    """In a fresh interpreter: `napo --help` must not pay for RDF, OWL, SHACL or pandas."""
    probe = ("import sys\nfrom typer.testing import CliRunner\nfrom napo.cli import app\n"
             "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "", f"--help imported {done.stdout.strip()}"


READ_COMMANDS = [["query", "outpatient_procedures"],
                 ["query", "condition_risks", "--param", "condition=trigeminal neuralgia"],
                 ["compare", "cordotomy", "mesencephalotomy"], ["conflicts"],
                 ["lookup", "icd10cm:G50.0"], ["lookup", "spinal nerve root", "--in", "mesh"],
                 ["locate", "s002", "cordotomy"], ["pcs", "008W3ZZ"]]


@pytest.mark.skipif(not sources_dir().is_dir(), reason="source texts not found")
@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_read_commands_import_no_rdf_or_table_library(command: list[str]) -> None:
    """Issue 12: a read command opens the built store with pyoxigraph and writes its table by
    hand; rdflib (~0.1 s) and rich (~0.04 s) would triple its start-up (docs/benchmarks.md)."""
    runner.invoke(app, ["query", "outpatient_procedures"])  # the store is built, if need be
    unwanted = ("rdflib", "rich", "owlready2", "pyshacl", "pandas", "sssom", "requests")
    probe = ("import sys\nfrom typer.testing import CliRunner\nfrom napo.cli import app\n"
             f"result = CliRunner().invoke(app, {command!r})\n"
             "assert result.exit_code == 0, result.output\n"
             f"print(','.join(m for m in {unwanted!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"napo {' '.join(command)} imported {done.stdout.strip()}"


def test_a_literal_where_a_term_is_expected_is_an_error_with_the_nearest_labels() -> None:
    result = runner.invoke(app, ["query", "condition_risks", "--param",
                                 'condition="trigeminal neuralgia"'])
    assert result.exit_code == 2, result.output
    text = _plain(result.output)
    assert "is a literal, but condition expects a term" in text
    assert "did you mean --param condition=napo:TrigeminalNeuralgia?" in text


def test_a_term_that_is_not_in_the_graph_is_an_error_with_the_nearest_names() -> None:
    typo = runner.invoke(app, ["query", "condition_risks", "--param",
                               "condition=napo:TrigeminalNeuralgiaa"])
    assert typo.exit_code == 2 and "names no term" in typo.output
    assert "did you mean: trigeminal neuralgia (napo:TrigeminalNeuralgia)" in _plain(typo.output)
    code = runner.invoke(app, ["query", "procedures_for_code", "--param", "code=icd10cm:G50.9"])
    assert code.exit_code == 2 and "icd10cm:G50.0" in code.output  # codes NAPO maps


def test_a_term_of_another_kind_gives_a_warning_not_a_silent_empty_answer() -> None:
    result = runner.invoke(app, ["query", "condition_risks", "--param",
                                 "condition=napo:Cordotomy"])
    assert result.exit_code == 0 and "(0 rows)" in result.stdout
    assert "warning:" in result.stderr and "is a procedure, but condition expects a condition" \
        in _plain(result.stderr)


def test_a_good_parameter_gives_rows_and_no_warning() -> None:
    result = runner.invoke(app, ["query", "condition_risks", "--param",
                                 "condition=trigeminal neuralgia", "--format", "csv"])
    assert result.exit_code == 0 and not result.stderr
    assert len(result.stdout.splitlines()) > 1


def test_nearest_ranks_by_similarity() -> None:
    names = ["cordotomy", "rhizotomy", "trigeminal tractotomy", "tractotomy", "myelotomy"]
    assert nearest("tractotomyy", names)[0] == "tractotomy"
    assert nearest("trigeminal tractotomy", names)[0] == "trigeminal tractotomy"
    assert nearest("xyzzy", names) == []


@pytest.mark.parametrize(("args", "first"), [
    (["compare", "cordotomy", "tractotomyy"], "tractotomy (napo:Tractotomy)"),
    (["pcs", "cordotmy"], "cordotomy (napo:Cordotomy)"),
    (["query", "condition_riskz"], "condition_risks"),
    (["query", "condition_risks", "--param", "condtion=napo:Neuralgia"], "condition"),
    (["lookup", "spinal", "--in", "mseh"], "mesh"),
    (["lookup", "msh2:D013126"], "mesh"),
])
def test_unknown_names_suggest_the_nearest_first(args: list[str], first: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    hint = _plain(result.output).split("did you mean:", 1)[1].strip()
    assert hint.startswith(first), hint


def test_pcs_names_every_missing_option_at_once() -> None:
    result = runner.invoke(app, ["pcs", "cordotomy"])
    assert result.exit_code == 2, result.output
    text = _plain(result.output)
    assert "needs 2 more options" in text and "--level" in text and "--approach" in text
    assert "e.g. --level C2 --approach percutaneous" in text
    three = runner.invoke(app, ["pcs", "rhizotomy"])
    assert three.exit_code == 2 and "needs 3 more options" in three.output
    given = runner.invoke(app, ["pcs", "cordotomy", "--level", "C2", "--approach",
                                "percutaneous"])
    assert given.exit_code == 0 and "008W3ZZ" in given.output


def test_pcs_text_has_no_markdown() -> None:
    result = runner.invoke(app, ["pcs", "percutaneous cervical cordotomy"])
    assert result.exit_code == 0, result.output
    assert "**" not in result.output and "Nerves 008" in _plain(result.output)


def test_a_long_curie_is_not_cut_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for question in ("central_procedures", "procedures_for_condition"):
        table = runner.invoke(app, ["query", question]).stdout
        assert max(len(line) for line in table.splitlines()) <= 80 and "…" not in table
    rows = list(csv.reader(io.StringIO(runner.invoke(
        app, ["query", "central_procedures", "--format", "csv"]).stdout)))
    curies = {cell.replace("https://w3id.org/napo/", "napo:") for row in rows[1:]
              for cell in row if cell.startswith("https://w3id.org/napo/")}
    assert "napo:PercutaneousRadiofrequencyTrigeminalRhizotomy" in curies
    table = runner.invoke(app, ["query", "central_procedures"]).stdout
    for curie in curies:  # three columns: the identifiers fit whole, the text folds
        assert curie in table, f"{curie} was cut or folded"


def test_identifiers_fold_but_are_never_cut_when_they_cannot_fit() -> None:
    curie = "napo:" + "VeryLong" * 8
    listing = Listing("t", ("id", "text"), [(curie, "some words " * 5)], frozenset({"id"}))
    text = to_text(listing, 40)
    lines = text.splitlines()
    first_column = "".join(line.split("│")[1].strip() for line in lines if line.count("│") == 3)
    assert "…" not in text and curie in first_column
    assert max(map(len, lines)) <= 40


def test_markdown_escapes_pipes() -> None:
    text = to_markdown(Listing("", ("a", "b"), [("x|y", "z")]))
    assert "| x\\|y | z |" in text


LISTINGS = {
    "queries": ["queries"],
    "query": ["query", "outpatient_procedures"],
    "compare": ["compare", "cordotomy", "mesencephalotomy"],
    "lookup": ["lookup", "icd10cm:G50.0"],
    "pcs": ["pcs", "008W3ZZ"],
    "mappings": ["mappings", "--no-verify"],
    "qc": ["qc", str(FIXTURES / "qc" / "invalid" / "undeclared_term.ttl")],
    "validate": ["validate", str(FIXTURES / "data" / "invalid" / "wrong_object_kind.ttl")],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", LISTINGS)
def test_every_listing_command_offers_every_format(command: str, fmt: str) -> None:
    result = runner.invoke(app, [*LISTINGS[command], "--format", fmt])
    assert result.exit_code in ((1,) if command in ("qc", "validate") else (0,)), result.output
    text = result.stdout
    if fmt == "json":
        assert json.loads(text)
    elif fmt in ("csv", "tsv"):
        header = next(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
        assert len(header) >= 2
    elif fmt == "markdown":
        assert re.search(r"^\|.*\|$\n^\|(---:?\|)+$", text, re.M), text
    else:
        assert "┃" in text or "│" in text


@pytest.mark.skipif(not sources_dir().is_dir(), reason="source texts not found")
def test_conflicts_offers_rows_too() -> None:
    result = runner.invoke(app, ["conflicts", "--format", "tsv"])
    assert result.exit_code == 0 and result.stdout.startswith("conflict\t")
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t"))[1:]
    text = runner.invoke(app, ["conflicts"]).stdout
    assert f"\n{len(rows)} conflict(s)" in text  # the same conflicts, one row each


def test_an_unknown_format_is_bad_input() -> None:
    result = runner.invoke(app, ["queries", "--format", "yaml"])
    assert result.exit_code == 2 and "table|csv|tsv|json|markdown" in result.output


def test_defaults_copied_into_the_cli_match_their_modules() -> None:
    from napo.cli import stores as cli_stores
    from napo.stores.servers import LOOPBACK
    from napo.stores.staging import STALE_AFTER

    assert cli_stores.LOOPBACK == LOOPBACK
    assert cli_stores.STALE_AFTER_MINUTES == STALE_AFTER / 60


def test_exit_codes_are_documented_in_one_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in table
