"""The Typer app, its consoles and the one way a command fails (message, hint, exit code).

Exit codes, the same in every command (README, "Exit codes"): 0 ok; 1 checks failed or nothing
found; 2 bad input (arguments, names, files); 3 a server failed or a time limit was reached.
Only typer, rich and napo.core.errors are imported here: `napo --help` must stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.core import Context, Parameter
from typer._click.types import ParamType
from typer.core import TyperArgument

from napo import __version__
from napo.core.errors import NapoError

if TYPE_CHECKING:
    from rich.console import Console

    from napo.ontology.qc import Violation
    from napo.queries.results import Listing

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_SERVER = 0, 1, 2, 3

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]})


class LazyConsole:
    """rich's Console, made on first use: importing rich costs ~0.04 s, which a command that
    only writes a table or plain text (napo.queries.table) never needs to pay."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> object:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)  # type: ignore[arg-type]
        return getattr(self._console, name)


out = LazyConsole(emoji=False)  # ":end:" in "oa:end: ..." must not become an emoji
err = LazyConsole(stderr=True, emoji=False)


def escape(text: str) -> str:
    """Text shown as it is by rich (no [markup]); rich.markup is imported only when needed."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _argument_metavar(self: ParamType, param: Parameter, ctx: Context) -> str | None:
    """An argument with a metavar shows it as its name: no Python type beside it (`<str>`)."""
    if isinstance(param, TyperArgument) and param.metavar is not None:
        return ""
    return _type_metavar(self, param, ctx)


# Help shows metavars, not Python types. Typer has no switch for it: its help panel asks an
# argument's type for a metavar and prints `<str>` when there is none, so the base type's answer
# is wrapped (options already show their metavar). Pinned typer < 0.29, see pyproject.toml.
_type_metavar = ParamType.get_metavar
ParamType.get_metavar = _argument_metavar  # type: ignore[method-assign]


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__, highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the NAPO tooling version and exit.")] = False,
) -> None:
    """NAPO: Neuroablative Pain-Procedure Ontology tooling.

    Exit codes: 0 ok, 1 checks failed or nothing found, 2 bad input, 3 server or time limit.
    """


def fail(error: NapoError) -> None:
    err.print(f"[bold red]error:[/] {escape(error.message)}", highlight=False, soft_wrap=True)
    if error.hint:
        err.print(f"  [yellow]hint:[/] {escape(error.hint)}", highlight=False, soft_wrap=True)
    raise typer.Exit(error.exit_code)


def warn(message: str, hint: str = "") -> None:
    """A problem that does not stop the command, on stderr so that piped output stays clean."""
    err.print(f"[bold yellow]warning:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if hint:
        err.print(f"  [yellow]hint:[/] {escape(hint)}", highlight=False, soft_wrap=True)


def violations_listing(violations: list[Violation], title: str) -> Listing:
    """QC violations as a listing: the check and the CURIE columns are identifiers."""
    from napo.core.prefixes import compact
    from napo.queries.results import Listing

    return Listing(title, ("severity", "check", "entity", "property", "value"),
                   [(v.severity, v.check, compact(v.entity), compact(v.property),
                     compact(v.value)) for v in violations],
                   frozenset({"check", "entity", "property"}))
