"""What every editor screen shares: the one way its text reaches the journal.

An editor (the reflection, the breakthrough editor, the strategy note editor)
hands what is on screen to the app's SaveQueue: after a pause in typing,
on leaving, on quit and on signals. The queue runs the merging save on the
writer thread and calls back here; a save that fails stays in the queue and
is retried, and the status line says so in a sentence. Nothing here waits on
the database.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, Generic, TypeVar

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from journal.saving import PendingSave
from journal.store.revision import UNSEEN, Base

ResultT = TypeVar("ResultT")


class EditorScreen(Screen[ResultT], Generic[ResultT]):
    """The subclass defines STATUS_ID, WHAT and the hooks below."""

    STATUS_ID = "status"
    WHAT = "This record"  # for sentences: "This event was changed elsewhere…"

    def __init__(self) -> None:
        super().__init__()
        self._autosave: Timer | None = None
        self._handed: tuple | None = None  # content of what was last loaded or handed over
        self._failing = False
        # What the text on screen derives from: the record as loaded or stored, or, once
        # handed over, that handed record itself (its version unseen, so the next save
        # always merges). Each save carries its own copy: a save that waits on the file
        # must not see a base another save moved on meanwhile.
        self._base: Base[Any] = Base(None)
        self._latest: Any = None  # the record last handed over

    # -- hooks ---------------------------------------------------------------

    def save_key(self) -> str:
        raise NotImplementedError

    def save_label(self) -> str:
        raise NotImplementedError

    def current(self, final: bool) -> tuple[Any, str | None]:
        """(the record as on screen, why it cannot be saved yet or None)."""
        raise NotImplementedError

    def content_of(self, record: Any) -> tuple:
        raise NotImplementedError

    def saving(self, record: Any, base: Base[Any], final: bool) -> tuple[Callable[[Any], Any], Callable[[], dict]]:
        """(run(db) for the writer thread, recovery() -> JSON) for saving `record`,
        which derives from `base` (this save's own copy)."""
        raise NotImplementedError

    def saved(self, handed: Any, outcome: Any) -> None:
        """The save of `handed` reached the journal as `outcome` (on the UI thread)."""
        raise NotImplementedError

    def stored_of(self, handed: Any, outcome: Any) -> Any:
        """The record as stored by `outcome`."""
        raise NotImplementedError

    def shows(self, record: Any) -> bool:
        """Is `record` (handed over earlier) the one on screen now?"""
        return True

    def has_anything(self, record: Any) -> bool:
        """False for a new record nobody has typed into yet (nothing to save)."""
        return True

    # -- registration --------------------------------------------------------

    def on_mount(self) -> None:
        self.app.editors.append(self)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        editors = self.app.editors  # type: ignore[attr-defined]
        if self in editors:
            editors.remove(self)

    # -- status and autosave ---------------------------------------------------

    def set_status(self, text: str, kind: str) -> None:
        try:
            status = self.query_one(f"#{self.STATUS_ID}", Static)
        except NoMatches:
            return
        status.update(text)
        status.set_classes(kind)

    def cancel_autosave(self) -> None:
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None

    def schedule_autosave(self) -> None:
        """Typing restarts the countdown: save once the user pauses."""
        self.cancel_autosave()
        self._autosave = self.set_timer(self.app.autosave_delay, self._autosave_now)  # type: ignore[attr-defined]

    def _autosave_now(self) -> None:
        self._autosave = None
        self.hand_over()

    def edited(self) -> None:
        """Call on every change of the form."""
        if self.dirty:
            self.set_status("● editing", "status-dirty")
            self.schedule_autosave()

    # -- saving ----------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        try:
            record, problem = self.current(final=False)
        except NoMatches:  # being torn down
            return False
        return bool(problem) or self.content_of(record) != self._handed

    def loaded(self, record: Any, epoch: str | None = None, pending: bool = False) -> None:
        """The form now shows `record` as stored (pending: as a save not yet stored holds it)."""
        self._handed = self.content_of(record)
        epoch = epoch if epoch is not None else self.app.epoch  # type: ignore[attr-defined]
        self._base = Base(replace(record, version=UNSEEN) if pending else record, epoch)
        self._latest = record if pending else None

    def flush(self, final: bool = False) -> bool:
        """Hand what is on screen over now. False when something of this editor is
        known not to be stored (a failed save, or text that cannot be saved yet)."""
        self.cancel_autosave()
        self.hand_over(final)
        try:
            record, problem = self.current(final)
        except NoMatches:
            return True
        pending = self.app.saves.pending(self.save_key())  # type: ignore[attr-defined]
        return not problem and (pending is None or pending.error is None)

    def hand_over(self, final: bool = False) -> Future[Any] | None:
        """Give the queue what is on screen, unless it has it already."""
        try:
            record, problem = self.current(final)
        except NoMatches:
            return None
        content = self.content_of(record)
        if content == self._handed and not problem:
            return None
        if problem:
            self.set_status(f"● not saved: {problem}", "status-dirty")
            return None
        if not self.has_anything(record):
            return None
        if self.app.read_only_reason:  # type: ignore[attr-defined]
            self.set_status("read-only · not saved", "status-error")
            return None
        base = Base(self._base.value, self._base.epoch)
        run, recovery = self.saving(record, base, final)
        self._handed, self._latest = content, record
        self._base = Base(replace(record, version=UNSEEN), self._base.epoch)
        self.set_status("● saving…", "status-dirty")
        save = PendingSave(self.save_key(), self.save_label(), run, recovery,
                           on_done=lambda outcome, error: self._done(record, content, base, outcome, error))
        return self.app.saves.submit(save)  # type: ignore[attr-defined]

    async def save_and_wait(self) -> bool:
        """Hand what is on screen over (or try a failed save again) and wait, without
        blocking the UI, until it is stored. False when it is not: the status line says
        why, and the queue keeps it and tries again."""
        import asyncio

        future = self.hand_over()
        pending = self.app.saves.pending(self.save_key())  # type: ignore[attr-defined]
        if future is None and pending is not None and pending.error is not None:
            future = self.app.saves.submit(pending)  # type: ignore[attr-defined]
        if future is not None:
            try:
                await asyncio.wrap_future(future)
            except Exception:
                return False
        return self.app.saves.pending(self.save_key()) is None  # type: ignore[attr-defined]

    def _done(self, handed: Any, content: tuple, base: Base[Any], outcome: Any, error: BaseException | None) -> None:
        if not self.is_mounted:
            return
        if error is not None:
            if self.shows(handed):
                self.set_status("● not saved · kept, trying again", "status-error")
            if not self._failing:  # the whole sentence once per run of failures, not every retry
                self._failing = True
                self.notify(f"{self.app.failure_sentence(error)} Your text is kept on screen and saved "  # type: ignore[attr-defined]
                            "as soon as the journal can take it; quitting asks what to do meanwhile.",
                            title="Not saved", severity="error", timeout=15)
            return
        self._failing = False
        stored = self.stored_of(handed, outcome)
        self.saved(handed, outcome)  # the screen shows what was merged in, if anything
        if not self.shows(handed):
            return
        if handed is self._latest:  # nothing handed over since: the screen now derives from what is stored
            self._handed = self.content_of(stored)
            self._base = Base(stored, base.epoch)
        if not self.dirty:
            self.set_status(*self.saved_status(stored))

    def saved_status(self, stored: Any) -> tuple[str, str]:
        stamp = getattr(stored, "updated_at", None) or ""
        return f"✓ saved {stamp[11:19]}", "status-saved"

    def tell_merged(self, report: Any, what: str | None = None) -> None:
        """A save met changes made elsewhere (or a restore) and merged them: say so."""
        if report:
            self.notify(report.sentence(what or self.WHAT), title="Changed elsewhere",
                        severity="warning", timeout=15)

    @staticmethod
    def set_text(area: TextArea, text: str) -> None:
        """Show merged text: one undoable edit, the cursor kept when text was only added."""
        if text == area.text:
            return
        if text.startswith(area.text):
            area.insert(text[len(area.text):], area.document.end)
        else:
            area.replace(text, (0, 0), area.document.end)

    def set_read_only(self) -> None:
        """The journal cannot be written: show everything, let nothing be changed."""
        for area in self.query(TextArea):
            area.read_only = True
        for widget in self.query("Input, Checkbox, RadioSet"):
            widget.disabled = True

    def journal_replaced(self) -> None:
        """The file under the app was restored or replaced: unsaved text is merged into
        what it holds now by the next save (which sees the new epoch); hand it over."""
        if self.dirty:
            self.hand_over()
