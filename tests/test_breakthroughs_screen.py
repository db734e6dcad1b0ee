"""Reviewing, recording and promoting breakthroughs with the keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Sparkline, Static, TextArea

from helpers import SIZE, TODAY, make_app, settle, settle_workers, table_titles, type_text, wait_until
from journal.screens.breakthrough_editor import EventEditor, EventView
from journal.screens.breakthroughs import BreakthroughsScreen
from journal.screens.dialogs import BriefDialog, ConfirmDialog, TrashDialog
from journal.store import breakthroughs as bt
from journal.store import reflections
from journal.store.breakthroughs import Breakthrough, Filter
from journal.store.reflections import Reflection
from journal.widgets.markdown_preview import MarkdownPreview


@pytest.fixture
def events(db):
    made = [
        bt.save(db, Breakthrough(happened_on=date(2026, 3, 2), title="Outcome pricing", change_areas=("focus",),
                                 tags=("pricing",), talking_point=True, result="+18% ARR at Halden")),
        bt.save(db, Breakthrough(happened_on=date(2025, 11, 10), title="Blameless review", role="participated",
                                 change_areas=("behavior",), tags=("team",))),
        bt.save(db, Breakthrough(happened_on=date(2025, 6, 1), title="Hiring through mentors",
                                 change_areas=("skills", "attitude"), situation="Pricing talks stalled hiring.")),
    ]
    return made


async def open_review(pilot) -> BreakthroughsScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle_workers(pilot)
    assert isinstance(pilot.app.screen, BreakthroughsScreen)
    return pilot.app.screen


def filter_line(app) -> str:
    return str(app.screen.query_one("#bt-filter-line", Static).render())


def detail(app) -> str:
    return app.screen.query_one("#bt-detail", MarkdownPreview).source


async def test_list_newest_first_with_detail_and_chart(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert table_titles(app) == ["Outcome pricing", "Blameless review", "Hiring through mentors"]
        assert "3 events · all · newest first" in filter_line(app)
        assert detail(app).startswith("## Outcome pricing")
        await pilot.press("j")
        await settle(pilot)
        assert detail(app).startswith("## Blameless review")
        spark = app.screen.query_one(Sparkline)
        assert list(spark.data) == [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1]  # Apr 2025 .. Mar 2026
        assert "3 in the last 12 months" in str(app.screen.query_one("#bt-chart-label").render())


async def test_filters_combine_show_as_a_line_and_clear_with_escape(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("f")
        await type_text(pilot, "pricing")
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing", "Hiring through mentors"]
        assert 'text "pricing"' in filter_line(app) and "best match first" in filter_line(app)
        await pilot.press("enter")  # back to the list
        await pilot.press("4")  # changed focus
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing"]
        assert "changed focus" in filter_line(app)
        await pilot.press("4", "p")  # focus off, talking points only
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing"]
        assert "talking points only" in filter_line(app)
        await pilot.press("escape")
        await settle_workers(pilot)
        assert len(table_titles(app)) == 3
        assert app.screen.query_one("#bt-text", Input).value == ""


async def test_role_tag_and_date_range_filters(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("r", "r")  # any -> caused -> participated
        await settle_workers(pilot)
        assert table_titles(app) == ["Blameless review"]
        await pilot.press("r")  # back to any
        screen.query_one("#bt-tags", Input).focus()
        await type_text(pilot, "team")
        await settle_workers(pilot)
        assert table_titles(app) == ["Blameless review"]
        screen.query_one("#bt-tags", Input).value = ""
        screen.query_one("#bt-dates", Input).focus()
        await type_text(pilot, "2025")
        await settle_workers(pilot)
        assert table_titles(app) == ["Blameless review", "Hiring through mentors"]
        assert "1 Jan 2025 – 31 Dec 2025" in filter_line(app)
        screen.query_one("#bt-dates", Input).value = ""
        await type_text(pilot, "since march")
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing"]


async def test_unreadable_date_range_is_explained_and_ignored(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#bt-dates", Input).focus()
        await type_text(pilot, "soon")
        await settle_workers(pilot)
        assert "Dates ignored: Can't read 'soon' as a date range" in filter_line(app)
        assert len(table_titles(app)) == 3
    assert bt.count(db, Filter()) == 3  # nothing changed


async def test_new_event_from_the_review_screen(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert "No breakthroughs yet" in detail(app)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        await type_text(pilot, "Asked for the antimatter option")
        editor.query_one("#ev-situation", TextArea).focus()
        await type_text(pilot, "Offsite planning")
        editor.query_one("#ev-area-focus").toggle()
        editor.query_one("#ev-role-participated").toggle()
        editor.query_one("#ev-talking-point").toggle()
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle_workers(pilot)
        assert isinstance(app.screen, BreakthroughsScreen)
        assert table_titles(app) == ["Asked for the antimatter option"]
    stored = bt.search(db, Filter())[0]
    assert (stored.happened_on, stored.situation, stored.change_areas, stored.role, stored.talking_point) == (
        TODAY, "Offsite planning", ("focus",), "participated", True)


async def test_editor_autosaves_and_shows_date_words(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#ev-result", TextArea).focus()
        await type_text(pilot, " and renewal")
        editor.query_one("#ev-date", Input).value = ""
        editor.query_one("#ev-date", Input).focus()
        await type_text(pilot, "last friday")
        assert "Friday 13 March 2026" in str(editor.query_one("#ev-date-parsed").render())
        # "last fri" already reads as that Friday: wait for the save after the last key.
        await wait_until(pilot, lambda: "saved" in str(editor.query_one("#ev-status").render()))
    stored = bt.get(db, events[0].id)
    assert stored.result == "+18% ARR at Halden and renewal"
    assert stored.happened_on == date(2026, 3, 13)


async def test_empty_title_is_explained_and_never_dropped_silently(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#ev-situation", TextArea).focus()
        await type_text(pilot, "Some situation")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Give the breakthrough a short title." in str(app.screen.query_one("#ev-title-error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, EventEditor)
        await pilot.press("ctrl+q")  # quitting saves it rather than lose it
        await settle(pilot)
    assert [e.title for e in bt.search(db, Filter())] == ["Untitled breakthrough"]


async def test_bad_date_in_editor_is_shown_next_to_the_field(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#ev-date", Input).value = "02/01/2026"
        await wait_until(pilot, lambda: "not saved" in str(app.screen.query_one("#ev-status").render()))
        assert "ambiguous" in str(app.screen.query_one("#ev-date-parsed").render())
    assert bt.get(db, events[0].id).happened_on == date(2026, 3, 2)


async def test_talking_point_toggle_delete_undo_and_trash(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("j", "t")
        await settle_workers(pilot)
        assert bt.get(db, events[1].id).talking_point
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing", "Hiring through mentors"]
        assert bt.get(db, events[1].id).deleted_at is not None
        await pilot.press("u")
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing", "Blameless review", "Hiring through mentors"]
        await pilot.press("d", "y")
        await settle_workers(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TrashDialog)
        await pilot.press("E", "y")
        await settle(pilot)
        await pilot.press("escape")
        await settle_workers(pilot)
        assert table_titles(app) == ["Outcome pricing", "Hiring through mentors"]
    assert bt.get(db, events[1].id) is None


async def test_delete_needs_confirmation(db, events):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("d", "escape")
        await settle_workers(pilot)
    assert bt.count(db, Filter()) == 3


async def test_brief_of_marked_events_saved_without_overwriting(db, events, tmp_path):
    target = tmp_path / "brief.md"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("space", "space")  # mark the first two
        await settle(pilot)
        assert "2 marked" in filter_line(app)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BriefDialog)
        app.screen.query_one("#brief-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        text = target.read_text()
        assert "2 events (marked)" in text and "## Behavior" in text and "### Outcome pricing" in text
        assert "Hiring through mentors" not in text
        assert target.stat().st_mode & 0o777 == 0o600
        target.write_text("mine")
        await pilot.press("b")
        await settle(pilot)
        app.screen.query_one("#brief-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # do not overwrite
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#brief-error").render())
    assert target.read_text() == "mine"


async def test_promote_a_paragraph_and_follow_the_links(db):
    reflections.save(db, Reflection(day=TODAY, body="Morning was routine.\n\nPriya asked why we sell on-prem.\n"
                                                    "Nobody had an answer.\n\nEvening: gym."))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#body", TextArea)
        body.move_cursor((2, 3))  # inside the middle paragraph
        await pilot.press("ctrl+r")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        assert editor.query_one("#ev-title", Input).value == "Priya asked why we sell on-prem."
        assert editor.query_one("#ev-breakthrough", TextArea).text == (
            "Priya asked why we sell on-prem.\nNobody had an answer.")
        assert "From the reflection of Saturday 14 March 2026" in str(editor.query_one("#ev-link").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 breakthrough from this day" in str(app.screen.query_one("#linked").render())
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, EventView)
        await pilot.press("g")
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text.startswith("Morning was routine.")
    event = bt.search(db, Filter())[0]
    assert event.reflection_day == TODAY and event.happened_on == TODAY


async def test_promote_selection_and_refuse_empty(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor)  # nothing to promote on an empty day
        await type_text(pilot, "We could replace the product")
        await pilot.press("shift+home")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.query_one("#ev-breakthrough", TextArea).text == "We could replace the product"


async def test_review_jumps_to_the_reflection(db):
    bt.save(db, Breakthrough(happened_on=date(2026, 3, 2), title="From a day", reflection_day=date(2026, 3, 2)))
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="The source text"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "The source text"


async def test_list_pages_as_the_cursor_reaches_the_end(db):
    with db.conn:
        pass
    for i in range(450):
        bt.save(db, Breakthrough(happened_on=date(2020, 1, 1).fromordinal(date(2020, 1, 1).toordinal() + i),
                                 title=f"Event {i}"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert len(table_titles(app)) == 200
        assert "200 of 450 events" in filter_line(app)
        screen.query_one("#bt-list").move_cursor(row=199)
        await settle_workers(pilot)
        assert len(table_titles(app)) == 400
