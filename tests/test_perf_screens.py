"""Issue 13, the screens: what they read, not how long it takes (see benchmarks/tui.py).

- opening F3 or F4 reads one page: every list or count query has a LIMIT;
- a superseded filter's query is interrupted, its results are never shown, and
  the interruption shows no error;
- the lists fetch the next page when the cursor reaches the end.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date, timedelta

import pytest

from helpers import SIZE, make_app, settle, settle_workers, table_titles, type_text, wait_until
from journal.screens.breakthroughs import BreakthroughsScreen
from journal.screens.strategy import NotesTable, StrategyScreen
from journal.store import breakthroughs as bt
from journal.store import db as store_db
from journal.store import open_journal
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.strategies import StrategyNote

LIST_QUERIES = ("FROM breakthroughs b WHERE", "FROM strategy_notes n WHERE")  # lists and their counts


@pytest.fixture
def statements(monkeypatch):
    """Every statement run on the app's connection and on each worker's reader."""
    seen: list[str] = []
    connect = store_db._connect_read_only

    def traced(path):
        conn = connect(path)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(store_db, "_connect_read_only", traced)
    return seen


def list_queries(seen: list[str]) -> list[str]:
    return [s for s in seen if any(q in s for q in LIST_QUERIES)]


def many_events(db, n: int) -> None:
    for i in range(n):
        bt.save(db, Breakthrough(happened_on=date(2020, 1, 1) + timedelta(days=i), title=f"Team event {i}"))


@pytest.mark.parametrize("key", ["f3", "f4"])
async def test_opening_a_list_reads_one_page_and_a_bounded_count(db, statements, key):
    many_events(db, 30)
    for i in range(30):
        st.save_note(db, StrategyNote(question=f"Question {i}"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.conn.set_trace_callback(statements.append)
        statements.clear()
        await pilot.press(key)
        await settle_workers(pilot)
        assert isinstance(app.screen, BreakthroughsScreen if key == "f3" else StrategyScreen)
        queries = list_queries(statements)
        assert queries, statements
        assert all("LIMIT" in q for q in queries), [q for q in queries if "LIMIT" not in q]


async def test_a_superseded_filter_is_interrupted_and_never_shown(db, monkeypatch):
    many_events(db, 5)
    started, outcome = threading.Event(), {}
    real_search = bt.search

    def search(reader, flt, limit=bt.PAGE_SIZE, offset=0):
        if flt.text != "team":
            return real_search(reader, flt, limit=limit, offset=offset)
        # A query as slow as one letter at a million events: it stops only when interrupted
        # (or after 8 s, so that a failing test ends).
        deadline = time.monotonic() + 8
        reader.conn.create_function("going", 0, lambda: time.monotonic() < deadline)
        started.set()
        try:
            reader.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE going()) "
                           "SELECT count(*) FROM c").fetchone()
            outcome["ended"] = "ran to the end"
        except sqlite3.OperationalError as error:
            outcome["ended"] = str(error)
        return [Breakthrough(happened_on=date(2026, 1, 1), title="stale result", id=999)]

    monkeypatch.setattr(bt, "search", search)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        await pilot.press("f")
        await type_text(pilot, "team")
        await wait_until(pilot, started.is_set)
        typed_at = time.monotonic()
        await type_text(pilot, " 4")
        await wait_until(pilot, lambda: "ended" in outcome)
        assert outcome["ended"] == "interrupted"
        assert time.monotonic() - typed_at < 4
        await settle_workers(pilot)
        assert table_titles(app) == ["Team event 4"]
        assert "stale result" not in table_titles(app)
        assert not app._notifications, [n.message for n in app._notifications]


async def test_the_strategy_list_fetches_the_next_page_at_its_end(db, monkeypatch):
    monkeypatch.setattr("journal.screens.strategy.PAGE_SIZE", 20)
    for i in range(45):
        st.save_note(db, StrategyNote(question=f"Question {i}"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle_workers(pilot)
        table = app.screen.query_one(NotesTable)
        assert table.row_count == 20
        table.move_cursor(row=19)
        await settle_workers(pilot)
        assert table.row_count == 40
        table.move_cursor(row=39)
        await settle_workers(pilot)
        assert table.row_count == 45
        assert "45 notes" in str(app.screen.query_one("#st-line").render())


async def test_counts_stop_at_the_limit_and_many_matches_list_newest_first(db, monkeypatch):
    monkeypatch.setattr("journal.screens.breakthroughs.COUNT_LIMIT", 5)
    many_events(db, 12)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        await pilot.press("f")
        await type_text(pilot, "team")
        await settle_workers(pilot)
        line = str(app.screen.query_one("#bt-filter-line").render())
        assert "more than 5 events" in line
        assert "newest first" in line
        assert table_titles(app)[:2] == ["Team event 11", "Team event 10"]


@pytest.mark.parametrize("key", ["f3", "f4"])
async def test_returning_to_a_list_reads_it_again_only_after_a_save(db, statements, key):
    many_events(db, 3)
    st.save_note(db, StrategyNote(question="Question"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle_workers(pilot)
        app.conn.set_trace_callback(statements.append)
        await pilot.press("ctrl+l")
        await settle_workers(pilot)
        statements.clear()
        await pilot.press(key)
        await settle_workers(pilot)
        assert list_queries(statements) == []  # nothing changed: the list on show stays
        await app.change(bt.save, Breakthrough(happened_on=date(2026, 1, 1), title="New"))
        await app.change(st.save_note, StrategyNote(question="New question"))
        await pilot.press("ctrl+l")
        await settle_workers(pilot)
        statements.clear()
        await pilot.press(key)
        await settle_workers(pilot)
        assert list_queries(statements)
        titles = table_titles(app) if key == "f3" else [
            str(app.screen.query_one(NotesTable).get_row_at(0)[0])]
        assert "New" in titles or "New question" in titles


async def test_each_css_source_is_parsed_once_however_many_screens_open(db, monkeypatch):
    """Textual re-parsed the whole stylesheet, in a fresh cache, three times for every
    screen shown the first time (F3: seven parses of every source, 100-300 ms)."""
    import textual.css.stylesheet as textual_stylesheet

    parsed: list[tuple] = []
    real_parse = textual_stylesheet.parse

    def parse(scope, css, read_from, *args, **kwargs):
        parsed.append((read_from, css, scope, tuple(sorted(kwargs.items()))))  # and the variables
        return real_parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", parse)
    many_events(db, 3)
    st.save_note(db, StrategyNote(question="Question"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        at_first_frame = len(parsed)
        for key in ("f3", "f4", "ctrl+l", "f3"):
            await pilot.press(key)
            await settle_workers(pilot)
        assert len(parsed) > at_first_frame  # the screens' own CSS, once
        again = [source[0] for i, source in enumerate(parsed) if i >= at_first_frame and source in parsed[:i]]
        assert again == []


@pytest.mark.parametrize("key", ["f3", "f4"])
async def test_moving_the_cursor_redraws_the_detail_without_mounting_widgets(db, key, monkeypatch):
    """Textual's Markdown removed and mounted a widget per block for every row the
    cursor rested on, restyling them and reflowing the screen (100-200 ms); details
    that fit the pane now replace each other without a reflow."""
    from textual.screen import Screen

    reflows: list[Screen] = []
    real_refresh_layout = Screen._refresh_layout

    def refresh_layout(self, *args, **kwargs):
        reflows.append(self)
        return real_refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", refresh_layout)
    many_events(db, 3)
    for i in range(3):
        st.save_note(db, StrategyNote(question=f"Question {i}", context=f"Why **{i}** matters"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle_workers(pilot)
        detail = app.screen.query_one("#bt-detail" if key == "f3" else "#st-detail")
        await settle(pilot, 0.1)
        before, widgets = detail.source, {id(w) for w in app.screen.walk_children()}
        reflows.clear()
        await pilot.press("down")
        await settle(pilot, 0.1)  # the old code showed the detail 50 ms after the cursor rested
        assert detail.source != before
        assert ("Team event 1" if key == "f3" else "Question 1") in detail.source
        assert {id(w) for w in app.screen.walk_children()} == widgets
        assert reflows == []


@pytest.fixture
def restyles(monkeypatch):
    """Each time the whole app is restyled (every widget of every screen)."""
    from textual.css.stylesheet import Stylesheet

    seen: list[object] = []
    real_update = Stylesheet.update

    def update(self, root, animate=False):
        if root is getattr(root, "app", None):
            seen.append(root)
        return real_update(self, root, animate=animate)

    monkeypatch.setattr(Stylesheet, "update", update)
    return seen


async def test_opening_a_screen_does_not_restyle_every_widget(db, restyles):
    """Textual restyled every widget of every screen three times for a screen shown the
    first time (its CSS file read, then refresh_css twice), more with each screen opened.
    The screens' CSS is read once after the first frame."""
    many_events(db, 3)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle_workers(pilot)  # the warm-up after the first frame
        restyles.clear()
        await pilot.press("f3")
        await settle_workers(pilot)
        assert isinstance(app.screen, BreakthroughsScreen)
        assert restyles == []
        await pilot.press("ctrl+l")  # F3's widgets brought their own CSS: one restyle for it
        await settle_workers(pilot)
        assert len(restyles) <= 1


