"""The Typer app, its consoles and the one way a command fails (message, hint, exit code)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from napo.core.errors import NapoError
from napo.core.namespaces import compact
from napo.ontology.qc import Violation

app = typer.Typer(help="NAPO: Neuroablative Pain-Procedure Ontology tooling.",
                  no_args_is_help=True, add_completion=False)
out = Console(emoji=False)  # ":end:" in "oa:end: ..." must not become an emoji
err = Console(stderr=True, emoji=False)


def fail(error: NapoError) -> None:
    err.print(f"[bold red]error:[/] {escape(error.message)}", highlight=False, soft_wrap=True)
    if error.hint:
        err.print(f"  [yellow]hint:[/] {escape(error.hint)}", highlight=False, soft_wrap=True)
    raise typer.Exit(error.exit_code)


def violations_table(violations: list[Violation], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("severity", "check", "entity", "property", "value"):
        table.add_column(column, overflow="fold")
    for v in violations:
        table.add_row(v.severity, v.check, compact(v.entity), compact(v.property),
                      compact(v.value))
    return table
