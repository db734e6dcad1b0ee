"""Copy the latest benchmark tables into the README's Benchmarks section.

    python benchmarks/run.py && python scripts/readme_benchmarks.py

benchmarks/results.md (against jrnl) comes first, then, when present, the
tables against the floor and the app's keystrokes (RESULTS below, in order).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
RESULTS = ("results.md", "commands.md", "search.md", "tui.md")


def main() -> None:
    parts = []
    for name in RESULTS:
        path = ROOT / "benchmarks" / name
        if path.exists():
            text = path.read_text().strip()
            title, _, rest = text.partition("\n")
            # results.md's title is the section's; the others' become subsections.
            parts.append(rest.strip() if name == "results.md" else f"### {title.lstrip('# ')}\n{rest}")
    body = "\n\n".join(parts).replace("\n## ", "\n#### ")
    readme = (ROOT / "README.md").read_text()
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    (ROOT / "README.md").write_text(f"{head}{START}\n{body}\n{END}{tail}")
    print("README benchmarks updated")


if __name__ == "__main__":
    main()