async def test_a_new_theme_still_restyles_every_screen(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        await pilot.press("f4")
        await settle_workers(pilot)
        before = app.screen.styles.background
        app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
        await settle(pilot)
        assert app.screen.styles.background != before
        await pilot.press("f3")
        await settle_workers(pilot)
        assert app.screen.styles.background != before


def test_the_detail_pane_shows_markdown_and_user_text_as_typed():
    from journal.widgets.markdown_preview import to_content

    content = to_content("## A [red] title [/]\n\nSome **bold** and *[b]x*\n\n- one\n- two", {"h2": "underline"})
    assert content.plain == "A [red] title [/]\n\nSome bold and [b]x\n\n• one\n• two"
    styled = {(content.plain[span.start:span.end], str(span.style)) for span in content.spans}
    assert {("A [red] title [/]", "underline"), ("bold", "bold"), ("[b]x", "italic")} <= styled


async def test_the_heap_is_frozen_after_the_warm_up_and_after_a_screen_is_first_shown(db):
    """A full collection walked every widget, style and module of the app (40-180 ms in
    a keystroke's frame, measured at 100,000 entries): after the warm-up, and once a
    screen first shown is mounted, what is alive is frozen out of its reach."""
    import gc

    gc.unfreeze()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0)
        after_warm_up = gc.get_freeze_count()
        await pilot.press("f3")
        await settle_workers(pilot)
        await wait_until(pilot, lambda: gc.get_freeze_count() > after_warm_up)


