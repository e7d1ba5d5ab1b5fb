"""The chart docs/performance.svg: req/s of every target as bars, then its latency percentiles
(p50, p90, p99) on a log scale. Plain SVG text, no library."""

from __future__ import annotations

import math

# Bar colours by target key (the `_gz` twin of a target shares its colour); SSS's own in green.
COLOUR = {"static": "#9e9e9e", "proxy": "#9e9e9e", "proxy_cache": "#bdbdbd",
          "original": "#e07b39", "sss_microcache": "#81c784", "proxy_facets": "#9e9e9e"}
SSS_COLOUR = "#2e7d32"
LEGEND = [("#9e9e9e", "nginx alone (ceilings, proxy_cache)"), ("#e07b39", "original design"),
          ("#2e7d32", "SSS"), ("#81c784", "SSS + optional micro-cache")]


def svg_chart(res: dict, summ: dict) -> str:
    """The chart of `summ["targets"]` (see stats.summarise); `res` gives labels and settings."""
    t = summ["targets"]
    keys = list(t)
    row, left, width = 26, 400, 420
    top1 = 50
    h1 = top1 + row * len(keys) + 20
    top2 = h1 + 50
    h = top2 + row * len(keys) + 60
    vmax = max(v["rps"] for v in t.values())
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 120}" height="{h}" '
           'font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">SSS hits beside the ceilings '
           f'(requests/s, wrk -c{res["connections"]} -d{res["duration"]}s, '
           f'{res["page_bytes"]:,}-byte page)</text>']
    lx = 10
    for c, text in LEGEND:
        out.append(f'<rect x="{lx}" y="30" width="10" height="10" fill="{c}"/>')
        out.append(f'<text x="{lx + 14}" y="39">{esc(text)}</text>')
        lx += 14 + 7 * len(text) + 16
    # Throughput: one bar a target, scaled to the fastest.
    for i, k in enumerate(keys):
        y = top1 + i * row
        w = max(1, t[k]["rps"] / vmax * width)
        c = COLOUR.get(k.removesuffix("_gz"), SSS_COLOUR)
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{esc(res["labels"][k])}'
                   '</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                   f'fill="{c}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}">{t[k]["rps"]:,.0f}</text>')
    # Latency: p50 to p99 as a line, from 0.1 ms to at least 100 ms.
    out.append(f'<text x="10" y="{top2 - 18}" font-size="15" font-weight="bold">Latency '
               'percentiles (ms, log scale): p50 ●, p90 ◆, p99 ■</text>')
    lo, hi = 0.1, max(100.0, max(v["p99"] for v in t.values()) * 1.2)

    def x(ms: float) -> float:
        ms = min(max(ms, lo), hi)
        return left + (math.log10(ms) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * width

    tick = lo
    while tick <= hi:
        out.append(f'<line x1="{x(tick):.1f}" y1="{top2}" x2="{x(tick):.1f}" '
                   f'y2="{top2 + row * len(keys)}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{top2 + row * len(keys) + 16}" '
                   f'text-anchor="middle">{tick:g}</text>')
        tick *= 10
    for i, k in enumerate(keys):
        y = top2 + i * row + row / 2
        v = t[k]
        c = COLOUR.get(k.removesuffix("_gz"), SSS_COLOUR)
        out.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">'
                   f'{esc(res["labels"][k])}</text>')
        out.append(f'<line x1="{x(v["p50"]):.1f}" y1="{y}" x2="{x(v["p99"]):.1f}" y2="{y}" '
                   f'stroke="{c}" stroke-width="2"/>')
        out.append(f'<circle cx="{x(v["p50"]):.1f}" cy="{y}" r="4" fill="{c}"/>')
        px = x(v["p90"])
        out.append(f'<polygon points="{px:.1f},{y - 5} {px + 5:.1f},{y} {px:.1f},{y + 5} '
                   f'{px - 5:.1f},{y}" fill="{c}"/>')
        out.append(f'<rect x="{x(v["p99"]) - 4:.1f}" y="{y - 4}" width="8" height="8" '
                   f'fill="{c}"/>')
        out.append(f'<text x="{x(v["p99"]) + 8:.1f}" y="{y + 4}">{v["p99"]:.2f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def esc(s: str) -> str:
    """`s` as XML text."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
