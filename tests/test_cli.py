from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from conftest import file_digest
from journal.cli import cli
from journal.store import open_journal, reflections


def run(*args, input=None, env=None):
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def test_write_appends_to_today(db_path):
    result = run("--db", str(db_path), "write", "Shipped", "the", "pilot.")
    assert result.exit_code == 0, result.output
    assert "today" in result.output
    run("--db", str(db_path), "write", "Then celebrated.")
    body = reflections.get(open_journal(db_path), date.today()).body
    assert body == "Shipped the pilot.\n\nThen celebrated."


def test_write_reads_standard_input_and_date_words(db_path):
    result = run("--db", str(db_path), "write", "--date", "yesterday", input="From a pipe\n")
    assert result.exit_code == 0, result.output
    yesterday = date.today() - timedelta(days=1)
    assert reflections.get(open_journal(db_path), yesterday).body == "From a pipe"


def test_empty_input_is_refused(db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "write"], input="   \n")
    assert result.exit_code == 2
    assert "Nothing to write" in result.output
    assert not db_path.exists() or open_journal(db_path)["reflections"].count == 0


def test_bad_date_is_refused_with_the_reason(db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "write", "--date", "02/01/2026", "hi"])
    assert result.exit_code == 2
    assert "ambiguous" in result.output
    assert "Traceback" not in result.output


def test_not_a_journal_exits_2_and_file_unchanged(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n")
    before = file_digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "write", "hello"])
    assert result.exit_code == 2
    assert "not a journal" in result.output
    assert file_digest(path) == before


def test_journal_db_environment_variable(tmp_path):
    path = tmp_path / "from-env.db"
    result = run("write", "via env", env={"JOURNAL_DB": str(path)})
    assert result.exit_code == 0
    assert reflections.get(open_journal(path), date.today()).body == "via env"
    assert run("where", env={"JOURNAL_DB": str(path)}).output.strip() == str(path)


def test_db_option_beats_environment(tmp_path):
    result = run("--db", str(tmp_path / "a.db"), "where", env={"JOURNAL_DB": str(tmp_path / "b.db")})
    assert result.output.strip() == str(tmp_path / "a.db")


def test_default_path_is_in_user_data_dir(monkeypatch):
    from journal import paths

    monkeypatch.delenv("JOURNAL_DB", raising=False)
    assert paths.resolve_db_path() == paths.data_dir() / "journal.db"
    assert "journal" in str(paths.data_dir())


def _run_python(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "j.db")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def _run_command(args: list[str], tmp_path, first: list[str] | None = None) -> tuple[str, list[str]]:
    """Run `journal ARGS` in a fresh interpreter (after FIRST, in the same one, if
    given): its output, and the top-level packages it loaded."""
    code = (
        "import sys\n"
        "from journal.cli import cli\n"
        + (f"cli({first!r}, standalone_mode=False)\n" if first else "")
        + "try:\n"
        f"    cli({args!r}, standalone_mode=False)\n"
        "finally:\n"
        "    print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    result = _run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    output, _, loaded = result.stdout.strip().rpartition("\n")
    return output, ast.literal_eval(loaded)


@pytest.mark.parametrize("args", [["write", "quick note"], ["search", "quick"], ["export"], ["doctor"],
                                  ["backup"]], ids=lambda a: a[0])
def test_commands_never_import_textual(tmp_path, args):
    _, loaded = _run_command(args, tmp_path, first=["write", "quick note"])
    assert "textual" not in loaded


@pytest.mark.parametrize("args, shown", [(["search", "quick"], "quick note"),
                                         (["export", "--kind", "reflection"], "quick note"),
                                         (["export", "--format", "json"], '"quick note"')],
                         ids=["search", "export", "export-json"])
def test_reading_commands_leave_sqlite_utils_unloaded(tmp_path, args, shown):
    """Search and export read an existing journal through a plain connection:
    importing sqlite-utils would be over half of a small search's time."""
    _run_command(["write", "quick note"], tmp_path)
    output, loaded = _run_command(args, tmp_path)
    assert shown in output
    assert "sqlite_utils" not in loaded and "click" in loaded


def test_store_and_dates_never_import_textual(tmp_path):
    code = (
        "import sys, json\n"
        "import journal.store, journal.store.reflections, journal.store.settings, journal.dates, journal.paths\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('textual')]))\n"
    )
    result = _run_python(code, tmp_path)
    assert json.loads(result.stdout) == []


def test_python_dash_m_journal(tmp_path):
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "j.db")}
    result = subprocess.run(
        [sys.executable, "-m", "journal", "write", "from -m"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Added to the reflection" in result.stdout


@pytest.mark.parametrize("args", [["--db"], ["write", "--date"], ["nonsense-command"]])
def test_usage_errors_exit_2(args, tmp_path):
    result = CliRunner().invoke(cli, args, env={"JOURNAL_DB": str(tmp_path / "j.db")})
    assert result.exit_code == 2


def test_damaged_journal_exits_2_untouched(tmp_path):
    """Damage a capture meets (here the schema's page) is refused with the sentence
    the whole-file check gave. Since issue 13 a capture no longer reads every page:
    damage elsewhere is found by the app's daily check and by journal doctor."""
    from conftest import damaged_journal

    path = damaged_journal(tmp_path / "damaged.db")
    with open(path, "r+b") as handle:  # page 1 after its 100-byte header: sqlite_master
        handle.seek(100)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(4096 - 100)))
    before = file_digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "write", "hello"])
    assert result.exit_code == 2
    assert "damaged" in result.output and "backup" in result.output
    assert file_digest(path) == before


