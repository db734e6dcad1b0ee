"""The `journal` command. With no subcommand it opens the TUI.

Only the TUI imports textual (about 0.2 s a run); every other command stays
on the store, so capture from the shell is instant. The plain `journal`
(and `journal --db PATH`) reaches the app through launch.py without click.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from journal import __version__
from journal.paths import ENV_VAR, PathProblem, resolve_db_path

EXIT_BAD_INPUT = 2
MAX_LIMIT = 1_000_000  # --limit: SQLite's integers end at 2**63; 0 already means "all"


def _fail(message: str) -> NoReturn:
    click.echo(f"journal: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _not_utf8(text: str) -> str | None:
    """How a lone surrogate (an argument byte that was not UTF-8) shows, or None."""
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return shown if len(shown) <= 60 else shown[:57] + "..."


class JournalGroup(click.Group):
    """The command group, with the two rules every command keeps: arguments are
    text, and a failure met anywhere is its sentence and exit status 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            bad = _not_utf8(arg)
            if bad is not None:
                _fail(f"The argument '{bad}' is not valid UTF-8 text. Nothing was changed; check your "
                      "terminal's encoding (locale) and type it again.")
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                raise  # the reader went away (| head): click leaves quietly
            from journal.store import describe_failure

            _fail(describe_failure(error, (ctx.obj or {}).get("db_path")))


UPGRADING = ("Upgrading the journal to this version of journal (once; a large journal takes a few "
             "seconds, a million entries a minute or two)…")


def _upgrading() -> None:
    click.echo(UPGRADING, err=True)


def _open(ctx: click.Context, verify: bool = True):
    from journal.store import JournalError, open_journal

    path: Path = ctx.obj["db_path"]
    try:
        return open_journal(path, verify=verify, on_upgrade=_upgrading)
    except JournalError as error:
        _fail(str(error))


def _open_for_reading(ctx: click.Context) -> sqlite3.Connection:
    """The journal as a plain connection, for commands that only read (search,
    export): their queries are SQL already, and importing sqlite-utils would cost
    ~70 ms a run, more than half of a search. The whole-file check is skipped;
    damage met while reading is reported as it is met. A journal that may not
    be changed is read as it is, and a line on stderr says why."""
    from journal.store import JournalError
    from journal.store.db import open_for_reading

    try:
        conn, read_only = open_for_reading(ctx.obj["db_path"], on_upgrade=_upgrading)
    except JournalError as error:
        _fail(str(error))
    if read_only:
        click.echo(f"journal: {read_only}", err=True)
    return conn


def _check_journal(ctx: click.Context) -> None:
    """A journal (upgraded, if it may be changed), or a sentence and exit 2. Its health
    is proven on the backup copy, which is checked whole: the same pages, read once."""
    from journal.store import JournalError, ReadOnlyJournalError, open_journal
    from journal.store.db import open_read_only

    path: Path = ctx.obj["db_path"]
    try:
        try:
            open_journal(path, verify=False, on_upgrade=_upgrading).close()
        except ReadOnlyJournalError:
            open_read_only(path).close()  # it cannot be upgraded: read it as it is
    except JournalError as error:
        _fail(str(error))


def _parse_when(when: str | None) -> date:
    if when is None:
        return date.today()
    from journal.dates import DateError, parse_date

    try:
        return parse_date(when)
    except DateError as error:
        raise click.BadParameter(str(error), param_hint="'--date'") from error


@click.group(cls=JournalGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_option",
    metavar="PATH",  # checked by resolve_db_path, which also checks $JOURNAL_DB
    help=f"The journal file. Default: ${ENV_VAR}, else journal.db in your user data folder.",
)
@click.version_option(__version__, prog_name="journal")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None) -> None:
    """A leadership journal for the terminal.

    With no command, opens today's reflection in the journal app.
    """
    # Everything we create (journal, folders, later backups and exports)
    # is private to the user.
    os.umask(0o077)
    ctx.ensure_object(dict)
    try:
        ctx.obj["db_path"] = resolve_db_path(db_option)
    except PathProblem as error:
        _fail(str(error))
    if ctx.invoked_subcommand is None:  # usually launch.main() got here first
        from journal.launch import run_app

        sys.exit(run_app(ctx.obj["db_path"]))


