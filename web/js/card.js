// One product card. The picture sits over a placeholder that stays when the image cannot load
// (the catalog's images live on a CDN that an offline machine cannot reach).

import { h } from './dom.js';
import { money, swatch, pictureFor } from './format.js';
import { toHref, withChanges } from './state/url.js';

const MAX_CHIPS = 3;
const MAX_COLORS = 4;
// The cards of the first row load their pictures at once: two in the narrow layout, four
// beside the sidebar (app.css); the others wait for them (see releasePictures).
const firstRow = () => (matchMedia('(max-width: 860px)').matches ? 2 : 4);
// How wide a card's picture is drawn (the grid in app.css): two columns below 861 px, else
// columns of at least 190 px beside the 280 px sidebar.
const SIZES = '(max-width: 860px) 50vw, 340px';

/**
 * A <li> card for `product` in the view `view`; `index` (may be null) names the categories;
 * `position` is its place on the page (0 = first), which decides how eagerly its picture loads:
 * a picture after the first row is only asked for once releasePictures() is called.
 */
export function renderCard(product, { view, index, position = Infinity }) {
  const titleId = `product-${product.id}`;
  const page = safeUrl(product.pageUrl) || safeUrl(product.clickUrl);
  const paid = product.salePrice ?? product.price;
  return h('li', { class: 'card', dataset: { id: product.id, price: paid ?? '' } },
    h('article', { 'aria-labelledby': titleId },
      page ? h('a', { href: page, tabindex: '-1', 'aria-hidden': 'true', target: '_blank', rel: 'noopener noreferrer', class: 'card-media-link' }, media(product, position))
        : media(product, position),
      h('div', { class: 'card-body' },
        brandLine(product, view),
        h('h2', { class: 'card-name', id: titleId },
          page ? h('a', { href: page, target: '_blank', rel: 'noopener noreferrer' }, product.name) : product.name),
        priceLine(product),
        retailerLine(product),
        colorList(product.colors),
        chipList(product.categories, index))));
}

function media(product, position) {
  const frame = h('div', { class: `card-media ph-${pictureFor(product.categories)}` },
    h('span', { class: 'ph-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'ph-note', 'aria-hidden': 'true' }, 'No image'));
  const tint = swatch(product.colors?.[0]);
  if (tint) frame.style.setProperty('--tint', tint);
  if (product.discount > 0 && product.salePrice !== undefined) {
    frame.append(h('span', { class: 'sale-flag', 'aria-hidden': 'true' }, `−${product.discount}%`));
  }
  // Hosts under .invalid never resolve (RFC 2606): the catalog's stand-in for "no image".
  const url = imageUrl(product.image?.url);
  if (!url) {
    frame.classList.add('no-image');
    return frame;
  }
  const srcset = (product.image.smaller ?? [])
    .map((size) => [imageUrl(size.url), size.width])
    .filter(([src, width]) => src && width > 0)
    .map(([src, width]) => `${src} ${width}w`);
  if (srcset.length && product.image.width > 0) srcset.push(`${url} ${product.image.width}w`);
  const eager = position < firstRow();
  const img = h('img', {
    alt: '',
    loading: eager ? 'eager' : 'lazy',
    fetchpriority: position === 0 ? 'high' : null,
    decoding: 'async',
    referrerpolicy: 'no-referrer',
    width: product.image.width ?? null,
    height: product.image.height ?? null,
    sizes: srcset.length ? SIZES : null,
  });
  img.addEventListener('load', () => frame.classList.add('has-image'), { once: true });
  img.addEventListener('error', () => {
    img.remove();
    frame.classList.add('no-image');
  }, { once: true });
  if (eager) setSource(img, url, srcset.join(', '));
  else Object.assign(img.dataset, { src: url, srcset: srcset.join(', ') });
  frame.append(img);
  return frame;
}

function setSource(img, src, srcset) {
  if (srcset) img.srcset = srcset;
  img.src = src;
}

/**
 * Lets the pictures of `cards` after the first row load (lazily, as the page scrolls), so they
 * do not share the connection with the first row's; call it once those have loaded.
 */
export function releasePictures(cards) {
  for (const card of cards) {
    for (const img of card.querySelectorAll('img[data-src]')) {
      setSource(img, img.dataset.src, img.dataset.srcset);
      delete img.dataset.src;
      delete img.dataset.srcset;
    }
  }
}

/** Settles when the first row's pictures among `cards` have loaded or failed, or after `ms`. */
export function firstRowSettled(cards, ms) {
  const pending = cards.flatMap((card) => [...card.querySelectorAll('img[loading="eager"]')])
    .filter((img) => !img.complete)
    .map((img) => new Promise((resolve) => {
      img.addEventListener('load', resolve, { once: true });
      img.addEventListener('error', resolve, { once: true });
    }));
  return Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, ms))]);
}

