// The SSS public API v1 (README.md, "API"; the schema at `/api/openapi.json`), the only thing this page talks to.

const BASE = new URL('/api/v1/', location.origin);
const TIMEOUT_MS = 15000;

/** A failed request. `kind`: api (the API's JSON error), rate-limited, http, network, timeout, aborted. */
export class ApiError extends Error {
  constructor(kind, message, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = details.status ?? 0;
    this.code = details.code ?? '';
    this.parameter = details.parameter ?? '';
    this.retryAfter = details.retryAfter ?? null;
    this.requestId = details.requestId ?? '';
    this.ms = details.ms ?? 0;
  }
}

/** GET /api/v1/categories -> { root, categories: [...] } */
export async function fetchCategories({ signal } = {}) {
  const { body } = await getJson('categories', new URLSearchParams(), { signal });
  if (!body || !Array.isArray(body.categories)) {
    throw new ApiError('http', 'The category list came back in an unexpected shape.');
  }
  return body;
}

/**
 * GET /api/v1/products?... -> { body, cache, age, ms, requestId }
 * `cache: 'no-cache'` lets the browser keep a copy but always ask the server, which answers 304
 * with fresh X-Cache/Age headers when the ETag still matches; so X-Cache is the server's word.
 */
export async function searchProducts(params, { signal } = {}) {
  const result = await getJson('products', params, { signal, cache: 'no-cache' });
  if (!result.body || !Array.isArray(result.body.products)) {
    throw new ApiError('http', 'The search answer came back in an unexpected shape.', result);
  }
  return result;
}

/**
 * GET /api/v1/facets?... -> { body: { total, facets: { brand: [{ id, name, count }], ... } }, cache, ... }
 * The counts of every filter's values over a whole search (cached by the server like pages).
 */
export async function fetchFacets(params, { signal } = {}) {
  const result = await getJson('facets', params, { signal, cache: 'no-cache' });
  if (!result.body || typeof result.body.facets !== 'object' || result.body.facets === null) {
    throw new ApiError('http', 'The filter counts came back in an unexpected shape.', result);
  }
  return result;
}

/**
 * GET /api/v1/suggest?q=&limit= -> [{ kind: 'category'|'brand'|'query', text, id?, count }], best first.
 * Completions of what has been typed, from the catalog's data (cached by the server, and fresh
 * for a while in the browser's own cache, which answers a repeat without asking).
 */
export async function fetchSuggestions(q, { limit, signal } = {}) {
  const params = new URLSearchParams({ q });
  if (limit) params.set('limit', String(limit));
  const { body } = await getJson('suggest', params, { signal });
  if (!body || !Array.isArray(body.suggestions)) {
    throw new ApiError('http', 'The suggestions came back in an unexpected shape.');
  }
  return body.suggestions;
}

async function getJson(path, params, { signal, cache = 'default' }) {
  const url = new URL(path, BASE);
  url.search = params.toString();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  let response;
  let text;
  try {
    response = await fetch(url, { signal: timeout.signal, cache, headers: { Accept: 'application/json' } });
    text = await response.text();
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', 'The request was replaced by a newer one.');
    if (timeout.signal.aborted) {
      throw new ApiError('timeout', `The server did not answer within ${TIMEOUT_MS / 1000} seconds.`);
    }
    throw new ApiError('network', `Could not reach the SSS server (${err.message}).`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  const ms = networkTime(url.href) ?? performance.now() - started;
  const headers = response.headers;
  const meta = {
    status: response.status,
    ms,
    requestId: headers.get('X-Request-Id') || '',
    cache: (headers.get('X-Cache') || '').toUpperCase(),
    age: headers.get('Age'),
  };
  const body = parseJson(text);
  if (response.ok) {
    if (body === undefined) throw new ApiError('http', 'The server sent something that is not JSON.', meta);
    return { ...meta, body };
  }
  const error = body?.error;
  if (response.status === 429) {
    const retryAfter = Number.parseInt(headers.get('Retry-After') || '', 10);
    throw new ApiError('rate-limited', error?.message || 'Too many requests: the server is limiting how fast this page may ask.', {
      ...meta,
      code: error?.code || 'rate_limited',
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
    });
  }
  if (error && typeof error.message === 'string') {
    throw new ApiError('api', error.message, { ...meta, code: error.code, parameter: error.parameter });
  }
  throw new ApiError('http', `The server answered ${response.status} ${response.statusText}`.trim() + '.', meta);
}

// The request's own time from Resource Timing (request start to the last byte), which leaves out
// the time the page was busy drawing; null when the browser has no entry.
function networkTime(href) {
  const entry = performance.getEntriesByName(href, 'resource').at(-1);
  performance.clearResourceTimings();
  if (!entry || !entry.responseEnd) return null;
  return entry.responseEnd - (entry.requestStart || entry.startTime);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
