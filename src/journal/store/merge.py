"""Three-way merges for saves that lost a race: nothing either side wrote is dropped,
and repeated rounds converge instead of growing.

Every save knows the text it started from (its base). When the stored record
moved on meanwhile (another window, `journal write`), the save merges field by
field instead of overwriting:

- text is compared as sentences (then, inside a sentence both sides changed,
  as words): what only one side changed takes that side's change; what both
  sides added at the same place is kept once each, ours first; a deletion is
  honoured unless the other side changed the same text;
- only where both sides changed the same existing text differently does a
  conflict block appear: our version in place, theirs fenced right after it.
  A block is one unit (never split, never nested: an old block inside the
  other side's text is unwrapped before it is fenced again);
- tags: what either side added, minus what either side removed.

Because each editor's base moves on to what was stored after every save, the
next round compares against the merged text: two windows appending for hours
keep each sentence once. Pure functions; no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

CONFLICT_OPEN = "<<<<<<< conflict:"
CONFLICT_CLOSE = ">>>>>>> end of conflict"

# Tokens: a conflict marker line, a line break, a run of other whitespace, or a sentence: text up to
# . ! ? … followed by whitespace, or to the end of its line. Whitespace is a token
# of its own, so a sentence after a space or after a blank line is the same
# sentence; each line break is one, so text added after a blank line is an
# insertion, not a change to the whitespace before it. Text inside a block is ordinary text: a sentence that moved into the
# other side's block is still recognised (and kept once).
_OPEN_LINE = rf"{re.escape(CONFLICT_OPEN)}[^\n]*?then delete this block\."
_MARKER = rf"^(?:{_OPEN_LINE}|{re.escape(CONFLICT_CLOSE)})"
_ENDS_WITH_MARKER = re.compile(rf"(?:{_OPEN_LINE}|{re.escape(CONFLICT_CLOSE)})[^\S\n]*\Z")
_SENTENCES = re.compile(rf"{_MARKER}|\n|[^\S\n]+|\S.*?(?:[.!?…]+(?=\s|\Z)|(?=[^\S\n]*\n)|(?=\s*\Z))",
                        re.MULTILINE)
# Words: punctuation apart, so "agreed." and "agreed" share the word.
_WORDS = re.compile(rf"{_MARKER}|\n|[^\S\n]+|\w+|[^\w\s]+", re.MULTILINE)
_MARKER_LINE = re.compile(rf"{_MARKER}[^\S\n]*\n?", re.MULTILINE)
# Above this many tokens in the changed middle, diff whole lines: SequenceMatcher is quadratic.
MAX_FINE_TOKENS = 4000


def conflict_block(theirs: str, when: str) -> str:
    """The other side's text, fenced so the user can find, read and delete it."""
    return (f"{CONFLICT_OPEN} saved elsewhere {when}. Keep what you need above, "
            f"then delete this block.\n{unwrap_blocks(theirs).strip()}\n{CONFLICT_CLOSE}")


def unwrap_blocks(text: str) -> str:
    """Text without conflict marker lines (a block's content stays)."""
    return _MARKER_LINE.sub("", text)


def tidy_blocks(text: str) -> str:
    """Markers that open inside an open block, close no block or are never closed
    are dropped (text after them on their line stays): blocks never nest and always close."""
    lines = text.split("\n")
    drop: list[int] = []
    open_at: int | None = None
    for i, line in enumerate(lines):
        if line.startswith(CONFLICT_OPEN):
            if open_at is not None:
                drop.append(i)
            else:
                open_at = i
        elif line.startswith(CONFLICT_CLOSE):
            if open_at is None:
                drop.append(i)
            else:
                open_at = None
    if open_at is not None:
        drop.append(open_at)
    if not drop:
        return text
    for i in drop:
        lines[i] = _MARKER_LINE.sub("", lines[i], count=1).lstrip()
    return "\n".join(line for i, line in enumerate(lines) if line or i not in drop)


def tokens(text: str, pattern: re.Pattern[str] = _SENTENCES) -> list[str]:
    """Split text into tokens whose concatenation is the text."""
    return pattern.findall(text)


