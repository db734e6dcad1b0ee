"""The search screen: as-you-type results, filters, opening records, export with progress."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, TextArea

from helpers import SIZE, make_app, settle, settle_workers, type_text, wait_until
from journal.screens.breakthrough_editor import EventView
from journal.screens.dialogs import ExportDialog
from journal.screens.search import SearchScreen
from journal.screens.strategy_note import NoteEditor
from journal.store import breakthroughs as bt
from journal.store import reflections
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection


def seed(db):
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="Pricing workshop with the team."))
    bt.save(db, Breakthrough(happened_on=date(2026, 2, 1), title="Outcome pricing", talking_point=True))
    note = st.save_note(db, st.StrategyNote(question="Rethink pricing?"))
    return note


def result_lines(app) -> list[str]:
    results = app.screen.query_one("#q-results")
    return [str(results.get_option_at_index(i).prompt).splitlines()[0] for i in range(results.option_count)]


async def open_search(pilot) -> SearchScreen:
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle_workers(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    return pilot.app.screen


async def test_results_update_as_you_type_and_escape_keeps_the_query(db):
    seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_search(pilot)
        await type_text(pilot, "pric")
        await settle_workers(pilot)
        lines = result_lines(app)
        assert len(lines) == 3 and "breakthrough  Outcome pricing" in lines[0]
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        assert app.screen.query_one("#q-text", Input).value == "pric"
        assert len(result_lines(app)) == 3


async def test_kind_toggles_and_talking_points(db):
    seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await type_text(pilot, "pricing")
        await pilot.press("enter", "1")  # reflections only
        await settle_workers(pilot)
        assert [line.split()[1] for line in result_lines(app)] == ["reflection"]
        await pilot.press("1", "p")  # all kinds, talking points only
        await settle_workers(pilot)
        assert [line.split()[1] for line in result_lines(app)] == ["breakthrough"]
        assert "talking points only" in str(screen.query_one("#q-line").render())


async def test_enter_opens_each_kind_in_its_own_screen(db):
    note = seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_search(pilot)
        await type_text(pilot, "pricing")
        await settle_workers(pilot)
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # the breakthrough, best match
        await settle(pilot)
        assert isinstance(app.screen, EventView)
        await pilot.press("escape")
        await settle_workers(pilot)
        kinds = [line.split()[1] for line in result_lines(app)]
        app.screen.query_one("#q-results").highlighted = kinds.index("strategy")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor) and app.screen.note.id == note.id
        await pilot.press("escape")
        await settle_workers(pilot)
        app.screen.query_one("#q-results").highlighted = kinds.index("reflection")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "Pricing workshop with the team."


async def test_slash_opens_search_only_when_not_typing(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "a/b")
        assert app.screen.query_one("#body", TextArea).text == "a/b"
        await pilot.press("ctrl+l")  # Days: no text field
        await settle(pilot)
        await pilot.press("slash")
        await settle_workers(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_export_results_streams_to_a_file(db, tmp_path):
    seed(db)
    target = tmp_path / "results.md"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_search(pilot)
        await type_text(pilot, "pricing")
        await settle_workers(pilot)
        await pilot.press("enter", "x")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog))
    text = target.read_text()
    assert text.startswith("# Journal") and "Outcome pricing" in text and "Rethink pricing?" in text
    assert target.stat().st_mode & 0o777 == 0o600


async def test_unreadable_dates_are_explained(db):
    seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        screen.query_one("#q-dates", Input).value = "soon"
        await settle_workers(pilot)
        assert "Dates ignored: Can't read 'soon' as a date range" in str(screen.query_one("#q-line").render())
        screen.query_one("#q-dates", Input).value = "2025"
        await settle_workers(pilot)
        assert "1 Jan 2025 – 31 Dec 2025" in str(screen.query_one("#q-line").render())
        assert result_lines(app) == []


async def test_keys_typed_during_the_switch_never_edit_the_reflection(db):
    from journal.store import reflections as rf

    rf.save(db, Reflection(day=date(2026, 3, 14), body="Untouched"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", "a", "b")  # typed at once, as fast typists do
        await settle_workers(pilot)
        assert app.screen.query_one("#q-text", Input).value == "ab"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f3", "j", "k")
        await settle_workers(pilot)
        await pilot.press("ctrl+t")  # back to writing
        await settle(pilot)
    assert rf.get(db, date(2026, 3, 14)).body == "Untouched"


async def test_export_of_more_than_the_cap_counts_in_a_worker(db, monkeypatch):
    """Above the screen's capped count the dialog needs the exact number: counted off
    the UI thread (a full count at 1,000,000 entries froze the screen), then shown."""
    import threading

    from journal.store import search as searching

    for day in range(1, 6):
        reflections.save(db, Reflection(day=date(2026, 3, day), body=f"Pricing note {day}."))
    monkeypatch.setattr(searching, "COUNT_CAP", 3)
    counted_on = []
    real_count = searching.count

    def count(*args, **kwargs):
        counted_on.append((threading.current_thread() is threading.main_thread(), kwargs.get("cap")))
        return real_count(*args, **kwargs)

    monkeypatch.setattr(searching, "count", count)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_search(pilot)
        await type_text(pilot, "pricing")
        await settle_workers(pilot)
        await pilot.press("enter", "x")
        await settle_workers(pilot)
        assert isinstance(app.screen, ExportDialog)
        await wait_until(pilot, lambda: "5 records" in str(app.screen.query_one("#export-summary").render()))
    uncapped = [on_main for on_main, cap in counted_on if cap is None]
    assert uncapped and not any(uncapped)


async def test_too_many_to_rank_are_listed_newest_first(db, monkeypatch):
    """The store's one rule (fts.too_many_to_rank), as `journal search` keeps it."""
    from journal.store import fts
    from journal.store import search as searching

    monkeypatch.setattr(fts, "RANK_AT_MOST", 2)
    monkeypatch.setattr(searching, "COUNT_CAP", 3)
    seed(db)
    newest = [h.title for h in searching.search(db, searching.SearchFilter(text="pric"), order="newest")]
    best = [h.title for h in searching.search(db, searching.SearchFilter(text="pric"), order="best")]
    assert newest != best
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_search(pilot)
        await type_text(pilot, "pric")
        await settle_workers(pilot)
        assert [h.title for h in app.screen.hits] == newest
        line = str(app.screen.query_one("#q-line").render())
        assert "newest first (best first when 2 or fewer match)" in line
