"""schemathesis hooks for SSS's public API (loaded by scripts/test-contract).

The OpenAPI document states each parameter's bounds and pattern exactly, but JSON Schema cannot
state rules across parameters. The document's descriptions say them; this module applies them to
the requests schemathesis generates as *valid* ones, so the positive_data_acceptance check tests
what the document promises. Requests generated as invalid are left alone: the server must reject
each of them.

- GET /api/v1/products: `cat` or `fts` is required; offset + limit is at most 5000 (limit 20 when
  absent); minPrice is not above maxPrice.
- GET /api/v1/facets: `cat` or `fts` is required; minPrice is not above maxPrice.
- GET /api/v1/items/{category}/{sid}/{eid}: eid is above sid by 1 to 100, and at most 5000.
"""

import schemathesis

MAX_DEPTH = 5000
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A category every catalog has (the document lists the known ids).
SOME_CATEGORY = "dresses"


def _positive(case):
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _number(value):
    """The number a generated value stands for (some phases give strings), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        for kind in (int, float):
            try:
                return kind(value)
            except ValueError:
                pass
    return None


def _like(original, value):
    """`value` in the form of `original` (a string when the phase gave strings)."""
    return str(value) if isinstance(original, str) else value


@schemathesis.hook
def map_case(context, case):
    if not _positive(case):
        return case
    path = case.operation.path
    if path == "/api/v1/facets":
        query = dict(case.query or {})
        if query.get("cat") is None and query.get("fts") is None:
            query["cat"] = SOME_CATEGORY
        low, high = _number(query.get("minPrice")), _number(query.get("maxPrice"))
        if low is not None and high is not None and low > high:
            query["minPrice"], query["maxPrice"] = query["maxPrice"], query["minPrice"]
        case.query = query
    elif path == "/api/v1/products":
        query = dict(case.query or {})
        if query.get("cat") is None and query.get("fts") is None:
            query["cat"] = SOME_CATEGORY
        limit = _number(query.get("limit", DEFAULT_LIMIT))
        offset = _number(query.get("offset"))
        if isinstance(limit, int) and isinstance(offset, int) and offset + limit > MAX_DEPTH:
            query["offset"] = _like(query["offset"], MAX_DEPTH - limit)
        low, high = _number(query.get("minPrice")), _number(query.get("maxPrice"))
        if low is not None and high is not None and low > high:
            query["minPrice"], query["maxPrice"] = query["maxPrice"], query["minPrice"]
        case.query = query
    elif path == "/api/v1/items/{category}/{sid}/{eid}":
        params = dict(case.path_parameters or {})
        sid, eid = _number(params.get("sid")), _number(params.get("eid"))
        if isinstance(sid, int) and isinstance(eid, int):
            if not sid < eid <= min(sid + MAX_LIMIT, MAX_DEPTH):
                params["eid"] = _like(params["eid"], min(sid + 1 + eid % MAX_LIMIT, MAX_DEPTH))
        case.path_parameters = params
    return case