@cli.command()
@click.argument("text", nargs=-1)
@click.option("--date", "when", metavar="WHEN", help="The day to write to: 2026-03-14, yesterday, last friday...")
@click.pass_context
def write(ctx: click.Context, text: tuple[str, ...], when: str | None) -> None:
    """Append TEXT (or standard input) to a day's reflection, today by default."""
    from journal.store import reflections

    day = _parse_when(when)
    if text:
        body = " ".join(text)
    elif sys.stdin is not None and not sys.stdin.isatty():
        body = _read_stdin()
    else:
        body = ""
    if not body.strip():
        raise click.UsageError(
            'Nothing to write: give the text as arguments (journal write "...") or on standard input.'
        )
    # A capture checks what it must (header, application id, schema version), not
    # every page: the whole-file check runs once a day in the app, and in doctor.
    # A plain connection: the capture is one INSERT or UPDATE, and sqlite-utils ~30 ms.
    from journal.store import JournalError
    from journal.store.db import open_connection

    try:
        conn = open_connection(ctx.obj["db_path"], verify=False, on_upgrade=_upgrading)
    except JournalError as error:
        _fail(str(error))
    reflections.append(conn, day, body)
    click.echo(f"Added to the reflection of {_describe(day)}.")


def _describe(day: date) -> str:
    """dates.describe(day); today's without loading dates.py (its regexes and dateutil, ~8 ms)."""
    if day == date.today():
        return f"{day:%A} {day.day} {day:%B %Y} · today"
    from journal.dates import describe

    return describe(day)


