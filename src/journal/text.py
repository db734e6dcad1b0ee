"""User text on a terminal: never a control character.

Text may hold terminal escape sequences (pasted, or imported from another
tool's export): "ESC]0;title BEL" sets the terminal's title, "ESC[2J" clears
it, OSC 52 sets the clipboard. Shown as it is, they would act. Every place
that puts user text on a terminal passes it through visible(): C0 and C1
control characters (but line breaks and tabs) become their Unicode control
pictures (␛, ␇…), and bidirectional overrides and isolates (U+202E...) the
replacement character, so they are seen, not obeyed. No textual here.
"""

from __future__ import annotations

import re

# C0 and C1 controls but \n and \t; and the bidirectional formatting characters (embeddings,
# overrides, isolates), which make a terminal draw the rest of a line backwards. (The marks
# U+200E and U+200F stay: right-to-left writing uses them, and they reorder nothing far.)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # a C1 control or a bidi control: no picture of its own


def visible(text: str) -> str:
    """`text` with every control character (but \\n and \\t) shown as a picture."""
    return _CONTROLS.sub(_picture, text) if _CONTROLS.search(text) else text
