"""The nginx configuration a run writes under `<run dir>/nginx/conf/`.

The project's nginx/nginx.conf (or --nginx-conf) with the includes of nginx/sss/ written as
scripts/stack writes them (the listen address, the api replicas, the rate limit with an empty
key: no limit), plus bench/nginx-bench.conf as conf.d/bench.conf: the ceilings (static file,
proxy_pass to a trivial upstream, proxy_cache) and the original design, with the same buffer
settings and response headers as the project's `/api/` location and server.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .log import BenchError
from .settings import BENCH, REPO


def render(run_dir: Path, nginx_conf: Path, ports: dict[str, int], replicas: list[str],
           microcache: bool = False) -> None:
    """Write the configuration: nginx listens on ports["nginx"], proxies /api/ to `replicas`
    (names in `ports`), with the optional micro-cache on when `microcache`."""
    ndir = run_dir / "nginx"
    conf = ndir / "conf"
    for f in (REPO / "nginx/sss").iterdir():
        shutil.copy(f, conf / "sss" / f.name)
    shutil.copy(nginx_conf, conf / "nginx.conf")
    shutil.copy("/etc/nginx/mime.types", conf / "mime.types")
    html = ndir / "html"
    if not html.exists():
        html.symlink_to(REPO / "web")
    (conf / "sss/listen.conf").write_text(f"listen 127.0.0.1:{ports['nginx']};\n")
    (conf / "sss/upstream-api.conf").write_text(upstream_servers(
        (REPO / "nginx/sss/upstream-api.conf").read_text(), [ports[r] for r in replicas]))
    (conf / "sss/rate-limit.conf").write_text(
        rate_limit_off((REPO / "nginx/sss/rate-limit.conf").read_text()))
    if microcache:
        shutil.copy(REPO / "nginx/sss/api-cache-on.conf", conf / "sss/api-cache.conf")
    (conf / "conf.d/bench.conf").write_text(bench_conf(
        (BENCH / "nginx-bench.conf").read_text(), nginx_conf,
        {"TRIVIAL_PORT": ports["trivial"], "FRONT_PORT": ports["front"],
         "ORIGINAL_PORT": ports["original"], "DATA_DIR": run_dir / "data",
         "CACHE_DIR": ndir / "cache"}))


def upstream_servers(upstream_conf: str, ports: list[int]) -> str:
    """The `server api:3000 ...;` line of nginx/sss/upstream-api.conf once per loopback port."""
    template = next(line for line in upstream_conf.splitlines()
                    if re.match(r"\s*server\s+api:3000[\s;]", line))
    return "".join(template.replace("api:3000", f"127.0.0.1:{port}") + "\n" for port in ports)


def rate_limit_off(rate_limit_conf: str) -> str:
    """nginx/sss/rate-limit.conf with an empty key: nginx then limits no request."""
    rate, n = re.subn(r"limit_req_zone \S+ ", 'limit_req_zone "" ', rate_limit_conf)
    if n != 1:
        raise BenchError("nginx/sss/rate-limit.conf: no limit_req_zone key to replace")
    return rate


def bench_conf(template: str, nginx_conf: Path, values: dict) -> str:
    """bench/nginx-bench.conf with its `@NAME@` placeholders filled: the buffer settings and
    headers of `nginx_conf`, and `values` (ports and folders)."""
    text = template.replace("@API_PROXY_BUFFERS@", api_proxy_buffers(nginx_conf))
    text = text.replace("@SERVER_HEADERS@", server_headers(nginx_conf))
    for k, v in values.items():
        text = text.replace(f"@{k}@", str(v))
    return text


def api_proxy_buffers(nginx_conf: Path) -> str:
    """The buffering directives of the `location /api/` block of `nginx_conf`."""
    text = nginx_conf.read_text()
    start = text.index("location /api/ {")
    block = text[start:text.index("\n        }", start)]
    lines = [line for line in block.splitlines()
             if re.match(r"\s*(proxy_buffer\w*|proxy_busy_buffers_size|proxy_max_temp_file_size)\s",
                         line)]
    if not lines:
        raise BenchError(f"{nginx_conf}: no proxy buffer settings in location /api/")
    return "\n".join("    " + line.strip() for line in lines)


def server_headers(nginx_conf: Path) -> str:
    """The `add_header` lines of the server block of `nginx_conf` (before its first location)."""
    text = nginx_conf.read_text()
    start = text.index("    server {")
    block = text[start:text.index("location ", start)]
    lines = [line.strip() for line in block.splitlines() if line.strip().startswith("add_header ")]
    if not lines:
        raise BenchError(f"{nginx_conf}: no add_header in the server block")
    return "\n".join("    " + line for line in lines)
