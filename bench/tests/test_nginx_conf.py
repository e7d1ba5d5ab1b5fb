"""nginx_conf: the text a run writes, from the project's own nginx files."""

import re
import tempfile
import unittest
from pathlib import Path

from sssbench import nginx_conf
from sssbench.log import BenchError
from sssbench.settings import BENCH, REPO

NGINX_CONF = REPO / "nginx/nginx.conf"


class NginxConfTest(unittest.TestCase):
    def test_one_server_line_a_replica(self):
        text = (REPO / "nginx/sss/upstream-api.conf").read_text()
        out = nginx_conf.upstream_servers(text, [3001, 3002])
        lines = out.splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[0].strip().startswith("server 127.0.0.1:3001"), lines[0])
        self.assertTrue(lines[1].strip().startswith("server 127.0.0.1:3002"), lines[1])
        self.assertNotIn("api:3000", out)
        self.assertTrue(out.endswith("\n"))

    def test_rate_limit_with_an_empty_key(self):
        self.assertEqual(
            nginx_conf.rate_limit_off("limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;"),
            'limit_req_zone "" zone=a:1m rate=1r/s;')
        project = nginx_conf.rate_limit_off((REPO / "nginx/sss/rate-limit.conf").read_text())
        self.assertIn('limit_req_zone "" ', project)
        with self.assertRaises(BenchError):
            nginx_conf.rate_limit_off("# no zone here\n")

    def test_the_project_settings_copied(self):
        buffers = nginx_conf.api_proxy_buffers(NGINX_CONF)
        self.assertTrue(buffers)
        for line in buffers.splitlines():
            self.assertRegex(line, r"^    proxy_(buffer|busy_buffers_size|max_temp_file_size)")
            self.assertIn(line.strip(), NGINX_CONF.read_text())
        headers = nginx_conf.server_headers(NGINX_CONF)
        self.assertTrue(headers)
        for line in headers.splitlines():
            self.assertTrue(line.startswith("    add_header "), line)

    def test_every_placeholder_filled(self):
        values = {"TRIVIAL_PORT": 1, "FRONT_PORT": 2, "ORIGINAL_PORT": 3, "DATA_DIR": "/d",
                  "CACHE_DIR": "/c"}
        out = nginx_conf.bench_conf((BENCH / "nginx-bench.conf").read_text(), NGINX_CONF, values)
        code = "\n".join(line.split("#")[0] for line in out.splitlines())
        self.assertEqual(re.findall(r"@[A-Z_]+@", code), [])
        self.assertIn("listen 127.0.0.1:2;", out)
        self.assertIn(nginx_conf.api_proxy_buffers(NGINX_CONF), out)

    def test_the_facet_ceiling_serves_its_own_bytes(self):
        values = {"TRIVIAL_PORT": 1, "FRONT_PORT": 2, "ORIGINAL_PORT": 3, "DATA_DIR": "/d",
                  "CACHE_DIR": "/c"}
        out = nginx_conf.bench_conf((BENCH / "nginx-bench.conf").read_text(), NGINX_CONF, values)
        # The trivial upstream answers facets.json (or facets.json.gz) from the data folder, and
        # the front server proxies to it, as it does for the page.
        trivial = re.search(r"location = /facets\.json \{(.*?)\}", out, re.S)
        self.assertIsNotNone(trivial)
        self.assertIn("root /d;", trivial.group(1))
        self.assertIn("gzip_static on;", trivial.group(1))
        front = re.search(r"location = /proxy/facets\.json \{(.*?)\}", out, re.S)
        self.assertIsNotNone(front)
        self.assertEqual(front.group(1).strip(), "proxy_pass http://bench_trivial/facets.json;")

    def test_settings_missing(self):
        with tempfile.TemporaryDirectory() as d:
            conf = Path(d) / "nginx.conf"
            conf.write_text("http {\n    server {\n        location /api/ {\n"
                            "            proxy_pass http://api;\n        }\n    }\n}\n")
            with self.assertRaises(BenchError):
                nginx_conf.api_proxy_buffers(conf)
            with self.assertRaises(BenchError):
                nginx_conf.server_headers(conf)


if __name__ == "__main__":
    unittest.main()
