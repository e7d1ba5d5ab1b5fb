//! Building the catalog once at start-up: rows to products, products to indexes.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::attrs::{COLORS, RETAILERS, SIZES, canonical_color, retailer_of, size_index, sizes};
use super::brands::{self, Audience};
use super::classify::Classifier;
use super::data::{self, Sources, StyleRow, join};
use super::error::CatalogError;
use super::prices::{self, Pricing};
use super::rules::Rules;
use super::text;
use super::tree::Tree;
use super::vocab::{self, Vocabulary};

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

/// Where a term can match, most telling first: the article type (with the sub-category,
/// master category and usage), the names of the categories (and their ancestors), the brand,
/// the colour, the audience (women, men, boy, girl, kid, unisex), the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Type = 0,
    Category = 1,
    Brand = 2,
    Colour = 3,
    Audience = 4,
    Name = 5,
}

/// How many [`Field`]s there are.
pub(super) const FIELDS: usize = 6;

/// Words that say who a product is for; they belong to the audience field, not to categories
/// (`Women's Jackets` is a jacket for women).
const AUDIENCE_WORDS: [&str; 7] = ["women", "woman", "men", "man", "boy", "girl", "kid"];

/// Sorted orders other than relevance, in [`super::query::Order`] order.
pub(super) const SORTS: usize = 4;

/// Every index, by product position (the relevance order).
#[derive(Debug, Default)]
pub(super) struct Index {
    /// Per category: the products of its subtree.
    pub by_cat: Vec<Vec<u32>>,
    /// Per term: products with it in any [`Field`]. Terms are words and, for the data's
    /// article types, categories, brands and colours, whole phrases (`sport shoe`).
    pub terms: HashMap<String, Vec<u32>>,
    /// Per [`Field`], per term: products with it in that field.
    pub fields: [Postings; FIELDS],
    /// Per product: how many words its name has (for the name field's length norm).
    pub name_len: Vec<u8>,
    /// The mean of `name_len`.
    pub mean_name_len: f32,
    /// Every product's name as query words (see `vocab::chunk_words`), as ids of `seq_ids`,
    /// one after another; product `p`'s are `name_seq[name_at[p]..name_at[p + 1]]`.
    pub name_seq: Vec<u32>,
    pub name_at: Vec<u32>,
    pub seq_ids: HashMap<String, u32>,
    /// The shopper's vocabulary.
    pub vocab: Vocabulary,
    pub by_brand: Vec<Vec<u32>>,
    pub by_retailer: Vec<Vec<u32>>,
    pub by_color: Vec<Vec<u32>>,
    /// Per size of [`SIZES`]: the products offered in it.
    pub by_size: Vec<Vec<u32>>,
    /// Per product: its sizes as bits (bit `i` is [`SIZES`]`[i]`), for facet counts.
    pub size_mask: Vec<u64>,
    /// Every product's categories with their ancestors, each once, one product after another;
    /// product `p`'s are `cat_seq[cat_at[p]..cat_at[p + 1]]` (for facet counts).
    pub cat_seq: Vec<u32>,
    pub cat_at: Vec<u32>,
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
///
/// Start-up is bounded (under 500 ms on the reference machine, docs/SEARCH.md), so the work
/// that does not depend on each other runs on two threads: reading the rows beside the other
/// inputs, the two halves of the products, and the sorted orders beside the text postings.
pub(super) fn build(src: &Sources<'_>) -> Result<Built, CatalogError> {
    let (rows, inputs) = std::thread::scope(|s| {
        let rows = s.spawn(|| data::read_styles(src.styles_csv));
        let inputs = Inputs::read(src);
        (join(rows), inputs)
    });
    let (rows, inputs) = (rows?, inputs?);
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    if let Some(dup) = rows.iter().find(|r| !seen.insert(r.id)) {
        return Err(CatalogError::data(
            "styles.csv",
            format!("duplicate id {}", dup.id),
        ));
    }
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.product_display_name.as_str())
        .collect();
    let brands = brands::extract(&names);
    let half = rows.len() / 2;
    let made = std::thread::scope(|s| {
        let second = s.spawn(|| make_items(&rows[half..], &brands.of_row[half..], &inputs));
        let mut made = make_items(&rows[..half], &brands.of_row[..half], &inputs);
        made.extend(join(second));
        made
    });
    // Positions: the relevance order (products with images first, then a stable shuffle).
    let mut made: Vec<(Item, NameText)> = made;
    made.sort_by_cached_key(|(it, _)| {
        (
            it.image.is_none(),
            prices::hash(it.id, prices::SALT_RELEVANCE),
        )
    });
    let (items, texts): (Vec<Item>, Vec<NameText>) = made.into_iter().unzip();
    let Inputs { tree, vocab, .. } = inputs;
    let mut index = index(&tree, &items, texts, &brands.names);
    vocab.check(|t| index.terms.contains_key(t))?;
    index.vocab = vocab;
    Ok(Built {
        tree,
        items,
        brands: brands.names,
        index,
    })
}

