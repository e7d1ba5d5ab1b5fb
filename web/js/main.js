// Wires the page: the URL is the state; every change is a history entry (or a replacement, for
// "load more"), and drawing always starts from the URL, so reload and back/forward reproduce it.

import { fetchCategories, fetchFacets, searchProducts } from './api.js';
import { indexCategories } from './categories.js';
import { firstRowSettled } from './card.js';
import { createFacets } from './facets.js';
import { createResults } from './results.js';
import { createSidebar } from './sidebar.js';
import { SORTS, hasQuery, parseState, toFacetParams, toHref, toParams, withChanges } from './state/url.js';

const $ = (id) => document.getElementById(id);

const els = {
  searchForm: $('search-form'),
  fts: $('fts'),
  filtersForm: $('filters'),
  sort: $('sort'),
  sale: $('sale'),
  minPrice: $('min-price'),
  maxPrice: $('max-price'),
  sidebar: $('sidebar'),
  sidebarToggle: $('sidebar-toggle'),
};

// A change of filters in the panel waits this long for the next one before loading, so ticking
// three brands in a row asks once.
const DEBOUNCE_MS = 150;

let view = parseState(location.search);
let index = null;
let inFlight = null;
let pending = 0; // the timer of a debounced load
// The facet counts on screen (or being asked for), by their query: paging and sorting keep them.
let counts = { key: null, controller: null };
let last = null; // { view, result } of the page on screen, to name its categories when they arrive
let drawn;
const firstDraw = new Promise((resolve) => { drawn = resolve; });

const results = createResults({
  root: $('results'),
  heading: $('results-heading'),
  breadcrumb: $('breadcrumb'),
  filters: $('active-filters'),
  status: $('status'),
  message: $('message'),
  summary: $('summary'),
  announce: $('announce'),
  grid: $('grid'),
  more: $('more'),
}, { onLoadMore: (limit) => go({ ...view, limit: String(limit) }, { replace: true, append: true }) });

const facets = createFacets({
  root: $('facets'),
  toggle: $('facets-toggle'),
  groups: $('facet-groups'),
  badge: $('facets-badge'),
}, { onChange: (changes) => go(withChanges(view, changes), { debounce: true }) });

const sidebar = createSidebar({
  tree: $('category-tree'),
  picks: $('quick-picks'),
  finder: $('cat-finder'),
  finderResults: $('finder-results'),
  showEmpty: $('show-empty'),
  picksSection: $('picks-section'),
  treeSection: $('tree-section'),
});

/**
 * Shows `next`: a new history entry unless `replace`; `append` keeps the cards on screen.
 * `debounce` (a choice in the filter panel): the URL, ticks and chips change at once, the
 * results and counts once no other choice has followed for DEBOUNCE_MS; the page does not scroll.
 */
function go(next, { replace = false, append = false, focus = false, debounce = false } = {}) {
  const href = toHref(next);
  if (replace) history.replaceState(null, '', href);
  else if (href !== location.pathname + location.search) history.pushState(null, '', href);
  view = parseState(location.search);
  clearTimeout(pending);
  if (debounce) {
    delete document.body.dataset.shown;
    syncControls();
    results.heading(view, index);
    pending = setTimeout(() => draw(), DEBOUNCE_MS);
    return;
  }
  facets.close();
  combobox?.close();
  draw({ append });
  if (!append) window.scrollTo({ top: 0 });
  if (focus) $('results-heading').focus({ preventScroll: true });
}

function draw({ append = false } = {}) {
  syncControls();
  sidebar.select(view.cat);
  results.heading(view, index);
  clearTimeout(pending);
  inFlight?.abort();
  inFlight = null;
  els.filtersForm.hidden = !hasQuery(view);
  if (!hasQuery(view)) {
    counts.controller?.abort();
    counts = { key: null, controller: null };
    last = null;
    results.welcome(index);
    shown();
    return;
  }
  load(view, { append });
  loadCounts(view);
}

// The facet counts of `target`, asked for alongside its results unless those on screen (or on
// their way) are already for the same search.
async function loadCounts(target) {
  const params = toFacetParams(target);
  const key = params.toString();
  if (counts.key === key) return;
  counts.controller?.abort();
  const controller = new AbortController();
  counts = { key, controller };
  facets.loading();
  try {
    const result = await fetchFacets(params, { signal: controller.signal });
    if (counts.controller !== controller) return;
    facets.show(target, result.body);
    results.heading(view, index);
  } catch (err) {
    if (err.kind === 'aborted' || counts.controller !== controller) return;
    counts.key = null; // asked again on the next view
    facets.error(err.message);
  }
}

async function load(target, { append }) {
  const controller = new AbortController();
  inFlight = controller;
  delete document.body.dataset.shown;
  results.loading({ append });
  try {
    const result = await searchProducts(toParams(target), { signal: controller.signal });
    if (inFlight !== controller) return;
    last = { view: target, result };
    results.show(target, result, index, { append });
    shown();
  } catch (err) {
    if (err.kind === 'aborted' || inFlight !== controller) return;
    last = null;
    results.error(err, () => {
      load(target, { append: false });
      loadCounts(target);
    });
    shown();
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

// Marks the view on screen as complete (body[data-shown] = the query string it was drawn for).
function shown() {
  document.body.dataset.shown = location.search;
  drawn();
}

async function loadCategories() {
  try {
    index = indexCategories(await fetchCategories());
  } catch (err) {
    sidebar.showError(err.message, loadCategories);
    return;
  }
  sidebar.setCategories(index);
  sidebar.select(view.cat);
  results.heading(view, index);
  if (last) results.relabel(last.view, last.result, index);
  else if (!hasQuery(view)) results.welcome(index);
}

function syncControls() {
  facets.sync(view);
  els.fts.value = view.fts;
  els.sort.value = SORTS.some(([value]) => value === view.sort) ? view.sort : 'relevance';
  els.sale.checked = view.sale === 'true';
  els.minPrice.value = view.minPrice;
  els.maxPrice.value = view.maxPrice;
}

function filterChanges() {
  return {
    minPrice: els.minPrice.value.trim(),
    maxPrice: els.maxPrice.value.trim(),
    sale: els.sale.checked ? 'true' : '',
    sort: els.sort.value === 'relevance' ? '' : els.sort.value,
  };
}

// The narrow layout's Categories panel is open (the toggle only shows in that layout).
function panelOpen() {
  return els.sidebarToggle.getAttribute('aria-expanded') === 'true' && getComputedStyle(els.sidebarToggle).display !== 'none';
}

/** Closes the narrow layout's panel; true when it was open. */
function closeSidebarOnNarrow() {
  if (!panelOpen()) return false;
  setSidebar(false);
  return true;
}

function setSidebar(open) {
  els.sidebarToggle.setAttribute('aria-expanded', String(open));
  els.sidebar.classList.toggle('is-open', open);
}

// --- suggestions as you type (js/suggest.js) --------------------------------------------------

// Loaded when the search field is first used, so the first paint and the first results ask for
// no more modules than before; text typed meanwhile is suggested for once it is in.
let combobox = null;
let comboboxLoading = null;
let typedEarly = false;

function loadCombobox() {
  comboboxLoading ??= import('./suggest.js').then(({ createCombobox }) => {
    combobox = createCombobox({ input: els.fts, listbox: $('fts-listbox'), status: $('fts-status') }, { onPick: pick });
    if (typedEarly && document.activeElement === els.fts) combobox.update({ now: true });
  }).catch(() => {
    comboboxLoading = null; // asked again on the next focus; the field still searches without it
  });
}

/** A suggestion taken: a category opens it; a brand searches for it (in the category on screen, if any); a query searches for its text. */
function pick(suggestion) {
  if (suggestion.kind === 'category') return go({ cat: suggestion.id });
  if (suggestion.kind === 'brand') {
    // The API needs a category or text: the whole tree's root, or the brand's name until the tree is in.
    const cat = view.cat || index?.root;
    return go(cat ? { cat, brand: [suggestion.id] } : { fts: suggestion.text, brand: [suggestion.id] });
  }
  return go(withChanges(view, { fts: suggestion.text }));
}

els.fts.addEventListener('focus', loadCombobox);
if (document.activeElement === els.fts) loadCombobox();
els.fts.addEventListener('input', () => {
  if (!combobox) typedEarly = true;
});

// --- events ---------------------------------------------------------------------------------

els.searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  typedEarly = false;
  combobox?.close();
  const fts = els.fts.value.trim();
  go(withChanges(view, { fts }), { focus: false });
});

els.filtersForm.addEventListener('submit', (event) => {
  event.preventDefault();
  go(withChanges(view, filterChanges()));
});
for (const control of [els.sort, els.sale]) {
  control.addEventListener('change', () => go(withChanges(view, filterChanges())));
}

els.sidebarToggle.addEventListener('click', () => {
  setSidebar(els.sidebarToggle.getAttribute('aria-expanded') !== 'true');
});

// Links inside the page ([data-nav]) become history entries instead of page loads.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  // A choice in the open panel closes it; focus goes on to the results it asked for rather than
  // falling back to the document with the panel's link.
  const fromPanel = els.sidebar.contains(link) && closeSidebarOnNarrow();
  go(parseState(url.search), { focus: link.dataset.page !== undefined || fromPanel });
});

// Escape closes the open panel and returns to its toggle (the finder's own Escape, clearing its
// text, comes first and prevents this).
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.defaultPrevented || !closeSidebarOnNarrow()) return;
  if (els.sidebar.contains(document.activeElement) || document.activeElement === document.body) els.sidebarToggle.focus();
});

window.addEventListener('popstate', () => {
  clearTimeout(pending);
  facets.close();
  combobox?.close();
  view = parseState(location.search);
  draw();
});

history.scrollRestoration = 'manual';
draw();
// The start page needs the categories at once. A results view asks for them once its results
// are drawn and their first pictures loaded, so the category list (the largest answer) does not
// compete with them for the connection; the sidebar and breadcrumb keep their place meanwhile.
if (!hasQuery(view)) loadCategories();
else firstDraw.then(() => firstRowSettled([...document.querySelectorAll('#grid .card')], 3000)).then(loadCategories);
