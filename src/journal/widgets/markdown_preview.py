"""A Markdown document drawn by one widget: the list screens' detail pane.

Textual's Markdown mounts a widget per block (heading, paragraph, list item),
and update() removes them all and mounts new ones, which restyles them and
reflows the screen: 100-200 ms for every row the cursor rests on at F3 and F4.
Here the document is a Rich Markdown renderable inside a Static, so an update is
one re-render of one widget; its headings take the theme's Markdown heading
styles, as in Textual's Markdown. Rich builds Text from the parsed tokens and
never reads the text as markup: user text stays data.
"""

from __future__ import annotations

from typing import Any

from rich.errors import StyleSyntaxError
from rich.markdown import Heading, Markdown
from rich.style import Style
from textual.widgets import Static


class _ThemedHeading(Heading):
    @classmethod
    def create(cls, markdown: Markdown, token: Any) -> Heading:
        heading = cls(token.tag)
        heading.style_name = getattr(markdown, "heading_styles", {}).get(token.tag, heading.style_name)
        return heading


class _ThemedMarkdown(Markdown):
    elements = {**Markdown.elements, "heading_open": _ThemedHeading}

    def __init__(self, markup: str, heading_styles: dict[str, Style]) -> None:
        super().__init__(markup, hyperlinks=False)
        self.heading_styles = heading_styles


def heading_styles(variables: dict[str, str]) -> dict[str, Style]:
    """h1-h3 as the theme styles Textual's Markdown headings ($markdown-h2-color ...)."""
    styles = {}
    for tag in ("h1", "h2", "h3"):
        color = variables.get(f"markdown-{tag}-color", "").removeprefix("ansi_")
        text_style = variables.get(f"markdown-{tag}-text-style", "").replace("none", "")
        try:
            styles[tag] = Style.parse(f"{text_style} {color}".strip() or "none")
        except StyleSyntaxError:
            pass  # a theme value Rich does not read: Rich's own style for that level
    return styles


class MarkdownPreview(Static):
    """Shows Markdown; `source` is the Markdown on show."""

    DEFAULT_CSS = "MarkdownPreview { height: auto; padding: 0 2; }"

    def __init__(self, markdown: str = "", **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.source = ""
        self._markdown = markdown

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._draw())
        self._draw()

    def show(self, markdown: str) -> None:
        """Show `markdown` (nothing is redone when it is what is on show)."""
        self._markdown = markdown
        if self.is_mounted and markdown != self.source:
            self._draw()

    def _draw(self) -> None:
        self.source = self._markdown
        self.update(_ThemedMarkdown(self._markdown, heading_styles(self.app.theme_variables)))
