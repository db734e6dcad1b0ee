"""Instructions executed until the first frame is written, counted by callgrind.

    python benchmarks/frame_instructions.py [N=0]

Wall time on a shared machine varies by a third from run to run; an instruction
count does not (the same count twice, whatever else the machine is doing). This
runs `journal` (on an empty journal, or on a corpus of N records) and the
minimal Textual app under valgrind's callgrind in a pseudo-terminal, each
stopping the moment its first frame reaches the terminal, and prints the
counts and their ratio. Needs valgrind (Debian: apt install valgrind); slow
(about 10 s a run), which is why run.py measures wall time instead.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run inside the measured interpreter: exit as soon as the frame holding `marker`
# has been handed to the terminal.
STOP_AT_FIRST_FRAME = """
import os, sys
from textual.drivers.linux_driver import LinuxDriver
_write = LinuxDriver.write
def write(self, data):
    _write(self, data)
    if {marker!r} in data:
        os._exit(0)
LinuxDriver.write = write
"""
JOURNAL = "sys.argv = ['journal', '--db', {db!r}]\nfrom journal.launch import main\nmain()\n"
MINIMAL = f"sys.path.insert(0, {str(HERE)!r})\nfrom minimal_app import Minimal\nMinimal().run()\n"


def instructions(code: str) -> int:
    """Instructions callgrind counted for `python -c code` in a 120x36 terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                             sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child is gone
            break
        if not chunk:
            break
        output += chunk
    proc.wait()
    os.close(master)
    found = re.search(rb"Collected : (\d+)", output)
    if found is None:
        raise RuntimeError(f"callgrind printed no count; the end of its output: {output[-600:]!r}")
    return int(found[1])


def journal_instructions(db: Path) -> int:
    """Instructions until `journal --db db` has written its first frame (journal
    byte-compiled, as an installed journal is: see run.py's compile_bytecode)."""
    return instructions(STOP_AT_FIRST_FRAME.format(marker="today") + JOURNAL.format(db=str(db)))


def minimal_instructions() -> int:
    return instructions(STOP_AT_FIRST_FRAME.format(marker="item 19") + MINIMAL)


def available() -> bool:
    return shutil.which("valgrind") is not None


def main() -> None:
    if not available():
        sys.exit("valgrind is not installed (Debian: apt install valgrind).")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__import__("journal").__file__).parent)],
                   check=True)
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(HERE))
        from startup import build

        db = build(n, Path(tmp) / "journal.db")
        ours = journal_instructions(db)
        floor = minimal_instructions()
    label = f"journal ({n:,} records)" if n else "journal (empty)"
    print("| first frame | instructions (millions) |\n|---|---|")
    print(f"| {label} | {ours / 1e6:,.0f} |\n| minimal Textual app | {floor / 1e6:,.0f} |")
    print(f"\nratio: {ours / floor:.3f}")


if __name__ == "__main__":
    main()
