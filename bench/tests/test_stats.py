"""stats: percentiles, the mean of the rounds and the ratios between targets."""

import math
import unittest

from sssbench import stats
from tests import fixture


class PercentileTest(unittest.TestCase):
    def test_nearest_rank(self):
        values = [float(v) for v in range(10, 101, 10)]  # 10, 20, ..., 100
        self.assertEqual(stats.pct(values, 10), 10)
        self.assertEqual(stats.pct(values, 50), 50)
        self.assertEqual(stats.pct(values, 55), 60)
        self.assertEqual(stats.pct(values, 90), 90)
        self.assertEqual(stats.pct(values, 99), 100)
        self.assertEqual(stats.pct(values, 100), 100)
        self.assertEqual(stats.pct(values, 0), 10)

    def test_every_rank_of_a_thousand(self):
        # The stampede's sizes: 1,000 (a full run) and 300 (--quick).
        for n in (1000, 300):
            values = [float(v) for v in range(1, n + 1)]
            for p in (50, 90, 99):
                self.assertEqual(stats.pct(values, p), math.ceil(p * n / 100), (n, p))

    def test_one_value_and_none(self):
        self.assertEqual(stats.pct([7.0], 99), 7.0)
        self.assertTrue(math.isnan(stats.pct([], 50)))

    def test_series_summary(self):
        s = stats.series_summary([5.0, 1.0, 3.0, 2.0])
        self.assertEqual(s, {"n": 4, "p50": 2.5, "p90": 5.0, "min": 1.0, "max": 5.0})


class SummariseTest(unittest.TestCase):
    def setUp(self):
        self.summ = stats.summarise(fixture.results())

    def test_mean_of_the_rounds_in_milliseconds(self):
        t = self.summ["targets"]["sss_nginx"]
        self.assertEqual(t["rps"], 10_000)
        self.assertEqual(t["rps_each"], [8_000, 12_000])
        self.assertEqual((t["p50"], t["p90"], t["p99"], t["p999"]), (4, 8, 40, 80))
        self.assertEqual(t["errors"], 0)
        self.assertEqual(t["load1"], [2.0, 3.0])

    def test_every_loaded_target_in_label_order(self):
        self.assertEqual(list(self.summ["targets"]), list(fixture.LABELS))

    def test_ratios_per_round(self):
        r = self.summ["ratios"]
        self.assertEqual(r["sss_nginx/proxy"], {"mean": 1.0, "min": 0.8, "max": 1.2})
        self.assertAlmostEqual(r["sss_nginx/static"]["mean"], 0.4)
        self.assertAlmostEqual(r["sss_nginx/original"]["mean"], 20)
        self.assertAlmostEqual(r["sss_nginx_gz/proxy_gz"]["mean"], 1.25)
        self.assertAlmostEqual(r["sss_nginx_gz/sss_nginx"]["mean"], (15 / 8 + 15 / 12) / 2)

    def test_facet_ratios_per_round(self):
        r = self.summ["ratios"]
        self.assertEqual(r["sss_facets_gz/proxy_facets_gz"], {"mean": 0.625, "min": 0.5,
                                                              "max": 0.75})
        self.assertEqual((r["sss_facets/proxy_facets"]["min"], r["sss_facets/proxy_facets"]["max"]),
                         (0.5, 0.8))

    def test_facet_targets(self):
        for key in ("proxy_facets", "sss_facets", "proxy_facets_gz", "sss_facets_gz"):
            self.assertTrue(stats.is_facet_target(key), key)
        for key in ("proxy", "proxy_gz", "sss_nginx", "sss_nginx_gz", "static"):
            self.assertFalse(stats.is_facet_target(key), key)
        # Every facet ratio is between two facet targets, and no other ratio names one.
        for a, b, _ in stats.FACET_RATIOS.values():
            self.assertTrue(stats.is_facet_target(a) and stats.is_facet_target(b))
        for a, b, _ in {**stats.IDENTITY_RATIOS, **stats.BROWSER_RATIOS}.values():
            self.assertFalse(stats.is_facet_target(a) or stats.is_facet_target(b))

    def test_no_ratio_without_both_targets(self):
        self.assertNotIn("sss_microcache/static", self.summ["ratios"])
        self.assertNotIn("proxy_cache/static", self.summ["ratios"])

    def test_a_target_missing_from_a_round(self):
        res = fixture.results()
        del res["rounds"][1]["proxy"]
        summ = stats.summarise(res)
        self.assertEqual(summ["targets"]["proxy"]["rps_each"], [10_000])
        self.assertEqual(summ["ratios"]["sss_nginx/proxy"], {"mean": 0.8, "min": 0.8, "max": 0.8})

    def test_every_ratio_names_its_two_targets(self):
        for name, (a, b, label) in {**stats.IDENTITY_RATIOS, **stats.BROWSER_RATIOS,
                                    **stats.FACET_RATIOS}.items():
            self.assertEqual(name, f"{a}/{b}")
            self.assertIn(" / ", label)


if __name__ == "__main__":
    unittest.main()