// The brand links to this same view narrowed to the brand.
function brandLine(product, view) {
  const brand = product.brand;
  if (!brand?.name) return null;
  return h('p', { class: 'card-brand' },
    h('a', {
      href: toHref(withChanges(view, { brand: [brand.id] })),
      'data-nav': true,
      title: `Only ${brand.name} in this view`,
    }, brand.name));
}

function priceLine(product) {
  const { price, salePrice, currency, priceLabel, discount } = product;
  const regular = money(price, currency) || priceLabel || '';
  if (salePrice === undefined || salePrice === null) {
    return regular ? h('p', { class: 'card-price' }, h('span', { class: 'price' }, regular)) : null;
  }
  return h('p', { class: 'card-price' },
    h('span', { class: 'price price-sale' }, h('span', { class: 'visually-hidden' }, 'Sale price '), money(salePrice, currency)),
    ' ',
    h('del', { class: 'price-was' }, h('span', { class: 'visually-hidden' }, 'was '), regular),
    discount > 0 ? h('span', { class: 'discount' }, `${discount}% off`) : null);
}

function retailerLine(product) {
  const parts = [];
  if (product.retailer?.name) parts.push(`at ${product.retailer.name}`);
  const stock = product.inStock ? null : h('span', { class: 'out-of-stock' }, 'Out of stock');
  if (!parts.length && !stock) return null;
  return h('p', { class: 'card-retailer' }, parts.join(''), parts.length && stock ? ' · ' : '', stock);
}

function colorList(colors = []) {
  if (!colors.length) return null;
  const shown = colors.slice(0, MAX_COLORS);
  return h('ul', { class: 'card-colors', 'aria-label': 'Colours' },
    shown.map((name) => {
      const dot = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      const css = swatch(name);
      if (css) dot.style.setProperty('--swatch', css);
      else dot.classList.add('swatch-multi');
      return h('li', {}, dot, name);
    }),
    colors.length > shown.length ? h('li', {}, `+${colors.length - shown.length}`) : null);
}

function chipList(ids = [], index) {
  if (!ids.length) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Categories' },
    ids.slice(0, MAX_CHIPS).map((id) => h('li', {},
      h('a', { class: 'chip', href: toHref({ cat: id }), 'data-nav': true, dataset: { cat: id } }, index ? index.name(id) : id))));
}

// Pictures are always asked for over https: an http picture is mixed content on an https page
// (and counted as an insecure request); image CDNs, the catalog's included, serve both.
function imageUrl(value) {
  const url = safeUrl(value, { skipInvalid: true });
  return url.startsWith('http:') ? `https:${url.slice(5)}` : url;
}

// Only http(s) links leave the page; anything else (javascript:, data:) is dropped.
function safeUrl(value, { skipInvalid = false } = {}) {
  if (typeof value !== 'string' || !value) return '';
  try {
    const url = new URL(value, location.href);
    if (skipInvalid && /(^|\.)invalid$/i.test(url.hostname)) return '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}
