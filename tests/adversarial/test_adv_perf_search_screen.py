"""Hostile tester, issue 13: the search screen's interrupt. A query that is no longer
wanted (the user typed on, left the screen, or quit) must stop, not run to its end."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest

from helpers import SIZE, make_app, settle, settle_workers, type_text, wait_until
from journal.screens import reading
from journal.screens.search import SearchScreen
from journal.store import breakthroughs as bt
from journal.store import reflections
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection


@pytest.fixture
def journal(db):
    for i in range(30):
        reflections.save(db, Reflection(day=date(2025, 1, 1) + timedelta(days=i),
                                        body=f"Day {i}: an answer about alignment and accountability."))
        bt.save(db, Breakthrough(happened_on=date(2025, 2, 1) + timedelta(days=i), title=f"Event {i}",
                                 breakthrough="Ask again, and again."))
    return db


CALLS: list[int] = []  # one entry per slow title read


def slow_substr(running: threading.Event):
    def substr(text, start, length=None):  # the page's titles, one slow row at a time (60 rows: 12 s)
        running.set()
        CALLS.append(1)
        time.sleep(0.2)
        return text[start - 1:] if length is None else text[start - 1:start - 1 + length]
    return substr


def record_statements(monkeypatch, slow_for: str, running: threading.Event, before_return=None):
    """Each worker's connection traced: {query text: [statements run]}."""
    ran: dict[str, list[str]] = {}
    real_open = reading.open_reader
    real_refilter = SearchScreen.refilter
    shown: list[SearchScreen] = []

    def refilter(screen):
        shown[:] = [screen]
        real_refilter(screen)

    def open_reader(path):  # each search worker's own connection
        screen = shown[0]
        text = screen.filter.text
        reader = real_open(path)
        if text == slow_for:
            reader.conn.create_function("substr", 3, slow_substr(running))
        reader.conn.set_trace_callback(ran.setdefault(text, []).append)
        if before_return is not None:
            before_return(screen, text)
        return reader

    monkeypatch.setattr(SearchScreen, "refilter", refilter)
    monkeypatch.setattr(reading, "open_reader", open_reader)
    return ran


async def test_leaving_the_screen_stops_the_running_query(journal, monkeypatch):
    running = threading.Event()
    record_statements(monkeypatch, "a", running)
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "a")
        await wait_until(pilot, running.is_set)
        screen = app.screen
        await pilot.press("escape")
        left = len(CALLS)
        assert not isinstance(app.screen, SearchScreen)
        await pilot.app.workers.wait_for_complete()
        # Interrupted, the worker ends at the next row; run on, it reads all 60 slow titles.
        assert len(CALLS) - left <= 1, "the query kept running after the user left the screen"
        assert not screen.readers.running()


async def test_quitting_during_a_query_leaves_no_thread_running(journal, monkeypatch):
    running = threading.Event()
    record_statements(monkeypatch, "a", running)
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "a")
        await wait_until(pilot, running.is_set)
        quit_at = len(CALLS)
        app.exit()
        await pilot.pause()
    time.sleep(1.0)
    # A thread still reading titles is joined at interpreter exit: the quit would hang until it ends.
    assert len(CALLS) - quit_at <= 1, "the search kept running after the app quit"


async def test_a_superseded_worker_runs_no_query_even_when_its_connection_opened_late(journal, monkeypatch):
    """The race: the user types on while the old worker is still opening its
    connection, so the interrupt finds nothing to stop; the old worker must notice
    it is stale before it runs the page, not read all of it."""
    running = threading.Event()
    stale = threading.Event()

    def before_return(screen, text):
        if text == "a":  # opening slowly (a busy disk): "ag" is typed meanwhile
            deadline = time.monotonic() + 5
            while screen.filter.text == "a" and time.monotonic() < deadline:
                time.sleep(0.01)
            stale.set()

    ran = record_statements(monkeypatch, "a", running, before_return)
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "a")
        await type_text(pilot, "g")
        await wait_until(pilot, stale.is_set)
        await settle_workers(pilot)
        lines = [str(o.prompt).splitlines()[0] for o in app.screen.query_one("#q-results")._options]
        assert len(lines) == 30 and all("breakthrough" in line for line in lines)
    page_statements = [sql for sql in ran.get("a", []) if "WITH page" in sql]
    assert page_statements == [], "the superseded worker ran its whole page after the user typed on"
    assert not running.is_set()
