"""JournalApp: a thin shell holding modes, app-wide keys, the palette and signals."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from journal.screens.reflection import ReflectionScreen
from journal.store import DamagedJournalError, JournalError, describe_failure, verify_journal
from journal.store.db import checked_on, database_file, record_checked
from journal.heap import freeze_heap, limit_malloc_arenas
from journal.text import visible

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.widget import AwaitMount

AUTOSAVE_DELAY_S = 0.8  # "saved at most one second after typing stops"
QUIT_WAIT_S = 12.0  # ctrl+q waits this long for saves stuck behind another program's lock (its 10 s and a margin)
SIGNAL_WAIT_S = 3.0  # SIGTERM/SIGHUP: then what is not saved goes to a recovery copy
RETRY_EVERY_S = 5.0  # failed saves are tried again
FILE_CHECK_S = 2.0  # how often the app looks whether its file was restored or replaced
FIRST_FRAME_WRITE_S = 0.05  # the first frame's bytes reach the terminal meanwhile
TERMINATING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
SCREEN_ACTIONS = ("days", "breakthroughs", "strategy")  # action = mode; search's key also refocuses the query


class Editor(Protocol):
    def flush(self, final: bool = False) -> bool: ...

    def set_read_only(self) -> None: ...

    def journal_replaced(self) -> None: ...


HEAP_FREEZE_AFTER_S = 1.0  # after a screen is first shown: its widgets are mounted


def journal_commands():
    """The palette's provider, imported when the palette first opens (textual.command costs 20 ms)."""
    from journal.commands import JournalCommands

    return JournalCommands


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen, imported when first shown: the first frame loads only the reflection."""

    def make() -> Screen:
        import importlib

        return getattr(importlib.import_module(module), name)()

    return make


# Each mode's screen: (module, class). Imported after the first frame (JournalApp._warm_up).
SCREENS = {
    "days": ("journal.screens.days", "DaysScreen"),
    "breakthroughs": ("journal.screens.breakthroughs", "BreakthroughsScreen"),
    "strategy": ("journal.screens.strategy", "StrategyScreen"),
    "search": ("journal.screens.search", "SearchScreen"),
}


class JournalApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Journal"
    MODES = {mode: _lazy(module, name) for mode, (module, name) in SCREENS.items()}
    # The reflection is the first screen, and not in MODES at start: a mode's first
    # screen is mounted inside Textual's start-up batch (its renders are thrown away)
    # after a re-parse of the whole stylesheet, while a mode Textual does not know
    # takes get_default_screen(), which mounts after the batch. Measured: 11% of the
    # work before the first frame. on_mount then adds the mode, so switch_mode
    # returns to this same screen.
    DEFAULT_MODE = "reflection"
    COMMANDS = App.COMMANDS | {journal_commands}
    # Keys that change screens are priority: the app handles them before the focused
    # text area sees the keys typed right after them (a terminal delivers "ctrl+f" and
    # "ab" in one read); otherwise "ab" would land in the reflection being left.
    # In the order the footer drops them from the end when the terminal is narrow
    # (help always stays): the screens first. (Textual keeps its own ctrl+q ahead of them.)
    BINDINGS = [
        Binding("f3", "breakthroughs", "Breakthroughs", id="breakthroughs", priority=True),
        Binding("f4", "strategy", "Strategy", id="strategy", priority=True),
        Binding("ctrl+f", "search", "Search", id="search", priority=True),
        # Plain / only when no text field took the key, like q.
        Binding("slash", "search", "Search", show=False, id="search-when-not-typing"),
        Binding("ctrl+l", "days", "Days", id="days", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        # Plain q only reaches here when no text field took the key.
        Binding("q", "quit", "Quit", show=False, id="quit-when-not-typing"),
        Binding("f1", "help", "Help", id="help", priority=True),
    ]

    def __init__(
        self,
        db: Database | sqlite3.Connection,
        db_path: Path | None = None,
        today: Callable[[], date] = date.today,
        autosave_delay: float = AUTOSAVE_DELAY_S,
    ) -> None:
        super().__init__()
        from journal.stylesheet import ParsedOnceStylesheet

        self.stylesheet = ParsedOnceStylesheet(variables=self.get_css_variables())
        # The journal as sqlite-utils sees it (self.db), made on first use: the first
        # frame reads through the plain connection, so sqlite-utils loads after it.
        if isinstance(db, sqlite3.Connection):
            self.conn, self._db = db, None
        else:
            self.conn, self._db = db.conn, db
        self.db_path = db_path
        self.today = today
        self.autosave_delay = autosave_delay
        self.current_day: date = today()
        self.editors: list[Editor] = []
        self._mode_before_search = "reflection"
        self.first_frame_shown = False
        self._after_first_frame: list[Callable[[], object]] = []
        from journal.saving import SaveQueue
        from journal.writer import BackgroundWriter

        self.writer = BackgroundWriter(database_file(self.conn), lambda: self.db)
        # The whole-file check runs once a day (it reads every page: 0.2 s at 100,000
        # entries, 0.9 s at 1,000,000); until it passes, writes wait for it.
        self._check_due = checked_on(self.conn) != self.today().isoformat()
        if self._check_due:
            self.writer.close_gate()  # it runs after the first frame
        self.saves = SaveQueue(self.writer, self._call_soon_threadsafe)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.epoch: str | None = None  # the file's restore epoch (store.revision), read on mount
        self._leaving = False
        self._quitting = False  # ctrl+q is waiting for saves
        self._quit_when_saved = False
        self.read_only_reason: str | None = None
        self._css_state: tuple | None = None  # what refresh_css last styled every widget with
        self._modes_shown: set[str] = set()
        from textual.signal import Signal

        self.read_only_signal: Signal[str | None] = Signal(self, "read-only")

    @property
    def db(self) -> Database:
        if self._db is None:
            from journal.store.db import _database

            self._db = _database(self.conn)
        return self._db

    # -- lifecycle ---------------------------------------------------------

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run callback once the first frame is on the terminal (at once if it is).

        Not call_after_refresh: Textual holds every repaint until start-up ends, so
        work queued "after the refresh" ran before the first frame was drawn; and
        work started right after the frame is drawn delayed its bytes reaching the
        terminal by as long as it ran (measured: ~80 ms). So: after Ready, and a
        moment for the frame to be written."""
        if self.first_frame_shown:
            self.call_later(callback)
        else:
            self._after_first_frame.append(callback)

    def on_ready(self) -> None:
        """Textual: the DOM is ready and the first frame displayed."""

        def run() -> None:
            self.first_frame_shown = True
            limit_malloc_arenas()  # before the workers' threads
            for callback in self._after_first_frame:
                self.call_later(callback)
            self._after_first_frame.clear()

        self.set_timer(FIRST_FRAME_WRITE_S, run)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The key of the screen you are on would do nothing: leave it out of the
        # footer, where its place goes to another screen's key.
        return not (action in SCREEN_ACTIONS and action == self.current_mode)

    def get_default_screen(self) -> Screen:
        return ReflectionScreen()

    def on_mount(self) -> None:
        from journal.store.revision import epoch

        self._loop = asyncio.get_running_loop()
        self.epoch = epoch(self.conn)
        self.add_mode(self.DEFAULT_MODE, ReflectionScreen)  # its screen exists already (see MODES)
        self.sub_title = visible(str(self.db_path)) if self.db_path is not None else ""
        self.after_first_frame(self.refresh_due_count)
        self.after_first_frame(self._verify_file)  # reads the whole file: not before the frame
        self.after_first_frame(self._start_watching)
        self.after_first_frame(self._warm_up)
        loop = self._loop
        for signum in TERMINATING_SIGNALS:
            try:
                loop.add_signal_handler(signum, self._on_terminating_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread, or no such signal here

    def exit(self, result: int | None = None, return_code: int = 0, message=None) -> None:
        # Every way out passes here: hand everything over, wait a moment for it, and
        # keep what did not reach the journal in a recovery copy.
        if not self._leaving:
            self._leaving = True
            kept = self._keep_before_leaving("the app was closing", SIGNAL_WAIT_S)
            message = message or kept
        super().exit(result, return_code, message)

    def _keep_before_leaving(self, reason: str, wait_s: float) -> str | None:
        """Save what every editor holds; what is not stored within wait_s seconds goes to
        a recovery copy. Returns a sentence for the terminal, or None if all is saved."""
        try:
            self.flush_all(final=True)
        except Exception:  # an editor half torn down: what the queue holds is kept regardless
            pass
        if not self.writer.gate_open and self.saves.unsaved():
            self._check_now()  # leaving before the check after the first frame ran
        if self.saves.wait(timeout=wait_s):
            return None
        return self.keep_unsaved(reason)

    def _check_now(self) -> None:
        """The whole-file check, here and now (it gates every write)."""
        path = database_file(self.conn)
        try:
            if path is not None:
                verify_journal(path)
        except (JournalError, sqlite3.Error) as error:
            self.read_only_reason = describe_failure(error, path)
            self.writer.set_read_only()
        finally:
            self.writer.open_gate()

    def keep_unsaved(self, reason: str) -> str | None:
        """Write every save not yet stored to a recovery copy; a sentence saying where."""
        from journal.store import recovery

        items = self.saves.recovery_items()
        if not items:
            return None
        if self.db_path is None:
            return "Some changes could not be saved, and an in-memory journal has no folder for a recovery copy."
        try:
            path = recovery.write_copy(self.db_path, items, reason)
        except recovery.RecoveryError as error:
            import json

            return (f"journal: {error} So it is printed here, to copy somewhere safe:\n"
                    + json.dumps(items, ensure_ascii=False, indent=1))
        self.saves.forget_all()
        labels = ", ".join(item.get("label", "a change") for item in items)
        return (f"journal: {labels} could not be saved into the journal, so it is kept in {path}. "
                "It is merged back when you open the journal again, or with: journal recover")

    def _call_soon_threadsafe(self, callback: Callable[[], None]) -> None:
        if self._loop is None:
            raise RuntimeError("the app is not running")
        self._loop.call_soon_threadsafe(callback)

    def failure_sentence(self, error: BaseException) -> str:
        return describe_failure(error, self.db_path)

    async def change(self, store_call: Callable[..., object], *args: object, failed: str = "Not changed") -> bool:
        """A change that is not typed text (a flag, the trash, an order) through the writer;
        a failure is told in a sentence. True when it reached the journal."""
        try:
            await self.write(lambda db: store_call(db, *args))
        except (JournalError, sqlite3.Error, OSError) as error:
            self.notify(f"{failed}: {self.failure_sentence(error)}", title="Not changed", severity="error")
            return False
        return True

    async def write(self, run: Callable[[Database], object], *, key: str | None = None, label: str = "",
                    recovery: Callable[[], dict] | None = None) -> object:
        """Run a write on the writer thread and wait for it without blocking the UI.
        With `recovery` (typed text: a dialog's fields) a failed write stays in the
        save queue, is retried and kept on leaving; the error is raised either way."""
        from journal.saving import PendingSave

        if recovery is None:
            return await asyncio.wrap_future(self.writer.submit(run))
        key = key or f"write:{id(run)}"
        try:
            return await asyncio.wrap_future(self.saves.submit(PendingSave(key, label, run, recovery)))
        except ValueError:  # the record broke a rule (the caller says which): retrying cannot help
            self.saves.drop(key)
            raise

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is plain text: many quote user text (a title, a prompt, a
        path), and Widget.notify asks for markup by default, so `markup` is not followed."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        # A crash in any widget ends the app (Textual's rule): keep what is typed first.
        if not self._leaving:
            self._leaving = True
            try:
                kept = self._keep_before_leaving("the app met an error", SIGNAL_WAIT_S)
                if kept:
                    import sys

                    print(kept, file=sys.stderr)
            except Exception:
                pass  # the last autosave is on disk regardless
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        self.writer.close(timeout=1.0)  # a write stuck behind a lock is kept in a recovery copy already
        loop = asyncio.get_running_loop()
        for signum in TERMINATING_SIGNALS:
            try:
                loop.remove_signal_handler(signum)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    @work(thread=True, exclusive=True, exit_on_error=False, group="verify")
    def _verify_file(self) -> None:
        """PRAGMA quick_check reads the whole file: off the UI thread, after the first frame,
        and once a day (the day it passed is kept in the journal's settings). A healthy
        file then gets the day's automatic backup (the first open of each day)."""
        path = None
        try:
            path = database_file(self.conn)
            if path is not None and self._check_due:
                verify_journal(path)
                if self.read_only_reason is None:
                    self.writer.submit(record_checked, self.today().isoformat())
        except (JournalError, sqlite3.Error) as error:
            self.read_only_reason = describe_failure(error, path)
            self.writer.set_read_only()
            self.call_from_thread(self._became_read_only, isinstance(error, DamagedJournalError))
            return
        finally:
            self.writer.open_gate()
        if path is not None and self.read_only_reason is None:  # a read-only folder takes no backups
            self._daily_backup(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        """The other screens' modules, imported off the UI thread (opening F3 imported
        DataTable, Sparkline and the store's queries: ~50 ms), then their CSS."""
        import importlib

        screens = [getattr(importlib.import_module(module), name) for module, name in SCREENS.values()]
        try:  # not call_from_thread: it waits for the loop, and an app closing early never answers
            self._call_soon_threadsafe(lambda: self._read_screens_css(screens))
        except RuntimeError:  # the app has stopped: nothing to style
            pass

    def _read_screens_css(self, screens: list[type[Screen]]) -> None:
        """The modes' CSS files in the stylesheet, in one parse and one restyle: a screen
        whose CSS file Textual has not read yet restyles every widget of every screen
        when first shown (~20 ms, more with each screen opened). Only the modes': an
        editor's file also styles dialogs, which look as they did before it opened."""
        import inspect

        for screen in screens:
            path = Path(inspect.getfile(screen)).parent / str(screen.CSS_PATH)
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)
        self.refresh_css(animate=False)
        freeze_heap()

    def switch_mode(self, mode: str) -> AwaitMount:
        if mode not in self._modes_shown:
            self._modes_shown.add(mode)
            self.set_timer(HEAP_FREEZE_AFTER_S, freeze_heap)  # the new screen's widgets, once mounted
        return super().switch_mode(mode)

    def refresh_css(self, animate: bool = True) -> None:
        """Textual restyles every widget of every screen here, and calls it twice for each
        screen shown the first time, though nothing changed: new widgets are styled as
        they mount. Restyle only when the stylesheet's sources or the theme changed."""
        state = (tuple(self.stylesheet.source.items()), tuple(self.get_css_variables().items()))
        if state != self._css_state:
            self._css_state = state
            super().refresh_css(animate)

    def _daily_backup(self, path: Path) -> None:
        from journal.store.backup import daily_backup

        try:
            daily_backup(path, self.today())
        except (JournalError, OSError, sqlite3.Error) as error:
            try:
                self.call_from_thread(
                    self.notify, f"Today's automatic backup could not be made: {error}",
                    title="No backup today", severity="warning", timeout=10)
            except RuntimeError:
                pass  # the app is closing

    def on_worker_state_changed(self, event) -> None:
        """A background job (filtering, searching) failed: say so, never silently."""
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.group in ("filter", "search"):
            assert event.worker.error is not None
            self.notify(f"The list could not be updated: {describe_failure(event.worker.error, self.db_path)}",
                        title="Search failed", severity="error", timeout=10, markup=False)

    def _became_read_only(self, damaged: bool = True) -> None:
        from journal.screens.dialogs import ErrorDialog

        for editor in self.editors:
            editor.set_read_only()
        self.read_only_signal.publish(self.read_only_reason)
        self.push_screen(
            ErrorDialog(
                "This journal is damaged" if damaged else "This journal cannot be checked",
                f"{self.read_only_reason}\n\nThe app will not write to this file, so it is open "
                "read-only: you can read and copy, but not change anything.",
            )
        )

    def _on_terminating_signal(self, signum: int) -> None:
        """The terminal closed (SIGHUP) or we were asked to stop (SIGTERM): what cannot
        be saved within a few seconds goes to a recovery copy, then we leave."""
        self.exit(return_code=128 + signum)

    # -- saves that failed, and files replaced under us ------------------------

    def _start_watching(self) -> None:
        self.set_interval(RETRY_EVERY_S, self._retry_failed_saves)
        if self.db_path is not None:
            self._identity = self.writer.identity
            self.set_interval(FILE_CHECK_S, self._check_file)
            self.call_later(self._offer_recovery)

    def _retry_failed_saves(self) -> None:
        self.saves.retry_failed()
        if self._quit_when_saved and not self.saves.unsaved():
            self.exit()

    def _check_file(self) -> None:
        """A restore (journal restore, or the file replaced by another program) while we
        are open: read from what is there now, never write into a deleted file, and
        merge unsaved text into what it holds."""
        from journal.store.db import open_connection
        from journal.store.revision import epoch
        from journal.writer import file_identity

        assert self.db_path is not None
        identity = file_identity(self.db_path)
        try:
            if identity is not None and identity != self._identity:
                fresh = open_connection(self.db_path, verify=False)
                self.conn.close()
                self.conn, self._db, self._identity = fresh, None, identity
            now = epoch(self.conn)
        except (JournalError, sqlite3.Error):
            return  # mid-copy, or gone: the writer refuses to write until it is back
        if now == self.epoch:
            return
        self.epoch = now
        for editor in list(self.editors):
            editor.journal_replaced()
        for screen in self.screen_stack:
            refresh = getattr(screen, "journal_replaced", None)
            if refresh is not None and screen not in self.editors:
                refresh()
        self.refresh_due_count()
        self.notify("The journal was restored from a backup (or replaced) while it was open. Every screen now "
                    "shows what it holds; text you had not saved yet is merged into it, so nothing typed is lost.",
                    title="Journal restored", severity="warning", timeout=20)

    async def _offer_recovery(self) -> None:
        """Unsaved text kept in a recovery copy last time: offer to merge it back."""
        from journal.screens.dialogs import ConfirmDialog
        from journal.store import recovery

        assert self.db_path is not None
        copies = recovery.list_copies(self.db_path)
        if not copies:
            return
        labels = "; ".join(", ".join(c.labels) for c in copies)
        when = copies[-1].saved_at[:16].replace("T", " ")

        async def answered(merge: bool | None) -> None:
            if not merge:
                self.notify("The recovery copy stays until you merge it back (journal recover).", timeout=8)
                return
            try:
                merged = []
                for copy in copies:
                    merged += await self.write(lambda db, c=copy: recovery.apply_copy(db, c))  # type: ignore[operator]
            except (recovery.RecoveryError, JournalError, sqlite3.Error) as error:
                self.notify(f"Not merged back: {self.failure_sentence(error)}", title="Recovery copy",
                            severity="error", timeout=15)
                return
            for editor in list(self.editors):
                editor.journal_replaced()
            self.notify(f"Merged back: {', '.join(merged)}.", title="Recovery copy", timeout=10)

        self.push_screen(ConfirmDialog(
            "Unsaved text was kept",
            f"Last time (at {when}) some text could not be saved, so it was kept in a recovery copy: {labels}.\n\n"
            "Merge it back into the journal now? Nothing stored since is overwritten: it is merged.",
            yes="Merge it back", no="Later"), answered)
    def flush_all(self, final: bool = False) -> bool:
        """Save whatever any editor holds; True if everything is on disk.

        final: we are leaving, so editors save even what is not yet valid."""
        return all([editor.flush(final=final) for editor in list(self.editors)])

    # -- actions -----------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit once everything typed is in the journal; if a save cannot get there,
        say so and let the user choose (never exit silently with text lost)."""
        from journal.screens.dialogs import UnsavedDialog

        if self._quitting or isinstance(self.screen, UnsavedDialog):
            return  # one question at a time, however often ctrl+q is pressed while waiting
        self._quitting = True
        try:
            await self._quit_once_saved()
        finally:
            self._quitting = False

    async def _quit_once_saved(self) -> None:
        self.flush_all(final=True)
        if self.saves.unsaved():
            futures = [asyncio.wrap_future(s.future) for s in self.saves.unsaved()
                       if s.future is not None and s.error is None and not s.future.done()]
            if futures:
                self.notify("Saving…", timeout=2)
                await asyncio.wait(futures, timeout=QUIT_WAIT_S)
            await asyncio.sleep(0)  # let the queue hear how they ended
        if not self.saves.unsaved():
            self.exit()
            return
        self._ask_about_unsaved()

    def _ask_about_unsaved(self) -> None:
        from journal.screens.dialogs import UnsavedDialog

        unsaved = self.saves.unsaved()
        errors = [s.error for s in unsaved if s.error is not None]
        reason = self.failure_sentence(errors[0]) if errors else "The journal has not answered yet."

        def chosen(choice: str | None) -> None:
            if choice == "retry":
                self.saves.retry_failed(older_than=0)
                self.call_later(self.action_quit)
            elif choice == "wait":
                self._quit_when_saved = True
                self.notify("The app quits by itself as soon as everything is saved. Keep working meanwhile, "
                            "or press ctrl+q again to choose otherwise.", title="Waiting for the journal", timeout=10)
            elif choice == "keep":
                self._leaving = True
                self.exit(message=self.keep_unsaved("you chose to quit while saves could not succeed"))

        self._quit_when_saved = False
        self.push_screen(UnsavedDialog([s.label for s in unsaved], reason), chosen)

    def action_help(self) -> None:
        from journal.screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_days(self) -> None:
        self.flush_all()
        await self.switch_mode("days")

    async def action_breakthroughs(self) -> None:
        self.flush_all()
        await self.switch_mode("breakthroughs")

    async def action_strategy(self) -> None:
        self.flush_all()
        await self.switch_mode("strategy")

    async def action_search(self) -> None:
        if self.current_mode != "search":
            self.flush_all()
            self._mode_before_search = self.current_mode
            await self.switch_mode("search")
        self.screen.action_focus_query()  # type: ignore[attr-defined]

    async def leave_search(self) -> None:
        await self.switch_mode(self._mode_before_search)

    def refresh_due_count(self) -> None:
        """Reviews due, in the header: the loop that is usually skipped stays visible."""
        from journal.store import strategies

        due = strategies.count_due(self.db, self.today())
        parts = [visible(str(self.db_path))] if self.db_path is not None else []
        if due:
            parts.append(f"⚑ {due} strategy review{'s' if due != 1 else ''} due (f4)")
        self.sub_title = " · ".join(parts)

    async def open_day(self, day: date) -> None:
        """Show `day` in the reflection screen (saving what is open first)."""
        self.flush_all()
        self.current_day = day
        if self.current_mode != "reflection":
            await self.switch_mode("reflection")
        else:
            await self.screen.show_day(day)  # type: ignore[attr-defined]

    # -- palette -----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Our own palette provider offers Quit (with saving); keep the rest.
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Commands available everywhere: (name, help, callback)."""
        return [
            ("Open today's reflection", "Write today's reflection", lambda: self.open_day(self.today())),
            ("Days: calendar of reflections", "See which days have a reflection and open one", self.action_days),
            ("Breakthroughs: review the file", "List, filter and edit breakthrough events", self.action_breakthroughs),
            ("Strategy notes", "Decisions, options, and the reviews that are due", self.action_strategy),
            ("Search everything", "Reflections, breakthroughs and strategy notes, as you type", self.action_search),
            ("Help: keys", "List every key", self.action_help),
            ("Quit", "Save and leave the journal", self.action_quit),
        ]