@pytest.mark.parametrize("key", ["f3", "f4"])
async def test_a_list_screen_is_drawn_filled_the_first_time(db, key, monkeypatch):
    """The first page is read before the screen's first frame: no worker round trip,
    and the list is not laid out and painted twice (empty, then filled)."""
    many_events(db, 5)
    for i in range(5):
        st.save_note(db, StrategyNote(question=f"Question {i}"))
    loads: list[int] = []
    for screen in (BreakthroughsScreen, StrategyScreen):
        monkeypatch.setattr(screen, "_load", lambda self, flt, generation, offset, *rest: loads.append(offset))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        table = app.screen.query_one("#bt-list" if key == "f3" else "#st-list")
        assert table.row_count == 5
        assert loads == []  # no worker was asked for the first page


async def test_days_reads_a_month_once_when_opened_and_once_per_page(db, monkeypatch):
    """Opening Days read the month three times (mount, and each of two resumes), and
    paging drew the calendar a frame before the month's list (a message apart)."""
    from journal.screens import days as days_screen
    from journal.store import reflections

    reads: list[tuple] = []
    real = reflections.days_between

    def days_between(db, first, last):
        reads.append((first, last))
        return real(db, first, last)

    monkeypatch.setattr(days_screen.reflections, "days_between", days_between)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot, 0.1)
        assert len(reads) == 1
        calendar = app.screen.query_one(days_screen.MonthCalendar)
        calendar.action_month(-1)  # what pgup does: the list follows in the same call
        assert len(reads) == 2 and reads[-1][0].month == calendar.cursor.month
        paged_to = calendar.cursor
        await pilot.press("escape")
        await settle(pilot, 0.1)
        await pilot.press("ctrl+l")
        await settle(pilot, 0.1)
        assert len(reads) == 2  # the month paged to, nothing saved since: not read again
        assert app.screen.query_one(days_screen.MonthCalendar).cursor == paged_to


async def test_search_runs_once_when_opened_and_not_again_on_return_unless_saved(db, db_path, monkeypatch):
    """Opening Search ran the empty query three times (mount, and two resumes), and
    every return ran it again though nothing had changed."""
    from journal.screens import search as search_screen

    runs: list[str] = []
    real = search_screen.searching.search

    def search(reader, flt, **kwargs):
        runs.append(flt.text)
        return real(reader, flt, **kwargs)

    monkeypatch.setattr(search_screen.searching, "search", search)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        assert runs == [""]
        await pilot.press("escape")
        await settle(pilot, 0.1)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        assert runs == [""]
        other = open_journal(db_path)  # another connection: as the app's writer saves
        bt.save(other, Breakthrough(happened_on=date(2020, 1, 1), title="Saved meanwhile"))
        other.close()
        await pilot.press("escape")
        await settle(pilot, 0.1)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        assert runs == ["", ""]


def test_a_workers_connection_keeps_a_small_page_cache(db_path, db):
    """A connection opens for each keystroke's query; with SQLite's 2 MB page cache the
    app kept the memory of the largest ones (RSS 1.33x its first frame after every
    screen, measured at 100,000 entries; the target is 1.3x)."""
    from journal.heap import limit_malloc_arenas

    reader = store_db.open_reader(db_path)
    assert reader.execute("PRAGMA cache_size").fetchone()[0] == -store_db.READER_CACHE_KB
    assert store_db.READER_CACHE_KB <= 512
    reader.close()
    limit_malloc_arenas()  # harmless where it cannot apply, and twice
    limit_malloc_arenas()
