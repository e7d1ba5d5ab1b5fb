// The category list of GET /api/v1/categories, indexed for the sidebar, headings and chips.

export function indexCategories({ root, categories }) {
  const byId = new Map();
  const kids = new Map();
  for (const cat of categories) {
    byId.set(cat.id, cat);
    if (!kids.has(cat.parentId)) kids.set(cat.parentId, []);
    kids.get(cat.parentId).push(cat);
  }
  return {
    root,
    all: categories,
    get: (id) => byId.get(id),
    name: (id) => byId.get(id)?.name ?? id,
    children: (id) => kids.get(id) ?? [],
    /** The categories from the top level down to `id` itself; empty when unknown. */
    path(id) {
      const out = [];
      const seen = new Set();
      for (let cat = byId.get(id); cat && !seen.has(cat.id); cat = byId.get(cat.parentId)) {
        seen.add(cat.id);
        out.unshift(cat);
      }
      return out;
    },
  };
}