/// Every input but the rows, read and checked.
struct Inputs {
    images: HashMap<u64, String>,
    tree: Tree,
    classifier: Classifier,
    vocab: Vocabulary,
}

impl Inputs {
    fn read(src: &Sources<'_>) -> Result<Inputs, CatalogError> {
        let tree = Tree::build(src.categories_json, &data::read_aliases(src.aliases_json)?)?;
        let classifier = Classifier::new(
            &tree,
            &data::read_article_types(src.article_types_json)?,
            Rules::parse(src.category_rules_json)?,
        )?;
        Ok(Inputs {
            images: data::read_image_urls(src.image_urls_csv)?,
            tree,
            classifier,
            vocab: Vocabulary::parse(src.vocabulary_json)?,
        })
    }
}

/// What the text index needs of a product's name and audience, cut into words on the two
/// threads that make the products, so the index (one thread) only looks terms up.
struct NameText {
    /// The name's index terms (`text::index_terms`).
    terms: Vec<String>,
    /// The name as query words, in order (`vocab::chunk_words`).
    words: Vec<String>,
    /// The audience field's terms (`women`, `men`, `boy kid`, `girl kid`, `unisex`).
    who: Vec<String>,
}

impl NameText {
    fn of(it: &Item) -> NameText {
        let mut who = String::new();
        for a in brands::audiences(&it.name, &it.gender) {
            who.push_str(match a {
                Audience::Women => " women",
                Audience::Men => " men",
                Audience::Boys => " boy kid",
                Audience::Girls => " girl kid",
            });
        }
        if &*it.gender == "Unisex" {
            who.push_str(" unisex");
        }
        let (terms, words) = text::index_terms_and_words(&it.name);
        NameText {
            terms,
            words,
            who: text::index_terms(&who),
        }
    }
}

