//! Building the catalog once at start-up: rows to products, products to indexes.

use std::collections::HashMap;
use std::sync::Arc;

use super::attrs::{COLORS, RETAILERS, canonical_color, retailer_of};
use super::brands::{self, Audience};
use super::classify::Classifier;
use super::data::{self, Sources, StyleRow};
use super::error::CatalogError;
use super::prices::{self, Pricing};
use super::text;
use super::tree::Tree;

/// One product, compact; the ShopStyle shape is made from it per response.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub id: u64,
    pub name: Box<str>,
    /// The name without the brand words.
    pub unbranded: Box<str>,
    pub brand: u32,
    pub retailer: u32,
    /// Index into [`COLORS`].
    pub color: Option<u32>,
    pub base_colour: Arc<str>,
    pub article_type: Arc<str>,
    pub master: Arc<str>,
    pub sub: Arc<str>,
    pub gender: Arc<str>,
    pub usage: Arc<str>,
    pub season: Arc<str>,
    pub date: (u16, u8, u8),
    /// Category indexes, primary first.
    pub cats: Box<[u32]>,
    pub pricing: Pricing,
    pub popularity: u32,
    pub image: Option<Box<str>>,
    pub kids: bool,
    pub women: bool,
}

/// Sorted orders other than relevance, in [`super::query::Order`] order.
pub(super) const SORTS: usize = 4;

/// Every index, by product position (the relevance order).
#[derive(Debug, Default)]
pub(super) struct Index {
    /// Per category: the products of its subtree.
    pub by_cat: Vec<Vec<u32>>,
    /// Per term: products with it in the name, brand, colour or category names.
    pub terms: HashMap<String, Vec<u32>>,
    /// Per term: products with it in the name.
    pub name_terms: HashMap<String, Vec<u32>>,
    pub by_brand: Vec<Vec<u32>>,
    pub by_retailer: Vec<Vec<u32>>,
    pub by_color: Vec<Vec<u32>>,
    pub on_sale: Vec<u32>,
    /// Products by what the shopper pays, cheapest first.
    pub by_price: Vec<u32>,
    /// Per sort: products in that order.
    pub order: [Vec<u32>; SORTS],
    /// Per sort: each product's place in that order.
    pub rank: [Vec<u32>; SORTS],
    /// Product id -> position.
    pub by_id: HashMap<u64, u32>,
}

/// What [`build`] makes.
pub(super) struct Built {
    pub tree: Tree,
    pub items: Vec<Item>,
    pub brands: Vec<String>,
    pub index: Index,
}

/// Reads `src` and builds the products and every index.
pub(super) fn build(src: &Sources<'_>) -> Result<Built, CatalogError> {
    let rows = data::read_styles(src.styles_csv)?;
    let images = data::read_image_urls(src.image_urls_csv)?;
    let tree = Tree::build(src.categories_json, &data::read_aliases(src.aliases_json)?)?;
    let classifier = Classifier::new(&tree, &data::read_article_types(src.article_types_json)?)?;
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.product_display_name.as_str())
        .collect();
    let brands = brands::extract(&names);
    let mut items: Vec<Item> = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    let mut strs = Interner::default();
    for (row, &(brand, brand_len)) in rows.iter().zip(&brands.of_row) {
        if !seen.insert(row.id) {
            return Err(CatalogError::data(
                "styles.csv",
                format!("duplicate id {}", row.id),
            ));
        }
        items.push(make_item(
            row,
            brand,
            brand_len,
            &classifier,
            &images,
            &mut strs,
        ));
    }
    // Positions: the relevance order (products with images first, then a stable shuffle).
    items.sort_by_cached_key(|it| {
        (
            it.image.is_none(),
            prices::hash(it.id, prices::SALT_RELEVANCE),
        )
    });
    let index = index(&tree, &items, &brands.names);
    Ok(Built {
        tree,
        items,
        brands: brands.names,
        index,
    })
}

fn make_item(
    row: &StyleRow,
    brand: u32,
    brand_len: usize,
    classifier: &Classifier,
    images: &HashMap<u64, String>,
    strs: &mut Interner,
) -> Item {
    let name = row.product_display_name.as_str();
    let words: Vec<&str> = name.split_whitespace().collect();
    let unbranded = words[brand_len.min(words.len())..].join(" ");
    let tail = text::words(&unbranded);
    let audiences = brands::audiences(name, &row.gender);
    let article_type = super::classify::effective_type(&row.article_type, name);
    let cats = classifier.classify(&audiences, article_type, &row.usage, &tail);
    let year = row.year.trim().parse().unwrap_or(prices::DEFAULT_YEAR);
    let image = images.get(&row.id).map(|s| s.as_str().into());
    let kids = audiences
        .iter()
        .all(|a| matches!(a, Audience::Boys | Audience::Girls));
    Item {
        id: row.id,
        unbranded: if unbranded.is_empty() {
            name.into()
        } else {
            unbranded.into()
        },
        name: name.into(),
        brand,
        retailer: retailer_of(row.id) as u32,
        color: canonical_color(&row.base_colour).map(|c| c as u32),
        base_colour: strs.get(&row.base_colour),
        article_type: strs.get(article_type),
        master: strs.get(&row.master_category),
        sub: strs.get(&row.sub_category),
        gender: strs.get(&row.gender),
        usage: strs.get(&row.usage),
        season: strs.get(&row.season),
        date: prices::date(row.id, year, &row.season),
        cats: cats.into_boxed_slice(),
        pricing: prices::pricing(row.id, article_type, &row.master_category),
        popularity: prices::popularity(row.id, image.is_some(), year),
        kids,
        women: audiences.first() == Some(&Audience::Women)
            || audiences.first() == Some(&Audience::Girls),
        image,
    }
}

