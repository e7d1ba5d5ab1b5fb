// Suggestions as you type on the search field: an ARIA combobox with a listbox popup, after the
// WAI-ARIA Authoring Practices' combobox pattern (list autocomplete, no automatic selection;
// docs/WEB.md, "Suggestions as you type"). The input keeps the focus; the option the arrow keys
// reach is pointed at by aria-activedescendant and marked aria-selected.
//
// Requests (GET /api/v1/suggest) wait DEBOUNCE_MS for the next keystroke, and a request whose
// text has changed since is aborted; empty input asks nothing. main.js loads this module when the
// field is first used, and decides what taking a suggestion does (`onPick`).

import { h, replace, count } from './dom.js';
import { fetchSuggestions } from './api.js';

const DEBOUNCE_MS = 120;
const LIMIT = 8;
const CACHED = 50; // answers kept for the texts typed last (a backspace shows them at once)
export const KINDS = { category: 'Category', brand: 'Brand', query: 'Search' };

/**
 * Wires `input` (role=combobox in index.html) to `listbox` (its popup) and `status` (a polite
 * live region saying how many suggestions there are). `onPick(suggestion)` is called with the
 * suggestion taken by Enter or a click: { kind, text, id?, count }.
 */
export function createCombobox({ input, listbox, status }, { onPick }) {
  let items = []; // the suggestions in the list
  let listFor = null; // the text they are for
  let active = -1; // the option with visual focus, or -1 (the input's own text)
  let timer = 0;
  let controller = null;
  let moveTo = null; // 'first' | 'last': where ArrowDown/ArrowUp on a closed list goes once it is in
  const cache = new Map();

  const typed = () => input.value.trim().replace(/\s+/g, ' ');
  const expanded = () => !listbox.hidden;

  function setExpanded(open) {
    if (open === expanded()) return;
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) setActive(-1);
  }

  function setActive(index) {
    listbox.querySelector('[aria-selected="true"]')?.setAttribute('aria-selected', 'false');
    active = index;
    const option = index >= 0 ? listbox.children[index] : null;
    if (!option) {
      active = -1;
      input.removeAttribute('aria-activedescendant');
      return;
    }
    option.setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  /** Stops what is pending (a timer, a request) and closes the list. */
  function close() {
    clearTimeout(timer);
    controller?.abort();
    controller = null;
    moveTo = null;
    setExpanded(false);
  }

  // One option: its text, its kind and how many products it finds. The hidden commas make the
  // accessible name read "Men's Sneakers, Category, 2,406 products".
  function option(suggestion, i) {
    return h('li', { id: `${listbox.id}-${i}`, role: 'option', 'aria-selected': 'false', class: 'suggestion', dataset: { kind: suggestion.kind } },
      h('span', { class: 'suggestion-text' }, suggestion.text),
      h('span', { class: 'visually-hidden' }, ', '),
      h('span', { class: 'suggestion-kind' }, KINDS[suggestion.kind] ?? suggestion.kind),
      h('span', { class: 'visually-hidden' }, ', '),
      h('span', { class: 'count suggestion-count' }, count(suggestion.count), h('span', { class: 'visually-hidden' }, suggestion.count === 1 ? ' product' : ' products')));
  }

  function show(text, suggestions) {
    if (text !== listFor || suggestions !== items) {
      items = suggestions;
      listFor = text;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      replace(listbox, suggestions.map(option));
    }
    const open = items.length > 0 && document.activeElement === input;
    setExpanded(open);
    const said = open ? `${items.length} ${items.length === 1 ? 'suggestion' : 'suggestions'}` : '';
    if (status.textContent !== said) status.textContent = said;
    if (open && moveTo) setActive(moveTo === 'first' ? 0 : items.length - 1);
    moveTo = null;
  }

  async function ask(text) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      const suggestions = await fetchSuggestions(text, { limit: LIMIT, signal: mine.signal });
      cache.delete(text);
      cache.set(text, suggestions);
      if (cache.size > CACHED) cache.delete(cache.keys().next().value);
      if (controller !== mine || typed() !== text) return;
      controller = null;
      show(text, suggestions);
    } catch (err) {
      if (controller !== mine) return;
      // Suggestions are an aid: when they cannot be had, the field searches as before.
      controller = null;
      close();
    }
  }

  /** The text changed (or the list is asked for): the list for it, now if known, else soon. */
  function update({ now = false } = {}) {
    clearTimeout(timer);
    const text = typed();
    if (text === listFor && controller === null) return show(text, items);
    controller?.abort(); // stale: its text has changed
    controller = null;
    if (!text) {
      moveTo = null;
      setExpanded(false);
      return;
    }
    if (cache.has(text)) return show(text, cache.get(text));
    if (now) ask(text);
    else timer = setTimeout(() => ask(text), DEBOUNCE_MS);
  }

  function move(delta) {
    const n = items.length;
    if (!n) return;
    setActive(active < 0 ? (delta > 0 ? 0 : n - 1) : (active + delta + n) % n);
  }

  function take(index) {
    const suggestion = items[index];
    if (!suggestion) return;
    close();
    if (suggestion.kind === 'query') input.value = suggestion.text;
    onPick(suggestion);
  }

  input.addEventListener('input', () => {
    setActive(-1);
    update();
  });

  input.addEventListener('keydown', (event) => {
    if (event.isComposing || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        const down = event.key === 'ArrowDown';
        if (event.altKey) {
          // Alt+Down opens the list without choosing; Alt+Up closes it.
          if (down) update({ now: true });
          else setExpanded(false);
        } else if (expanded()) {
          move(down ? 1 : -1);
        } else if (typed()) {
          moveTo = down ? 'first' : 'last';
          update({ now: true });
        }
        break;
      }
      case 'Enter':
        if (expanded() && active >= 0) {
          event.preventDefault();
          take(active);
        } else {
          close(); // the form searches for the text as typed
        }
        break;
      case 'Escape':
        // The first Escape closes the list; with it closed, Escape clears the field.
        if (expanded()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          close();
          input.value = '';
          listFor = null;
        }
        break;
      case 'Tab':
        close();
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End':
        // The caret moves in the text again: no option has focus.
        setActive(-1);
        break;
      default:
    }
  });

  input.addEventListener('blur', close);

  // A press on the list keeps the focus in the field (so it does not blur and close first).
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest?.('[role="option"]');
    if (option) take([...listbox.children].indexOf(option));
  });
  return {
    /** Closes the list and drops what is pending (a search was started, a new view drawn). */
    close,
    /** Shows the list for the text typed so far (text typed before the module was loaded). */
    update,
  };
}
