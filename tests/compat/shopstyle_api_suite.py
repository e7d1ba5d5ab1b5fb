"""Runs a ShopStyle client library's own test suite against the catalog's /api/v2.

The library is `shopstyle-api` from PyPI (written against the live ShopStyle API; its tests call
the live API with a partner key). Nothing in it is changed: only its base URL, a class
attribute, is pointed at the catalog, and its fixture product id, a live ShopStyle product, is
replaced by one of the catalog's (the catalog's data is other products). Its tests of users'
favourite lists are left out: they need a ShopStyle user's data, which the catalog does not
serve.

    python3 tests/compat/shopstyle_api_suite.py http://127.0.0.1:PORT/api/v2

Exit status 0 when every test run passes.
"""

import os
import sys
import unittest

# The ten tests that need no user data.
TESTS = [
    "test_wrong_credentials",
    "test_get_brands",
    "test_get_categories",
    "test_get_colors",
    "test_get_retailers",
    "test_get_price_filters",
    "test_get_product_wrong_id",
    "test_get_product_by_id",
    "test_get_product_by_filters",
    "test_get_products_histogram",
]

# A product of the catalog ("Turtle Check Men Navy Blue Shirt").
CATALOG_PRODUCT_ID = 15970


def main(base_url: str) -> int:
    os.environ.setdefault("SHOPSTYLE_API_KEY", "sss-compat")
    os.environ.setdefault("SHOPSTYLE_API_USERNAME", "sss-compat-user")
    from shopstyle_api.api import ShopStyleApi
    from shopstyle_api.tests import tests as suite

    ShopStyleApi.base_url = base_url.rstrip("/")

    class CatalogApiTest(suite.ApiTest):
        def setUp(self):
            super().setUp()
            self.product_id = CATALOG_PRODUCT_ID

    loaded = unittest.TestSuite(CatalogApiTest(name) for name in TESTS)
    result = unittest.TextTestRunner(verbosity=2).run(loaded)
    print(f"{result.testsRun - len(result.failures) - len(result.errors)} of {result.testsRun} passed")
    return 0 if result.wasSuccessful() and result.testsRun == len(TESTS) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
