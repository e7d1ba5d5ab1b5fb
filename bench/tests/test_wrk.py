"""wrk: the command line of a load and the figures of its report."""

import unittest

from sssbench import wrk
from sssbench.settings import BENCH

# What wrk prints with bench/wrk-report.lua (its summary first, then the report's line).
OUTPUT = """Running 10s test @ http://127.0.0.1:8080/api/v1/products?cat=women&limit=50
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.02ms  40.00ms   90.00%
  200000 requests in 10.00s, 7.66GB read
WRK_JSON {"requests":200000,"duration_us":10000000,"bytes":8226000000,"connect_errors":1,\
"read_errors":2,"write_errors":3,"status_errors":4,"timeouts":5,"p50":1800,"p75":2400,\
"p90":3200,"p99":6400,"p999":12000,"max":40000,"mean":2100.5}
"""


class ParseReportTest(unittest.TestCase):
    def test_figures_with_rps_and_errors(self):
        r = wrk.parse_report(OUTPUT)
        self.assertEqual(r["rps"], 20_000)
        self.assertEqual(r["errors"], 15)
        self.assertEqual((r["p50"], r["p99"], r["p999"], r["max"]), (1800, 6400, 12000, 40000))
        self.assertEqual(r["mean"], 2100.5)

    def test_no_report_line(self):
        self.assertIsNone(wrk.parse_report("unable to connect to 127.0.0.1:1 Connection refused\n"))
        self.assertIsNone(wrk.parse_report(""))

    def test_the_line_must_stand_alone(self):
        self.assertIsNone(wrk.parse_report('x WRK_JSON {"requests":1}\n'))


class CommandTest(unittest.TestCase):
    def test_command(self):
        cmd = wrk.wrk_command("http://127.0.0.1:1/x", 2, 64, 10,
                              {"Accept-Encoding": "gzip, br"})
        self.assertEqual(cmd, ["wrk", "-t2", "-c64", "-d10s", "--timeout", "5s",
                               "-H", "Accept-Encoding: gzip, br",
                               "-s", str(BENCH / "wrk-report.lua"), "http://127.0.0.1:1/x"])

    def test_no_headers(self):
        self.assertEqual(wrk.header_args(None), [])
        self.assertEqual(wrk.header_args({"A": "1", "B": "2"}), ["-H", "A: 1", "-H", "B: 2"])

    def test_the_report_script_is_there(self):
        self.assertIn("WRK_JSON", (BENCH / "wrk-report.lua").read_text())


if __name__ == "__main__":
    unittest.main()
