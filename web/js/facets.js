// The filter panel: brand, colour, size, price band, discount and retailer, each a fieldset of
// choices with the number of products each would give (GET /api/v1/facets; the counts are
// disjunctive, so a facet's own choices keep their counts while some are ticked). Brand,
// colour, size and retailer take several values (checkboxes); price band and discount one
// (radios). Beside the sidebar each facet is a button with its choices in a popover; on a
// narrow screen one "Filters" button opens them all as a list of sections above the results.
// It only draws and reports choices; main.js puts them in the URL and loads.

import { h, replace, count } from './dom.js';
import { money, swatch } from './format.js';

/** The facets in the panel's order: the search parameter each sets and how many it takes. */
export const FACETS = [
  { key: 'brand', label: 'Brand', param: 'brand', multi: true },
  { key: 'color', label: 'Colour', param: 'color', multi: true },
  { key: 'size', label: 'Size', param: 'size', multi: true },
  { key: 'price', label: 'Price', multi: false },
  { key: 'discount', label: 'Discount', multi: false },
  { key: 'retailer', label: 'Retailer', param: 'retailer', multi: true },
];
// Choices shown before "Show more" (the API sends at most 50 per facet).
const SHOWN = 8;
const narrow = () => matchMedia('(max-width: 860px)').matches;

// The name of a value seen in any answer (for the chips of a view restored from its URL).
const names = new Map();

/** The name of a multi-value filter's value (`brand`, `color`, `size`, `retailer`), if seen. */
export const nameOf = (param, id) => names.get(`${param}:${id}`);

/** Remembers names seen elsewhere (the cards' brands), without replacing the facets' own. */
export function learnName(param, id, name) {
  if (id && name && !names.has(`${param}:${id}`)) names.set(`${param}:${id}`, name);
}

/** A price band's label: "$25 – $50", "$150 and up". */
export function priceLabel(min, max) {
  const lo = money(Number(min)) || min;
  const hi = money(Number(max)) || max;
  if (min && max) return `${lo} – ${hi}`;
  return min ? `${lo} and up` : `Up to ${hi}`;
}

export const discountLabel = (min) => `${min}% off or more`;

const sameNumber = (a, b) => a !== '' && a !== undefined && b !== undefined && b !== null && Number(a) === Number(b);

