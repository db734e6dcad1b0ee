"""Attack: two windows on one day, where one window's save is slow (the file is
held by another program for a moment) and the user keeps typing meanwhile.

What the user typed in one go stays one sentence: text another window added
is never dropped into the middle of it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from helpers import SIZE, TODAY, make_app, settle, status, type_text, wait_until

from journal.store import open_journal, reflections
from journal.store.reflections import Reflection
from journal.store.revision import Base


def other_window_appends(path, text: str) -> None:
    """A second app window on the same day, saving through the real merging save."""
    other = open_journal(path)
    try:
        base = Base(reflections.get(other, TODAY))
        reflections.save_merging(other, replace(base.value, body=base.value.body + text), base)
    finally:
        other.close()


async def test_a_sentence_finished_while_its_save_waited_is_not_split_by_another_window(db_path):
    db = open_journal(db_path)
    reflections.save(db, Reflection(day=TODAY, body="We met the board."))
    app = make_app(db, autosave_delay=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other_window_appends(db_path, " The other window wrote this.")
        lock = sqlite3.connect(db_path, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # journal write / an import, for a moment
        try:
            await type_text(pilot, " We agreed ")  # a pause after a word: autosave hands it over
            await wait_until(pilot, lambda: "saving" in status(app))
            await type_text(pilot, "to wait.")  # the same sentence, finished while the save waits
        finally:
            lock.rollback()
            lock.close()
        await wait_until(pilot, lambda: "wait." in (reflections.get(db, TODAY).body or "")
                         and "saved" in status(app) and "not" not in status(app))
        shown = app.screen.query_one("#body").text
    body = reflections.get(db, TODAY).body
    assert "The other window wrote this." in body
    assert "We agreed to wait." in body, body  # was: "We agreed  The other window wrote this. to wait."
    assert "We agreed to wait." in shown, shown


async def test_two_saves_handed_while_the_file_is_held_keep_the_other_windows_text(db_path):
    """The file is held by another program for a few seconds (journal write, an
    import): the user keeps typing, pausing twice, so two saves are handed over.
    The first merges in what another window stored; the second must not then
    overwrite that merge with the screen's older view."""
    db = open_journal(db_path)
    reflections.save(db, Reflection(day=TODAY, body="We met the board."))
    app = make_app(db, autosave_delay=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other_window_appends(db_path, "\n\nThe other window wrote this.")
        lock = sqlite3.connect(db_path, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            await type_text(pilot, " First pause.")
            await wait_until(pilot, lambda: "saving" in status(app))  # save 1 waits for the file
            await type_text(pilot, " Second pause.")
            await wait_until(pilot, lambda: "saving" in status(app) and len(app.saves.unsaved()) == 1
                             and "Second" in str(app.saves.unsaved()[0].recovery()))  # save 2 handed over
        finally:
            lock.rollback()
            lock.close()
        await wait_until(pilot, lambda: "Second pause." in reflections.get(db, TODAY).body
                         and not app.saves.unsaved())
        await settle(pilot, 0.5)
        shown = app.screen.query_one("#body").text
    body = reflections.get(db, TODAY).body
    assert "First pause. Second pause." in body
    assert "The other window wrote this." in body, body  # was: lost, overwritten by save 2
    assert "The other window wrote this." in shown, shown


async def test_journal_write_while_the_user_pauses_mid_sentence_does_not_split_the_sentence(db_path):
    """The user pauses after a word (autosave stores "We agreed "), `journal write`
    adds a paragraph from the shell, the user finishes the sentence."""
    from click.testing import CliRunner

    from journal.cli import cli

    db = open_journal(db_path)
    reflections.save(db, Reflection(day=TODAY, body="We met the board."))
    app = make_app(db, autosave_delay=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, " We agreed ")
        await wait_until(pilot, lambda: reflections.get(db, TODAY).body.endswith("We agreed ")
                         and "✓ saved" in status(app))
        shell = CliRunner().invoke(cli, ["--db", str(db_path), "write", "--date", TODAY.isoformat(),
                                         "From the shell."])
        assert shell.exit_code == 0, shell.output
        await type_text(pilot, "to wait.")
        await wait_until(pilot, lambda: "wait." in reflections.get(db, TODAY).body and "✓ saved" in status(app))
        shown = app.screen.query_one("#body").text
    body = reflections.get(db, TODAY).body
    assert "From the shell." in body
    assert "We agreed to wait." in body, body  # was: "We agreed\n\nFrom the shell. to wait."
    assert "We agreed to wait." in shown, shown


async def test_the_breakthrough_editor_keeps_the_other_windows_text_when_two_saves_wait(db_path):
    """The same race in the breakthrough editor (one save path for every kind)."""
    from journal.screens.breakthrough_editor import EventEditor
    from journal.store import breakthroughs as bt

    db = open_journal(db_path)
    event = bt.save(db, bt.Breakthrough(happened_on=TODAY, title="Pricing", situation="Two options."))
    app = make_app(db, autosave_delay=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(EventEditor(event))
        await settle(pilot)
        other = open_journal(db_path)  # another window adds a sentence to the situation
        theirs = Base(bt.get(other, event.id))
        bt.save_merging(other, replace(theirs.value, situation="Two options. The board asked for a third."), theirs)
        other.close()
        app.screen.query_one("#ev-situation").focus()
        lock = sqlite3.connect(db_path, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            await type_text(pilot, " First pause.")
            await wait_until(pilot, lambda: "saving" in str(app.screen.query_one("#ev-status").render()))
            await type_text(pilot, " Second pause.")
            await wait_until(pilot, lambda: len(app.saves.unsaved()) == 1
                             and "Second" in str(app.saves.unsaved()[0].recovery()))
        finally:
            lock.rollback()
            lock.close()
        await wait_until(pilot, lambda: "Second pause." in bt.get(db, event.id).situation
                         and not app.saves.unsaved())
        await settle(pilot, 0.5)
    situation = bt.get(db, event.id).situation
    assert "First pause. Second pause." in situation
    assert "The board asked for a third." in situation, situation  # was: lost


def test_a_trailing_space_deleted_in_one_window_never_glues_the_other_windows_sentence(db_path):
    """Autosave stored "We met the board. " (a pause after the space); window A then
    deletes that space, window B adds a sentence after it."""
    db = open_journal(db_path)
    reflections.save(db, Reflection(day=TODAY, body="We met the board. "))
    a, b = Base(reflections.get(db, TODAY)), Base(reflections.get(db, TODAY))
    reflections.save_merging(db, replace(b.value, body="We met the board. Then we voted."), b)
    reflections.save_merging(db, replace(a.value, body="We met the board."), a)
    body = reflections.get(db, TODAY).body
    assert "board.Then" not in body, body  # was: "We met the board.Then we voted."
    assert "Then we voted." in body
