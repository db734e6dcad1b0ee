"""The floor for time to first frame: a Textual app with a header, a list and a footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, ListItem, ListView, Static


class Minimal(App):
    TITLE = "minimal today"

    def compose(self) -> ComposeResult:
        yield Header()
        yield ListView(*(ListItem(Static(f"item {i}")) for i in range(20)))
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