/// The products of `rows`, whose brands are `brands` (the same length), with their names cut
/// into words.
fn make_items(
    rows: &[StyleRow],
    brands: &[(u32, usize)],
    inputs: &Inputs,
) -> Vec<(Item, NameText)> {
    let mut strs = Interner::default();
    rows.iter()
        .zip(brands)
        .map(|(row, &(brand, brand_len))| {
            let it = make_item(
                row,
                brand,
                brand_len,
                &inputs.classifier,
                &inputs.images,
                &mut strs,
            );
            let text = NameText::of(&it);
            (it, text)
        })
        .collect()
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
    let article_type = classifier.effective_type(&row.article_type, name);
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

fn index(tree: &Tree, items: &[Item], texts: Vec<NameText>, brand_names: &[String]) -> Index {
    std::thread::scope(|s| {
        let other = s.spawn(|| {
            (
                Orders::of(items),
                Lists::of(tree, items, &texts, brand_names.len()),
            )
        });
        let mut ix = text_index(tree, items, &texts, brand_names);
        let (orders, lists) = join(other);
        ix.order = orders.order;
        ix.rank = orders.rank;
        ix.by_price = orders.by_price;
        ix.by_id = lists.by_id;
        ix.by_cat = lists.by_cat;
        ix.by_brand = lists.by_brand;
        ix.by_retailer = lists.by_retailer;
        ix.by_color = lists.by_color;
        ix.by_size = lists.by_size;
        ix.size_mask = lists.size_mask;
        ix.cat_seq = lists.cat_seq;
        ix.cat_at = lists.cat_at;
        ix.on_sale = lists.on_sale;
        ix.name_len = lists.name_len;
        ix.mean_name_len = lists.mean_name_len;
        ix.name_seq = lists.name_seq;
        ix.name_at = lists.name_at;
        ix.seq_ids = lists.seq_ids;
        ix
    })
}

/// The indexes that need no search terms: by id, category, brand, retailer, colour and sale,
/// and every name as word ids.
struct Lists {
    by_id: HashMap<u64, u32>,
    by_cat: Vec<Vec<u32>>,
    by_brand: Vec<Vec<u32>>,
    by_retailer: Vec<Vec<u32>>,
    by_color: Vec<Vec<u32>>,
    by_size: Vec<Vec<u32>>,
    size_mask: Vec<u64>,
    cat_seq: Vec<u32>,
    cat_at: Vec<u32>,
    on_sale: Vec<u32>,
    name_len: Vec<u8>,
    mean_name_len: f32,
    name_seq: Vec<u32>,
    name_at: Vec<u32>,
    seq_ids: HashMap<String, u32>,
}

impl Lists {
    fn of(tree: &Tree, items: &[Item], texts: &[NameText], brands: usize) -> Lists {
        let mut l = Lists {
            by_id: HashMap::with_capacity(items.len()),
            by_cat: vec![Vec::new(); tree.nodes.len()],
            by_brand: vec![Vec::new(); brands],
            by_retailer: vec![Vec::new(); RETAILERS.len()],
            by_color: vec![Vec::new(); COLORS.len()],
            by_size: vec![Vec::new(); SIZES.len()],
            size_mask: Vec::with_capacity(items.len()),
            cat_seq: Vec::new(),
            cat_at: vec![0],
            on_sale: Vec::new(),
            name_len: Vec::with_capacity(items.len()),
            mean_name_len: 1.0,
            name_seq: Vec::new(),
            name_at: vec![0],
            seq_ids: HashMap::new(),
        };
        let mut subtree: Vec<u32> = Vec::new();
        for (pos, (it, text)) in items.iter().zip(texts).enumerate() {
            let pos = pos as u32;
            l.by_id.insert(it.id, pos);
            subtree.clear();
            for &c in it.cats.iter() {
                subtree.extend(tree.ancestors(c));
            }
            subtree.sort_unstable();
            subtree.dedup();
            for &a in &subtree {
                l.by_cat[a as usize].push(pos);
            }
            l.cat_seq.extend(&subtree);
            l.cat_at.push(l.cat_seq.len() as u32);
            l.by_brand[it.brand as usize].push(pos);
            l.by_retailer[it.retailer as usize].push(pos);
            if let Some(c) = it.color {
                l.by_color[c as usize].push(pos);
            }
            let mut mask = 0u64;
            for s in sizes(&it.master, &it.sub, &it.article_type, it.kids, it.women) {
                if let Some(i) = size_index(s) {
                    l.by_size[i].push(pos);
                    mask |= 1 << i;
                }
            }
            l.size_mask.push(mask);
            if it.pricing.sale_cents.is_some() {
                l.on_sale.push(pos);
            }
            l.name_len
                .push(u8::try_from(text.words.len()).unwrap_or(u8::MAX));
            for w in &text.words {
                let id = match l.seq_ids.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = l.seq_ids.len() as u32;
                        l.seq_ids.insert(w.clone(), id);
                        id
                    }
                };
                l.name_seq.push(id);
            }
            l.name_at.push(l.name_seq.len() as u32);
        }
        if !l.name_len.is_empty() {
            l.mean_name_len =
                l.name_len.iter().map(|&x| f32::from(x)).sum::<f32>() / l.name_len.len() as f32;
        }
        l.name_seq.shrink_to_fit();
        l
    }
}

