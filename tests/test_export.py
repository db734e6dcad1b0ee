from datetime import date

from journal.export import breakthrough_markdown, talking_points_brief
from journal.store.breakthroughs import Breakthrough

EVENTS = [
    Breakthrough(id=1, happened_on=date(2026, 3, 2), title="Outcome pricing", situation="Staff proposed +5% and +8%.",
                 breakthrough="Charge for outcomes, not seats.", result="Third option; +18% ARR at Halden.",
                 change_areas=("focus", "attitude"), role="caused", talking_point=True),
    Breakthrough(id=2, happened_on=date(2025, 11, 10), title="Blameless review", role="participated",
                 change_areas=("behavior",), result="Incidents down 40%."),
    Breakthrough(id=3, happened_on=date(2025, 6, 1), title="No area yet", breakthrough="Still thinking."),
]


def test_brief_groups_by_change_area_with_the_three_parts():
    brief = talking_points_brief(EVENTS, generated_on=date(2026, 3, 14), scope="talking points")
    assert brief == """# Talking points: breakthroughs and their results

3 events (talking points), prepared 14 March 2026.

## Attitude

### Outcome pricing

*March 2026 · I caused it*

**Situation.** Staff proposed +5% and +8%.

**Breakthrough.** Charge for outcomes, not seats.

**Result.** Third option; +18% ARR at Halden.

## Behavior

### Blameless review

*November 2025 · I took part*

**Result.** Incidents down 40%.

## Focus

- *Outcome pricing* (March 2026): see Attitude.

## Other breakthroughs

### No area yet

*June 2025 · I caused it*

**Breakthrough.** Still thinking.
"""


def test_empty_brief_says_so():
    assert "No events matched." in talking_points_brief([], generated_on=date(2026, 3, 14))


def test_event_markdown_for_the_detail_pane():
    md = breakthrough_markdown(EVENTS[0].__class__(**{**EVENTS[0].__dict__, "tags": ("pricing",),
                                                      "reflection_day": date(2026, 3, 2)}))
    assert md.startswith("## Outcome pricing\n\nMonday 2 March 2026 · caused · changed focus, attitude · ★ talking point")
    assert "### Result\n\nThird option; +18% ARR at Halden." in md
    assert "`#pricing`" in md and "From the reflection of 2 March 2026" in md
