"""markdown: the report of a small fixed run, checked line by line against figures worked out
by hand from tests/fixture.py."""

import unittest

from sssbench import markdown
from tests import fixture


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.res = fixture.results()
        self.text = markdown.report(self.res, fixture.args(["--quick"]))
        self.lines = self.text.splitlines()

    def test_sections_in_order(self):
        headings = [line for line in self.lines if line.startswith("### ")]
        self.assertEqual(headings, [
            "### Throughput and latency: identity (no Accept-Encoding)",
            "### Throughput and latency: as a browser asks "
            "(`Accept-Encoding: gzip, deflate, br, zstd`)",
            "### Ratios (mean over the rounds, min-max)",
            "### Facet counts: hits beside their ceiling",
            "### Targets",
            "### Redis bytes per cached page",
            "### C10K",
            "### Cold misses (catalog `--latency-ms 50`)",
            "### Stampede",
            "### Scale: api replicas behind nginx",
            "### Redis Cluster",
            "### Memory and start-up",
            "### Exact commands",
        ])

    def test_first_line_names_the_machine(self):
        self.assertEqual(self.lines[0], (
            "Run of 2026-12-01T17:00:00+00:00 on Test CPU, 2 cores, 4 GB RAM, Linux 6.0; "
            "commit abc1234; rustc 1.95.0; nginx version: nginx/1.22.1; Redis server v=7.0.15; "
            "wrk 4.1.0 [epoll]; Python 3.11.7."))
        self.assertTrue(self.lines[1].startswith("Load average before: 1.00 2.00 3.00; after: "
                                                 "4.00 5.00 6.00 "))

    def test_hit_rows(self):
        self.assertIn("| SSS via nginx, L1 hits (2 api) | 10,000 | 8,000, 12,000 | 4.00 | 8.00 | "
                      "40.00 | 80.00 | 0 | 0.40 | 1.00 | 2.0, 3.0 |", self.lines)
        # The browser's table divides by the compressed ceilings.
        self.assertIn("| SSS via nginx, L1 hits (2 api), browser | 15,000 | 15,000, 15,000 | "
                      "3.00 | 6.00 | 4.50 | 9.00 | 0 | 0.38 | 1.20 | 2.0, 3.0 |", self.lines)

    def test_each_table_keeps_its_encoding(self):
        first = self.lines.index("### Throughput and latency: identity (no Accept-Encoding)")
        second = next(i for i, line in enumerate(self.lines)
                      if line.startswith("### Throughput and latency: as a browser asks"))
        identity = [line for line in self.lines[first:second] if line.startswith("| ")]
        self.assertEqual(len(identity), 1 + 5)  # the head and the identity targets
        self.assertFalse(any("browser" in line or "gzip_static" in line for line in identity))

    def test_ratio_rows(self):
        self.assertIn("| SSS via nginx / nginx proxy_pass ceiling | 1.00 (0.80-1.20) |",
                      self.lines)
        self.assertIn("| browser: SSS via nginx / nginx proxy_pass of the precompressed page | "
                      "1.25 (1.00-1.50) |", self.lines)
        # No micro-cache in this run: none of its ratios.
        ratios = self.lines[self.lines.index("### Ratios (mean over the rounds, min-max)"):
                            self.lines.index("### Facet counts: hits beside their ceiling")]
        self.assertEqual(len([line for line in ratios if line.startswith("| ")]), 1 + 7 + 4)
        self.assertFalse(any("micro-cache" in line for line in ratios))
        # The facet counts' ratios are in their own section, not in the page's table.
        self.assertFalse(any("facet" in line for line in ratios))

    def test_facet_section(self):
        start = self.lines.index("### Facet counts: hits beside their ceiling")
        part = self.lines[start:self.lines.index("### Targets")]
        text = "\n".join(part)
        self.assertIn("`/api/v1/facets?cat=women&facets=brand,retailer,color,size,price,discount,"
                      "category`", text)
        self.assertIn("12,345 bytes as JSON, 2,345 bytes gzipped", text)
        rows = [line for line in part if line.startswith("| ") and "---" not in line]
        # Each divided by the ceiling of its own encoding: 9,000 / 15,000, 10,000 / 15,000.
        self.assertEqual(rows[1:5], [
            "| nginx proxy_pass, trivial upstream, facet counts (ceiling) | 15,000 | 10,000, "
            "20,000 | 2.00 | 4.00 | 20.00 | 40.00 | 0 | 1.00 | 2.0, 3.0 |",
            "| SSS via nginx, facet count hits (2 api) | 9,000 | 8,000, 10,000 | 3.00 | 6.00 | "
            "30.00 | 60.00 | 0 | 0.60 | 2.0, 3.0 |",
            "| nginx proxy_pass, trivial upstream, precompressed facet counts (ceiling) | 15,000 | "
            "20,000, 10,000 | 1.00 | 2.00 | 10.00 | 20.00 | 0 | 1.00 | 2.0, 3.0 |",
            "| SSS via nginx, facet count hits (2 api), browser | 10,000 | 15,000, 5,000 | 2.00 | "
            "4.00 | 4.00 | 8.00 | 0 | 0.67 | 2.0, 3.0 |",
        ])
        # The ratios: the mean of each round's (0.8 and 0.5; 0.75 and 0.5).
        self.assertEqual(rows[6:], [
            "| SSS via nginx / nginx proxy_pass of the same facet counts | 0.65 (0.50-0.80) |",
            "| browser: SSS via nginx / nginx proxy_pass of the precompressed facet counts | "
            "0.62 (0.50-0.75) |",
        ])

    def test_no_facet_section_without_facet_loads(self):
        res = fixture.results()
        for rnd in res["rounds"]:
            for k in ("proxy_facets", "sss_facets", "proxy_facets_gz", "sss_facets_gz"):
                del rnd[k]
        text = markdown.report(res, fixture.args())
        self.assertNotIn("### Facet counts", text)
        self.assertNotIn("facet count hits", text.split("### Exact commands")[0])

    def test_target_rows(self):
        for row in ("| hits via nginx >= 0.85 x proxy_pass ceiling | 1.00 x | yes |",
                    "| hits via nginx >= 25 x original design | 20.00 x | NO |",
                    "| hits direct to an api >= 0.7 x nginx static | 0.83 x | yes |",
                    "| p99 < 5 ms at 64 connections (SSS hit targets) | worst 40.00 ms | NO |",
                    "| a miss adds < 2 ms p50 over the upstream (via nginx) | +1.50 ms | yes |",
                    "| api RSS < 64 MB under load | 30 MB | yes |",
                    "| stampede: 1 upstream call | 1 | yes |",
                    "| stampede through nginx with 1 api: 1 upstream call | 2 | NO |",
                    "| Redis Cluster stampede: 1 upstream call | 1 | yes |",
                    "| C10K: 10,000 connections via nginx, 0 errors | 3 | NO |",
                    "| C10K: p99 < 1 s | 900.0 ms | yes |",
                    "| browser facet count hits via nginx >= 0.7 x nginx proxy_pass of the "
                    "precompressed facet counts | 0.62 x | NO |"):
            self.assertIn(row, self.lines)

    def test_phase_rows(self):
        for row in ("| 5,000 | 200.0 | 900.0 | 2700.0 | 3 | 0 | 0 | 0 | 0 | 40.0 |",
                    "| miss via nginx | 1 | 51.50 | 51.50 | 51.50 | 51.50 | +1.50 |",
                    "| catalog directly | 2 | 50.00 | 51.00 | 50.00 | 51.00 |  |",
                    "| 1 | 9,000 (9,000, 9,000) | 3.00 | 30.00 | 4.0 | 8.0 | 1.0 | 2 | 80.0 |",
                    "| stampede p50 / p99 ms | 60.0 / 80.0 | 60.0 / 80.0 |",
                    "| api-1 | 30.0 | 0.50 |",
                    "| redis | 10.0 | 0.05 |"):
            self.assertIn(row, self.lines)
        self.assertIn("**9,000 bytes**", self.text)

    def test_tables_have_as_many_columns_as_their_head(self):
        tables, current = [], []
        for line in self.lines + [""]:
            if line.startswith("|"):
                current.append(line)
            elif current:
                tables.append(current)
                current = []
        self.assertEqual(len(tables), 11)
        for head, rule, *rows in tables:
            self.assertLessEqual(set(rule), set("|-:"), head)
            self.assertEqual(rule.count("|") - 1, head.count(" | ") + 1, head)
            for row in rows:
                self.assertEqual(row.count(" | "), head.count(" | "), row)

    def test_skipped_phases_leave_no_section(self):
        res = fixture.results()
        for phase in ("redis_page", "c10k", "misses", "stampede", "scale", "cluster"):
            del res[phase]
        text = markdown.report(res, fixture.args())
        for title in ("Redis bytes", "C10K", "Cold misses", "Stampede", "Scale", "Cluster"):
            self.assertNotIn(f"### {title}", text)
        self.assertIn("### Memory and start-up", text)
        self.assertNotIn("upstream call", text)

    def test_cluster_without_the_single_stampede(self):
        res = fixture.results()
        del res["stampede"]
        lines = markdown.report(res, fixture.args()).splitlines()
        at = lines.index("| stampede of 100: upstream calls | 1 |  |")
        self.assertEqual(lines[at + 1], "")

    def test_commands(self):
        self.assertIn("bench/run --quick", self.lines)
        self.assertIn("redis: redis-server --save ''", self.lines)
        self.assertIn("api-1: SSS_LISTEN=127.0.0.1:1234 /repo/target/release/sss-daemon api",
                      self.lines)
        self.assertIn("wrk -t2 -c64 -d10s --timeout 5s -H 'Accept-Encoding: gzip, deflate, br, "
                      "zstd' -s bench/wrk-report.lua http://127.0.0.1:8080/static_gz   "
                      "# nginx gzip_static, precompressed page (ceiling)", self.lines)
        self.assertEqual(self.lines[-1], "![requests/s and latency percentiles](performance.svg)")
        without = markdown.report(self.res, fixture.args()).splitlines()
        self.assertIn("bench/run", without)


class PiecesTest(unittest.TestCase):
    def test_table_head(self):
        self.assertEqual(markdown.table_head(["a", "b", "c"], "lrl"),
                         ["| a | b | c |", "|---|---:|---|"])

    def test_shq(self):
        self.assertEqual(markdown.shq("SSS_LISTEN=127.0.0.1:80"), "SSS_LISTEN=127.0.0.1:80")
        self.assertEqual(markdown.shq(""), "''")
        self.assertEqual(markdown.shq("daemon off;"), "'daemon off;'")
        self.assertEqual(markdown.shq("it's"), "'it'\\''s'")


if __name__ == "__main__":
    unittest.main()
