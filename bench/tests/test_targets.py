"""targets: the facet counts' target, met and not, from the fixed run of tests/fixture.py."""

import unittest

from sssbench import stats, targets
from tests import fixture

FACET_TARGET = ("browser facet count hits via nginx >= 0.7 x nginx proxy_pass of the "
                "precompressed facet counts")


class FacetTargetTest(unittest.TestCase):
    def check(self, res: dict) -> list[tuple[str, str, bool | None]]:
        return [t for t in targets.targets_check(res, stats.summarise(res))
                if t[0] == FACET_TARGET]

    def test_missed(self):
        # 0.75 and 0.5 in the two rounds: a mean of 0.625.
        self.assertEqual(self.check(fixture.results()), [(FACET_TARGET, "0.62 x", False)])

    def test_met(self):
        res = fixture.results()
        res["rounds"][1]["sss_facets_gz"]["rps"] = 9_000  # 0.75 and 0.9
        self.assertEqual(self.check(res), [(FACET_TARGET, "0.82 x", True)])

    def test_at_the_bar(self):
        res = fixture.results()
        for rnd in res["rounds"]:
            rnd["proxy_facets_gz"]["rps"] = 10_000
            rnd["sss_facets_gz"]["rps"] = 6_999
        self.assertEqual(self.check(res), [(FACET_TARGET, "0.70 x", False)])
        for rnd in res["rounds"]:
            rnd["sss_facets_gz"]["rps"] = 7_000
        self.assertEqual(self.check(res), [(FACET_TARGET, "0.70 x", True)])

    def test_identity_alone_sets_no_target(self):
        # Without the browser's facet loads, the identity ratio is reported but is no target.
        res = fixture.results()
        for rnd in res["rounds"]:
            del rnd["sss_facets_gz"]
        self.assertEqual(self.check(res), [])
        self.assertIn("sss_facets/proxy_facets", stats.summarise(res)["ratios"])

    def test_the_page_targets_unchanged(self):
        # The facet counts add one target, last, and change none of the page's.
        res = fixture.results()
        with_facets = targets.targets_check(res, stats.summarise(res))
        for rnd in res["rounds"]:
            for k in ("proxy_facets", "sss_facets", "proxy_facets_gz", "sss_facets_gz"):
                del rnd[k]
        without = targets.targets_check(res, stats.summarise(res))
        self.assertEqual(with_facets[:-1], without)
        self.assertEqual(with_facets[-1][0], FACET_TARGET)


if __name__ == "__main__":
    unittest.main()
