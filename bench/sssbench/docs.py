"""Writing a run's results: the report between two markers in docs/PERFORMANCE.md, the chart
docs/performance.svg, and every figure as results.json in the run directory."""

from __future__ import annotations

import json

from .log import log
from .settings import REPO, run_dir
from .stats import summarise
from .svg import svg_chart

BEGIN, END = "<!-- bench/run: begin -->", "<!-- bench/run: end -->"


def with_report(text: str | None, body: str) -> str:
    """The document `text` with the report `body` between BEGIN and END, in place of what stood
    there; a new document with only the report when `text` is None or has no BEGIN marker."""
    block = f"{BEGIN}\n{body}\n{END}"
    if text is not None and BEGIN in text:
        return text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    return f"# Performance\n\n## Latest run of bench/run\n\n{block}\n"


def write_docs(res: dict, body: str) -> None:
    doc = REPO / "docs/PERFORMANCE.md"
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(with_report(doc.read_text() if doc.exists() else None, body))
    (REPO / "docs/performance.svg").write_text(svg_chart(res, summarise(res)))
    raw = run_dir() / "results.json"
    raw.write_text(json.dumps(res, indent=1, default=str) + "\n")
    log(f"wrote {doc} and docs/performance.svg; every figure in {raw}")
