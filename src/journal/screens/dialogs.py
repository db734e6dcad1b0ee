"""Small modal dialogs: go to date, edit prompts, help."""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Static, TextArea

from journal.text import visible
from journal.widgets.text_area import SafeTextArea
from journal.dates import EXAMPLES, DateError, describe, parse_date
from journal.widgets.plain import PlainLabel, PlainOptionList, PlainStatic


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
            yield PlainStatic(f"Try {EXAMPLES}.", id="parsed", classes="hint")

    def _read(self, text: str) -> date | None:
        parsed = self.query_one("#parsed", PlainStatic)
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
                self.query_one("#parsed", PlainStatic).update(f"Type a date first: {EXAMPLES}.")
                self.query_one("#parsed", PlainStatic).set_classes("hint error")
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
            yield SafeTextArea("\n".join(self.prompts), id="prompt-lines", soft_wrap=True)
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
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainStatic(self.message)
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="error", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; the safe answer is the default."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm-no"),
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainStatic(self.message)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button(f"{self.no} (esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class UnsavedDialog(ModalScreen[str]):
    """Quitting while a save cannot reach the journal: say so, and let the user choose.

    Dismisses with "retry", "wait", "keep" (a recovery copy, then quit) or None (stay)."""

    DEFAULT_CSS = """
    UnsavedDialog .buttons Button { min-width: 0; width: auto; margin-left: 1; }
    """
    BINDINGS = [
        Binding("r", "choose('retry')", "Try again", id="unsaved-retry"),
        Binding("w", "choose('wait')", "Wait", id="unsaved-wait"),
        Binding("k", "choose('keep')", "Keep a copy, quit", id="unsaved-keep"),
        Binding("escape", "choose(None)", "Back", id="unsaved-back"),
    ]

    def __init__(self, labels: list[str], reason: str) -> None:
        super().__init__()
        self.labels, self.reason = labels, reason

    def compose(self) -> ComposeResult:
        what = ", ".join(self.labels) if self.labels else "your latest changes"
        with Vertical(classes="dialog wide"):
            yield PlainLabel("Not everything is saved", classes="dialog-title")
            yield PlainStatic(f"These could not be saved into the journal: {what}.\n\n{self.reason}\n\n"
                              "Your text is still here. Try again, keep waiting (the app quits by itself once "
                              "everything is saved), or keep a recovery copy beside the journal and quit: it is "
                              "merged back the next time you open the journal.")
            with Horizontal(classes="buttons"):
                yield Button(self._label("unsaved-retry"), variant="primary", id="retry")
                yield Button(self._label("unsaved-wait"), id="wait")
                yield Button(self._label("unsaved-keep"), variant="warning", id="keep")
                yield Button(self._label("unsaved-back"), id="back")

    def _label(self, binding_id: str) -> str:
        """A button's text from its binding, so the key shown is the key that works."""
        binding = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id)
        return f"{binding.description} ({self.app.get_key_display(binding)})"

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "back" else event.button.id)


