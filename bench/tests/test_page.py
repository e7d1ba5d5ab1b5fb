"""page: the check of the facet counts' answer before they are loaded."""

import unittest

from sssbench import page
from sssbench.log import BenchError
from sssbench.settings import FACETS_QUERY

ALL = ["brand", "retailer", "color", "size", "price", "discount", "category"]


def answer(names: list[str], total: int = 356) -> dict:
    """An answer of /api/v1/facets with one value for each facet of `names`."""
    return {"query": {}, "total": total, "cache": {},
            "facets": {n: [{"id": "1", "name": "x", "count": 1}] for n in names}}


class CheckFacetsTest(unittest.TestCase):
    def test_every_facet_asked(self):
        page.check_facets(answer(ALL), FACETS_QUERY)
        page.check_facets(answer(["color", "brand"]), "cat=women&facets=brand,color")

    def test_a_facet_missing_or_more(self):
        with self.assertRaisesRegex(BenchError, "not"):
            page.check_facets(answer(ALL[:-1]), FACETS_QUERY)
        with self.assertRaisesRegex(BenchError, "not"):
            page.check_facets(answer(ALL), "cat=women&facets=brand")

    def test_empty(self):
        empty = answer(ALL)
        empty["facets"]["size"] = []
        with self.assertRaisesRegex(BenchError, "size"):
            page.check_facets(empty, FACETS_QUERY)
        with self.assertRaisesRegex(BenchError, "total 0"):
            page.check_facets(answer(ALL, total=0), FACETS_QUERY)

    def test_the_query_asks_every_facet(self):
        # The query loaded asks for all seven facets the api answers, like its default.
        self.assertEqual(sorted(dict(p.split("=", 1) for p in FACETS_QUERY.split("&"))
                                ["facets"].split(",")), sorted(ALL))


if __name__ == "__main__":
    unittest.main()
