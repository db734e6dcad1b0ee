"""Issue 12, finding 2: hostile command lines end in one sentence and exit 2.

Never a traceback, never a hang, never a flood, and the journal as it was.
"""

from __future__ import annotations

import time

import pytest

from diagnosis_support import bodies, files_state, invoke, make_journal, run_journal, user_dir

__all__ = ["user_dir"]  # a fixture, used by name


@pytest.fixture
def journal(user_dir):
    return make_journal(user_dir / "journal.db")


def refused(result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    text = result.output
    assert text.startswith("journal: ") or "Error:" in text, text
    for word in words:
        assert word in text, text
    return text


# -- text that is not text ----------------------------------------------------------


def test_an_undecodable_argument_is_refused(journal):
    # Python turns the byte 0xff of an argument into the lone surrogate U+DCFF.
    before = bodies(journal)
    refused(invoke("--db", journal, "write", "caf\udcff"), "UTF-8")
    assert bodies(journal) == before


def test_standard_input_that_is_not_utf8_is_refused(journal):
    before = bodies(journal)
    refused(invoke("--db", journal, "write", input=b"Latin-1 caf\xe9 \xff\n"), "Standard input", "UTF-8")
    assert bodies(journal) == before


def test_an_undecodable_tag_is_refused(journal):
    refused(invoke("--db", journal, "search", "--tag", "\udcff"), "UTF-8")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["argument", "stdin"])
def test_the_real_command_refuses_undecodable_bytes(journal, how):
    before = bodies(journal)
    if how == "argument":
        result = run_journal("--db", str(journal), "write", b"\xff")
    else:
        result = run_journal("--db", str(journal), "write", input=b"caf\xe9\n", stdin=None)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "UTF-8" in stderr and "Traceback" not in stderr
    assert bodies(journal) == before


# -- numbers and query sizes ----------------------------------------------------------


def test_a_limit_beyond_any_integer_is_refused(journal):
    refused(invoke("--db", journal, "search", "--limit", str(2**63), "kept"), "--limit")


def test_a_query_of_thousands_of_words_is_refused_at_once(journal):
    words = [f"word{i}" for i in range(2000)]
    started = time.monotonic()
    text = refused(invoke("--db", journal, "search", *words), "64 words")
    assert time.monotonic() - started < 5
    assert len(text) < 300  # one sentence, not the query echoed back


def test_sixty_four_words_still_search(journal):
    result = invoke("--db", journal, "search", *(["kept"] * 64))
    assert result.exit_code == 0, result.output
    assert "Kept safe." in result.stdout


# -- --db paths that are not a journal file --------------------------------------------


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_sqlites_companion_files_are_refused_as_a_journal(journal, suffix):
    companion = journal.with_name(journal.name + suffix)
    before = bodies(journal)
    text = refused(invoke("--db", companion, "write", "Lost later."))
    assert "journal.db" in text and suffix in text
    assert not companion.exists()
    assert bodies(journal) == before  # and X.db opens as before
    refused(invoke("write", "Lost later.", env={"JOURNAL_DB": str(companion)}))


def test_a_symlink_loop_is_a_sentence(user_dir):
    (user_dir / "a.db").symlink_to(user_dir / "b.db")
    (user_dir / "b.db").symlink_to(user_dir / "a.db")
    for command in (["write", "hi"], ["search", "hi"], ["doctor"], ["backup"]):
        result = invoke("--db", user_dir / "a.db", *command)
        assert result.exit_code in (1, 2), result.output
        assert "symbolic link" in result.output


@pytest.mark.parametrize("make", [
    lambda d: d / ("x" * 300 + ".db"),  # a name longer than the file system allows
    lambda d: d.joinpath(*(["deep"] * 600), "journal.db"),  # a path longer than the system allows
], ids=["long-name", "long-path"])
def test_a_path_too_long_is_a_short_sentence(user_dir, make):
    path = make(user_dir)
    for command in (["write", "hi"], ["search", "hi"], ["doctor"], ["backup"]):
        result = invoke("--db", path, *command)
        assert result.exit_code in (1, 2), result.output
        assert "too long" in result.output
        assert len(result.output) < 800, "the path is shortened, not printed in full"


def test_a_nul_byte_in_the_path_is_a_sentence(user_dir):
    refused(invoke("--db", str(user_dir / "a\x00b.db"), "write", "hi"), "NUL")


@pytest.mark.parametrize("target", ["folder", "/dev/null"])
def test_a_folder_or_a_device_is_not_a_journal(user_dir, target):
    path = user_dir if target == "folder" else target
    for command in (["write", "hi"], ["search", "hi"], ["backup"]):
        result = invoke("--db", path, *command)
        assert result.exit_code == 2, result.output


def test_an_empty_db_option_does_not_fall_back_to_the_default_journal(user_dir):
    env = {"XDG_DATA_HOME": str(user_dir / "data"), "HOME": str(user_dir), "JOURNAL_DB": ""}
    refused(invoke("--db", "", "write", "Into which journal?", env=env), "--db is empty")
    assert not (user_dir / "data").exists()


@pytest.mark.parametrize("when, said", [("\udcff", "UTF-8"), ("garbage", "--date"), ("0000-00-00", "--date"),
                                        ("99999 days ago", "--date"), ("2026-13-45", "--date"), (" ", "--date")])
def test_date_garbage_is_a_sentence(journal, when, said):
    before = files_state(journal.parent)
    refused(invoke("--db", journal, "write", "--date", when, "hi"), said)
    assert files_state(journal.parent) == before


def test_a_journal_folder_that_is_a_file_is_a_sentence(user_dir):
    (user_dir / "plain").write_text("a file")
    refused(invoke("--db", user_dir / "plain" / "journal.db", "write", "hi"), "plain")
