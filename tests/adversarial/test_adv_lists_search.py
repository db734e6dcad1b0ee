"""Hostile tester, issue 13: Search runs its query again on return only when the
journal changed (PRAGMA data_version). But leaving the screen supersedes the query
in flight (on_screen_suspend), and its results are dropped. Back on Search with
nothing saved meanwhile, nothing runs again: the list shows another query's results
under the words the user typed, or a count that never comes, or pages that never load."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from helpers import SIZE, make_app, settle, settle_workers, type_text, wait_until
from journal.screens import search as search_screen
from journal.screens.search import SearchScreen
from journal.store import reflections
from journal.store.reflections import Reflection


@pytest.fixture
def journal(db):
    for i in range(120):
        word = "zebra" if i % 2 else "walrus"
        reflections.save(db, Reflection(day=date(2025, 1, 1) + timedelta(days=i), body=f"Day {i}: a {word} day."))
    return db


def held(monkeypatch, name: str, when):
    """searching.<name> waits, while when(filter, offset) holds, until released."""
    entered, release = threading.Event(), threading.Event()
    real = getattr(search_screen.searching, name)

    def slow(reader, flt, *args, **kwargs):
        if when(flt, kwargs):
            entered.set()
            release.wait(10)
        return real(reader, flt, *args, **kwargs)

    monkeypatch.setattr(search_screen.searching, name, slow)
    return entered, release


def shown_bodies(screen: SearchScreen) -> list[str]:
    return [hit.snippet for hit in screen.hits]


async def test_leaving_while_the_query_runs_then_coming_back_shows_the_old_results(journal, monkeypatch):
    """ctrl+f, 'zebra' shown; the user pastes 'walrus' over it and presses escape before
    the results come (a slow disk, a big journal); ctrl+f again: the box says 'walrus',
    the list still shows the zebra days, and stays so until something is saved."""
    entered, release = held(monkeypatch, "search", lambda flt, kw: flt.text == "walrus")
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "zebra")
        await settle_workers(pilot)
        screen = app.screen
        assert screen.hits and all("zebra" in s for s in shown_bodies(screen))
        screen.query_one("#q-text").value = "walrus"  # a paste: one change
        await wait_until(pilot, entered.is_set)
        await pilot.press("escape")
        await settle(pilot)
        release.set()
        await settle_workers(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        assert app.screen is screen
        assert screen.query_one("#q-text").value == "walrus"
        stale = [s for s in shown_bodies(screen) if "walrus" not in s]
        assert screen.hits and not stale, f"{len(stale)} results that do not match 'walrus' are shown"


async def test_leaving_while_counting_leaves_the_count_unfinished_for_good(journal, monkeypatch):
    """The page came, the count was still running when the user pressed escape; back
    on Search the line says '50+ matches' forever (the count is never run again)."""
    entered, release = held(monkeypatch, "count", lambda flt, kw: flt.text == "zebra")
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "zebra")
        await wait_until(pilot, entered.is_set)
        await pilot.press("escape")
        await settle(pilot)
        release.set()
        await settle_workers(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        screen = app.screen
        assert screen.total is not None, (
            "the count never comes: " + str(screen.query_one("#q-line").render()).splitlines()[0])


async def test_leaving_while_the_next_page_loads_stops_paging_for_good(journal, monkeypatch):
    """The cursor reached the end of the first 50 results, the next page was on its
    way when the user left; back on Search, the list stops at 50 of 60 matches and
    moving to the end never loads the rest (loading_page stays set)."""
    entered, release = held(monkeypatch, "search", lambda flt, kw: kw.get("offset", 0) > 0)
    app = make_app(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "zebra")
        await settle_workers(pilot)
        screen = app.screen
        assert len(screen.hits) == search_screen.PAGE
        await pilot.press("enter", "end")  # to the list, to its end: the next page is asked for
        await wait_until(pilot, entered.is_set)
        await pilot.press("escape")
        await settle(pilot)
        release.set()
        await settle_workers(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await pilot.press("enter", "end", "up", "end")
        await settle_workers(pilot)
        assert len(screen.hits) == 60, f"{len(screen.hits)} of 60 matches can be reached"
