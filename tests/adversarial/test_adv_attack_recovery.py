"""Attack: recovery copies (store/recovery.py) are a new input: plain JSON files in
<journal folder>/recovery/, which a user may edit by hand, and which two windows
(or the app and `journal recover`) may both merge back.

Bad input never produces a traceback or a crash: one sentence, exit 2, the copy
left as it is. A copy merged back twice adds nothing the second time."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from helpers import SIZE, make_app, settle, wait_until

from journal.cli import cli
from journal.screens.dialogs import ConfirmDialog
from journal.store import breakthroughs as bt
from journal.store import open_journal, recovery
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection

DAY = date(2026, 3, 10)


def hand_edited_copy(db_path, items):
    """A recovery copy as the app writes it, with `items` as a user left them."""
    return recovery.write_copy(db_path, items, "the app was closing")


HOSTILE_ITEMS = {
    "body is a number": [{"kind": "reflection", "label": "the reflection of 10 March",
                          "record": {"day": "2026-03-10", "body": 5}, "base": {"day": "2026-03-10"}}],
    "prompts are numbers": [{"kind": "call", "label": "the guided prompts", "call": "set_prompts",
                             "args": [[1, 2]]}],
    "an item is a number": [5],
    "a title is a list": [{"kind": "breakthrough", "label": "x",
                           "record": {"happened_on": "2026-03-10", "title": ["a"]},
                           "base": {"happened_on": "2026-03-10"}}],
}


@pytest.mark.parametrize("name", HOSTILE_ITEMS)
def test_journal_recover_apply_of_a_hand_edited_copy_says_so_in_a_sentence(db_path, name):
    open_journal(db_path).close()
    copy = hand_edited_copy(db_path, HOSTILE_ITEMS[name])
    result = CliRunner().invoke(cli, ["--db", str(db_path), "recover", "--apply"])
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and not isinstance(result.exception, AttributeError)
    assert copy.exists()  # left as it is


async def test_merging_back_a_hand_edited_copy_in_the_app_does_not_crash_it(db_path):
    db = open_journal(db_path)
    hand_edited_copy(db_path, HOSTILE_ITEMS["body is a number"])
    app = make_app(db)
    app.db_path = db_path
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.3)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await settle(pilot, 0.5)
        assert app.return_code is None, "the app ended"
        assert app.is_running


async def test_a_copy_merged_back_by_journal_recover_while_the_app_offers_it_is_not_added_twice(db_path):
    """The app offers the copy at start; meanwhile the user runs `journal recover --apply`
    in another terminal, then answers the app's question: the event must exist once."""
    db = open_journal(db_path)
    event = Breakthrough(happened_on=DAY, title="Outcome pricing", situation="Typed while the file was locked.")
    hand_edited_copy(db_path, [recovery.record_item("breakthrough", "the breakthrough 'Outcome pricing'",
                                                    event, Breakthrough(happened_on=DAY))])
    app = make_app(db)
    app.db_path = db_path
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.3)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        shell = CliRunner().invoke(cli, ["--db", str(db_path), "recover", "--apply"])
        assert shell.exit_code == 0, shell.output
        await pilot.press("y")
        await settle(pilot, 0.5)
    titles = [e.title for e in bt.search(db, bt.Filter())]
    assert titles == ["Outcome pricing"], titles


def test_two_windows_merging_back_one_reflection_copy_keep_the_text_once(db_path):
    """The same race for a reflection (merged by day): the second merge adds nothing."""
    from journal.store import reflections

    db = open_journal(db_path)
    reflections.append(db, DAY, "Stored before.")
    base = reflections.get(db, DAY)
    from dataclasses import replace

    hand_edited_copy(db_path, [recovery.record_item("reflection", "x", replace(base, body="Stored before. Kept."),
                                                    base)])
    first, second = recovery.list_copies(db_path), recovery.list_copies(db_path)  # two windows, both listed it
    recovery.apply_copy(db, first[0])
    recovery.apply_copy(db, second[0])
    assert reflections.get(db, DAY).body.count("Kept.") == 1


def test_a_recovery_copy_beside_a_journal_whose_folder_was_moved_is_still_found(tmp_path):
    """The copy sits in <journal folder>/recovery/, but names the journal by its old
    absolute path: once the folder is moved (a USB disk mounted elsewhere, a folder
    renamed), `journal recover` said "everything typed reached the journal" and the
    app never offered it."""
    old = tmp_path / "old" / "journal.db"
    open_journal(old).close()
    item = recovery.record_item("reflection", "the reflection of 10 March",
                                Reflection(DAY, body="Typed while the disk was full."), Reflection(DAY))
    copy = hand_edited_copy(old, [item])
    (tmp_path / "old").rename(tmp_path / "new")
    moved = tmp_path / "new" / "journal.db"
    assert (moved.parent / "recovery" / copy.name).exists()
    result = CliRunner().invoke(cli, ["--db", str(moved), "recover"])
    assert "everything typed reached the journal" not in result.output, result.output
    assert copy.name in result.output, result.output


def test_a_recovery_copy_broken_by_hand_is_named_not_silently_skipped(db_path):
    """A user opened the copy to read their text and left a stray character: the
    copy was skipped without a word, and `journal recover` said everything typed
    reached the journal, while their text sits in that file."""
    open_journal(db_path).close()
    copy = hand_edited_copy(db_path, [recovery.record_item(
        "reflection", "the reflection of 10 March", Reflection(DAY, body="Typed while locked."), Reflection(DAY))])
    copy.write_text(copy.read_text(encoding="utf-8").rstrip()[:-1], encoding="utf-8")  # the last } deleted
    result = CliRunner().invoke(cli, ["--db", str(db_path), "recover"])
    assert "everything typed reached the journal" not in result.output, result.output
    assert copy.name in result.output, result.output


@pytest.mark.parametrize("why", ["date:2026-01-05 is when the board agreed", "date:2026-01-05"])
def test_a_decision_kept_in_a_recovery_copy_comes_back_as_typed(db_path, why):
    """A decision (or review) saved while the file was held is kept as a call with its
    arguments, dates written as "date:YYYY-MM-DD": a 'why' the user began with
    "date:" was read back as a date. The first could never be merged back ("could
    not be read back"), the second came back as "2026-01-05"."""
    from journal.store import strategies as st

    db = open_journal(db_path)
    note = st.save_note(db, st.StrategyNote(question="Grow 20%?"))
    option = st.save_option(db, st.Option(note_id=note.id, title="Prices +5%"))
    item = recovery.call_item("decide", "the decision on 'Grow 20%?'", note.id, option.id, why,
                              date(2026, 1, 5), date(2026, 4, 5))
    hand_edited_copy(db_path, [item])
    [copy] = recovery.list_copies(db_path)
    recovery.apply_copy(db, copy)
    assert st.get(db, note.id).decision_why == why