/// Every index but the sorted orders.
fn text_index(tree: &Tree, items: &[Item], texts: &[NameText], brand_names: &[String]) -> Index {
    let mut ix = Index::default();
    let mut terms = Terms::default();
    // A category's terms: its names and its ancestors', except the root's ("Clothes, Shoes,
    // & Jewelry" would match everything), without audience words.
    let own: Vec<Vec<u32>> = tree
        .nodes
        .iter()
        .map(|n| {
            let c = &n.cat;
            let mut v = terms.chunks(&format!("{} {} {}", c.name, c.short_name, c.full_name));
            v.extend(terms.phrases(&[&c.name, &c.short_name]));
            v.retain(|&t| !AUDIENCE_WORDS.contains(&terms.names[t as usize].as_str()));
            v
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
    let brand_terms: Vec<Vec<u32>> = brand_names
        .iter()
        .map(|b| {
            let mut v = terms.ids(b);
            v.extend(terms.phrases(&[b]));
            v
        })
        .collect();
    let mut colour_terms: HashMap<(&str, Option<u32>), Vec<u32>> = HashMap::new();
    let mut type_terms: HashMap<(&str, &str, &str, &str), Vec<u32>> = HashMap::new();
    let mut fields: [Vec<u32>; FIELDS] = Default::default();
    for (pos, (it, text)) in items.iter().zip(texts).enumerate() {
        let pos = pos as u32;
        fields.iter_mut().for_each(Vec::clear);
        for &c in it.cats.iter() {
            fields[Field::Category as usize].extend(&cat_terms[c as usize]);
        }
        let kind = type_terms
            .entry((&*it.article_type, &*it.sub, &*it.master, &*it.usage))
            .or_insert_with(|| {
                let mut v = terms.chunks(&format!(
                    "{} {} {} {}",
                    it.article_type, it.sub, it.master, it.usage
                ));
                v.extend(terms.phrases(&[&it.article_type, &it.sub, &it.master, &it.usage]));
                v
            });
        fields[Field::Type as usize].extend(kind.iter());
        fields[Field::Brand as usize].extend(&brand_terms[it.brand as usize]);
        let colour = colour_terms
            .entry((&*it.base_colour, it.color))
            .or_insert_with(|| {
                let canonical = it.color.map_or("", |c| COLORS[c as usize].1);
                let mut v = terms.ids(&format!("{} {canonical}", it.base_colour));
                v.extend(terms.phrases(&[&it.base_colour]));
                v
            });
        fields[Field::Colour as usize].extend(colour.iter());
        fields[Field::Audience as usize] = text.who.iter().map(|t| terms.id_of(t)).collect();
        fields[Field::Name as usize] = text.terms.iter().map(|t| terms.id_of(t)).collect();
        for (f, ids) in fields.iter_mut().enumerate() {
            ids.sort_unstable();
            ids.dedup();
            for &t in ids.iter() {
                push(&mut terms.postings[t as usize][f], pos);
            }
        }
    }
    (ix.terms, ix.fields) = terms.into_maps();
    ix
}

/// The sorted orders of the products and each product's place in them.
struct Orders {
    order: [Vec<u32>; SORTS],
    rank: [Vec<u32>; SORTS],
    by_price: Vec<u32>,
}

impl Orders {
    fn of(items: &[Item]) -> Orders {
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
        let order = [by_price.clone(), price_desc, recency, popular];
        let rank = order.each_ref().map(|o| {
            let mut rank = vec![0u32; n as usize];
            for (r, &p) in o.iter().enumerate() {
                rank[p as usize] = r as u32;
            }
            rank
        });
        Orders {
            order,
            rank,
            by_price,
        }
    }
}

fn push(list: &mut Vec<u32>, pos: u32) {
    if list.last() != Some(&pos) {
        list.push(pos);
    }
}

/// Term -> the products it finds, sorted.
pub(super) type Postings = HashMap<String, Vec<u32>>;

/// Search terms interned to numbers while indexing.
#[derive(Default)]
struct Terms {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
    /// Per term, per [`Field`]: the products.
    postings: Vec<[Vec<u32>; FIELDS]>,
}

impl Terms {
    fn id(&mut self, t: String) -> u32 {
        match self.ids.get(&t) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.ids.insert(t.clone(), id);
                self.names.push(t);
                self.postings.push(Default::default());
                id
            }
        }
    }

    /// The id of `t`, copied only when it is new.
    fn id_of(&mut self, t: &str) -> u32 {
        match self.ids.get(t) {
            Some(&id) => id,
            None => self.id(t.to_owned()),
        }
    }

    /// The ids of the index terms of `text`.
    fn ids(&mut self, text: &str) -> Vec<u32> {
        text::index_terms(text)
            .into_iter()
            .map(|t| self.id(t))
            .collect()
    }

    /// The ids of the words of `text` as a query reads them: a word written with inner
    /// punctuation stays one (`T-Shirts` gives `tshirt`, not `shirt`), so a category or type
    /// named `T-Shirts` is not one named `Shirts`.
    fn chunks(&mut self, text: &str) -> Vec<u32> {
        vocab::chunk_words(text)
            .into_iter()
            .map(|t| self.id(t))
            .collect()
    }

    /// The ids of the values of `texts` as whole phrases, for those of two words or more
    /// (`Sports Shoes` -> `sport shoe`); single words are already terms.
    fn phrases(&mut self, texts: &[&str]) -> Vec<u32> {
        texts
            .iter()
            .map(|t| vocab::phrase_key(t))
            .filter(|k| k.contains(' '))
            .map(|k| self.id(k))
            .collect()
    }

    /// Term -> products in any field, and per field (terms with products only).
    fn into_maps(self) -> (Postings, [Postings; FIELDS]) {
        let mut all = HashMap::with_capacity(self.ids.len());
        let mut fields: [Postings; FIELDS] = Default::default();
        for (t, lists) in self.names.into_iter().zip(self.postings) {
            let mut any: Vec<u32> = Vec::new();
            for (f, list) in lists.into_iter().enumerate() {
                if list.is_empty() {
                    continue;
                }
                any.extend(&list);
                fields[f].insert(t.clone(), list);
            }
            if !any.is_empty() {
                any.sort_unstable();
                any.dedup();
                any.shrink_to_fit();
                all.insert(t, any);
            }
        }
        (all, fields)
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