@dataclass(frozen=True)
class _Hunk:
    start: int  # base token range [start, end) replaced by `new`
    end: int
    new: tuple[str, ...]
    ours: bool


def _hunks(base: list[str], side: list[str], ours: bool) -> list[_Hunk]:
    prefix = 0
    limit = min(len(base), len(side))
    while prefix < limit and base[prefix] == side[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < len(base) - prefix and suffix < len(side) - prefix
           and base[-1 - suffix] == side[-1 - suffix]):
        suffix += 1
    old, new = base[prefix:len(base) - suffix], side[prefix:len(side) - suffix]
    if not old and not new:
        return []
    if len(old) + len(new) > MAX_FINE_TOKENS:
        return [_Hunk(prefix, prefix + len(old), tuple(new), ours)]
    # Whitespace and marker lines never anchor a match (they are alike everywhere:
    # anchoring on them makes kept sentences look moved); sentences and words do, so
    # within a changed stretch no sentence is left in common and a conflict region
    # holds each kept sentence on one side only.
    matcher = SequenceMatcher(_is_junk, old, new, autojunk=False)
    return [_Hunk(prefix + i1, prefix + i2, tuple(new[j1:j2]), ours)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _is_junk(token: str) -> bool:
    return token.isspace() or token.startswith((CONFLICT_OPEN, CONFLICT_CLOSE))


def _clash(a: _Hunk, b: _Hunk) -> bool:
    """Do an ours hunk and a theirs hunk touch the same base text?"""
    if a.start == a.end and b.start == b.end:
        return False  # two insertions at one place: both are kept
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _apply(base: list[str], start: int, end: int, hunks: list[_Hunk]) -> str:
    out, pos = [], start
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.append("".join(base[pos:hunk.start]))
        out.append("".join(hunk.new))
        pos = hunk.end
    out.append("".join(base[pos:end]))
    return "".join(out)


_FINISHED = re.compile(r"(?:[.!?…:;\"')\]]|\n)\s*\Z")


def _join_insertions(first: str, second: str, at_end: bool) -> str:
    if not first or not second or first == second:
        return first or second
    if second in first:
        return first
    if first in second:
        return second
    if not _FINISHED.search(first) and _FINISHED.search(second):
        # A sentence still being typed goes last: its next words must follow it.
        first, second = second, first
    if first[-1:].isspace() or second[:1].isspace():
        return first + second
    return first + ("\n\n" if at_end else " ") + second


@dataclass
class _Edit:
    start: int
    end: int
    text: str
    side: str = "both"  # ours | theirs | both


def _regions(base: list[str], hunks: list[_Hunk]) -> list[list[_Hunk]]:
    """Group hunks: those of both sides that clash form one region (transitively)."""
    groups: list[list[_Hunk]] = []
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end, not h.ours)):
        joined = [g for g in groups if any(h.ours != hunk.ours and _clash(h, hunk) for h in g)]
        if not joined:
            groups.append([hunk])
            continue
        merged = [hunk] + [h for g in joined for h in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def _merge_tokens(base: list[str], ours: list[str], theirs: list[str], when: str,
                  fine: re.Pattern[str] | None) -> tuple[str, bool]:
    """(merged text, whether a conflict block was needed)."""
    ours_hunks, theirs_hunks = _hunks(base, ours, True), _hunks(base, theirs, False)
    # The same change made on both sides is made once.
    same = {(h.start, h.end, h.new) for h in ours_hunks} & {(h.start, h.end, h.new) for h in theirs_hunks}
    theirs_hunks = [h for h in theirs_hunks if (h.start, h.end, h.new) not in same]
    edits: list[_Edit] = []
    conflicted = False
    for group in _regions(base, ours_hunks + theirs_hunks):
        start, end = min(h.start for h in group), max(h.end for h in group)
        mine = [h for h in group if h.ours]
        other = [h for h in group if not h.ours]
        if not mine or not other:
            edits += [_Edit(h.start, h.end, "".join(h.new), "ours" if h.ours else "theirs") for h in group]
            continue
        base_text = "".join(base[start:end])
        ours_text, theirs_text = _apply(base, start, end, mine), _apply(base, start, end, other)
        if ours_text == theirs_text or not theirs_text.strip():
            # (the other side deleted what we changed: our change stands)
            edits.append(_Edit(start, end, ours_text))
            continue
        if not ours_text.strip():  # we deleted what the other side changed: its change stands
            edits.append(_Edit(start, end, theirs_text))
            continue
        if fine is not None:  # both changed the same sentences: try again word by word
            text, clash = _merge_tokens(tokens(base_text, fine), tokens(ours_text, fine),
                                        tokens(theirs_text, fine), when, None)
            if not clash:
                edits.append(_Edit(start, end, text))
                continue
        conflicted = True
        block = conflict_block(theirs_text, when)
        # A block stands on lines of its own, so its markers stay whole lines.
        if ours_text.strip():
            text = ours_text.rstrip() + "\n" + block
        else:
            text = ("" if start == 0 else "\n") + block
        if end == len(base) or not base[end].startswith("\n"):
            text += "\n"  # what follows (or is typed next) starts below the block
        edits.append(_Edit(start, end, text))
    return _render(base, edits), conflicted


def _render(base: list[str], edits: list[_Edit]) -> str:
    # Insertions at one place (zero-length edits, ours before theirs) are joined.
    edits.sort(key=lambda e: (e.start, e.end != e.start))
    out, pos, i, last_side = [], 0, 0, ""
    while i < len(edits):
        edit = edits[i]
        if edit.start > pos:
            out.append("".join(base[pos:edit.start]))
            last_side = ""
        text = edit.text
        while (edit.start == edit.end and i + 1 < len(edits)
               and edits[i + 1].start == edits[i + 1].end == edit.start):
            i += 1
            text = _join_insertions(text, edits[i].text, at_end=edit.start == len(base))
        # Nothing is ever written on a marker's line: it would be lost with the marker.
        if out and text and not text.startswith("\n") and _ENDS_WITH_MARKER.search(out[-1]):
            out.append("\n")
        # The space this side had before its text was deleted by the other side: keep one.
        elif (out and out[-1][-1:] and text and not out[-1][-1].isspace() and not text[0].isspace()
              and edit.start > 0 and base[edit.start - 1].isspace()):
            out.append(" " if "\n" not in base[edit.start - 1] else "\n")
        # Where one side's change meets the other's, never glue two words into one.
        elif (last_side and last_side != edit.side and out and out[-1][-1:] and text
                and not out[-1][-1].isspace() and not text[0].isspace()):
            out.append(" ")
        if text:
            out.append(text)
            last_side = edit.side
        pos = max(pos, edit.end)
        i += 1
    out.append("".join(base[pos:]))
    return "".join(out)


def _drop_repeats(merged: str, ours: list[str], theirs: list[str]) -> str:
    """A merge never holds a sentence more often than one of the sides does.

    Text one side moved (into a conflict block, say) reads to a diff as deleted in
    one place and added in another; where the other side kept it, it would appear
    twice. The extra copies go, those in conflict blocks first, then the later ones."""
    allowed = Counter(t for t in ours if not _is_junk(t)) | Counter(t for t in theirs if not _is_junk(t))
    parts = tokens(merged)
    seen = Counter(t for t in parts if not _is_junk(t))
    # (a sentence neither side has is the merge's own, from words both sides changed)
    extra = {t: n - allowed[t] for t, n in seen.items() if n > allowed[t] >= 1}
    if not extra:
        return merged
    in_block, depth = [], 0
    for part in parts:
        if part.startswith(CONFLICT_OPEN):
            depth += 1
        elif part.startswith(CONFLICT_CLOSE):
            depth = max(0, depth - 1)
        in_block.append(depth > 0)
    order = sorted((i for i, t in enumerate(parts) if t in extra), key=lambda i: (not in_block[i], -i))
    drop: set[int] = set()
    for i in order:
        if extra[parts[i]] > 0:
            extra[parts[i]] -= 1
            drop.add(i)
            if i > 0 and parts[i - 1].isspace():
                drop.add(i - 1)
    return "".join(t for i, t in enumerate(parts) if i not in drop)


def merge_text(base: str, ours: str, theirs: str, when: str) -> tuple[str, str]:
    """(merged text, how): how is "" (ours), "theirs", "joined" or "conflict"."""
    if ours == theirs or theirs == base:
        return ours, ""
    if ours == base:
        return theirs, "theirs"
    base_t, ours_t, theirs_t = tokens(base), tokens(ours), tokens(theirs)
    if len(base_t) + max(len(ours_t), len(theirs_t)) > 2 * MAX_FINE_TOKENS:
        line = re.compile(r"[^\n]*\n|[^\n]+")
        base_t, ours_t, theirs_t = tokens(base, line), tokens(ours, line), tokens(theirs, line)
    merged, conflicted = _merge_tokens(base_t, ours_t, theirs_t, when, _WORDS)
    merged = _drop_repeats(merged, ours_t, theirs_t)
    if CONFLICT_OPEN in merged or CONFLICT_CLOSE in merged:
        merged = tidy_blocks(merged)
        conflicted = conflicted and CONFLICT_OPEN in merged
    if conflicted:
        return merged, "conflict"
    return merged, ("" if merged == ours else "joined")


def merge_line(base: str, ours: str, theirs: str) -> tuple[str, str]:
    """A one-line field (a title, a question): both rewritten -> 'ours / theirs'."""
    if ours.strip() == theirs.strip() or theirs == base:
        return ours, ""
    if ours == base or not ours.strip():
        return theirs, "theirs"
    if not theirs.strip() or theirs.strip() in ours:
        return ours, ""
    return f"{ours.strip()} / {theirs.strip()}", "conflict"


def merge_tags(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    merged = [t for t in ours if t not in removed]
    merged += [t for t in theirs if t not in removed and t not in merged]
    return merged


def merge_value(base, ours, theirs):
    """A field that is not text (a date, a flag, a choice): our change wins, else theirs."""
    return theirs if ours == base else ours


@dataclass
class MergeReport:
    """What a merged save did, for telling the user. Empty when nothing was merged."""

    joined: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)  # only the other side changed these
    restored: bool = False  # the journal was restored from a backup under us
    recreated: bool = False  # the record had been deleted elsewhere; saved again

    def __bool__(self) -> bool:
        return bool(self.joined or self.conflicts or self.taken or self.restored or self.recreated)

    def add(self, label: str, how: str) -> None:
        if how == "theirs":
            self.taken.append(label)
        elif how == "joined":
            self.joined.append(label)
        elif how == "conflict":
            self.conflicts.append(label)

    def sentence(self, what: str) -> str:
        """One sentence for a notification: what: 'This reflection', 'This event'..."""
        where = ("the journal was restored from a backup while you wrote"
                 if self.restored else "it was changed elsewhere (another window or journal write) while you wrote")
        if self.recreated:
            return (f"{what} was deleted elsewhere (another window) while you edited it; "
                    "what you typed is saved again, so nothing was lost.")
        if self.conflicts:
            fields = ", ".join(self.conflicts)
            return (f"{what}: {where}. Both texts are kept: the other one is in a conflict block in {fields}; "
                    "keep what you need and delete the block.")
        if self.joined:
            fields = ", ".join(self.joined)
            return f"{what}: {where}. Nothing was lost: both versions' additions are kept in {fields}."
        if self.taken:
            fields = ", ".join(self.taken)
            return f"{what}: {where}. {fields.capitalize()} now show what was saved there, with your changes kept."
        return f"{what}: {where}. Your unsaved changes were kept on top of it."


def when_text(stamp: str | None) -> str:
    """'at 14:02 on 21 November' from a stored ISO time."""
    if not stamp:
        return "meanwhile"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return "meanwhile"
    return f"at {moment:%H:%M} on {moment.day} {moment:%B %Y}"
