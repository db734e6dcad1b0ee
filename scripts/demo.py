"""A demo journal with realistic entries, for screenshots and trying the app."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from journal.store import breakthroughs, open_journal, reflections, settings, strategies
from journal.store.breakthroughs import Breakthrough
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


# (days back, title, situation, breakthrough, result, areas, role, tags, talking point, from reflection)
EVENTS = [
    (16, "Pricing by outcome, not by seat", "Staff proposed +5% and +8% list-price rises.",
     "We were choosing between two increments. Charging for the outcome the customer buys is a third, "
     "created option.", "Pilot with Halden: +18% ARR on renewal, churn risk removed.",
     ("focus", "attitude"), "caused", ("pricing", "strategy"), True, True),
    (2, "Reports are a to-do list", "Customer visit at Halden.",
     "Their ops lead does not want data; she wants the next action.",
     "Roadmap re-cut around 'next best action'; two features dropped.", ("focus",), "participated",
     ("customers", "product"), True, True),
    (11, "Blameless incident review", "Third outage in a month; the team braced for blame.",
     "Asking 'what made this easy to get wrong?' turned defence into design.",
     "Two systemic fixes shipped; incidents down 40% the next quarter.", ("behavior",), "caused",
     ("team", "incidents"), True, True),
    (13, "Hiring through the mentors", "The platform-lead search stalled for four months.",
     "My Relator strength: reach the goal through the three engineers who already want to mentor.",
     "Two hires in six weeks, both from mentors' networks.", ("skills", "attitude"), "caused",
     ("hiring", "coaching"), True, True),
    (45, "Said no to the biggest deal of the year", "A prospect wanted a custom fork.",
     "Saying yes would have extended the business; saying no protected the version customers want more.",
     "Kept the roadmap; the prospect came back six months later on the standard product.",
     ("focus", "attitude"), "caused", ("sales", "strategy"), True, False),
    (70, "Weekly review in 20 minutes", "Commitments kept drifting.",
     "A fixed Friday review with three questions beats a long monthly one.",
     "Commitments kept rose from 55% to 80% over a quarter.", ("behavior", "skills"), "caused",
     ("accountability",), False, False),
    (95, "The board wants choices, not reports", "Board decks ran to 30 slides.",
     "A deck that defends the past invites defence; a deck that asks for a decision invites help.",
     "Board meeting cut from 3 hours to 90 minutes; two decisions taken.", ("focus",), "caused",
     ("board",), True, False),
    (130, "Antimatter offsite", "Every offsite produced incremental plans.",
     "Ask each team for the option 180 degrees from what the market does.",
     "One antimatter option (self-serve onboarding) made the plan; trial signups doubled.",
     ("attitude",), "participated", ("strategy", "offsite"), True, False),
    (160, "Listening before fixing", "1:1s turned into my problem-solving sessions.",
     "My fixing took the problem away from the person who owned it.",
     "Two team leads took on cross-team projects unprompted.", ("behavior",), "caused", ("1:1", "coaching"),
     False, False),
    (210, "From features to jobs", "Roadmap debates were feature wish-lists.",
     "Framing work as customer jobs made trade-offs obvious.", "Release cadence up from quarterly to monthly.",
     ("skills", "focus"), "participated", ("product",), False, False),
    (260, "Delegating the forecast", "I rebuilt the sales forecast every month myself.",
     "Owning the forecast was a habit, not a need.", "Finance lead owns it; I got back a day a month.",
     ("behavior",), "caused", ("delegation",), False, False),
    (300, "Purpose, in one sentence", "New role, no compass.",
     "Help people see the option nobody has named yet.", "Said no to three projects that did not fit.",
     ("attitude", "focus"), "caused", ("purpose",), True, False),
]


# question, context, tags, options (title, kind, benefit, cost, risk), decided index, decided days back,
# review in days after the decision, review (realized, outcome, lesson) or None
NOTES = [
    ("How do we grow revenue 20% next year?", "The board wants a plan by April. Staff brought two options.",
     ("growth", "pricing"),
     [("Raise list prices 5%", "incremental", "+5% revenue", "low", "churn at the low end"),
      ("Open a second region", "incremental", "+8% revenue", "2 FTE, €400k", "slow ramp"),
      ("Charge for outcomes, not seats", "breakthrough", "+20% revenue, stickier accounts", "billing rebuild",
       "customers may not trust the metric")],
     2, 120, 90, ("+14% revenue; churn halved", "partly", "Outcomes sell; the metric needs an audit trail.")),
    ("Should we keep the on-prem edition?", "Priya asked why we still sell it. It is 12% of revenue and 40% "
     "of support load.", ("product",),
     [("Keep it, raise its price", "incremental", "+3% margin", "none", "support load stays"),
      ("Replace it with a hosted private cloud", "breakthrough", "-40% support load, same revenue",
       "6 months of platform work", "two large customers may leave")],
     1, 40, 30, None),
    ("How do we hire a platform lead in 6 weeks?", "Search stalled for four months.", ("hiring",),
     [("Use a second recruiter", "incremental", "one more pipeline", "€30k", "same candidates"),
      ("Hire through the mentors' networks", "breakthrough", "warm candidates in weeks", "mentor time",
       "network bias")],
     1, 60, 45, ("Two hires in six weeks", "met", "Relator strength works: go through people who share the goal.")),
    ("Where should the offsite go next year?", "Every offsite produced incremental plans.", ("offsite",),
     [("Same agenda, better venue", "incremental", "morale", "€20k", "nothing changes"),
      ("Two-day planning retreat", "incremental", "a plan", "€35k", "same plan as last year")],
     None, None, None, None),
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
    for days_back, title, situation, realized, result, areas, role, tags, talking, linked in EVENTS:
        day = DEMO_TODAY - timedelta(days=days_back)
        breakthroughs.save(db, Breakthrough(
            happened_on=day, title=title, situation=situation, breakthrough=realized, result=result,
            change_areas=areas, role=role, tags=tags, talking_point=talking,
            reflection_day=day if linked else None))
    for question, context, tags, options, decided, days_back, review_after, outcome in NOTES:
        note = strategies.save_note(db, strategies.StrategyNote(question=question, context=context, tags=tags))
        saved = [strategies.save_option(db, strategies.Option(
            note_id=note.id, title=t, kind=k, predicted_benefit=b, cost=c, risk=r)) for t, k, b, c, r in options]
        if decided is not None:
            on = DEMO_TODAY - timedelta(days=days_back)
            strategies.decide(db, note.id, saved[decided].id, "It creates something rather than choosing.",
                              on, on + timedelta(days=review_after))
            if outcome:
                strategies.review(db, note.id, outcome[0], outcome[1], outcome[2],
                                  on + timedelta(days=review_after + 2))
    db.close()
    return path


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "demo.db")
    print(f"Demo journal written to {build(target)}")
