"""Run the real `journal` command in a pseudo-terminal, as a user's terminal would."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path


class TerminalSession:
    def __init__(self, db_path: Path, cols: int = 110, rows: int = 32, env: dict | None = None,
                 args: tuple[str, ...] = ()) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        self.output = bytearray()
        full_env = {**os.environ, "TERM": "xterm-256color", "JOURNAL_DB": str(db_path), **(env or {})}
        full_env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "journal", *args],
            stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: bytes, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.proc.poll() is not None:
                self._reader.join(timeout=2)  # the last output may still be in flight
                if text in self.output:
                    return
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"{text!r} never appeared; exit={self.proc.poll()}; tail={bytes(self.output[-400:])!r}")
            time.sleep(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def signal(self, signum: int) -> None:
        os.kill(self.proc.pid, signum)

    def wait(self, timeout: float = 20.0) -> int:
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass
