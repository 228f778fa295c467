"""The `napo` entry point imports only the invoked command's group (issue 12: start-up)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from napo.cli import COMMANDS, GROUPS, invoked_command

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_command_table_names_the_group_that_registers_each_command() -> None:
    """Imported one by one in a fresh interpreter, each group registers exactly the commands
    the table gives it, and no command is missing from the table."""
    registered = _python(
        "from importlib import import_module\n"
        "from napo.cli.root import app\n"
        f"for group in {GROUPS!r}:\n"
        "    before = len(app.registered_commands)\n"
        "    import_module('napo.cli.' + group)\n"
        "    for command in app.registered_commands[before:]:\n"
        "        name = command.name or command.callback.__name__.replace('_', '-')\n"
        "        print(name, group)\n")
    found = dict(line.split() for line in registered.splitlines())
    assert found == COMMANDS


@pytest.mark.parametrize(("arguments", "command"), [
    (["query", "procedure_matrix"], "query"),
    (["--version"], None),
    (["-h"], None),
    (["serve", "--port", "0"], "serve"),
    ([], None),
])
def test_the_invoked_command_is_the_first_word_that_is_not_an_option(
        arguments: list[str], command: str | None) -> None:
    assert invoked_command(arguments) == command


def _run_entry(arguments: list[str]) -> tuple[int, str, list[str]]:
    """`napo ARGUMENTS` through the entry point; its exit code, output and cli modules."""
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom napo.cli import main\n"
         f"sys.argv = ['napo', *{arguments!r}]\n"
         "try:\n    main()\n"
         "except SystemExit as end:\n    code = end.code or 0\n"
         "print('\\nMODULES', ' '.join(sorted(m for m in sys.modules "
         "if m.startswith('napo.cli.'))))\n"
         "sys.exit(code)\n"],
        capture_output=True, text=True, cwd=ROOT, check=False, env={"COLUMNS": "200"})
    output, _, modules = done.stdout.rpartition("\nMODULES")
    return done.returncode, output + done.stderr, modules.split()


def test_a_command_imports_its_own_group_only() -> None:
    code, output, modules = _run_entry(["queries", "--format", "tsv"])
    assert code == 0, output
    assert "procedure_matrix" in output
    assert [m for m in modules if m.removeprefix("napo.cli.") in GROUPS] == ["napo.cli.queries"]


def test_help_and_a_mistyped_command_still_see_every_command() -> None:
    code, output, modules = _run_entry(["--help"])
    assert code == 0, output
    for command in COMMANDS:
        assert f" {command} " in output, f"napo --help does not list {command}"
    assert {f"napo.cli.{group}" for group in GROUPS} <= set(modules)
    code, output, _ = _run_entry(["qeury"])
    assert code == 2 and "qeury" in output
