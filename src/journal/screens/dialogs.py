"""Small modal dialogs: go to date, edit prompts, help."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Static, TextArea

from journal.dates import EXAMPLES, DateError, describe, parse_date


class GoToDateDialog(ModalScreen[date | None]):
    """Type date words; the parsed day (or why it cannot be read) shows as you type."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Go to date", classes="dialog-title")
            yield Input(placeholder=EXAMPLES, id="when")
            yield Static(f"Try {EXAMPLES}.", id="parsed", classes="hint")

    def _read(self, text: str) -> date | None:
        parsed = self.query_one("#parsed", Static)
        try:
            day = parse_date(text, self.today)
        except DateError as error:
            parsed.update(str(error))
            parsed.set_classes("hint error" if text.strip() else "hint")
            if not text.strip():
                parsed.update(f"Try {EXAMPLES}.")
            return None
        parsed.update(f"→ {describe(day, self.today)}")
        parsed.set_classes("hint ok")
        return day

    @on(Input.Changed, "#when")
    def _changed(self, event: Input.Changed) -> None:
        self._read(event.value)

    @on(Input.Submitted, "#when")
    def _submitted(self, event: Input.Submitted) -> None:
        day = self._read(event.value)
        if day is None:
            self.app.bell()
            if not event.value.strip():
                self.query_one("#parsed", Static).update(f"Type a date first: {EXAMPLES}.")
                self.query_one("#parsed", Static).set_classes("hint error")
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptsDialog(ModalScreen[list[str] | None]):
    """Edit the guided prompts, one per line."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save prompts", id="save-prompts"),
    ]

    def __init__(self, prompts: list[str]) -> None:
        super().__init__()
        self.prompts = prompts

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label("Guided prompts for new days", classes="dialog-title")
            yield Static(
                "One prompt per line. Days already written keep the prompts they had.",
                classes="hint",
            )
            yield TextArea("\n".join(self.prompts), id="prompt-lines", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-lines", TextArea).focus()

    def action_save(self) -> None:
        lines = self.query_one("#prompt-lines", TextArea).text.splitlines()
        self.dismiss([line for line in lines if line.strip()])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by where it works."""

    BINDINGS = [
        Binding("escape,f1,q", "close", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        from journal.keymap import help_markdown

        with Vertical(id="help", classes="dialog wide"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Markdown(help_markdown(self.app))
            yield Static("esc closes · ctrl+p finds any action by name", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ErrorDialog(ModalScreen[None]):
    """A problem the user must read: a clear title and what to do."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="close-error")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error", classes="dialog error"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, markup=False)
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="error", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)