class SaveMarkdownDialog(ModalScreen[None]):
    """Save a Markdown document to a file the user names, or copy it to the clipboard."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="brief-close"),
        Binding("ctrl+y", "copy", "Copy to clipboard", id="brief-copy"),
    ]

    def __init__(self, markdown: str, summary: str, suggested_path: str, title: str = "Talking-points brief") -> None:
        super().__init__()
        self.markdown, self.summary, self.suggested_path = markdown, summary, suggested_path
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="brief"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainStatic(self.summary, classes="hint")
            with VerticalScroll(id="brief-preview"):
                yield Markdown(visible(self.markdown))
            yield Label("Save to file (enter):")
            yield Input(self.suggested_path, id="brief-path")
            yield PlainStatic("", id="brief-error", classes="hint error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Copy (ctrl+y)", id="copy")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#brief-path", Input).focus()

    def _error(self, message: str) -> None:
        self.query_one("#brief-error", PlainStatic).update(message)

    @on(Input.Submitted, "#brief-path")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from journal.files import ExportError, resolve_target, write_private_text

        try:
            path = resolve_target(self.query_one("#brief-path", Input).value)
        except ExportError as error:
            self._error(str(error))
            return

        def write(overwrite: bool) -> None:
            try:
                write_private_text(path, self.markdown, overwrite=overwrite)
            except ExportError as error:
                self._error(str(error))
                return
            self.app.notify(f"Saved to {path}.", title="Saved")
            self.dismiss(None)

        if path.exists():
            def answered(yes: bool | None) -> None:
                if yes:
                    write(overwrite=True)
                else:
                    self._error(f"{path} already exists; choose another name.")

            self.app.push_screen(
                ConfirmDialog("Overwrite?", f"{path} already exists. Replace it with this brief?", yes="Overwrite"),
                answered,
            )
            return
        write(overwrite=False)

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.markdown)
        self.app.notify(
            "Copied to the clipboard (terminals that allow OSC 52 pass it on; if yours does not, save to a file).",
            title="Copied",
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class TrashDialog(ModalScreen[None]):
    """Deleted breakthroughs: restore one, or empty the trash for good."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="trash-close"),
        Binding("r", "restore", "Restore", id="trash-restore"),
        Binding("E", "empty", "Empty trash", id="trash-empty"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="trash"):
            yield Label("Trash", classes="dialog-title")
            yield PlainOptionList(id="trash-list")
            yield Static("enter or r restores · shift+e empties the trash for good · esc closes", classes="hint")

    def on_mount(self) -> None:
        self._reload()

    def _reload(self) -> None:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        from journal.store import breakthroughs as bt

        listing = self.query_one("#trash-list", OptionList)
        listing.clear_options()
        events = bt.trashed(self.app.db)  # type: ignore[attr-defined]
        listing.add_options(Option(f"{e.happened_on}  {e.title}", id=str(e.id)) for e in events)
        if not events:
            listing.add_option(Option("The trash is empty.", disabled=True))
        listing.focus()

    async def action_restore(self) -> None:
        from textual.widgets import OptionList

        from journal.store import breakthroughs as bt

        listing = self.query_one("#trash-list", OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is None:
            return
        if await self.app.change(bt.restore, int(option.id)):  # type: ignore[attr-defined]
            self.notify("Restored.")
            self._reload()

    async def on_option_list_option_selected(self) -> None:
        await self.action_restore()

    def action_empty(self) -> None:
        from journal.store import breakthroughs as bt

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                count = await self.app.write(bt.empty_trash)  # type: ignore[attr-defined]
            except Exception as error:
                self.notify(f"The trash was not emptied: {self.app.failure_sentence(error)}",  # type: ignore[attr-defined]
                            title="Not changed", severity="error")
                return
            self.notify(f"{count} events deleted for good.")
            self._reload()

        self.app.push_screen(
            ConfirmDialog("Empty the trash?", "Every event in the trash is deleted for good. This cannot be undone.",
                          yes="Empty trash"),
            answered,
        )

    def action_close(self) -> None:
        self.dismiss(None)


class PickDialog(ModalScreen[str | None]):
    """Choose one item from a short list."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick-cancel")]

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.items = title, items

    def compose(self) -> ComposeResult:
        from textual.widgets.option_list import Option

        with Vertical(classes="dialog"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainOptionList(*(Option(label, id=key) for key, label in self.items), id="pick-list")

    def on_option_list_option_selected(self, event) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# The name the breakthroughs screen uses.
BriefDialog = SaveMarkdownDialog


class ExportDialog(ModalScreen[None]):
    """Export matching records to a Markdown file, streamed in a worker with a
    progress bar: a long export never freezes the app."""

    BINDINGS = [Binding("escape", "close", "Close", id="export-close")]

    def __init__(self, search_filter, total: int | None, suggested_path: str, scope: str) -> None:
        """total None: not known yet (counting every match may take seconds; a worker does it)."""
        super().__init__()
        self.search_filter, self.total, self.suggested_path, self.scope = search_filter, total, suggested_path, scope

    def compose(self) -> ComposeResult:
        from textual.widgets import ProgressBar

        with Vertical(classes="dialog wide", id="export"):
            yield Label("Export to Markdown", classes="dialog-title")
            yield PlainStatic(self._summary(), classes="hint", id="export-summary")
            yield Label("Save to file (enter):")
            yield Input(self.suggested_path, id="export-path")
            yield ProgressBar(total=None if self.total is None else max(self.total, 1), show_eta=True,
                              id="export-progress")
            yield PlainStatic("", id="export-error", classes="hint error")

    def _summary(self) -> str:
        count = "Counting the records" if self.total is None else f"{self.total:,} records"
        return f"{count}: {self.scope}. One document, grouped by year and month."

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()
        if self.total is None:
            self._count()

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-count")
    def _count(self) -> None:
        from journal.store import search as searching
        from journal.store.db import database_file, open_reader

        source = database_file(self.app.db)  # type: ignore[attr-defined]
        reader = open_reader(source) if source else self.app.db  # type: ignore[attr-defined]
        try:
            total = searching.count(reader, self.search_filter)
        finally:
            if reader is not self.app.db:  # type: ignore[attr-defined]
                reader.close()
        self.app.call_from_thread(self._counted, total)

    def _counted(self, total: int) -> None:
        self.total = total
        self.query_one("#export-summary", PlainStatic).update(self._summary())
        self.query_one("#export-progress").update(total=max(total, 1))

    @on(Input.Submitted, "#export-path")
    def _start(self) -> None:
        from journal.files import ExportError, resolve_target

        try:
            path = resolve_target(self.query_one("#export-path", Input).value)
        except ExportError as error:
            self.query_one("#export-error", PlainStatic).update(str(error))
            return
        if path.exists():
            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(path, True)
                else:
                    self.query_one("#export-error", PlainStatic).update(f"{path} already exists; choose another name.")

            self.app.push_screen(ConfirmDialog("Overwrite?", f"{path} already exists. Replace it?",
                                               yes="Overwrite"), answered)
            return
        self._write(path, False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write(self, path, overwrite: bool) -> None:
        from journal.export import render_document
        from journal.files import ExportError, write_private_text
        from journal.store.db import database_file, open_reader
        from journal.store.records import iter_records

        self.app.call_from_thread(self.query_one("#export-path", Input).set_class, True, "-busy")
        source = database_file(self.app.db)  # type: ignore[attr-defined]
        reader = open_reader(source) if source else self.app.db  # type: ignore[attr-defined]
        done = 0

        def counted():
            nonlocal done
            for record in iter_records(reader, self.search_filter):
                done += 1
                if done % 200 == 0:
                    self.app.call_from_thread(self.query_one("#export-progress").update, progress=done)
                yield record

        try:  # private, whole or not at all, never through a link (files.py)
            write_private_text(path, render_document(counted()), overwrite=overwrite)
        except ExportError as error:
            self.app.call_from_thread(self.query_one("#export-error", PlainStatic).update, str(error))
            return
        finally:
            if reader is not self.app.db:  # type: ignore[attr-defined]
                reader.close()
        self.app.call_from_thread(self._finished, path, done)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            self.query_one("#export-error", PlainStatic).update(
                f"The export stopped: {event.worker.error}. Nothing else was changed; try again, "
                "or export from the command line with journal export.")

    def _finished(self, path, done: int) -> None:
        self.query_one("#export-progress").update(total=max(done, 1), progress=max(done, 1))
        self.app.notify(f"Exported {done:,} records to {path}.", title="Exported")
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
