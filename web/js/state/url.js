// The view lives in the page URL with the API's own parameter names, e.g.
// /?cat=dresses&fts=blue&sort=price-asc&offset=40. Values are kept as typed: a value the API
// rejects (sort=cheapest) is sent anyway, so the page shows the API's own error message.

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 5000;

// The sort select's options in index.html are these (in the HTML, so the first paint has them).
export const SORTS = [
  ['relevance', 'Relevance'],
  ['price-asc', 'Price: low to high'],
  ['price-desc', 'Price: high to low'],
  ['newest', 'Newest'],
  ['popular', 'Popular'],
];

const SINGLE = ['cat', 'fts', 'sort', 'offset', 'limit', 'minPrice', 'maxPrice', 'minDiscount', 'sale'];
// The filters that take several values (any of them matches): the facet panel's checkboxes.
export const MULTI = ['brand', 'retailer', 'color', 'size'];

/** The view described by a query string ("?cat=dresses&..."). */
export function parseState(search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of SINGLE) {
    const value = params.get(key);
    state[key] = value === null ? '' : value.trim();
  }
  for (const key of MULTI) state[key] = params.getAll(key).map((v) => v.trim()).filter(Boolean);
  return state;
}

/** The query parameters of a view, defaults left out, in a fixed order. */
export function toParams(state) {
  const params = new URLSearchParams();
  const defaults = { sort: 'relevance', offset: '0', limit: String(DEFAULT_LIMIT), sale: 'false' };
  for (const key of SINGLE) {
    const value = state[key];
    if (value !== '' && value !== undefined && value !== defaults[key]) params.set(key, value);
  }
  for (const key of MULTI) for (const value of state[key] || []) params.append(key, value);
  return params;
}

// What /api/v1/facets does not take: its counts are over the whole search, not a page.
const PAGE_ONLY = ['offset', 'limit', 'sort'];

/** The query parameters of a view's facet counts: its search less paging and order. */
export function toFacetParams(state) {
  const params = toParams(state);
  for (const key of PAGE_ONLY) params.delete(key);
  return params;
}

/** How many facet filters a view has (each brand, colour, size and retailer, the price, the discount). */
export function filterCount(state) {
  return MULTI.reduce((n, key) => n + (state[key]?.length ?? 0), 0)
    + (state.minPrice || state.maxPrice ? 1 : 0) + (state.minDiscount ? 1 : 0) + (state.sale === 'true' ? 1 : 0);
}

/** The view without any filter: the same category, search and order. */
export const withoutFilters = (state) => ({ cat: state.cat, fts: state.fts, sort: state.sort });

/** The page URL of a view: "/?cat=dresses&sort=price-asc", or "/" for the start page. */
export function toHref(state, path = location.pathname) {
  const query = toParams(state).toString();
  return query ? `${path}?${query}` : path;
}

/** A new view: `changes` applied; anything but paging starts again at the first page. */
export function withChanges(state, changes) {
  const next = { ...state, ...changes };
  if (!('offset' in changes)) next.offset = '';
  if (!('offset' in changes) && !('limit' in changes)) next.limit = '';
  return next;
}

/** The API needs a category or search text. */
export const hasQuery = (state) => Boolean(state.cat || state.fts);

/** Offset and limit as numbers, for paging (invalid values fall back to the defaults). */
export function paging(state) {
  const offset = Number.parseInt(state.offset, 10);
  const limit = Number.parseInt(state.limit, 10);
  return {
    offset: Number.isFinite(offset) && offset >= 0 ? offset : 0,
    limit: Number.isFinite(limit) && limit >= 1 && limit <= MAX_LIMIT ? limit : DEFAULT_LIMIT,
  };
}