fn index(tree: &Tree, items: &[Item], brand_names: &[String]) -> Index {
    let mut ix = Index {
        by_cat: vec![Vec::new(); tree.nodes.len()],
        by_brand: vec![Vec::new(); brand_names.len()],
        by_retailer: vec![Vec::new(); RETAILERS.len()],
        by_color: vec![Vec::new(); COLORS.len()],
        ..Index::default()
    };
    let mut terms = Terms::default();
    // A category's terms: its names and its ancestors', except the root's ("Clothes, Shoes,
    // & Jewelry" would match everything).
    let own: Vec<Vec<u32>> = tree
        .nodes
        .iter()
        .map(|n| {
            let c = &n.cat;
            terms.ids(&format!("{} {} {}", c.name, c.short_name, c.full_name))
        })
        .collect();
    let cat_terms: Vec<Vec<u32>> = (0..tree.nodes.len() as u32)
        .map(|i| {
            let mut v: Vec<u32> = tree
                .ancestors(i)
                .filter(|&a| a != super::tree::ROOT)
                .flat_map(|a| own[a as usize].iter().copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let brand_terms: Vec<Vec<u32>> = brand_names.iter().map(|b| terms.ids(b)).collect();
    let mut colour_terms: HashMap<(&str, Option<u32>), Vec<u32>> = HashMap::new();
    let mut all: Vec<u32> = Vec::new();
    let mut subtree: Vec<u32> = Vec::new();
    for (pos, it) in items.iter().enumerate() {
        let pos = pos as u32;
        ix.by_id.insert(it.id, pos);
        all.clear();
        subtree.clear();
        for &c in it.cats.iter() {
            all.extend(&cat_terms[c as usize]);
            subtree.extend(tree.ancestors(c));
        }
        subtree.sort_unstable();
        subtree.dedup();
        for &a in &subtree {
            ix.by_cat[a as usize].push(pos);
        }
        let name_terms = terms.ids(&it.name);
        let colour = colour_terms
            .entry((&*it.base_colour, it.color))
            .or_insert_with(|| {
                let canonical = it.color.map_or("", |c| COLORS[c as usize].1);
                terms.ids(&format!("{} {canonical}", it.base_colour))
            });
        all.extend(colour.iter());
        all.extend(&name_terms);
        all.extend(&brand_terms[it.brand as usize]);
        all.sort_unstable();
        all.dedup();
        for &t in &all {
            push(&mut terms.postings[t as usize], pos);
        }
        for t in name_terms {
            push(&mut terms.name_postings[t as usize], pos);
        }
        ix.by_brand[it.brand as usize].push(pos);
        ix.by_retailer[it.retailer as usize].push(pos);
        if let Some(c) = it.color {
            ix.by_color[c as usize].push(pos);
        }
        if it.pricing.sale_cents.is_some() {
            ix.on_sale.push(pos);
        }
    }
    (ix.terms, ix.name_terms) = terms.into_maps();
    let n = items.len() as u32;
    let mut by_price: Vec<u32> = (0..n).collect();
    by_price.sort_by_key(|&p| (items[p as usize].pricing.effective_cents(), p));
    let mut price_desc: Vec<u32> = (0..n).collect();
    price_desc.sort_by_key(|&p| {
        (
            std::cmp::Reverse(items[p as usize].pricing.effective_cents()),
            p,
        )
    });
    let mut recency: Vec<u32> = (0..n).collect();
    recency.sort_by_key(|&p| {
        let it = &items[p as usize];
        std::cmp::Reverse((it.date, it.id))
    });
    let mut popular: Vec<u32> = (0..n).collect();
    popular.sort_by_key(|&p| {
        (
            std::cmp::Reverse(items[p as usize].popularity),
            items[p as usize].id,
        )
    });
    ix.order = [by_price.clone(), price_desc, recency, popular];
    for s in 0..SORTS {
        let mut rank = vec![0u32; n as usize];
        for (r, &p) in ix.order[s].iter().enumerate() {
            rank[p as usize] = r as u32;
        }
        ix.rank[s] = rank;
    }
    ix.by_price = by_price;
    ix
}

fn push(list: &mut Vec<u32>, pos: u32) {
    if list.last() != Some(&pos) {
        list.push(pos);
    }
}

/// Search terms interned to numbers while indexing.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32>,
    postings: Vec<Vec<u32>>,
    name_postings: Vec<Vec<u32>>,
}

impl Terms {
    /// The ids of the index terms of `text`.
    fn ids(&mut self, text: &str) -> Vec<u32> {
        text::index_terms(text)
            .into_iter()
            .map(|t| match self.ids.get(&t) {
                Some(&id) => id,
                None => {
                    let id = self.postings.len() as u32;
                    self.ids.insert(t, id);
                    self.postings.push(Vec::new());
                    self.name_postings.push(Vec::new());
                    id
                }
            })
            .collect()
    }

    /// Term -> products, for all fields and for names only (terms with products only).
    fn into_maps(mut self) -> (HashMap<String, Vec<u32>>, HashMap<String, Vec<u32>>) {
        let mut all = HashMap::with_capacity(self.ids.len());
        let mut names = HashMap::with_capacity(self.ids.len());
        for (t, id) in self.ids {
            let names_of = std::mem::take(&mut self.name_postings[id as usize]);
            if !names_of.is_empty() {
                names.insert(t.clone(), names_of);
            }
            let of = std::mem::take(&mut self.postings[id as usize]);
            if !of.is_empty() {
                all.insert(t, of);
            }
        }
        (all, names)
    }
}

/// One shared copy of each of the data's few distinct short values (genders, seasons, types).
#[derive(Default)]
struct Interner(HashMap<String, Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = s.into();
        self.0.insert(s.to_owned(), a.clone());
        a
    }
}
