"""Finding 5: hostile files given to `journal import` end in one sentence and
exit 2: never a traceback, never a hang, never a blown-up memory."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from datetime import date, timedelta

import pytest

from adv_journal import exported, fill, records_of, run
from conftest import file_digest


def assert_refused(result, *words):
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    line = result.stderr.strip()
    assert line.startswith("journal: ") and len(line.splitlines()) == 1, line
    assert "Nothing was imported" in line, line
    for word in words:
        assert word in line, line


@pytest.fixture
def journal(tmp_path):
    return fill(tmp_path / "journal.db")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["in.json", "notes.md"])
def test_a_fifo_is_refused_not_waited_on(journal, tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    before = file_digest(journal)
    try:
        done = subprocess.run([sys.executable, "-m", "journal", "--db", str(journal), "import", str(fifo)],
                              capture_output=True, text=True, timeout=8)
    except subprocess.TimeoutExpired:
        pytest.fail("journal import waited forever on a FIFO")
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert file_digest(journal) == before


def test_a_fifo_inside_a_folder_is_skipped(journal, tmp_path):
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "2026-03-05.md").write_text("A real note.\n")
    os.mkfifo(folder / "2026-03-06.md")
    result = run(tmp_path / "other.db", "import", folder)
    assert result.exit_code == 0, (result.output, result.exception)
    assert [r["body"] for r in records_of(tmp_path / "other.db")] == ["A real note."]


BOMB = "---\n" + "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, n in zip("abcdefgh", "bcdefghi")
) + "tags: [*i]\n---\nText.\n"


@pytest.mark.slow
def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path):
    assert len(BOMB) < 450
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "2026-03-02.md").write_text(BOMB)

    def limit_memory():  # without the fix the process would grow past a gigabyte
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        done = subprocess.run([sys.executable, "-m", "journal", "--db", str(tmp_path / "j.db"), "import",
                               str(folder)], capture_output=True, text=True, timeout=8, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail("the alias bomb was still expanding after 8 s")
    assert done.returncode == 2, done.stderr[-2000:]
    assert "2026-03-02.md" in done.stderr and "alias" in done.stderr and "Traceback" not in done.stderr


def test_a_huge_frontmatter_is_refused(tmp_path):
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "2026-03-02.md").write_text("---\ntags: [" + "x, " * 400_000 + "y]\n---\nText.\n")
    assert_refused(run(tmp_path / "j.db", "import", folder), "2026-03-02.md", "frontmatter")


def test_deeply_nested_yaml_is_refused(tmp_path):
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "2026-03-02.md").write_text("---\ntags: " + "[" * 50_000 + "]" * 50_000 + "\n---\nText.\n")
    assert_refused(run(tmp_path / "j.db", "import", folder), "2026-03-02.md")


def own_json(journal, tmp_path, text_of_records: str):
    data = exported(journal)
    path = tmp_path / "hostile.json"
    head = json.dumps({k: v for k, v in data.items() if k != "records"})[:-1]
    path.write_text(head + ', "records": ' + text_of_records + "}")
    return path


def test_a_number_over_4300_digits_is_a_sentence(journal, tmp_path):
    path = own_json(journal, tmp_path, '[{"kind": "reflection", "day": "2026-01-01", "body": "", "prompts": [], '
                                       '"answers": [], "tags": [], "version": ' + "9" * 5000 + "}]")
    assert_refused(run(tmp_path / "j.db", "import", path), "hostile.json", "digits")


def test_json_nested_100000_deep_is_a_sentence(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"entries": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert_refused(run(tmp_path / "j.db", "import", path), "deep.json", "nested")


@pytest.mark.parametrize("where", ["jrnl", "own"])
def test_a_lone_surrogate_is_a_sentence(journal, tmp_path, where):
    if where == "jrnl":
        path = tmp_path / "s.json"
        path.write_text('{"entries": [{"title": "x", "body": "\\ud800", "date": "2026-03-02", "time": "09:00"}]}')
    else:
        path = own_json(journal, tmp_path, '[{"kind": "reflection", "day": "2026-01-01", "body": "a\\ud800b", '
                                           '"prompts": [], "answers": [], "tags": []}]')
    target = tmp_path / "j.db"
    run(target, "write", "--date", "2020-01-01", "Kept.")
    before = file_digest(target)
    assert_refused(run(target, "import", path), path.name, "surrogate")
    assert file_digest(target) == before


@pytest.mark.parametrize("name, content, words", [
    ("empty.json", b"", "is empty"),
    ("blank.json", b"  \n\t\n", "is empty"),
    ("binary.json", bytes(range(256)) * 4, "not a text file"),
    ("latin1.md", "caf\xe9\n".encode("latin-1"), "not UTF-8"),
])
def test_empty_and_binary_files(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert_refused(run(tmp_path / "j.db", "import", path), name, words)


def test_a_folder_without_markdown(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not markdown")
    assert_refused(run(tmp_path / "j.db", "import", tmp_path / "empty"), "no Markdown")


def test_a_symlink_loop_in_a_folder_ends(tmp_path):
    folder = tmp_path / "vault"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "loop").symlink_to(folder)
    (folder / "a" / "2026-03-02.md").write_text("Loop-safe.\n")
    result = run(tmp_path / "j.db", "import", folder)
    assert result.exit_code == 0, result.output
    assert [r["body"] for r in records_of(tmp_path / "j.db")] == ["Loop-safe."]


@pytest.mark.slow
def test_two_imports_of_the_same_file_at_once_add_it_once(tmp_path):
    from journal.store import breakthroughs as bt
    from journal.store import open_journal
    from journal.store.breakthroughs import Breakthrough

    source = tmp_path / "source.db"

    db = open_journal(source)
    for i in range(1500):
        bt.save(db, Breakthrough(happened_on=date(2020, 1, 1) + timedelta(days=i), title=f"Event {i}",
                                 situation="words " * 50))
    db.close()
    (tmp_path / "all.json").write_text(run(source, "export", "--format", "json").stdout)
    target = tmp_path / "target.db"
    run(target, "write", "--date", "2019-01-01", "Start.")
    command = [sys.executable, "-m", "journal", "--db", str(target), "import", str(tmp_path / "all.json")]
    env = {**os.environ, "JOURNAL_BACKUPS": "0"}
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    outs = [p.communicate(timeout=60) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    kinds = [r["kind"] for r in records_of(target)]
    assert kinds.count("breakthrough") == 1500, f"{kinds.count('breakthrough')} breakthroughs after two imports"
    assert sorted(o[0].split(" from ")[0] for o in outs) == ["Added 1500 breakthroughs", "Nothing new to add"]
