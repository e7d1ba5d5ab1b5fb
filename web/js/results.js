// The right-hand side: heading and breadcrumb, active filters, status line, messages, the grid
// of cards and the paging controls. It only draws; main.js decides what to load.

import { h, replace, count, plural } from './dom.js';
import { firstRowSettled, releasePictures, renderCard } from './card.js';
import { discountLabel, learnName, nameOf, priceLabel } from './facets.js';
import { toHref, withChanges, withoutFilters, filterCount, paging, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET } from './state/url.js';
import { STARTERS } from './data/groups.js';

const SKELETONS = 8;
// The chip of a multi-value filter's value whose name is not known yet ("Brand 12").
const CHIP_NAMES = [['brand', 'Brand'], ['color', 'Colour'], ['size', 'Size'], ['retailer', 'Retailer']];

export function createResults(els, { onLoadMore }) {
  /** The title of a view, for the heading and the document title. */
  function title(view, index) {
    // The tree's root (a brand taken from the suggestions outside any category) is every product.
    if (view.cat && view.cat === index?.root) return view.fts ? `Search: “${view.fts}”` : 'All products';
    if (view.cat) return index?.get(view.cat)?.name ?? view.cat;
    if (view.fts) return `Search: “${view.fts}”`;
    return 'Browse the catalog';
  }

  function heading(view, index) {
    const text = title(view, index);
    els.heading.textContent = text;
    document.title = view.cat || view.fts ? `${text} · SSS` : 'SSS · ShopStyleSearch';
    const path = view.cat && index ? index.path(view.cat) : [];
    replace(els.breadcrumb, path.length ? h('ol', {},
      h('li', {}, h('a', { href: '/', 'data-nav': true }, 'All')),
      path.map((cat, i) => h('li', {}, i === path.length - 1
        ? h('span', { 'aria-current': 'page' }, cat.name)
        : h('a', { href: toHref({ cat: cat.id }), 'data-nav': true }, cat.name)))) : null);
    replace(els.filters, filterChips(view, index));
  }

  // One removable chip per active filter; each is a link to the view without it.
  function filterChips(view, index) {
    const chips = [];
    const chip = (label, changes) => chips.push(h('li', {},
      h('a', { class: 'filter-chip', href: toHref(withChanges(view, changes)), 'data-nav': true },
        label, h('span', { class: 'filter-x', 'aria-hidden': 'true' }, '×'),
        h('span', { class: 'visually-hidden' }, ' (remove)'))));
    if (view.fts && view.cat) chip(`“${view.fts}”`, { fts: '' });
    if (view.fts && view.cat) chip(`in ${index?.name(view.cat) ?? view.cat}`, { cat: '' });
    if (view.sale === 'true') chip('On sale', { sale: '' });
    for (const [key, label] of CHIP_NAMES) {
      for (const id of view[key]) {
        const name = nameOf(key, id);
        chip(key === 'size' ? `Size ${name ?? id}` : name ?? `${label} ${id}`, { [key]: view[key].filter((v) => v !== id) });
      }
    }
    if (view.minPrice || view.maxPrice) chip(priceLabel(view.minPrice, view.maxPrice), { minPrice: '', maxPrice: '' });
    if (view.minDiscount) chip(discountLabel(view.minDiscount), { minDiscount: '' });
    if (!chips.length) return null;
    if (filterCount(view) > 1) {
      chips.push(h('li', {}, h('a', { class: 'filter-clear', href: toHref(withoutFilters(view)), 'data-nav': true }, 'Clear filters')));
    }
    return h('ul', { 'aria-label': 'Active filters' }, chips);
  }

  function loading({ append = false } = {}) {
    els.root.setAttribute('aria-busy', 'true');
    replace(els.status, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…');
    els.status.dataset.cache = '';
    replace(els.message);
    const button = els.more.querySelector('.load-more');
    if (append && button) {
      button.disabled = true;
      button.textContent = 'Loading…';
    } else if (!els.grid.querySelector('.card:not(.skeleton)')) {
      replace(els.grid, Array.from({ length: SKELETONS }, () => h('li', { class: 'card skeleton', 'aria-hidden': 'true' },
        h('div', { class: 'card-media' }), h('div', { class: 'card-body' }, h('span'), h('span'), h('span')))));
    } else {
      els.grid.classList.add('is-stale');
    }
  }

  function done() {
    els.root.removeAttribute('aria-busy');
    els.grid.classList.remove('is-stale');
  }

  function status(result) {
    const cache = result.cache || 'UNKNOWN';
    const age = Number.parseInt(result.age ?? '', 10);
    els.status.dataset.cache = cache;
    replace(els.status,
      h('span', { class: `cache-badge cache-${cache.toLowerCase()}`, title: 'X-Cache: how the server answered' }, cache),
      h('span', {}, `${Math.max(1, Math.round(result.ms))} ms`),
      Number.isFinite(age) && age > 0 ? h('span', {}, `cached ${age} s ago`) : null,
      result.requestId ? h('span', { class: 'request-id', title: 'X-Request-Id' }, `request ${result.requestId}`) : null);
  }

  /** Draws a page of results; with `append`, keeps the cards already shown and adds the rest. */
  function show(view, result, index, { append = false } = {}) {
    done();
    status(result);
    const { total, products } = result.body;
    // "partial": no product has every word; the server answered with the closest matches.
    const partial = result.body.match === 'partial' && view.fts && total > 0;
    // "corrected": the words as the server understood them after fixing typos ("sneakers" for
    // "sneekers"); said first, on the summary's line.
    const corrected = correctedText(view, result.body);
    const understood = corrected ?? view.fts;
    const counted = partial
      ? `No exact match for “${understood}”; showing the ${count(total)} closest ${total === 1 ? 'match' : 'matches'}`
      : plural(total, 'product');
    replace(els.summary, corrected ? [h('span', { class: 'corrected' }, 'Showing results for ', h('strong', {}, corrected)), ' · '] : null, counted);
    els.summary.classList.toggle('summary-partial', Boolean(partial));
    for (const p of products) learnName('brand', p.brand?.id, p.brand?.name);
    if (!append) els.announce.textContent = corrected ? `Showing results for ${corrected}. ${counted}` : counted;
    replace(els.filters, filterChips(view, index));
    const kept = append ? [...els.grid.querySelectorAll('.card:not(.skeleton)')] : [];
    const same = kept.length <= products.length && kept.every((li, i) => li.dataset.id === products[i].id);
    const start = same ? kept.length : 0;
    const cards = products.slice(start).map((p, i) => renderCard(p, { view, index, position: start + i }));
    if (start) els.grid.append(...cards);
    else replace(els.grid, cards);
    if (start) releasePictures(cards);
    else firstRowSettled(cards, 2500).then(() => releasePictures(cards));
    if (!products.length) replace(els.message, empty(view, total, index));
    else replace(els.message);
    more(view, total, products.length);
    if (append && start && cards.length) cards[0].querySelector('.card-name a, .card-name')?.focus?.();
  }

  /** Names the categories of the page on screen once they are known, without redrawing it. */
  function relabel(view, result, index) {
    for (const chip of els.grid.querySelectorAll('.chip[data-cat]')) chip.textContent = index.name(chip.dataset.cat);
    replace(els.filters, filterChips(view, index));
    if (!result.body.products.length) replace(els.message, empty(view, result.body.total, index));
  }

  // The page's `corrected` when it differs from the text as typed (beyond case and spaces).
  function correctedText(view, body) {
    const corrected = typeof body.corrected === 'string' ? body.corrected.trim() : '';
    const norm = (text) => text.toLowerCase().replace(/\s+/g, ' ').trim();
    return corrected && view.fts && norm(corrected) !== norm(view.fts) ? corrected : null;
  }

  function empty(view, total, index) {
    const { offset } = paging(view);
    if (total > 0 && offset >= total) {
      return h('div', { class: 'notice' },
        h('h2', {}, 'This page is past the last result'),
        h('p', {}, `There are ${plural(total, 'product')} in this view.`),
        h('p', {}, h('a', { href: toHref(withChanges(view, {})), 'data-nav': true, class: 'button' }, 'Go to the first page')));
    }
    const ways = [];
    if (view.fts && view.cat) ways.push(h('a', { href: toHref(withChanges(view, { cat: '' })), 'data-nav': true }, `Search all categories for “${view.fts}”`));
    const filtered = filterCount(view) > 0;
    if (filtered) {
      ways.push(h('a', { href: toHref(withoutFilters(view)), 'data-nav': true }, 'Remove the filters'));
    }
    const where = view.cat ? ` in ${index?.name(view.cat) ?? view.cat}` : '';
    const why = view.fts ? `Nothing matches “${view.fts}”${where}.`
      : filtered ? `Nothing${where} matches these filters.` : `There are no products${where} yet.`;
    return h('div', { class: 'notice' },
      h('h2', {}, 'No products match'),
      h('p', {}, why),
      ways.length ? h('ul', { class: 'notice-actions' }, ways.map((a) => h('li', {}, a))) : null);
  }

  // "Load more" (a bigger page, up to the API's limit) and previous/next pages.
  function more(view, total, shownCount) {
    const { offset, limit } = paging(view);
    const end = offset + shownCount;
    if (!shownCount) return replace(els.more);
    const canGrow = end < total && limit + DEFAULT_LIMIT <= MAX_LIMIT && shownCount === limit;
    const next = offset + limit;
    const hasNext = next < total && next <= MAX_OFFSET;
    const prev = Math.max(0, offset - limit);
    replace(els.more,
      canGrow ? h('button', { type: 'button', class: 'button load-more', onClick: () => onLoadMore(limit + DEFAULT_LIMIT) },
        `Load ${Math.min(DEFAULT_LIMIT, total - end)} more`) : null,
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        offset > 0 ? h('a', { class: 'button', rel: 'prev', href: toHref({ ...view, offset: String(prev) }), 'data-nav': true, dataset: { page: 'prev' } }, '← Previous')
          : h('span', { class: 'button is-disabled', 'aria-hidden': 'true' }, '← Previous'),
        h('span', { class: 'pager-info' }, `${count(offset + 1)}–${count(end)} of ${count(total)}`),
        hasNext ? h('a', { class: 'button', rel: 'next', href: toHref({ ...view, offset: String(next) }), 'data-nav': true, dataset: { page: 'next' } }, 'Next →')
          : h('span', { class: 'button is-disabled', 'aria-hidden': 'true' }, 'Next →')),
      total > MAX_OFFSET + limit ? h('p', { class: 'pager-note' }, `The first ${count(MAX_OFFSET + limit)} results can be paged through; narrow the search to reach the rest.`) : null);
  }

  function error(err, retry) {
    done();
    els.status.dataset.cache = 'ERROR';
    replace(els.status,
      h('span', { class: 'cache-badge cache-error' }, err.status ? `ERROR ${err.status}` : 'ERROR'),
      err.ms ? h('span', {}, `${Math.max(1, Math.round(err.ms))} ms`) : null,
      err.requestId ? h('span', { class: 'request-id' }, `request ${err.requestId}`) : null);
    replace(els.grid);
    replace(els.more);
    replace(els.summary);
    const titles = {
      api: 'The search could not be run',
      'rate-limited': 'Too many requests',
      network: 'The server cannot be reached',
      timeout: 'The server is taking too long',
    };
    const hint = {
      'rate-limited': err.retryAfter ? `Wait ${err.retryAfter} s, then try again.` : 'Wait a moment, then try again.',
      network: 'Check that the SSS server is running and reachable, then try again.',
    }[err.kind];
    replace(els.message, h('div', { class: 'notice notice-error', role: 'alert' },
      h('h2', {}, titles[err.kind] ?? 'Something went wrong'),
      h('p', { class: 'error-message' }, err.message),
      err.parameter ? h('p', { class: 'error-detail' }, `Parameter: ${err.parameter}`) : null,
      hint ? h('p', {}, hint) : null,
      h('p', { class: 'notice-buttons' },
        err.kind === 'api' && err.status < 500 ? null : h('button', { type: 'button', class: 'button button-primary', onClick: retry }, 'Try again'),
        h('a', { href: '/', 'data-nav': true, class: 'button' }, 'Start over'))));
  }

  function welcome(index) {
    done();
    els.status.dataset.cache = '';
    replace(els.status);
    replace(els.summary);
    replace(els.grid);
    replace(els.more);
    const starters = index ? STARTERS.map((id) => index.get(id)).filter(Boolean) : [];
    replace(els.message, h('div', { class: 'welcome' },
      h('p', {}, 'Pick a category, or search for anything: a colour, a brand, a style. ' +
        'The first search of a view asks the catalog; every repeat comes from the cache.'),
      starters.length ? h('ul', { class: 'starters', 'aria-label': 'Popular categories' }, starters.map((cat) => h('li', {},
        h('a', { href: toHref({ cat: cat.id }), 'data-nav': true, class: 'starter' },
          h('span', { class: 'starter-name' }, cat.fullName),
          h('span', { class: 'count' }, plural(cat.productCount ?? 0, 'product')))))) : null));
  }

  return { heading, loading, show, relabel, error, welcome };
}
