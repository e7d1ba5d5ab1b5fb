"""docs: the report goes between its two markers in docs/PERFORMANCE.md."""

import unittest

from sssbench import docs
from sssbench.settings import REPO


class WithReportTest(unittest.TestCase):
    def test_replaces_only_between_the_markers(self):
        text = f"# Title\n\nbefore\n{docs.BEGIN}\nold report\n{docs.END}\nafter\n"
        self.assertEqual(docs.with_report(text, "new report"),
                         f"# Title\n\nbefore\n{docs.BEGIN}\nnew report\n{docs.END}\nafter\n")

    def test_twice_is_the_same_as_once(self):
        text = f"a\n{docs.BEGIN}\nx\n{docs.END}\nb\n"
        once = docs.with_report(text, "r")
        self.assertEqual(docs.with_report(once, "r"), once)

    def test_a_new_document(self):
        new = f"# Performance\n\n## Latest run of bench/run\n\n{docs.BEGIN}\nr\n{docs.END}\n"
        self.assertEqual(docs.with_report(None, "r"), new)
        self.assertEqual(docs.with_report("no markers here\n", "r"), new)

    def test_the_project_document_has_its_markers(self):
        text = (REPO / "docs/PERFORMANCE.md").read_text()
        self.assertEqual(text.count(docs.BEGIN), 1)
        self.assertEqual(text.count(docs.END), 1)
        self.assertLess(text.index(docs.BEGIN), text.index(docs.END))


if __name__ == "__main__":
    unittest.main()
