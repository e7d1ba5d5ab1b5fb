// The sidebar: quick picks (the original page's groups), the whole category tree, and a finder.
// Every category is a real link (?cat=id); main.js turns clicks on [data-nav] into history entries.

import { h, replace, count } from './dom.js';
import { QUICK_PICKS } from './data/groups.js';
import { toHref } from './state/url.js';

const FINDER_LIMIT = 60;

export function createSidebar({ tree, picks, finder, finderResults, showEmpty, picksSection, treeSection }) {
  let index = null;
  let selected = '';
  let onPath = new Set();
  const expanded = new Set();

  const visible = (cat) => showEmpty.checked || cat.productCount > 0 || onPath.has(cat.id);

  function catLink(cat, label = cat.name) {
    return h('a', {
      class: 'cat',
      href: toHref({ cat: cat.id }),
      title: cat.fullName !== label ? cat.fullName : null,
      'data-nav': true,
      dataset: { cat: cat.id },
      'aria-current': cat.id === selected ? 'page' : null,
    },
    h('span', { class: 'cat-name' }, label),
    h('span', { class: 'count' }, count(cat.productCount ?? 0), h('span', { class: 'visually-hidden' }, ' products')));
  }

  // One row with an optional expander; `fill` draws the children the first time it opens.
  function node({ key, link, label, open, fill }) {
    const li = h('li', { class: 'node', dataset: { key } });
    if (!fill) {
      li.append(h('div', { class: 'row' }, h('span', { class: 'toggle-spacer' }), link));
      return li;
    }
    const sub = h('ul', { class: 'tree-list', id: `sub-${key}`, hidden: !open });
    const toggle = h('button', {
      type: 'button',
      class: 'toggle',
      'aria-expanded': String(open),
      'aria-controls': sub.id,
      'aria-label': `${label}: show subcategories`,
    });
    const setOpen = (value) => {
      if (value && !sub.childElementCount) sub.append(...fill());
      sub.hidden = !value;
      toggle.setAttribute('aria-expanded', String(value));
      if (value) expanded.add(key);
      else expanded.delete(key);
    };
    toggle.addEventListener('click', () => setOpen(sub.hidden));
    const head = link ?? h('button', { type: 'button', class: 'cat cat-group', onClick: () => setOpen(sub.hidden) },
      h('span', { class: 'cat-name' }, label));
    li.append(h('div', { class: 'row' }, toggle, head), sub);
    li.open = setOpen;
    if (open) setOpen(true);
    return li;
  }

  function treeNodes(parentId) {
    return index.children(parentId).filter(visible).map((cat) => {
      const hasKids = index.children(cat.id).some(visible);
      return node({
        key: `t-${cat.id}`,
        link: catLink(cat),
        label: cat.name,
        open: expanded.has(`t-${cat.id}`),
        fill: hasKids ? () => treeNodes(cat.id) : null,
      });
    });
  }

  function pickNodes(subgroups, group) {
    return subgroups.flatMap(([label, ids]) => {
      const cats = ids.map((id) => index.get(id)).filter(Boolean);
      if (!cats.length) return [];
      const key = `p-${group}-${label}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
      if (cats.length === 1) {
        return visible(cats[0]) ? [node({ key, link: catLink(cats[0], label) })] : [];
      }
      const parents = new Set(cats.map((c) => c.parentId));
      const parent = parents.size === 1 ? index.get([...parents][0]) : null;
      const shown = cats.filter(visible);
      if (!shown.length && !(parent && visible(parent))) return [];
      return [node({
        key,
        label,
        link: parent ? catLink(parent, label) : null,
        open: expanded.has(key),
        fill: shown.length ? () => shown.map((c) => node({ key: `${key}-${c.id}`, link: catLink(c) })) : null,
      })];
    });
  }

  function renderPicks() {
    picks.removeAttribute('aria-busy');
    replace(picks, QUICK_PICKS.map(([group, subgroups], i) => {
      const details = h('details', { class: 'pick-group', open: i === 0 },
        h('summary', {}, group),
        h('ul', { class: 'tree-list' }, pickNodes(subgroups, group)));
      return details;
    }));
  }

  function renderTree() {
    replace(tree, h('ul', { class: 'tree-list tree-root' }, treeNodes(index.root)));
  }

  function renderFinder() {
    const query = finder.value.trim().toLowerCase();
    finderResults.hidden = !query;
    picksSection.hidden = Boolean(query);
    // The tree shows once there is one (until then the picks say the categories are loading).
    treeSection.hidden = Boolean(query) || !index;
    if (!query || !index) return;
    const hits = index.all
      .filter((c) => visible(c) && `${c.name}\n${c.fullName}\n${c.id}`.toLowerCase().includes(query))
      .sort((a, b) => rank(a, query) - rank(b, query) || (b.productCount ?? 0) - (a.productCount ?? 0));
    const items = hits.slice(0, FINDER_LIMIT).map((cat) => h('li', {},
      catLink(cat, cat.fullName),
      h('span', { class: 'finder-path' }, index.path(cat.id).slice(0, -1).map((c) => c.name).join(' › '))));
    replace(finderResults,
      h('p', { class: 'side-note', role: 'status' },
        hits.length ? `${count(hits.length)} matching ${hits.length === 1 ? 'category' : 'categories'}` +
          (hits.length > FINDER_LIMIT ? `, first ${FINDER_LIMIT} shown` : '') : 'No category matches.'),
      h('ul', { class: 'finder-list' }, items));
  }

  function markSelected() {
    for (const link of tree.ownerDocument.querySelectorAll('.sidebar a.cat[aria-current]')) {
      link.removeAttribute('aria-current');
    }
    if (!selected) return;
    for (const link of tree.ownerDocument.querySelectorAll(`.sidebar a.cat[data-cat="${CSS.escape(selected)}"]`)) {
      link.setAttribute('aria-current', 'page');
    }
  }

  // Opens the tree down to the selected category and scrolls it into the sidebar's view. The
  // scrolling waits for the next frame's layout, so it reads positions without forcing one.
  function reveal() {
    if (!index || !selected) return;
    for (const cat of index.path(selected).slice(0, -1)) {
      const li = tree.querySelector(`li[data-key="${CSS.escape(`t-${cat.id}`)}"]`);
      li?.open?.(true);
    }
    const target = selected;
    requestAnimationFrame(() => setTimeout(() => {
      if (target === selected) scrollToSelected();
    }));
  }

  function scrollToSelected() {
    const link = tree.querySelector(`a.cat[data-cat="${CSS.escape(selected)}"]`);
    const scroller = tree.closest('.sidebar');
    if (!link || !scroller || scroller.scrollHeight <= scroller.clientHeight) return;
    const box = link.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom) {
      scroller.scrollTop += box.top - view.top - view.height / 3;
    }
  }

  function render() {
    renderPicks();
    renderTree();
    renderFinder();
    markSelected();
    reveal();
  }

  finder.addEventListener('input', renderFinder);
  finder.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && finder.value) {
      event.preventDefault(); // clears the finder; does not close the narrow layout's panel
      finder.value = '';
      renderFinder();
    }
  });
  showEmpty.addEventListener('change', () => index && render());

  return {
    setCategories(value) {
      index = value;
      onPath = new Set(index.path(selected).map((c) => c.id));
      render();
    },
    select(id) {
      const changed = id !== selected;
      selected = id || '';
      if (!index) return;
      const path = index.path(selected);
      const hiddenBefore = path.some((c) => !visible(c));
      onPath = new Set(path.map((c) => c.id));
      if (hiddenBefore) render();
      else {
        markSelected();
        if (changed) reveal();
      }
    },
    showError(message, retry) {
      picks.removeAttribute('aria-busy');
      replace(picks, h('div', { class: 'side-error', role: 'alert' },
        h('p', {}, `The categories could not be loaded: ${message}`),
        h('button', { type: 'button', class: 'button', onClick: retry }, 'Try again')));
    },
  };
}

// Names that start with the query first, then names that contain it, then the rest.
function rank(cat, query) {
  const name = cat.name.toLowerCase();
  if (name.startsWith(query)) return 0;
  if (name.includes(query)) return 1;
  return 2;
}
