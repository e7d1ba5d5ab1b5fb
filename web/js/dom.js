// A tiny element builder: no innerHTML, so text from the API is never parsed as markup.

/**
 * h('a', { class: 'x', href, onClick: fn, dataset: { id } }, 'text', child, [more])
 * Attributes that are null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces every child of `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

const numbers = new Intl.NumberFormat('en-US');
export const count = (n) => numbers.format(n);

/** "1 product", "2,345 products" */
export const plural = (n, word) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
