"""User text is data, never markup: every field of every kind holds text that a
markup parser would eat or choke on, and every screen and dialog that shows it
must draw it exactly, with the app still running.

Each field gets the attack followed by a two-letter code naming the field
("[/]ti" is a title), so a check says which field went missing where."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from adv_visible import screen_lines, toasts
from helpers import SIZE, TODAY, make_app, settle, settle_workers, type_text, wait_until
from journal.screens.breakthrough_editor import EventEditor, EventView
from journal.screens.breakthroughs import BreakthroughsScreen
from journal.screens.days import DaysScreen
from journal.screens.dialogs import BriefDialog, ConfirmDialog, GoToDateDialog, HelpScreen, PromptsDialog, \
    SaveMarkdownDialog, TrashDialog
from journal.screens.search import SearchScreen
from journal.screens.strategy import StrategyScreen
from journal.screens.strategy_dialogs import DecisionDialog, OptionDialog, ReviewDialog
from journal.screens.strategy_note import NoteEditor
from journal.store import breakthroughs as bt
from journal.store import reflections, settings
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection
from journal.store.strategies import Option, StrategyNote

ATTACKS = ["[/]", "[bold]x", "[link=x]y", "[", "[red]"]
pytestmark = [pytest.mark.slow, pytest.mark.parametrize("attack", ATTACKS)]
TALL = (SIZE[0], 60)  # the editors' forms fit without scrolling


def expect(app, *texts: str) -> None:
    """Each text is drawn, whole, on one line of the screen."""
    assert app.is_running
    lines = screen_lines(app)
    missing = [text for text in texts if not any(text in line for line in lines)]
    assert not missing, f"not on screen: {missing}\n" + "\n".join(lines)


async def shown(pilot, screen_type) -> None:
    await settle_workers(pilot)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type))
    await settle(pilot)


async def scrolled_to_end(pilot, selector: str) -> None:
    """Scroll a form or preview taller than the screen to show its end."""
    await settle(pilot)  # its layout first: a section may just have appeared
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_end(animate=False, immediate=True)
    await settle(pilot)


async def palette_and_help(pilot, attack: str) -> None:
    """The command palette with the attack typed as a query; the help screen."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, attack)
    await settle_workers(pilot)
    expect(pilot.app, attack)
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("f1")
    await shown(pilot, HelpScreen)
    expect(pilot.app, "Keys")
    await pilot.press("escape")
    await settle(pilot)


async def search_for(pilot, query: str, *expected: str) -> None:
    await pilot.press("ctrl+f")
    await shown(pilot, SearchScreen)
    await type_text(pilot, query)
    await settle_workers(pilot)
    expect(pilot.app, query, *expected)
    await pilot.press("escape")  # back where the search began
    await settle(pilot)


# -- reflections ------------------------------------------------------------


async def test_reflection_fields_are_shown_as_typed(db, attack):
    v = {code: f"{attack}{code}" for code in ("bo", "p1", "p2", "a1", "a2", "tg", "t2")}
    settings.set_prompts(db, [v["p1"], v["p2"]])
    day = TODAY - timedelta(days=1)
    reflections.save(db, Reflection(day=day, body=v["bo"], prompts=[v["p1"], v["p2"]],
                                    answers=[v["a1"], v["a2"]], tags=[v["tg"], v["t2"]]))
    app = make_app(db)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await settle(pilot)
        # Today: typed into the body and the tags, saved by itself.
        await type_text(pilot, f"{attack}ty")
        tags = app.screen.query_one("#tags", Input)
        tags.focus()
        await type_text(pilot, f"{attack}tt")
        await wait_until(pilot, lambda: "saved" in str(app.screen.query_one("#save-status").render()))
        expect(app, f"{attack}ty", f"{attack}tt", v["p1"], v["p2"])  # new days take the prompts
        assert reflections.load(db, TODAY).body == f"{attack}ty"
        assert reflections.load(db, TODAY).tags == [f"{attack}tt"]
        # The stored day: body, prompts, answers, tags.
        await pilot.press("alt+left")
        await settle(pilot)
        expect(app, v["bo"], v["p1"], v["p2"], v["a1"], v["a2"], f"{v['tg']}, {v['t2']}")
        await pilot.press("f2")
        await shown(pilot, PromptsDialog)
        expect(app, v["p1"], v["p2"])
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await shown(pilot, GoToDateDialog)
        await type_text(pilot, f"{attack}[/")
        expect(app, f"{attack}[/")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await shown(pilot, DaysScreen)
        expect(app, v["bo"], f"{attack}ty")
        await pilot.press("escape")
        await settle(pilot)
        await search_for(pilot, v["a2"], v["a2"])
        await palette_and_help(pilot, attack)
        assert app.is_running


# -- breakthroughs ----------------------------------------------------------


async def test_breakthrough_fields_are_shown_as_typed(db, attack):
    v = {code: f"{attack}{code}" for code in ("ti", "si", "br", "re", "tg", "t2")}
    bt.save(db, Breakthrough(happened_on=TODAY, title=v["ti"], situation=v["si"], breakthrough=v["br"],
                             result=v["re"], tags=(v["tg"], v["t2"]), change_areas=("focus",),
                             talking_point=True))
    app = make_app(db)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await shown(pilot, BreakthroughsScreen)
        expect(app, v["ti"], v["si"], v["br"], v["re"], v["tg"], v["t2"])  # list and detail pane
        # Filters quote what was typed.
        await pilot.press("f")
        await type_text(pilot, v["si"])
        await settle_workers(pilot)
        expect(app, f'text "{v["si"]}"', v["ti"])
        app.screen.query_one("#bt-dates", Input).focus()
        await type_text(pilot, f"{attack}[/")
        await settle_workers(pilot)
        expect(app, f"{attack}[/")
        await pilot.press("escape")
        await settle_workers(pilot)
        # The event in full, then in the editor: typed into, saved and listed.
        await pilot.press("enter")
        await shown(pilot, EventView)
        expect(app, v["ti"], v["si"], v["br"], v["re"], v["tg"], v["t2"])
        await pilot.press("e")
        await shown(pilot, EventEditor)
        expect(app, v["ti"], v["si"], v["br"], v["re"], f"{v['tg']}, {v['t2']}")
        app.screen.query_one("#ev-title", Input).focus()
        await pilot.press("end")
        await type_text(pilot, f"{attack}ed")
        await pilot.press("ctrl+s")
        await shown(pilot, EventView)
        await pilot.press("escape")
        await shown(pilot, BreakthroughsScreen)
        title = f"{v['ti']}{attack}ed"
        expect(app, title)
        assert [e.title for e in bt.search(db, bt.Filter())] == [title]
        # The talking-points brief.
        await pilot.press("b")
        await shown(pilot, BriefDialog)
        expect(app, title)
        await scrolled_to_end(pilot, "#brief-preview")
        expect(app, v["br"], v["re"])
        await pilot.press("escape")
        await shown(pilot, BreakthroughsScreen)
        # Delete: the question, the notification, the trash.
        await pilot.press("d")
        await shown(pilot, ConfirmDialog)
        expect(app, title)
        await pilot.press("y")
        await shown(pilot, BreakthroughsScreen)
        await wait_until(pilot, lambda: f"“{title}” moved to the trash" in toasts(app))
        await pilot.press("T")
        await shown(pilot, TrashDialog)
        expect(app, title)
        await pilot.press("enter")  # restore
        await settle(pilot)
        await pilot.press("escape")
        await shown(pilot, BreakthroughsScreen)
        await search_for(pilot, v["br"], title, v["br"])
        await palette_and_help(pilot, attack)
        assert app.is_running


# -- strategy notes ---------------------------------------------------------