def test_damage_a_capture_does_not_meet_is_found_by_doctor(tmp_path):
    from conftest import damaged_journal

    path = damaged_journal(tmp_path / "damaged.db")
    result = CliRunner().invoke(cli, ["--db", str(path), "doctor"])
    assert result.exit_code == 1
    assert "The file is damaged" in result.output


@pytest.mark.parametrize("command", [["search", "words"], ["export"]])
def test_read_only_commands_report_damage_met_while_reading(tmp_path, command):
    from conftest import damaged_journal

    path = damaged_journal(tmp_path / "damaged.db")
    before = file_digest(path)
    result = subprocess.run([sys.executable, "-m", "journal", "--db", str(path), *command],
                            capture_output=True, text=True, timeout=60)
    # Export is also the rescue path: what can be read is written out. Damage that a
    # read meets is a sentence and exit 2, never a traceback; the file is never touched.
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert "damaged" in result.stderr
    assert file_digest(path) == before


def test_schema_version_constant_matches_the_migrations():
    from journal.store.db import SCHEMA_VERSION
    from journal.store.schema import migrations

    assert SCHEMA_VERSION == len(migrations._migrations)


def test_the_app_reaches_its_first_frame_without_click_or_sqlite_utils(tmp_path):
    """launch.main opens the app without click; the first frame reads through a plain
    connection, so sqlite-utils loads after it (together ~0.1 s of every start)."""
    open_journal(tmp_path / "j.db").close()
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "import journal.launch\n"
        "from journal.store.db import open_connection\n"
        "from journal.store import reflections\n"
        "conn = open_connection(Path(sys.argv[1]), verify=False)\n"
        "from journal.app import JournalApp\n"
        "app = JournalApp(conn, db_path=Path(sys.argv[1]))\n"
        "reflections.load(app.conn, date.today())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'click', 'sqlite_utils'}))\n"
        "app.db\n"  # its first use, after the frame, brings sqlite-utils in
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'click', 'sqlite_utils'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "j.db")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    first_frame, after = result.stdout.splitlines()
    assert first_frame == "[]" and "sqlite_utils" in after  # (sqlite-utils itself brings click)


@pytest.mark.parametrize("args, wanted", [
    ([], (True, None)),
    (["--db", "x.db"], (True, "x.db")),
    (["--db=x.db"], (True, "x.db")),
    (["--db"], (False, None)),  # click explains the missing value
    (["--db", "--help"], (False, None)),
    (["--help"], (False, None)),
    (["--version"], (False, None)),
    (["write", "x"], (False, None)),
    (["--db", "x.db", "search", "y"], (False, None)),
])
def test_launch_sends_only_plain_app_starts_past_click(args, wanted):
    from journal.launch import _app_only

    assert _app_only(args) == wanted


def test_launch_refuses_a_bad_file_like_the_command_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a journal at all" * 100)
    before = file_digest(bad)
    result = subprocess.run([sys.executable, "-m", "journal", "--db", str(bad)], capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "is not a journal" in result.stderr and "Traceback" not in result.stderr
    assert file_digest(bad) == before
