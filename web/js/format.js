// Prices, colour swatches and the placeholder picture of a product.

const moneyFormats = new Map();

/** "$49", "$49.50", "€12" */
export function money(amount, currency = 'USD') {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return '';
  const key = `${currency}:${Number.isInteger(amount)}`;
  if (!moneyFormats.has(key)) {
    try {
      moneyFormats.set(key, new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
      }));
    } catch {
      return `${amount} ${currency}`;
    }
  }
  return moneyFormats.get(key).format(amount);
}

// The colour names of the bundled catalog, as CSS colours for swatches and placeholder tints.
const SWATCHES = {
  black: '#1f1f1f', white: '#ffffff', blue: '#2f5fb3', brown: '#7a4b2a', grey: '#8a8a8a', gray: '#8a8a8a',
  red: '#c62828', green: '#2e7d32', pink: '#e88fb1', 'navy blue': '#1f2f5c', purple: '#6a3d9a',
  silver: '#c0c0c0', yellow: '#f2c94c', beige: '#e3d5b8', gold: '#c9a227', maroon: '#7b1e2b',
  orange: '#ef7d22', olive: '#6b6b2a', cream: '#f3ead3', steel: '#71808f', charcoal: '#3b3f45',
  peach: '#f6bfa0', 'off white': '#f4f1e8', skin: '#e8c4a6', lavender: '#b9a7e0',
  'grey melange': '#9c9c9c', khaki: '#bdb08a', magenta: '#c2185b', teal: '#00796b', tan: '#c79f6e',
  mustard: '#d4a52a', bronze: '#a4712f', copper: '#b8693b', 'turquoise blue': '#2bb3c0',
  rust: '#b2512a', burgundy: '#6d1a2e', metallic: '#a6a9ad', 'coffee brown': '#5b3a24',
  mauve: '#a97b94', rose: '#d9798b', nude: '#dcb59a', 'sea green': '#2e8b6e',
  'mushroom brown': '#8c7563', taupe: '#8b7d6b', 'lime green': '#8bc34a',
  'fluorescent green': '#4be34b',
};

/** A CSS colour for a colour name, or null when the name is not a plain colour ("Multi"). */
export const swatch = (name) => SWATCHES[String(name).toLowerCase()] ?? null;

// Placeholder pictures (img/ph-*.svg), chosen by the product's categories.
const PICTURES = [
  ['dress', /(^|-)dresses$|gown|jumpsuit|romper/],
  ['shoe', /shoe|sneaker|sandal|boot|flip-flop|slide|flats|pump|wedge|heel|loafer|clog|mule|slipper/],
  ['bag', /bag|backpack|clutch|wallet|satchel|tote|hobo|luggage/],
  ['watch', /watch|jewel|ring|necklace|bracelet|sunglass|belt|(^|-)ties$/],
  ['top', /top|tee|shirt|blouse|sweater|jacket|coat|vest|blazer|cardigan|tunic|bra|camisole/],
  ['pants', /jeans|pants|trouser|legging|shorts|skirt|chino|khaki/],
];

/** Which placeholder picture suits a product: dress, shoe, bag, watch, pants, top or item. */
export function pictureFor(categories = []) {
  for (const [picture, pattern] of PICTURES) {
    if (categories.some((id) => pattern.test(id))) return picture;
  }
  return 'item';
}
