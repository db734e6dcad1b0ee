"""The real command in a terminal: typed text survives SIGKILL, SIGTERM and SIGHUP."""

from __future__ import annotations

import signal
import time
from datetime import date

import pytest

from journal.store import open_journal, reflections
from terminal import TerminalSession

pytestmark = pytest.mark.slow


@pytest.fixture
def session_factory(tmp_path):
    sessions: list[TerminalSession] = []

    def start(**env) -> TerminalSession:
        session = TerminalSession(tmp_path / "j.db", env=env)
        sessions.append(session)
        session.wait_for(b"today")  # the day title is painted: the app is ready
        time.sleep(0.5)
        return session

    yield start, tmp_path / "j.db"
    for session in sessions:
        session.close()


def body_on_disk(path) -> str | None:
    found = reflections.get(open_journal(path), date.today())
    return None if found is None else found.body


def test_text_survives_sigkill_after_autosave(session_factory):
    start, path = session_factory
    session = start()
    session.type("Written before the crash")
    session.wait_for(b"saved")  # the saved mark appears only after the commit
    time.sleep(0.3)
    session.signal(signal.SIGKILL)
    assert session.wait() == -signal.SIGKILL
    assert body_on_disk(path) == "Written before the crash"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_saves_text_typed_before_autosave(session_factory, signum):
    start, path = session_factory
    session = start(JOURNAL_AUTOSAVE_SECONDS="600")  # autosave cannot be what saves it
    session.type("Closing the terminal now")
    session.wait_for(b"editing")
    time.sleep(0.3)
    session.signal(signum)
    assert session.wait() == 128 + signum
    assert body_on_disk(path) == "Closing the terminal now"


def test_ctrl_q_quits_and_saves(session_factory):
    start, path = session_factory
    session = start(JOURNAL_AUTOSAVE_SECONDS="600")
    session.type("Goodbye")
    session.wait_for(b"editing")
    time.sleep(0.2)
    session.type("\x11")  # ctrl+q
    assert session.wait() == 0
    assert body_on_disk(path) == "Goodbye"


def test_keys_typed_right_after_a_switch_key_never_land_in_the_reflection(session_factory):
    """A real terminal delivers ctrl+f and the next letters in one read."""
    start, path = session_factory
    session = start(JOURNAL_AUTOSAVE_SECONDS="0.2")
    session.type("Kept")
    session.wait_for(b"saved")
    session.type("\x06xy")  # ctrl+f, then typing the query at once
    time.sleep(2.0)
    session.type("\x1b")  # back to writing
    time.sleep(0.5)
    session.type("\x11")
    assert session.wait() == 0
    assert body_on_disk(path) == "Kept"
