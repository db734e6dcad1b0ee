"""The record list behind F3 and F4: what a user sees and what its owner is told.

It replaced DataTable (which measured every cell of every row and rendered cells
through Rich: 100-250 ms to show a page); these tests pin what the table did
for us: a header that stays, a cursor that keeps in view, zebra rows, user text
shown as typed, enter and clicks.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from journal.widgets.record_list import RecordList

HOSTILE = ["[/]", "[bold]x[/bold]", "[link=http://x]y", "\x1b]0;owned\x07", "tab\there", "two\nlines",
           "日本語のタイトル", "emoji 🎉 title", "", " " * 50, "x" * 300]


class Host(App):
    def __init__(self, rows: int = 100, highlighted=None) -> None:
        super().__init__()
        self.rows = rows
        self.seen: list[int] = []
        self.selected: list[int] = []
        self._hook = highlighted

    def compose(self) -> ComposeResult:
        yield RecordList(highlighted=self._hook, id="list")

    def on_mount(self) -> None:
        table = self.query_one(RecordList)
        table.add_column("Date", key="date", width=10)
        table.add_column("Title", key="title", width=20)
        table.add_rows(([f"2026-01-{i % 28 + 1:02}", f"Row {i}"] for i in range(self.rows)),
                       (str(i) for i in range(self.rows)))
        table.focus()

    def on_record_list_highlighted(self, event: RecordList.Highlighted) -> None:
        self.seen.append(event.row)

    def on_record_list_selected(self, event: RecordList.Selected) -> None:
        self.selected.append(event.row)


def screen_text(app: App) -> list[str]:
    return [line.text for line in app.screen._compositor.render_strips()]  # what the terminal shows


async def test_header_stays_and_the_cursor_keeps_in_view():
    app = Host(100)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RecordList)
        lines = screen_text(app)
        assert lines[0].split()[:2] == ["Date", "Title"]
        assert "Row 0" in lines[1] and "Row 8" in lines[9]
        for _ in range(12):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 12
        lines = screen_text(app)
        assert lines[0].split()[:2] == ["Date", "Title"]  # the header did not scroll away
        assert "Row 12" in lines[-1]  # the cursor's row is the last one shown
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 99 and "Row 99" in screen_text(app)[-1]
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and "Row 0" in screen_text(app)[1]
        await pilot.press("pagedown")
        assert table.cursor_row == 8  # a page: the 9 rows shown, less one kept for context
        await pilot.press("pageup", "up", "up")
        assert table.cursor_row == 0  # never above the first row
        assert app.seen[-1] == 0 and 12 in app.seen


async def test_the_owner_is_told_at_once_instead_of_by_message():
    told: list[int] = []
    app = Host(5, highlighted=told.append)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("down", "down", "up")
        assert told == [1, 2, 1]
        assert app.seen == []  # no message besides


async def test_enter_and_clicks_select():
    app = Host(5)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RecordList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [0]
        await pilot.click(RecordList, offset=(5, 3))  # the header is line 0: row 2
        await pilot.pause()
        assert table.cursor_row == 2 and app.selected == [0]
        await pilot.click(RecordList, offset=(5, 3))  # a click on the cursor's row opens it
        await pilot.pause()
        assert app.selected == [0, 2]
        await pilot.click(RecordList, offset=(5, 0))  # the header: nothing
        await pilot.click(RecordList, offset=(5, 8))  # below the last row: nothing
        await pilot.pause()
        assert table.cursor_row == 2 and app.selected == [0, 2]


async def test_an_empty_list_shows_its_header_and_ignores_keys():
    app = Host(0)
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.press("down", "end", "enter", "pagedown")
        await pilot.pause()
        assert app.selected == [] and app.seen == []
        assert screen_text(app)[0].split()[:2] == ["Date", "Title"]


@pytest.mark.parametrize("title", HOSTILE)
async def test_cells_show_user_text_as_typed_on_one_line(title):
    app = Host(0)
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(RecordList)
        table.add_rows([["2026-01-01", title]], ["1"])
        table.update_cell("1", "date", "[red]2026")
        await pilot.pause()
        line = screen_text(app)[1]
        assert "[red]2026" in line
        expected = title.replace("\n", " ").replace("\t", " ").replace("\x1b", "␛").replace("\x07", "␇")
        if expected.strip() and len(expected) <= 10:
            assert expected in line  # short titles whole; markup is text
        assert "\x1b" not in line and "\n" not in line
        assert len(screen_text(app)) == 6  # nothing wrapped onto another line


async def test_clear_puts_the_cursor_back_on_top():
    app = Host(50)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RecordList)
        await pilot.press("end")
        table.clear()
        table.add_rows([["2026-02-01", "Fresh"]], ["x"])
        await pilot.pause()
        assert table.cursor_row == 0 and table.row_count == 1
        assert "Fresh" in screen_text(app)[1]
        assert table.get_row_at(0) == ["2026-02-01", "Fresh"]


async def test_a_narrow_list_narrows_the_flexible_column_and_keeps_the_others_in_view():
    """At 80 columns F4's list is 48 wide: Options and Review fell off its right edge."""
    class Narrow(App):
        def compose(self) -> ComposeResult:
            yield RecordList()

        def on_mount(self) -> None:
            table = self.query_one(RecordList)
            table.add_column("Question", key="q", width=34, flex=True)
            table.add_column("Status", key="s", width=9)
            table.add_column("Review", key="r", width=10)
            table.add_rows([["A long question about pricing and hiring", "decided", "2026-03-01"]], ["1"])

    app = Narrow()
    async with app.run_test(size=(44, 5)) as pilot:
        await pilot.pause()
        line = screen_text(app)[1]
        table = app.query_one(RecordList)
        assert "decided" in line and "2026-03-01" in line
        assert "A long question" in line
        assert table.widths(44) == [19, 9, 10]
        assert app.query_one(RecordList).widths(200) == [34, 9, 10]


async def test_scrolling_to_the_last_row_asks_the_owner_for_more():
    """The mouse wheel to the bottom of F3 never loaded the next page: only the cursor did."""
    asked: list[int] = []

    class Owner(App):
        def compose(self) -> ComposeResult:
            yield RecordList(near_end=lambda: asked.append(1))

        def on_mount(self) -> None:
            table = self.query_one(RecordList)
            table.add_column("Title", key="t", width=10)
            table.add_rows(([f"Row {i}"] for i in range(30)), (str(i) for i in range(30)))

    app = Owner()
    async with app.run_test(size=(30, 10)) as pilot:
        table = app.query_one(RecordList)
        table.scroll_to(y=5, animate=False, immediate=True)
        await pilot.pause()
        assert asked == []  # rows below are still unseen
        table.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert asked and table.cursor_row == 0  # the cursor stays where it was
