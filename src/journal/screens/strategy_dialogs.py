"""Dialogs of the strategy note: an option, the decision, the review.

Kept apart from dialogs.py because they only make sense inside a note."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option as ListOption

from journal.widgets.text_area import SafeTextArea
from journal.dates import DateError, describe, parse_date
from journal.screens.dialogs import ConfirmDialog
from journal.widgets.plain import PlainLabel, PlainOptionList, PlainStatic
from journal.store.strategies import Option, StrategyNote


class OptionDialog(ModalScreen[Option | None]):
    """Add or edit one option; escape asks before dropping typed text."""

    CSS_PATH = "strategy.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save option", id="option-save"),
        Binding("escape", "cancel", "Cancel", id="option-cancel"),
    ]

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option

    def compose(self) -> ComposeResult:
        o = self.option
        with VerticalScroll(classes="dialog wide", id="option-dialog"):
            yield Label("Option" if o.id else "New option", classes="dialog-title")
            yield Input(o.title, id="op-title", placeholder="Name the option")
            yield Static("", id="op-error", classes="field-note error")
            with RadioSet(id="op-kind"):
                yield RadioButton("Incremental: pick among what exists, extend the present",
                                  o.kind == "incremental", id="op-incremental")
                yield RadioButton("Breakthrough: create something new, the 'antimatter' option",
                                  o.kind == "breakthrough", id="op-breakthrough")
            yield Label("Predicted benefit")
            yield Input(o.predicted_benefit, id="op-benefit", placeholder="+8% revenue in a year")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Cost")
                    yield Input(o.cost, id="op-cost")
                with Vertical():
                    yield Label("Risk")
                    yield Input(o.risk, id="op-risk")
            yield Label("Notes")
            yield SafeTextArea(o.notes, id="op-notes", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#op-title", Input).focus()

    def _collect(self) -> Option:
        return replace(
            self.option,
            title=self.query_one("#op-title", Input).value,
            kind="breakthrough" if self.query_one("#op-breakthrough", RadioButton).value else "incremental",
            predicted_benefit=self.query_one("#op-benefit", Input).value,
            cost=self.query_one("#op-cost", Input).value,
            risk=self.query_one("#op-risk", Input).value,
            notes=self.query_one("#op-notes", TextArea).text,
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        option = self._collect()
        if not option.title.strip():
            self.query_one("#op-error", Static).update("Give the option a name.")
            self.query_one("#op-title", Input).focus()
            return
        self.dismiss(option)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._collect() == self.option:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard this option?", "What you typed in it will be lost.",
                                           yes="Discard", no="Keep editing"), answered)


@dataclass(frozen=True)
class Decision:
    option_id: int
    why: str
    decided_on: date
    review_on: date


class _DatedDialog(ModalScreen):
    CSS_PATH = "strategy.tcss"

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def _typed(self) -> bool:
        """Whether any text area differs from what the dialog opened with."""
        return any(area.text != getattr(area, "_opened_with", area.text) for area in self.query(TextArea))

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area._opened_with = area.text  # type: ignore[attr-defined]

    def _cancel(self) -> None:
        if not self._typed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard what you typed?", "Nothing in this dialog has been saved.",
                                           yes="Discard", no="Keep editing"), answered)

    def _date(self, input_id: str, note_id: str) -> date | None:
        note = self.query_one(note_id, Static)
        try:
            day = parse_date(self.query_one(input_id, Input).value, self.today)
        except DateError as error:
            note.update(str(error))
            note.set_classes("field-note error")
            return None
        note.update(describe(day, self.today))
        note.set_classes("field-note ok")
        return day


class DecisionDialog(_DatedDialog):
    """Which option, why, when; and when to review what it really brought."""

    BINDINGS = [
        Binding("ctrl+s", "decide", "Record decision", id="decision-save"),
        Binding("escape", "cancel", "Cancel", id="decision-cancel"),
    ]

    def __init__(self, note: StrategyNote, today: date) -> None:
        super().__init__(today)
        self.note = note

    def compose(self) -> ComposeResult:
        n = self.note
        with VerticalScroll(classes="dialog wide", id="decision-dialog"):
            yield PlainLabel(f"Decide: {n.question}", classes="dialog-title")
            yield Label("The option taken")
            yield PlainOptionList(*(ListOption(f"[{o.kind}] {o.title} · predicted {o.predicted_benefit or '–'}",
                                          id=str(o.id)) for o in n.options), id="dc-option")
            yield Label("Why")
            yield SafeTextArea(n.decision_why, id="dc-why", soft_wrap=True)
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Decided on")
                    yield Input((n.decided_on or self.today).isoformat(), id="dc-on")
                    yield PlainStatic("", id="dc-on-note", classes="field-note")
                with Vertical():
                    yield Label("Review on (compare realized with predicted)")
                    yield Input(n.review_on.isoformat() if n.review_on else "in 3 months", id="dc-review")
                    yield PlainStatic("", id="dc-review-note", classes="field-note")
            yield Static("", id="dc-error", classes="field-note error")
            with Horizontal(classes="buttons"):
                yield Button("Record decision (ctrl+s)", variant="primary", id="decide")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        listing = self.query_one("#dc-option", OptionList)
        ids = [str(o.id) for o in self.note.options]
        chosen = str(self.note.decided_option_id)
        listing.highlighted = ids.index(chosen) if chosen in ids else 0
        listing.focus()
        self._date("#dc-on", "#dc-on-note")
        self._date("#dc-review", "#dc-review-note")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "dc-on":
            self._date("#dc-on", "#dc-on-note")
        elif event.input.id == "dc-review":
            self._date("#dc-review", "#dc-review-note")

    @on(Button.Pressed, "#decide")
    def action_decide(self) -> None:
        listing = self.query_one("#dc-option", OptionList)
        decided_on = self._date("#dc-on", "#dc-on-note")
        review_on = self._date("#dc-review", "#dc-review-note")
        error = self.query_one("#dc-error", Static)
        if listing.highlighted is None:
            error.update("Choose the option taken.")
            return
        if decided_on is None or review_on is None:
            error.update("Fix the dates above first.")
            return
        if review_on < decided_on:
            error.update("The review date comes after the decision; pick a later one.")
            return
        option_id = listing.get_option_at_index(listing.highlighted).id
        assert option_id is not None
        self.dismiss(Decision(int(option_id), self.query_one("#dc-why", TextArea).text, decided_on, review_on))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self._cancel()


@dataclass(frozen=True)
class Review:
    realized_benefit: str
    met_prediction: str
    lesson: str
    reviewed_on: date


class ReviewDialog(_DatedDialog):
    """The benefit actually realized, next to the one predicted."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Record review", id="review-save"),
        Binding("escape", "cancel", "Cancel", id="review-cancel"),
    ]

    def __init__(self, note: StrategyNote, today: date) -> None:
        super().__init__(today)
        self.note = note

    def compose(self) -> ComposeResult:
        n = self.note
        chosen = n.decided_option
        with VerticalScroll(classes="dialog wide", id="review-dialog"):
            yield PlainLabel(f"Review: {n.question}", classes="dialog-title")
            with Horizontal(classes="row side-by-side"):
                with Vertical(classes="half"):
                    yield Label("Predicted benefit")
                    yield PlainStatic(f"{chosen.title if chosen else ''}\n\n{chosen.predicted_benefit if chosen else ''}"
                                 .strip() or "–", id="rv-predicted", classes="predicted")
                with Vertical(classes="half"):
                    yield Label("Realized benefit")
                    yield SafeTextArea(n.realized_benefit, id="rv-realized", soft_wrap=True)
            yield Label("Did it meet the prediction?")
            with RadioSet(id="rv-met"):
                yield RadioButton("Met", n.met_prediction == "met", id="rv-met-met")
                yield RadioButton("Partly", n.met_prediction == "partly", id="rv-met-partly")
                yield RadioButton("Missed", n.met_prediction == "missed", id="rv-met-missed")
            yield Label("Lesson")
            yield SafeTextArea(n.lesson, id="rv-lesson", soft_wrap=True)
            yield Label("Reviewed on")
            yield Input((n.reviewed_on or self.today).isoformat(), id="rv-on")
            yield PlainStatic("", id="rv-on-note", classes="field-note")
            yield Static("", id="rv-error", classes="field-note error")
            with Horizontal(classes="buttons"):
                yield Button("Record review (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#rv-realized", TextArea).focus()
        self._date("#rv-on", "#rv-on-note")

    @on(Input.Changed, "#rv-on")
    def _changed(self) -> None:
        self._date("#rv-on", "#rv-on-note")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#rv-error", Static)
        realized = self.query_one("#rv-realized", TextArea).text
        met = next((b.id.removeprefix("rv-met-") for b in self.query(RadioButton) if b.value and b.id), None)
        reviewed_on = self._date("#rv-on", "#rv-on-note")
        if not realized.strip():
            error.update("Write the benefit actually realized, even if it is 'none'.")
            return
        if met is None:
            error.update("Say whether it met the prediction: met, partly or missed.")
            return
        if reviewed_on is None:
            error.update("Fix the review date first.")
            return
        self.dismiss(Review(realized, met, self.query_one("#rv-lesson", TextArea).text, reviewed_on))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self._cancel()