def _read_stdin() -> str:
    """Standard input as UTF-8 text (a byte-order mark dropped), or a sentence and exit 2."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"Standard input is not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start:,}). "
              "Nothing was written; convert it first, for example: iconv -f latin1 -t utf-8")


def filter_options(command):
    """--from/--to/--on/--tag/--kind/--talking-points, the same on every command."""
    options = [
        click.option("--from", "from_", metavar="WHEN", help="From the start of WHEN: 2025-01-01, march, 2024."),
        click.option("--to", "to", metavar="WHEN", help="To the end of WHEN: 2025-06-30, june, 2025."),
        click.option("--on", "on", metavar="WHEN", help="Within WHEN: 'last quarter', 2025, 'since march'."),
        click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only records with this tag (repeatable)."),
        click.option("--kind", "kinds", multiple=True, type=click.Choice(["reflection", "breakthrough", "strategy"]),
                     help="Only this kind of record (repeatable)."),
        click.option("--talking-points", is_flag=True, help="Only breakthroughs marked as talking points."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filter(text: str, from_, to, on, tags, kinds, talking_points):
    from journal.filters import FilterError, build_filter

    try:
        return build_filter(text, from_, to, on, tags, kinds, talking_points)
    except FilterError as error:
        raise click.BadParameter(str(error), param_hint=f"'{error.option}'") from error


@cli.command()
@click.argument("query", nargs=-1)
@filter_options
@click.option("--sort", type=click.Choice(["best", "newest"]), default="best", show_default=True,
              help="Best match first, or newest first.")
@click.option("--limit", type=click.IntRange(0, MAX_LIMIT), default=20, show_default=True,
              help="How many matches to print; 0 prints them all.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def search(ctx, query, from_, to, on, tags, kinds, talking_points, sort, limit, as_json) -> None:
    """Find QUERY in reflections, breakthroughs and strategy notes.

    Words are matched whole (the last also as a prefix) and all must appear;
    quotes, AND, *, - and other punctuation are searched as plain text.
    """
    from journal.store import fts
    from journal.store import search as searching

    flt = _filter(" ".join(query), from_, to, on, tags, kinds, talking_points)
    db = _open_for_reading(ctx)
    order, counted = searching.listing_order(db, flt, sort)  # too many to rank: newest first
    hits = searching.iter_hits(db, flt, order=order, limit=limit or -1)
    if as_json:
        _print_json(hits)
        _say_unranked(order != sort)
        return
    printed = _print_hits(hits)
    if not printed:
        click.echo("No matches.", err=True)
        return
    _say_unranked(order != sort)
    # Every match printed: they are the count. A page: counting stops past 10,000.
    cap = max(searching.COUNT_CAP, limit + 1)
    if not limit:
        total = printed
    elif counted is not None and (counted <= fts.RANK_AT_MOST or counted == cap):
        total = counted  # the count that chose the order says it (exact, or stopped at this cap)
    else:
        total = searching.count(db, flt, cap=cap)
    of = f"more than {cap - 1:,}" if total >= cap else f"{total}"
    shown = f"{printed} of {of}" if total > printed else f"{total}"
    click.echo(f"{shown} match{'es' if total != 1 else ''}" + (" (use --limit for more)" if total > printed else ""),
               err=True)


def _say_unranked(unranked: bool) -> None:
    if unranked:
        from journal.store import fts

        click.echo(f"journal: more than {fts.RANK_AT_MOST:,} records match, too many to rank: listed newest first. "
                   "Narrow the search (more words, --from/--to, --tag, --kind) to list the best matches first.",
                   err=True)


def _print_json(hits) -> None:
    """The JSON list, written as the hits stream by (json.dumps of the whole list held
    every match, and its text, at once)."""
    import json

    from journal.store.search import MARK_END, MARK_START

    out, first = sys.stdout, True
    for h in hits:
        item = json.dumps({"kind": h.kind, "id": h.key, "date": h.day.isoformat(), "title": h.title,
                           "snippet": h.snippet.replace(MARK_START, "").replace(MARK_END, ""), "rank": h.rank},
                          ensure_ascii=False, indent=2)
        out.write(("[\n  " if first else ",\n  ") + item.replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")
    out.flush()


def _print_hits(hits) -> int:
    """Two lines a hit, written a thousand hits at a time (an echo per line was a
    third of `search --limit 0`); plain when stdout is not a terminal. Returns how many."""
    from click.globals import resolve_color_default

    out = sys.stdout
    forced = resolve_color_default()  # the context's color setting, as echo() reads it
    color = forced if forced is not None else out.isatty()
    lines: list[str] = []
    printed = 0
    for hit_lines in (_styled_hits(hits) if color else _plain_hits(hits)):
        lines.append(hit_lines)
        printed += 1
        if len(lines) >= 1000:
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")
    out.flush()
    return printed


def _plain_hits(hits):
    """A hit's two lines, piped: the marks dropped, no styles (half the time a hit
    of the styled loop, which called style() twice for nothing)."""
    from journal.store.search import MARK_END, MARK_START
    from journal.text import visible

    for hit in hits:
        # Stored text is shown, never obeyed: its control characters print as pictures.
        snippet = hit.snippet
        if MARK_START in snippet or MARK_END in snippet:
            snippet = snippet.replace(MARK_START, "").replace(MARK_END, "")
        yield f"{hit.day}  {hit.kind:<12}  {visible(hit.title)}\n            {visible(snippet)}"


def _styled_hits(hits):
    """A hit's two lines on a terminal: the kind in cyan, the title bold, matched words marked."""
    from journal.store.search import MARK_END, MARK_START
    from journal.text import visible

    for hit in hits:
        line = f"{hit.day}  {click.style(f'{hit.kind:<12}', fg='cyan')}  {click.style(visible(hit.title), bold=True)}"
        snippet, shown = hit.snippet, ""
        while MARK_START in snippet and MARK_END in snippet:
            before, rest = snippet.split(MARK_START, 1)
            word, snippet = rest.split(MARK_END, 1)
            shown += visible(before) + click.style(visible(word), fg="yellow", bold=True)
        shown += visible(snippet.replace(MARK_START, "").replace(MARK_END, ""))
        yield f"{line}\n            {shown}"


def _progress(items, length: int, label: str):
    """A progress bar on a terminal (stderr), nothing when piped."""
    if length < 200 or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def _write_file(path: Path, chunks, force: bool) -> None:
    """Write privately and whole (files.write_private_text), or fail with its sentence."""
    from journal.files import ExportError, write_private_text

    try:
        write_private_text(path, chunks, overwrite=force)
    except ExportError as error:
        _fail(str(error))


