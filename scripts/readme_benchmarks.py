"""Copy the latest benchmarks/results.md tables into the README's Benchmarks section.

    python benchmarks/run.py && python scripts/readme_benchmarks.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def main() -> None:
    results = (ROOT / "benchmarks" / "results.md").read_text()
    body = results.split("\n", 2)[2].strip()  # drop the title
    body = body.replace("\n## ", "\n#### ")
    readme = (ROOT / "README.md").read_text()
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    (ROOT / "README.md").write_text(f"{head}{START}\n{body}\n{END}{tail}")
    print("README benchmarks updated")


if __name__ == "__main__":
    main()
