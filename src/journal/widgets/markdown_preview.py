"""A Markdown document drawn by one widget: the list screens' detail pane.

Textual's Markdown mounts a widget per block (heading, paragraph, list item),
and update() removes them all and mounts new ones, which restyles them and
reflows the screen: 100-200 ms for every row the cursor rests on at F3 and F4.
Here the document is one Content (Textual's own styled text, which wraps and
caches cheaply) in a Static: headings in the theme's Markdown heading styles,
bold, italic, code, lists and quotes. The text is parsed as Markdown (markdown-it)
and never as markup: user text stays data.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content
from textual.widgets import Static

INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike", "link": "underline"}
QUOTE = "▌ "


def heading_styles(variables: dict[str, str]) -> dict[str, str]:
    """h1-h6 as the theme styles Textual's Markdown headings ($markdown-h2-color ...)."""
    styles = {}
    for level in range(1, 7):
        tag = f"h{min(level, 3)}"
        color = variables.get(f"markdown-{tag}-color", "")
        text_style = variables.get(f"markdown-{tag}-text-style", "bold").replace("none", "")
        styles[f"h{level}"] = f"{text_style} {color}".strip() if level <= 3 else "bold"
    return styles


def _inline(tokens: list[Token], code_style: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    open_styles: list[str] = []
    for token in tokens:
        kind = token.type
        if kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            open_styles.append(INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES and open_styles:
            open_styles.pop()
        elif kind == "code_inline":
            parts.append((token.content, " ".join([*open_styles, code_style])))
        elif kind == "softbreak":
            parts.append((" ", ""))
        elif kind == "hardbreak":
            parts.append(("\n", ""))
        elif kind == "image":
            parts.append((token.content or "image", " ".join(open_styles)))
        else:  # text, html_inline: as written
            parts.append((token.content, " ".join(open_styles)))
    return parts


def to_content(markdown: str, headings: dict[str, str], code_style: str = "bold") -> Content:
    """The Markdown as one Content: a blank line between blocks, list items with their marks."""
    lines: list[Content] = []
    prefixes: list[str] = []  # quotes and list indents around the block being read
    lists: list[list[int | None]] = []  # per open list: [next number] (None: bullets)
    heading = ""
    for token in MarkdownIt("commonmark").enable("strikethrough").parse(markdown):
        kind = token.type
        if kind == "heading_open":
            heading = headings.get(token.tag, "bold")
        elif kind == "heading_close":
            heading = ""
            lines.append(Content(""))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else None])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                lines.append(Content(""))
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else None
            mark = "• " if number is None else f"{number}. "
            if number is not None:
                lists[-1][0] = number + 1
            prefixes.append(mark)  # an outer item's mark, now spaces, indents it
        elif kind == "list_item_close":
            prefixes.pop()
        elif kind == "blockquote_open":
            prefixes.append(QUOTE)
        elif kind == "blockquote_close":
            prefixes.pop()
        elif kind == "inline":
            prefix = "".join(prefixes)
            text = Content.assemble(*_inline(token.children or [], code_style))
            lines.append(Content.assemble(prefix, text.stylize(heading) if heading else text))
            prefixes[:] = [p if p == QUOTE else " " * len(p) for p in prefixes]  # an item's mark: once
        elif kind == "paragraph_close" and not token.hidden:
            lines.append(Content(""))
        elif kind in ("fence", "code_block", "html_block"):
            prefix = "".join(prefixes)
            for line in token.content.rstrip("\n").split("\n"):
                lines.append(Content.assemble(prefix, (line, code_style if kind != "html_block" else "")))
            lines.append(Content(""))
        elif kind == "hr":
            lines += [Content.styled("─" * 20, "dim"), Content("")]
    while lines and not lines[-1].plain:
        lines.pop()
    return Content("\n").join(lines)


class MarkdownPreview(Static):
    """Shows Markdown; `source` is the Markdown on show."""

    # At least as tall as the pane: a document shorter than the pane replaces another
    # without a change of size, so without reflowing the screen.
    DEFAULT_CSS = "MarkdownPreview { height: auto; min-height: 100%; padding: 0 2; }"

    def __init__(self, markdown: str = "", **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.source = ""
        self._markdown = markdown
        self._height: int | None = None  # lines at the width shown
        self._content: Content | None = None

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
        variables = self.app.theme_variables
        content = to_content(self._markdown, heading_styles(variables), variables.get("text-warning", "bold"))
        # As tall as what it replaces (both fit the pane, see min-height): repaint this
        # widget, reflow nothing.
        height = self._height_of(content)
        self.update(content, layout=height is None or height != self._height)
        self._content, self._height = content, height

    def _height_of(self, content: Content) -> int | None:
        width, visible = self.content_size.width, self.container_size.height
        return max(content.get_height(self.styles, width), visible) if width and visible else None

    def on_resize(self) -> None:
        # Drawn before the first layout (a list screen fills itself before its first
        # frame), the height was unknown: know it now, or the next row reflows the screen.
        if self._content is not None:
            self._height = self._height_of(self._content)
