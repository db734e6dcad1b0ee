"""The `journal` command. With no subcommand it opens the TUI.

Only the TUI imports textual (about 0.2 s a run); every other command stays
on the store, so capture from the shell is instant.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from journal import __version__
from journal.paths import ENV_VAR, resolve_db_path

EXIT_BAD_INPUT = 2


def _fail(message: str) -> None:
    click.echo(f"journal: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _open(ctx: click.Context, verify: bool = True):
    from journal.store import JournalError, open_journal

    path: Path = ctx.obj["db_path"]
    try:
        return open_journal(path, verify=verify)
    except JournalError as error:
        _fail(str(error))


def _parse_when(when: str | None) -> date:
    from journal.dates import DateError, parse_date

    if when is None:
        return date.today()
    try:
        return parse_date(when)
    except DateError as error:
        raise click.BadParameter(str(error), param_hint="'--date'") from error


def _autosave_delay() -> float:
    """Seconds of quiet before autosave; JOURNAL_AUTOSAVE_SECONDS may lengthen it."""
    from journal.app import AUTOSAVE_DELAY_S

    try:
        return max(0.1, float(os.environ.get("JOURNAL_AUTOSAVE_SECONDS", AUTOSAVE_DELAY_S)))
    except ValueError:
        return AUTOSAVE_DELAY_S


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_option",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"The journal file. Default: ${ENV_VAR}, else journal.db in your user data folder.",
)
@click.version_option(__version__, prog_name="journal")
@click.pass_context
def cli(ctx: click.Context, db_option: Path | None) -> None:
    """A leadership journal for the terminal.

    With no command, opens today's reflection in the journal app.
    """
    # Everything we create (journal, folders, later backups and exports)
    # is private to the user.
    os.umask(0o077)
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = resolve_db_path(db_option)
    if ctx.invoked_subcommand is None:
        # The whole-file check runs in the app, after the first frame.
        db = _open(ctx, verify=False)
        from journal.app import JournalApp  # textual only here

        app = JournalApp(db, db_path=ctx.obj["db_path"], autosave_delay=_autosave_delay())
        app.run()
        sys.exit(app.return_code or 0)


@cli.command()
@click.argument("text", nargs=-1)
@click.option("--date", "when", metavar="WHEN", help="The day to write to: 2026-03-14, yesterday, last friday...")
@click.pass_context
def write(ctx: click.Context, text: tuple[str, ...], when: str | None) -> None:
    """Append TEXT (or standard input) to a day's reflection, today by default."""
    from journal.dates import describe
    from journal.store import reflections

    day = _parse_when(when)
    if text:
        body = " ".join(text)
    elif not sys.stdin.isatty():
        body = sys.stdin.read()
    else:
        body = ""
    if not body.strip():
        raise click.UsageError(
            'Nothing to write: give the text as arguments (journal write "...") or on standard input.'
        )
    db = _open(ctx)
    reflections.append(db, day, body)
    click.echo(f"Added to the reflection of {describe(day)}.")


@cli.command()
@click.pass_context
def where(ctx: click.Context) -> None:
    """Print the path of the journal file in use."""
    click.echo(str(ctx.obj["db_path"]))


def main() -> None:
    cli(prog_name="journal")