def strategy_note(db, attack: str, question: str, reviewed: bool) -> dict[str, str]:
    v = {code: f"{attack}{code}" for code in ("cx", "tg", "t2", "ot", "ob", "oc", "or", "on", "wy", "rb", "ls")}
    v["q"] = f"{attack}{question}"
    note = st.save_note(db, StrategyNote(question=v["q"], context=v["cx"], tags=(v["tg"], v["t2"])))
    assert note.id is not None
    option = st.save_option(db, Option(note_id=note.id, title=v["ot"], kind="breakthrough", predicted_benefit=v["ob"],
                                       cost=v["oc"], risk=v["or"], notes=v["on"]))
    assert option.id is not None
    st.decide(db, note.id, option.id, v["wy"], TODAY - timedelta(days=100), TODAY - timedelta(days=10))  # review date passed
    if reviewed:
        st.review(db, note.id, v["rb"], "partly", v["ls"], TODAY - timedelta(days=5))
    return v


async def test_strategy_fields_are_shown_as_typed(db, attack):
    a = strategy_note(db, attack, "qa", reviewed=True)
    b = strategy_note(db, attack, "qb", reviewed=False)
    app = make_app(db)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await shown(pilot, StrategyScreen)
        due_on = TODAY - timedelta(days=10)
        expect(app, a["q"], b["q"], f"{due_on:%d %b %Y}  {b['q']}")  # the list, and b among the reviews due
        await pilot.press("f")
        await type_text(pilot, a["cx"])
        await settle(pilot)
        expect(app, f'text "{a["cx"]}"')
        await pilot.press("escape")
        await settle(pilot)
        # Note b: decided, its review due.
        table = app.screen.query_one("#st-list")
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        await pilot.press(*["j"] * rows.index(b["q"]))
        await settle(pilot)
        expect(app, b["cx"], b["ot"], b["ob"], b["wy"])  # the detail pane
        await pilot.press("x")
        await shown(pilot, SaveMarkdownDialog)
        expect(app, f"“{b['q']}”", b["ot"])
        await pilot.press("escape")
        await shown(pilot, StrategyScreen)
        await pilot.press("enter")
        await shown(pilot, NoteEditor)
        expect(app, b["q"], b["cx"], f"{b['tg']}, {b['t2']}", b["ot"], b["ob"], b["oc"], b["or"], b["wy"])
        await pilot.press("e")
        await shown(pilot, OptionDialog)
        expect(app, b["ot"], b["ob"], b["oc"], b["or"])
        await scrolled_to_end(pilot, "#option-dialog")
        expect(app, b["on"])
        await pilot.press("escape")
        await shown(pilot, NoteEditor)
        await pilot.press("ctrl+o")
        await shown(pilot, DecisionDialog)
        expect(app, f"Decide: {b['q']}", f"[breakthrough] {b['ot']} · predicted {b['ob']}", b["wy"])
        await pilot.press("escape")
        await shown(pilot, NoteEditor)
        # The review: typed into, saved, shown next to the prediction.
        await pilot.press("ctrl+r")
        await shown(pilot, ReviewDialog)
        expect(app, f"Review: {b['q']}", b["ot"], b["ob"])
        await type_text(pilot, f"{attack}rt")
        app.screen.query_one("#rv-met-met").value = True
        app.screen.query_one("#rv-lesson").focus()
        await type_text(pilot, f"{attack}lt")
        await pilot.press("ctrl+s")
        await shown(pilot, NoteEditor)
        app.clear_notifications()  # "Review recorded." covers the corner of the review
        await settle(pilot)
        expect(app, f"{attack}rt", f"Lesson: {attack}lt", b["ob"])
        assert st.get(db, app.screen.note.id).realized_benefit == f"{attack}rt"
        await pilot.press("escape")
        await shown(pilot, StrategyScreen)
        # Note a, reviewed from the store.
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=rows.index(a["q"]))
        await pilot.press("enter")
        await shown(pilot, NoteEditor)
        expect(app, a["q"], a["rb"], f"Lesson: {a['ls']}", a["ob"])
        await pilot.press("escape")
        await shown(pilot, StrategyScreen)
        await pilot.press("d")
        await shown(pilot, ConfirmDialog)
        expect(app, f"“{a['q']}”")
        await pilot.press("y")
        await shown(pilot, StrategyScreen)
        await wait_until(pilot, lambda: f"“{a['q']}” deleted" in toasts(app))
        await search_for(pilot, b["on"], b["q"], b["on"])
        await palette_and_help(pilot, attack)
        assert app.is_running
