"""Go to date, the Days calendar, the palette, help and the prompt editor."""

from __future__ import annotations

from datetime import date

from textual.widgets import Markdown, OptionList, Static, TextArea

from helpers import SIZE, TODAY, day_title, make_app, settle, type_text, wait_until
from journal.screens.days import DaysScreen
from journal.screens.dialogs import GoToDateDialog, HelpScreen, PromptsDialog
from journal.store import reflections, settings
from journal.store.reflections import Reflection
from journal.widgets.calendar import MonthCalendar


def hint(app) -> str:
    return str(app.screen.query_one("#parsed", Static).render())


async def test_go_to_date_shows_the_parsed_day_then_goes(db):
    reflections.save(db, Reflection(day=date(2026, 3, 3), body="Pricing workshop"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, GoToDateDialog)
        await type_text(pilot, "march 3")
        assert "Tuesday 3 March 2026 · 11 days ago" in hint(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Tuesday 3 March 2026" in day_title(app)
        assert app.screen.query_one("#body", TextArea).text == "Pricing workshop"


async def test_go_to_date_refuses_ambiguous_and_stays_open(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await type_text(pilot, "02/01/2026")
        assert "ambiguous" in hint(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoToDateDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert "today" in day_title(app)


async def test_days_calendar_marks_written_days_and_opens_one(db):
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="Kick-off with the new team"))
    reflections.save(db, Reflection(day=date(2026, 3, 13), body="Board prep"))
    reflections.save(db, Reflection(day=date(2026, 2, 20), body="February note"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, DaysScreen)
        calendar = app.screen.query_one(MonthCalendar)
        assert calendar.filled == {date(2026, 3, 2), date(2026, 3, 13)}
        rendered = str(calendar.render())
        assert "March 2026" in rendered and " 13•" in rendered and " 14 " in rendered
        listing = app.screen.query_one("#month-days", OptionList)
        assert [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)] == [
            "Mon 02 Mar  Kick-off with the new team",
            "Fri 13 Mar  Board prep",
        ]
        assert "2 days written in March 2026" in str(app.screen.query_one("#month-summary").render())
        await pilot.press("pageup")
        await settle(pilot)
        assert calendar.filled == {date(2026, 2, 20)}
        await pilot.press("pagedown", "left", "enter")  # 13 March
        await settle(pilot)
        assert "Friday 13 March 2026" in day_title(app)
        assert app.screen.query_one("#body", TextArea).text == "Board prep"


async def test_days_list_opens_with_enter_and_q_quits_there(db):
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="Kick-off"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("tab")  # calendar -> list
        assert app.focused is app.screen.query_one("#month-days")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "Monday 2 March 2026" in day_title(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


async def test_palette_finds_actions_by_name(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "next day")
        await wait_until(pilot, lambda: app.screen.query("CommandList") and
                         app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Sunday 15 March 2026" in day_title(app))


async def test_palette_lists_screen_and_app_commands(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [name for name, _, _ in app.screen.palette_commands() + app.palette_commands()]
        for expected in ("Previous day", "Go to date…", "Edit prompts", "Days: calendar of reflections", "Quit"):
            assert expected in names


async def test_help_lists_every_key(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        markdown = app.screen.query_one(Markdown).source
        for words in ("Prev day", "Go to date", "Prompts", "Quit", "Days", "Open day", "Command palette"):
            assert words in markdown
        assert "alt+←" in markdown or "alt+left" in markdown
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_prompt_set_change_applies_to_new_days_only(db):
    old = reflections.save(db, Reflection(day=date(2026, 3, 1), body="old", prompts=settings.get_prompts(db)))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, PromptsDialog)
        editor = app.screen.query_one("#prompt-lines", TextArea)
        assert editor.text.splitlines() == settings.DEFAULT_PROMPTS
        editor.load_text("What did I create today?\n\nWho did I help?\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        labels = [str(label.content) for label in app.screen.query(".prompt")]
        assert labels == ["What did I create today?", "Who did I help?"]
        assert settings.get_prompts(db) == ["What did I create today?", "Who did I help?"]
    assert reflections.get(db, date(2026, 3, 1)).prompts == old.prompts


async def test_prompt_editor_cancel_changes_nothing(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#prompt-lines", TextArea).load_text("Scrap this")
        await pilot.press("escape")
        await settle(pilot)
    assert settings.get_prompts(db) == settings.DEFAULT_PROMPTS


async def test_started_day_keeps_its_prompts_after_change(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Started")
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#prompt-lines", TextArea).load_text("Only one?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(app.screen.query(".answer")) == len(settings.DEFAULT_PROMPTS)
    assert reflections.get(db, TODAY).prompts == settings.DEFAULT_PROMPTS