export function createFacets({ root, toggle, groups, badge }, { onChange }) {
  let view = null;
  let data = null; // the facets of `view`, or null while they load
  const expanded = new Set(); // facets whose "Show more" is open
  const parts = new Map(FACETS.map((facet) => {
    const el = groups.querySelector(`[data-facet="${facet.key}"]`);
    return [facet.key, {
      facet,
      el,
      button: el.querySelector('.facet-button'),
      pop: el.querySelector('.facet-pop'),
      values: el.querySelector('.facet-values'),
      more: el.querySelector('.facet-more'),
      n: el.querySelector('.facet-n'),
    }];
  }));

  // --- what the view has chosen ----------------------------------------------------------

  function chosen(facet) {
    if (facet.multi) return view[facet.param] ?? [];
    if (facet.key === 'price') return view.minPrice || view.maxPrice ? ['price'] : [];
    return view.minDiscount ? ['discount'] : [];
  }

  function isChecked(facet, value) {
    if (facet.multi) return (view[facet.param] ?? []).includes(value.id);
    if (facet.key === 'price') {
      return sameNumber(view.minPrice, value.min)
        && (value.max === undefined || value.max === null ? !view.maxPrice : sameNumber(view.maxPrice, value.max));
    }
    return sameNumber(view.minDiscount, value.min);
  }

  // The changes to the view that choosing `input` makes.
  function changesFor(facet, input) {
    if (facet.multi) {
      const current = view[facet.param] ?? [];
      const next = input.checked ? [...current.filter((v) => v !== input.value), input.value] : current.filter((v) => v !== input.value);
      return { [facet.param]: next };
    }
    if (facet.key === 'price') {
      const [min = '', max = ''] = input.value ? input.value.split('-') : [];
      return { minPrice: min, maxPrice: max };
    }
    return { minDiscount: input.value };
  }

  // --- drawing ---------------------------------------------------------------------------

  /** The view changed (its URL): ticks, badges and the panel's state, before its counts arrive. */
  function sync(next) {
    view = next;
    let total = 0;
    for (const part of parts.values()) {
      const n = part.facet.multi ? chosen(part.facet).length : chosen(part.facet).length ? 1 : 0;
      total += n;
      part.n.textContent = n ? String(n) : '';
      part.button.classList.toggle('is-active', n > 0);
      for (const input of part.values.querySelectorAll('input')) {
        const value = input._value;
        input.checked = value ? isChecked(part.facet, value) : !chosen(part.facet).length;
      }
    }
    badge.textContent = total ? `(${total})` : '';
    root.classList.toggle('has-filters', total > 0);
  }

  /** The counts are being asked for: the choices on screen stay, dimmed. */
  function loading() {
    data = null;
    groups.classList.add('is-stale');
    groups.setAttribute('aria-busy', 'true');
  }

  /** Draws the counts of `next` (`body`: the API's answer). */
  function show(next, body) {
    view = next;
    data = body;
    groups.classList.remove('is-stale');
    groups.removeAttribute('aria-busy');
    for (const part of parts.values()) draw(part);
    sync(view);
  }

  function error(message) {
    data = null;
    groups.classList.remove('is-stale');
    groups.removeAttribute('aria-busy');
    for (const part of parts.values()) {
      replace(part.values, h('li', { class: 'facet-note' }, `Counts unavailable: ${message}`));
      part.more.hidden = true;
    }
  }

  // One facet's choices: updated in place when they are the same as on screen (so focus and
  // the popover stay put while its own counts do not change), drawn afresh otherwise.
  function draw(part) {
    const { facet } = part;
    const values = [...(data?.facets?.[facet.key] ?? [])];
    for (const value of values) if (facet.multi) names.set(`${facet.param}:${value.id}`, value.name);
    // A ticked value the answer does not list (past the first 50, or no longer matching) stays.
    if (facet.multi) {
      for (const id of view[facet.param] ?? []) {
        if (!values.some((v) => v.id === id)) values.push({ id, name: names.get(`${facet.param}:${id}`) ?? `${facet.label} ${id}`, count: 0 });
      }
    }
    const keys = values.map((v) => keyOf(facet, v));
    const inputs = [...part.values.querySelectorAll('input')];
    const onScreen = inputs.filter((i) => i._value).map((i) => keyOf(facet, i._value));
    if (onScreen.length && onScreen.join('\n') === keys.join('\n')) {
      inputs.filter((i) => i._value).forEach((input, i) => {
        input._value = values[i];
        input.closest('label').querySelector('.facet-count').textContent = count(values[i].count);
      });
    } else {
      const focused = part.values.contains(document.activeElement) ? document.activeElement.value : null;
      const options = values.map((value) => option(facet, value));
      if (!facet.multi) options.unshift(option(facet, null));
      if (!values.length) options.push(h('li', { class: 'facet-note' }, facet.multi ? 'None in these results' : 'No counts'));
      replace(part.values, options);
      if (focused !== null) part.values.querySelector(`input[value="${CSS.escape(focused)}"]`)?.focus();
    }
    collapse(part);
  }

  // The value of a choice's input: an id, a price band's "min-max" ("150-": no top), a discount's min.
  const keyOf = (facet, value) => {
    if (facet.multi) return value.id;
    return facet.key === 'price' ? `${value.min}-${value.max ?? ''}` : String(value.min);
  };

  // One choice: a checkbox (or radio) whose label is its name and how many products it gives.
  function option(facet, value) {
    const name = `facet-${facet.key}`;
    const input = h('input', {
      type: facet.multi ? 'checkbox' : 'radio',
      name,
      value: value ? keyOf(facet, value) : '',
    });
    input._value = value;
    let label;
    if (!value) label = facet.key === 'price' ? 'Any price' : 'Any discount';
    else if (facet.key === 'price') label = priceLabel(value.min, value.max);
    else if (facet.key === 'discount') label = discountLabel(value.min);
    else label = value.name;
    const tint = facet.key === 'color' && value ? swatch(value.name) : null;
    const dot = facet.key === 'color' && value
      ? h('span', { class: `swatch${tint ? '' : ' swatch-multi'}`, 'aria-hidden': 'true' })
      : null;
    if (dot && tint) dot.style.setProperty('--swatch', tint);
    return h('li', {}, h('label', { class: 'facet-option' },
      input,
      dot,
      h('span', { class: 'facet-name' }, label),
      value ? h('span', { class: 'count' },
        h('span', { class: 'facet-count' }, count(value.count)),
        h('span', { class: 'visually-hidden' }, ' products')) : null));
  }

  // Long lists show their first choices (and any ticked one) until "Show more".
  function collapse(part) {
    const items = [...part.values.children].filter((li) => li.querySelector('input')?._value);
    const open = expanded.has(part.facet.key);
    let hidden = 0;
    items.forEach((li, i) => {
      const hide = !open && i >= SHOWN && !li.querySelector('input').checked;
      li.hidden = hide;
      if (hide) hidden++;
    });
    const long = items.length > SHOWN;
    part.more.hidden = !long;
    if (long) {
      part.more.setAttribute('aria-expanded', String(open));
      part.more.textContent = open ? 'Show fewer' : `Show ${hidden} more`;
    }
  }

  // --- opening and closing ---------------------------------------------------------------

  function setOpen(part, open) {
    part.pop.hidden = !open;
    part.button.setAttribute('aria-expanded', String(open));
    part.el.classList.toggle('is-open', open);
  }

  function closeAll(except) {
    for (const part of parts.values()) if (part !== except && !part.pop.hidden) setOpen(part, false);
  }

  function setPanel(open) {
    toggle.setAttribute('aria-expanded', String(open));
    root.classList.toggle('is-open', open);
  }

  for (const part of parts.values()) {
    part.button.addEventListener('click', () => {
      const open = part.pop.hidden;
      if (!narrow()) closeAll(part);
      setOpen(part, open);
    });
    part.more.addEventListener('click', () => {
      if (expanded.has(part.facet.key)) expanded.delete(part.facet.key);
      else expanded.add(part.facet.key);
      collapse(part);
    });
    part.values.addEventListener('change', (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement)) return;
      onChange(changesFor(part.facet, input));
    });
  }

  toggle.addEventListener('click', () => setPanel(toggle.getAttribute('aria-expanded') !== 'true'));

  // Beside the sidebar a popover closes with Escape (back to its button), a click elsewhere,
  // or when the keyboard moves on past it.
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || narrow()) return;
    const part = [...parts.values()].find((p) => !p.pop.hidden);
    if (!part) return;
    event.preventDefault();
    setOpen(part, false);
    part.button.focus();
  });
  document.addEventListener('click', (event) => {
    if (narrow() || event.target.closest?.('.facet')) return;
    closeAll();
  });
  root.addEventListener('focusout', (event) => {
    if (narrow() || !event.relatedTarget) return;
    for (const part of parts.values()) {
      if (!part.pop.hidden && !part.el.contains(event.relatedTarget)) setOpen(part, false);
    }
  });

  /** Closes every popover (a new view drawn by a link, say a chip's). */
  function close() {
    if (!narrow()) closeAll();
  }

  return { sync, loading, show, error, close, hasCounts: () => data !== null };
}
