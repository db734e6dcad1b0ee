"""Three-way merges for saves that lost a race: nothing either side wrote is dropped.

Every save knows the version it started from (its base). When the stored
record moved on meanwhile (another window, `journal write`), the save merges
field by field instead of overwriting:

- a field only one side changed takes that side's value;
- text both sides only added to (the usual case: `journal write` appends) is
  joined: ours, then what the other side added;
- text both sides rewrote keeps ours and, below it, the other text in a
  marked conflict block for the user to resolve;
- tags: what either side added, minus what either side removed.

Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

CONFLICT_OPEN = "<<<<<<< conflict:"
CONFLICT_CLOSE = ">>>>>>> end of conflict"


def conflict_block(theirs: str, when: str) -> str:
    """The other side's text, fenced so the user can find, read and delete it."""
    return (f"{CONFLICT_OPEN} saved elsewhere {when}. Keep what you need above, "
            f"then delete this block.\n{theirs.strip()}\n{CONFLICT_CLOSE}")


def merge_text(base: str, ours: str, theirs: str, when: str) -> tuple[str, str]:
    """(merged text, how): how is "" (ours), "theirs", "joined" or "conflict"."""
    if ours == theirs or theirs == base:
        return ours, ""
    if ours == base:
        return theirs, "theirs"
    if theirs.strip() in ours:  # ours already holds theirs (e.g. an earlier merge)
        return ours, ""
    if theirs.startswith(base) and ours.startswith(base):
        added = theirs[len(base):].strip("\n")
        if not added.strip():
            return ours, ""
        joined = ours.rstrip("\n")
        return (f"{joined}\n\n{added}" if joined.strip() else added), "joined"
    if not theirs.strip():  # the other side emptied the field: keep ours, nothing is lost
        return ours, ""
    if not ours.strip():
        return theirs, "joined"
    return f"{ours.rstrip()}\n\n{conflict_block(theirs, when)}\n", "conflict"


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

    def __bool__(self) -> bool:
        return bool(self.joined or self.conflicts or self.taken)

    def add(self, label: str, how: str) -> None:
        if how == "theirs":
            self.taken.append(label)
        elif how == "joined":
            self.joined.append(label)
        elif how == "conflict":
            self.conflicts.append(label)

    def sentence(self, what: str) -> str:
        """One sentence for a notification: what: 'This reflection', 'This event'..."""
        if self.conflicts:
            fields = ", ".join(self.conflicts)
            return (f"{what} was changed elsewhere (another window or journal write) while you wrote. "
                    f"Both texts are kept: the other one is in a conflict block in {fields}; "
                    f"keep what you need and delete the block.")
        if self.joined:
            fields = ", ".join(self.joined)
            return (f"{what} was changed elsewhere (another window or journal write) while you wrote. "
                    f"Nothing was lost: the text added there now follows yours in {fields}.")
        fields = ", ".join(self.taken)
        return (f"{what} was changed elsewhere (another window or journal write): "
                f"{fields} now show what was saved there, with your changes kept.")


def when_text(stamp: str | None) -> str:
    """'at 14:02 on 21 November' from a stored ISO time."""
    if not stamp:
        return "meanwhile"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return "meanwhile"
    return f"at {moment:%H:%M} on {moment.day} {moment:%B %Y}"
