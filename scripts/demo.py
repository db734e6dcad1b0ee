"""A demo journal with realistic entries, for screenshots and trying the app."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from journal.store import open_journal, reflections, settings
from journal.store.reflections import Reflection

DEMO_TODAY = date(2026, 3, 14)

ENTRIES: list[tuple[int, str, list[str], list[str]]] = [
    (0, "# Board prep\n\nSpent the morning on the board deck. I kept adding slides that defend last "
        "quarter instead of asking for what we need next. Cut it from 31 slides to 9.\n\n"
        "Lunch with Priya: she asked why we still sell the on-prem edition at all. I had no good answer.",
     ["Cutting the deck to the three decisions we need.",
      "The deck was a defence, not a request. The board wants a choice, not a report.",
      "Chose between the two pricing options staff proposed; created nothing new. Noted.",
      "Committed to send the deck by Friday: done a day early.",
      "Grateful for Priya's question. Tomorrow: ask the sales team the on-prem question."],
     ["board", "strategy"]),
    (1, "Quiet day. Two 1:1s, both about workload. The team says yes to everything and finishes "
        "little. I do the same.", ["", "", "", "Said I would protect Thursday mornings. Did not.", ""],
     ["team", "1:1"]),
    (2, "Customer visit at Halden. Their ops lead uses our reports as a to-do list, not a dashboard. "
        "That is a different product from the one we sell.",
     ["Seeing the product through Halden's eyes.", "Ah-ha: they don't want data, they want the next action.",
      "", "", "Grateful for a customer who is blunt."], ["customers", "product"]),
    (4, "Hiring loop for the platform lead. Strong candidate, but I noticed I was looking for a copy of "
        "myself.", ["", "", "", "", "Differently tomorrow: ask the panel what we are missing, not who fits."],
     ["hiring"]),
    (6, "Offsite planning. Everyone brought an option that extends what we do. Nobody brought one that "
        "replaces it. I asked for an 'antimatter' option for next week.", ["The antimatter request.", "", 
      "Created: the request itself. Chose: nothing yet.", "", ""], ["strategy", "offsite"]),
    (8, "Read through the quarter's commitments. Kept 7 of 11. The four I missed were all about saying no.",
     ["", "", "", "Kept 7 of 11.", ""], ["accountability"]),
    (11, "Long day. Incident review went well: no blame, two real fixes.", ["The tone of the review.", "", "", "", ""],
     ["team"]),
    (13, "Coaching session. Strength: Relator. Use it: reach the hiring goal through the three engineers "
         "who already want to mentor.", ["", "Goals through people who share them.", "", "", ""], ["coaching"]),
    (16, "Pricing workshop. Staff proposed +5% and +8%. I asked what pricing would look like if we charged "
         "for outcomes instead of seats. Silence, then the best hour of the month.", ["", "", 
      "Created a third option instead of choosing between two.", "", ""], ["pricing", "strategy"]),
    (20, "Wrote my purpose statement again. Shorter this time: help people see the option nobody has "
         "named yet.", ["", "", "", "", ""], ["purpose"]),
]


def build(path: Path) -> Path:
    db = open_journal(path)
    prompts = settings.get_prompts(db)
    for days_back, body, answers, tags in ENTRIES:
        reflections.save(
            db,
            Reflection(day=DEMO_TODAY - timedelta(days=days_back), body=body, prompts=prompts,
                       answers=answers, tags=tags),
        )
    db.close()
    return path


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "demo.db")
    print(f"Demo journal written to {build(target)}")