@cli.command()
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE, not stdout.")
@click.option("--split", "split_dir", type=click.Path(file_okay=False, path_type=Path),
              help="One Markdown file per record in DIR, with YAML frontmatter.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.pass_context
def export(ctx, from_, to, on, tags, kinds, talking_points, output, split_dir, fmt, force) -> None:
    """Write the journal (or the records matching the filters) as Markdown or JSON.

    Markdown goes to standard output by default: one document grouped by year
    and month. --format json is lossless: every field of every record.

    Exit status 1 when a record holds stored values Markdown cannot show as
    they are (each is named; --format json writes them as they are).
    """
    from journal.export import render_document, render_json, split_markdown, split_name
    from journal.store import settings as settings_store
    from journal.store.records import count_records, iter_records
    from journal.store.search import SearchFilter

    # No filter given: everything, without loading the date parser (dates, dateutil).
    wanted = (from_, to, on, tags, kinds, talking_points)
    flt = _filter("", *wanted) if any(wanted) else SearchFilter()
    if split_dir and output:
        raise click.UsageError("Use -o FILE or --split DIR, not both.")
    if split_dir and fmt == "json":
        raise click.UsageError("--split writes Markdown files; leave out --format json, or use -o FILE.")
    if output:
        from journal.files import ExportError, check_target

        try:
            check_target(output, overwrite=True)  # links, pipes, devices: refused even with --force
        except ExportError as error:
            _fail(str(error))
        if output.exists() and not force:
            raise click.UsageError(f"{output} exists; nothing was written. Use --force to overwrite it.")
        if not output.parent.is_dir():
            raise click.UsageError(f"The folder {output.parent} does not exist.")
    db = _open_for_reading(ctx)
    # Counting costs a query over everything: only for a progress bar someone will see.
    show_progress = sys.stderr.isatty() and (output is not None or split_dir is not None)
    total = count_records(db, flt) if show_progress and not split_dir else 0  # --split counts its names
    rows_only = fmt == "md" and not split_dir  # the document renders rows directly
    stream = iter_records(db, flt, values=not rows_only)
    records = _progress(stream, total, "Exporting") if show_progress else stream
    written = [0]  # counted as they stream by: the summary says what was written

    def counted(items):
        for item in items:
            written[0] += 1
            yield item

    records = counted(records)
    odd: list = []
    if fmt == "json":
        chunks = render_json(records, {"prompts": settings_store.get_prompts(db)})
    else:
        chunks = render_document(records, odd=odd)
    if split_dir:
        odd = _export_split(db, flt, split_dir, force, split_markdown, split_name)
    elif output:
        _write_file(output, chunks, force)
        click.echo(f"Exported {written[0]} record{'s' if written[0] != 1 else ''} to {output}.", err=True)
    else:
        _write_stdout(chunks)
    _report_unrendered(odd)


def _report_unrendered(odd: list) -> None:
    """Name each record written with what could be read (stderr), and exit 1."""
    if not odd:
        return
    for record in odd:
        click.echo(f"journal: {record.sentence()}.", err=True)
    count = f"{len(odd)} records were" if len(odd) != 1 else "1 record was"
    click.echo(f"journal: {count} written with what could be read: Markdown cannot show their stored values "
               "as they are. `journal export --format json` writes every stored value as it is.", err=True)
    sys.exit(1)


def _write_stdout(chunks) -> None:
    from journal.files import DISK_FULL, write_batched

    try:
        write_batched(sys.stdout, chunks)
    except OSError as error:
        try:  # drop what is still buffered, so exiting does not try (and fail) again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        if error.errno in DISK_FULL:
            _fail("The disk is full; the export to standard output is incomplete. Free some space and try again.")
        _fail(f"Cannot write to standard output ({error.strerror or error}); the export is incomplete.")


def _export_split(db, flt, folder: Path, force: bool, render, name_for) -> list:
    """One file per record, each written whole (files.write_private_files); returns
    the records written with what could be read."""
    from journal.files import ExportError, check_target, write_private_files
    from journal.store.records import iter_keys, iter_records

    def names():
        """Every file's name, from keys and titles only. Every name starts with its record's
        day and records come by day, so only that day's names can clash: at 1,000,000 entries
        the whole list and the set of every name held 38 MB. Named twice: all of them are
        checked before a file is written, then named again as they are written."""
        used: set[str] = set()
        day = None
        for record in iter_keys(db, flt):
            if record.day != day:
                used, day = set(), record.day
            yield name_for(record, used)

    if folder.exists() and not folder.is_dir():
        _fail(f"{folder} is a file, not a folder; nothing was written. Choose a folder for --split.")
    count, clashes, shown, existed = 0, 0, [], folder.exists()
    try:
        for name in names():
            count += 1
            if existed and os.path.lexists(folder / name):  # a dangling link is there too
                clashes += 1
                shown += [name] if clashes <= 10 else []
                if force:
                    check_target(folder / name, overwrite=True)  # before writing any: all or nothing
    except ExportError as error:
        _fail(str(error))
    if clashes and not force:
        listed = "\n  ".join(shown) + (f"\n  … and {clashes - 10} more" if clashes > 10 else "")
        raise click.UsageError(f"{clashes} files in {folder} would be overwritten; nothing was written. "
                               f"Use --force to overwrite them:\n  {listed}")
    if not existed:
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as error:
            _fail(f"Cannot create the folder {folder} ({error.strerror}); nothing was written.")
    odd: list = []
    records = _progress(iter_records(db, flt), count, "Exporting")
    try:
        write_private_files(folder, ((name, render(record, odd)) for name, record in zip(names(), records)), force)
    except ExportError as error:
        _fail(f"{error} {error.written} of {count} files were written, each one whole.")
    click.echo(f"Exported {count} file{'s' if count != 1 else ''} to {folder}.", err=True)
    return odd


@cli.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@click.pass_context
def import_(ctx: click.Context, source: Path, dry_run: bool) -> None:
    """Import SOURCE: a journal JSON export, jrnl's or Day One's JSON export,
    or a folder of Markdown files (journal's --split output, Obsidian daily notes).

    Several entries on one day become one reflection, a section each. Entries
    already imported are skipped. Nothing is written unless all of it can be.
    """
    from journal import importers

    try:
        plan = importers.read(source)
        db = _open(ctx)
        # The check for what is already there and the writes share one transaction,
        # so a second import of the same file at the same time waits, then adds nothing.
        # Entries are checked as they are read: a bad one rolls the whole import back.
        plan = importers.resolve(db, plan) if dry_run else importers.apply(db, plan)
    except importers.ImportProblem as error:
        _fail(f"{error} Nothing was imported.")
    click.echo(plan.summary(dry_run))


@cli.command()
@click.option("--rebuild-search", is_flag=True, help="Rebuild the search indexes from the text (the fix for a damaged index).")
@click.pass_context
def doctor(ctx: click.Context, rebuild_search: bool) -> None:
    """Check the journal file: SQLite's integrity check, the search indexes,
    permissions, schema and SQLite versions, backups. Changes nothing.

    Exit status 0 when all is well, 1 when a problem was found.
    """
    from journal.store import doctor as checks

    path: Path = ctx.obj["db_path"]
    if rebuild_search:
        _open(ctx)  # refuses a damaged file or one that is not a journal
        count = checks.rebuild_search(path)
        click.echo(f"Rebuilt {count} search indexes.")
    click.echo(f"Checking {path}")
    findings = checks.examine(path)
    for finding in findings:
        mark = click.style("✓", fg="green") if finding.ok else click.style("✗", fg="red", bold=True)
        click.echo(f"  {mark} {finding.text}")
        if finding.fix:
            click.echo(f"      → {finding.fix}")
    problems = sum(not f.ok for f in findings)
    if problems:
        click.echo(f"{problems} problem{'s' if problems != 1 else ''} found.")
        sys.exit(1)
    click.echo("All good.")


@cli.command()
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.pass_context
def backup(ctx: click.Context, dest: Path | None) -> None:
    """Back up the journal to DEST (a new file, or a folder), verified.

    Without DEST, into the backups folder beside the journal. Uses SQLite's
    online backup API, so the app may stay open meanwhile.
    """
    from journal.store import backup as backups
    from journal.store import JournalError

    path: Path = ctx.obj["db_path"]
    _check_journal(ctx)  # a journal, current if it may be upgraded; backups.backup checks the copy
    if dest is None:
        dest = backups.default_backup_path(path)
    elif dest.is_dir():
        dest = backups.free_path(dest, backups.stamped_name(path))
    if dest.exists():
        _fail(f"{dest} already exists; nothing was written. Choose another name.")
    if not dest.parent.is_dir() and dest.parent != backups.backups_dir(path):
        _fail(f"The folder {dest.parent} does not exist; nothing was written.")
    try:
        made = backups.backup(path, dest)
    except JournalError as error:
        _fail(str(error))
    size = made.stat().st_size
    click.echo(f"Backed up {path} to {made} ({size / 1e6:.1f} MB, checked).")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore(ctx: click.Context, source: Path, yes: bool) -> None:
    """Replace the journal with the backup SOURCE. The current journal is
    backed up first, so a restore can itself be undone."""
    from journal.store import backup as backups
    from journal.store import JournalError
    from journal.store.db import check_writable

    path: Path = ctx.obj["db_path"]
    try:
        check_writable(path)
    except JournalError as error:
        _fail(str(error))
    try:
        info = backups.inspect(source)
    except JournalError as error:
        _fail(f"{error} Nothing was changed.")
    if source.resolve() == path.resolve():
        _fail(f"{source} is the journal itself; choose a backup file. Nothing was changed.")
    newest = f", the newest from {info.newest}" if info.newest else ""
    click.echo(f"Backup: {source} ({info.records:,} record{'s' if info.records != 1 else ''}{newest}).")
    click.echo(f"It will replace {path}; the current journal is backed up first.")
    if not yes:
        if not sys.stdin.isatty():
            _fail("Add --yes to restore without being asked. Nothing was changed.")
        if not click.confirm("Restore it?", default=False):
            click.echo("Nothing was changed.")
            return
    try:
        kept = backups.restore(source, path)
    except JournalError as error:
        _fail(str(error))
    _open(ctx, verify=False)  # migrate an older backup (checked whole by backups.restore)
    if kept is not None:
        click.echo(f"The previous journal is kept at {kept}.")
    click.echo(f"Restored {path} from {source}.")


@cli.command()
@click.argument("copy", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Merge the copies (or COPY) back into the journal.")
@click.option("--discard", is_flag=True, help="Delete COPY without merging it (it cannot be undone).")
@click.pass_context
def recover(ctx: click.Context, copy: Path | None, apply_: bool, discard: bool) -> None:
    """List recovery copies: text the app could not save (the journal was locked, the
    disk full) and kept beside the journal when it had to close.

    With --apply, merge them back: like any save, a copy is merged with what the
    journal holds now, so nothing stored since is overwritten.
    """
    from journal.store import recovery

    path: Path = ctx.obj["db_path"]
    copies = recovery.list_copies(path)
    if copy is not None:
        copies = [c for c in copies if c.path.resolve() == copy.resolve()]
        if not copies:
            _fail(f"{copy} is not a recovery copy of {path}; 'journal recover' lists them.")
    if discard:
        if copy is None:
            _fail("Name the copy to discard: journal recover --discard FILE (journal recover lists them).")
        recovery.discard_copy(copies[0])
        click.echo(f"Deleted {copies[0].path}.")
        return
    if not copies:
        click.echo(f"No recovery copies for {path}: everything typed reached the journal.")
        return
    if not apply_:
        for found in copies:
            if found.broken:
                click.echo(f"{found.path}  ({found.broken}: open it in an editor to copy your text out)")
                continue
            click.echo(f"{found.path}  ({found.saved_at.replace('T', ' ')[:16]}; {found.reason})")
            for label in found.labels:
                click.echo(f"    {label}")
        click.echo("Merge them back with: journal recover --apply", err=True)
        return
    db = _open(ctx)
    problems = []
    for found in copies:
        try:
            merged = recovery.apply_copy(db, found)
        except recovery.RecoveryError as error:
            problems.append(str(error))
            continue
        if merged:
            click.echo(f"Merged back from {found.path.name}: {', '.join(merged)}.")
        else:
            click.echo(f"{found.path.name} was merged back already; removed.")
    if problems:
        _fail("\n".join(problems))


@cli.command()
@click.pass_context
def where(ctx: click.Context) -> None:
    """Print the path of the journal file in use."""
    click.echo(str(ctx.obj["db_path"]))


def main() -> None:
    # Failures met inside a command become their sentence in JournalGroup.invoke.
    cli(prog_name="journal")
