"""svg: the chart of a small fixed run is well-formed SVG with one bar and one latency line a
target, scaled as worked out by hand."""

import unittest
import xml.etree.ElementTree as ET

from sssbench import stats, svg
from tests import fixture

NS = "{http://www.w3.org/2000/svg}"


class ChartTest(unittest.TestCase):
    def setUp(self):
        self.res = fixture.results()
        self.res["labels"]["proxy"] = "nginx <proxy_pass> & co"
        self.text = svg.svg_chart(self.res, stats.summarise(self.res))
        self.root = ET.fromstring(self.text)  # fails on anything not well-formed

    def bars(self) -> list[ET.Element]:
        return [r for r in self.root.iter(f"{NS}rect") if r.get("height") == "18"]

    def test_one_bar_a_target_scaled_to_the_fastest(self):
        bars = self.bars()
        self.assertEqual(len(bars), len(fixture.LABELS))
        widths = dict(zip(fixture.LABELS, (float(b.get("width")) for b in bars)))
        self.assertEqual(widths["static_gz"], 420.0)  # 40,000 req/s, the fastest
        self.assertEqual(widths["sss_nginx"], 105.0)  # 10,000 req/s
        self.assertEqual(widths["sss_api_l1"], 210.0)  # 20,000 req/s

    def test_colours(self):
        fills = dict(zip(fixture.LABELS, (b.get("fill") for b in self.bars())))
        self.assertEqual(fills["static"], fills["static_gz"])
        self.assertEqual(fills["original"], "#e07b39")
        self.assertEqual(fills["sss_nginx"], svg.SSS_COLOUR)

    def test_labels_are_escaped(self):
        self.assertIn("nginx &lt;proxy_pass&gt; &amp; co", self.text)
        texts = [t.text for t in self.root.iter(f"{NS}text")]
        self.assertEqual(texts.count("nginx <proxy_pass> & co"), 2)  # bars, then latencies

    def test_log_scale_ticks(self):
        # From 0.1 ms to 1.2 x the slowest p99 (500 ms): 0.1, 1, 10, 100.
        ticks = [t.text for t in self.root.iter(f"{NS}text") if t.get("text-anchor") == "middle"]
        self.assertEqual(ticks, ["0.1", "1", "10", "100"])
        self.assertEqual(len(list(self.root.iter(f"{NS}circle"))), len(fixture.LABELS))

    def test_title_says_the_load(self):
        self.assertIn("wrk -c64 -d10s, 41,103-byte page", self.text)

    def test_esc(self):
        self.assertEqual(svg.esc("a<b>&c"), "a&lt;b&gt;&amp;c")


if __name__ == "__main__":
    unittest.main()
