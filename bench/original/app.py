"""The original design, the peer SSS is measured against: FastAPI on uvicorn (2 workers) with
redis-py. A hit is what that design does for every request: GET the page from Redis, parse it
(json.loads) and encode it again (json.dumps). bench/run starts it behind the same nginx as SSS:

    BENCH_REDIS_URL=redis://127.0.0.1:PORT/ uvicorn app:app --workers 2 --port PORT
"""

import json
import os

import redis.asyncio as redis
from fastapi import FastAPI, Request, Response

app = FastAPI()
cache = redis.Redis.from_url(os.environ["BENCH_REDIS_URL"], max_connections=64)


def cache_key(query: str) -> str:
    """The query string with its parameters sorted: two spellings of one query share a key."""
    return "orig:" + "&".join(sorted(p for p in query.split("&") if p))


@app.get("/api/v1/products")
async def products(request: Request) -> Response:
    raw = await cache.get(cache_key(request.url.query))
    if raw is None:
        return Response(status_code=404)
    body = json.dumps(json.loads(raw))
    return Response(content=body, media_type="application/json")
