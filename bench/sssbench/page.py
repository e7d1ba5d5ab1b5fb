"""The page every load asks for (PAGE_QUERY), made ready and checked before the loads; then the
facet counts (FACETS_QUERY) the same way.

The first search through nginx is a miss that caches the page; the second must be a HIT. The
page's bytes go to `<run dir>/data/` for the ceilings (page.json, and the api's own gzip answer
as page.json.gz) and into Redis for the original design. Then every target must answer the same
page, as identity and as a browser asks (gzip). The facet counts: a miss then a HIT through
nginx, their bytes as facets.json and facets.json.gz for their proxy_pass ceiling, and the same
answer from that ceiling and every api replica, in both encodings.
"""

from __future__ import annotations

import gzip
import json

from .clients import http_get, redis_cmd
from .log import BenchError, log
from .settings import BROWSER_AE, FACETS_QUERY, PAGE_QUERY
from .stack import Stack


def prepare_page(stack: Stack) -> tuple[int, int]:
    """Cache, store and check the page; its size in bytes as identity and as gzip."""
    path = f"/api/v1/products?{PAGE_QUERY}"
    status, headers, _ = http_get(stack.url("nginx", path), timeout=30)
    if status != 200:
        raise BenchError(f"first search through nginx answered {status}")
    status, headers, body = http_get(stack.url("nginx", path))
    if headers.get("x-cache") != "HIT":
        raise BenchError(f"second search is not a HIT: {headers}")
    page = json.loads(body)
    if len(page["products"]) != 50:
        raise BenchError(f"the page has {len(page['products'])} products, not 50")
    page_bytes = len(body)
    (stack.run_dir / "data/page.json").write_bytes(body)
    page_gz_bytes = write_precompressed(stack, path, page)
    orig_key = "orig:" + "&".join(sorted(PAGE_QUERY.split("&")))
    if not redis_cmd(stack.ports["redis"], "SET", orig_key, body).startswith(b"+OK"):
        raise BenchError("could not store the original design's page")
    checks = {
        "nginx static": stack.url("front", "/static/page.json"),
        "proxy_pass": stack.url("front", "/proxy/page.json"),
        "proxy_cache": stack.url("front", "/cached/page.json"),
        "original": stack.url("front", f"/original{path}"),
        "api-1": stack.url("api-1", path), "api-2": stack.url("api-2", path),
        "api-3": stack.url("api-3", path), "api-direct": stack.url("api-direct", path),
        "api-nol1": stack.url("api-nol1", path),
    }
    for what, u in checks.items():
        s, h, b = http_get(u)
        if s != 200 or abs(len(b) - len(body)) > len(body) // 10:
            raise BenchError(f"{what}: {u} answered {s} with {len(b)} bytes")
    check_browser_answers(checks, page)
    log(f"the page: {PAGE_QUERY}, {page_bytes} bytes, 50 products; gzip {page_gz_bytes} bytes")
    return page_bytes, page_gz_bytes


def prepare_facets(stack: Stack) -> tuple[int, int]:
    """Cache, store and check the facet counts; their size in bytes as identity and as gzip."""
    path = f"/api/v1/facets?{FACETS_QUERY}"
    status, headers, body = http_get(stack.url("nginx", path), timeout=30)
    if status != 200:
        raise BenchError(f"first facet request through nginx answered {status}: {body[:300]!r}")
    status, headers, body = http_get(stack.url("nginx", path))
    if headers.get("x-cache") != "HIT":
        raise BenchError(f"second facet request is not a HIT: {headers}")
    facets = json.loads(body)
    check_facets(facets, FACETS_QUERY)
    (stack.run_dir / "data/facets.json").write_bytes(body)
    gz_bytes = write_precompressed(stack, path, facets, "facets.json.gz")
    checks = {"proxy_pass (facets)": stack.url("front", "/proxy/facets.json"),
              **{name: stack.url(name, path)
                 for name in ("api-1", "api-2", "api-3", "api-direct", "api-nol1")}}
    for what, u in checks.items():
        s, h, b = http_get(u)
        if s != 200 or b != body:
            raise BenchError(f"{what}: {u} answered {s} with {len(b)} bytes, not the "
                             f"{len(body)} bytes of the counts")
    check_browser_answers(checks, facets)
    log(f"the facet counts: {FACETS_QUERY}, {len(body)} bytes, "
        f"{sum(len(v) for v in facets['facets'].values())} values; gzip {gz_bytes} bytes")
    return len(body), gz_bytes


def check_facets(facets: dict, query: str) -> None:
    """The answer has every facet the query asks for, each with values, and a total."""
    asked = dict(p.split("=", 1) for p in query.split("&"))["facets"].split(",")
    got = facets.get("facets", {})
    if sorted(got) != sorted(asked):
        raise BenchError(f"the facet counts have {sorted(got)}, not {sorted(asked)}")
    empty = [name for name in asked if not got[name]]
    if empty or not facets.get("total"):
        raise BenchError(f"the facet counts are empty: total {facets.get('total')}, no values "
                         f"for {empty}")


def write_precompressed(stack: Stack, path: str, page: dict, name: str = "page.json.gz") -> int:
    """The api's own gzip answer of `path` as data/`name` (page.json.gz for the page): what the
    compressed ceilings serve (gzip_static, and the trivial upstream). Its size in bytes."""
    status, headers, gz = http_get(stack.url("api-direct", path),
                                   headers={"Accept-Encoding": "gzip"})
    if status != 200 or headers.get("content-encoding") != "gzip":
        raise BenchError(f"api gzip answer: {status} {headers}")
    if json.loads(gzip.decompress(gz)) != page:
        raise BenchError(f"the api's gzip answer of {path} does not decode to the identity one")
    (stack.run_dir / "data" / name).write_bytes(gz)
    return len(gz)


def check_browser_answers(checks: dict[str, str], page: dict) -> None:
    """Asked as a browser asks, every target answers gzip that decodes to `page` (the original
    design's answer, which is its own, only gzip)."""
    for what, u in checks.items():
        s, h, b = http_get(u, headers={"Accept-Encoding": BROWSER_AE})
        if s != 200 or h.get("content-encoding") != "gzip":
            raise BenchError(f"{what}: {u} as a browser: {s}, Content-Encoding "
                             f"{h.get('content-encoding')}")
        got = json.loads(gzip.decompress(b))
        if what != "original" and got != page:
            raise BenchError(f"{what}: the gzip answer does not decode to the page")
