"""The keys of the current screen, in one line at the bottom.

Textual's Footer mounts a widget per key and styles each one twice; with the
dozen keys our screens show, that was ~35 ms of the first frame, the largest
single cost beyond a minimal Textual app. It also ran past the edge of a 120
column terminal, cutting "Breakthroughs" and the palette key in half. This
footer is one widget: it lays the keys out itself, keeps whole keys only, and
always keeps f1 (help lists every key) when the rest do not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

GAP = "  "
HELP_ACTION = "help"
DIM = Style(dim=True)


@dataclass(frozen=True)
class FooterItem:
    """One entry of the footer: a key, or a group of keys with one description
    (Textual's Binding.Group), such as alt+←/→ Day."""

    parts: tuple[tuple[str, str], ...]  # (key a click sends, text shown): ("alt+right", "/→")
    description: str
    action: str
    enabled: bool = True

    @property
    def display(self) -> str:
        return "".join(text for _, text in self.parts)

    @property
    def width(self) -> int:
        return cell_len(self.display) + (1 + cell_len(self.description) if self.description else 0)


def joined_display(first: str, display: str) -> str:
    """How a further key of a group is shown after `first`: alt+← then alt+→ gives "/→"."""
    prefix = first[: first.rfind("+") + 1]
    return "/" + (display[len(prefix):] if prefix and display.startswith(prefix) else display)


def fit(items: list[FooterItem], width: int) -> list[FooterItem]:
    """The items that fit in `width` cells, in order. When some must go they go from
    the end, and help stays (last), so every other key can still be found."""

    def length(chosen: list[FooterItem]) -> int:
        return sum(item.width for item in chosen) + len(GAP) * max(0, len(chosen) - 1)

    if length(items) <= width:
        return items
    helps = [item for item in items if item.action == HELP_ACTION]
    rest = [item for item in items if item.action != HELP_ACTION]
    while rest and length(rest + helps) > width:
        rest.pop()
    chosen = rest + helps
    return chosen if length(chosen) <= width else []


class KeyFooter(Widget):
    """The keys that work here, rebuilt when the screen's bindings change (focus moves)."""

    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $footer-foreground;
        .key-footer--key { color: $footer-key-foreground; text-style: bold; }
        .key-footer--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: tuple[FooterItem, ...] = ()
        self._spans: list[tuple[int, int, str, bool]] = []  # start cell, end cell, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen) -> None:
        items = self._items_of(screen)
        if items != self.items:
            self.items = items
            self.refresh()

    def _items_of(self, screen) -> tuple[FooterItem, ...]:
        """One item per action (or per group of neighbouring keys), then the palette."""
        app = self.app
        seen: set[str] = set()
        items: list[FooterItem] = []
        last_group: Binding.Group | None = None

        def add(binding: Binding, enabled: bool) -> None:
            nonlocal last_group
            seen.add(binding.action)
            display = app.get_key_display(binding)
            group = binding.group
            if group is not None and group is last_group:
                item = items[-1]
                part = (binding.key, joined_display(item.parts[0][1], display))
                items[-1] = FooterItem((*item.parts, part), item.description, item.action, item.enabled or enabled)
                return
            description = group.description if group is not None else binding.description
            items.append(FooterItem(((binding.key, display),), description, binding.action, enabled))
            last_group = group

        active = screen.active_bindings
        for _, binding, enabled, _ in active.values():
            if binding.show and binding.action not in seen:
                add(binding, enabled)
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None and palette[1].action not in seen:
            add(palette[1], palette[2])
        return tuple(items)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for item in fit(list(self.items), self.content_size.width):
            if line:
                line.append(GAP)
            dim = Style() if item.enabled else DIM
            for key, text in item.parts:
                start = line.cell_len
                line.append(text, key_style + dim)
                self._spans.append((start, line.cell_len, key, item.enabled))
            if item.description:
                start = line.cell_len
                line.append(" " + item.description, description_style + dim)
                self._spans.append((start, line.cell_len, item.parts[0][0], item.enabled))
        return line

    def key_at(self, x: int) -> tuple[str, bool] | None:
        """(key, enabled) drawn at cell x of the content, if any."""
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return key, enabled
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        found = self.key_at(offset.x) if offset is not None else None
        if found is None:
            return
        key, enabled = found
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
