//! Suggestions as you type: categories, brands and query completions for a partial query, each
//! with how many products it finds. From the catalog's own data only (category names, brand
//! names, the shopper's vocabulary, article types and phrases of product names), never from
//! what other shoppers typed.
//!
//! Every suggestion is reachable by keys: its text normalised (lower-case, apostrophes dropped,
//! a word's parts joined: `Women's T-Shirts` -> `womens tshirts`), and, for categories and
//! brands, each of its later words on (`tshirts`, so `tsh` offers `Women's T-Shirts`). The keys
//! are one sorted `fst` map; a prefix is looked up with a prefix stream, or, when its last word
//! has `typo::MIN_TYPO_LEN` letters or more, with a prefix Levenshtein automaton under the
//! search's typo rules (one edit from 4 letters, two from 8, a transposition counting one,
//! counted on the last word, the one being typed), so `sneek` still offers sneakers.
//!
//! The order (tested): fewer edits first; then suggestions whose text starts with the prefix
//! before those matched at a later word; then more products first; then categories, brands,
//! queries; then the text alphabetically.
//!
//! The index is built on first use (`Catalog::suggest`), not at start-up: counting the
//! products of every query completion costs more than start-up's bound leaves
//! (docs/SEARCH.md, "Suggestions").

use std::cmp::Reverse;
use std::collections::HashMap;

use fst::automaton::{Automaton, Str};
use fst::{IntoStreamer, Map, MapBuilder, Streamer};
use serde::Serialize;

use super::Catalog;
use super::postings::intersect;
use super::rank;
use super::text;
use super::typo;

/// The most suggestions one call returns.
pub const MAX_SUGGEST_LIMIT: usize = 20;
/// The longest prefix looked at, in characters; longer text is cut there.
pub const MAX_SUGGEST_CHARS: usize = 100;
/// The fewest product names a one-word phrase must be in to be a query completion.
const MIN_WORD_NAMES: u32 = 3;
/// The fewest product names a two-word phrase must be in to be a query completion.
const MIN_PAIR_NAMES: u32 = 5;
/// Name words that say who a product is for: no completion starts or ends with one.
const AUDIENCE: [&str; 16] = [
    "men", "mens", "man", "women", "womens", "woman", "boy", "boys", "girl", "girls", "kid",
    "kids", "unisex", "ladies", "gents", "infant",
];

/// What a suggestion is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionKind {
    /// A category: `id` is its category id (`cat=`).
    Category,
    /// A brand: `id` is its brand id (`fl=b<id>`).
    Brand,
    /// A query completion: search for `text` (`fts=`).
    Query,
}

impl Suggestion {
    /// The public API's form of this suggestion (the same fields).
    pub fn into_public(self) -> crate::domain::Suggestion {
        use crate::domain::SuggestionKind as Public;
        crate::domain::Suggestion {
            kind: match self.kind {
                SuggestionKind::Category => Public::Category,
                SuggestionKind::Brand => Public::Brand,
                SuggestionKind::Query => Public::Query,
            },
            text: self.text,
            id: self.id,
            count: self.count,
        }
    }
}

/// One suggestion for a partial query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// A category, a brand or a query completion.
    pub kind: SuggestionKind,
    /// What to show: the category's full name, the brand's name, or the query (lower-case).
    pub text: String,
    /// The category id or the brand id; `None` for a query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// How many products it finds: the category's subtree, the brand's products, or what a
    /// search for the query's words finds.
    pub count: u64,
}

struct Entry {
    kind: SuggestionKind,
    text: Box<str>,
    id: Option<Box<str>>,
    count: u64,
}

/// The suggestions and the keys that reach them.
pub(super) struct SuggestIndex {
    entries: Vec<Entry>,
    /// Key -> index into `groups`.
    keys: Map<Vec<u8>>,
    /// Per key: the entries it reaches, and whether at a later word of their text.
    groups: Vec<Vec<(u32, bool)>>,
}

impl std::fmt::Debug for SuggestIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuggestIndex")
            .field("entries", &self.entries.len())
            .field("keys", &self.keys.len())
            .finish()
    }
}

/// `text` as a key: lower-case words, each whitespace-separated chunk's parts joined, one space
/// between.
pub(super) fn normalise(text: &str) -> String {
    let mut out = String::new();
    for chunk in text.split_whitespace() {
        let w = text::raw_parts(chunk).concat();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// A name's words for phrases: lower-case chunks with their outer punctuation trimmed.
fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|c| {
            c.trim_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// Whether a name word may be part of a query completion.
fn phrase_word(w: &str) -> bool {
    let key = normalise(w);
    key.len() >= 2
        && !key.bytes().any(|b| b.is_ascii_digit())
        && !text::is_stop_word(&key)
        && !AUDIENCE.contains(&key.as_str())
}

#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    keys: Vec<(String, u32, bool)>,
}

impl Builder {
    fn add(&mut self, e: Entry, with_later_words: bool) {
        let id = self.entries.len() as u32;
        let full = normalise(&e.text);
        if full.is_empty() {
            return;
        }
        if with_later_words {
            let mut rest = full.as_str();
            while let Some((_, tail)) = rest.split_once(' ') {
                self.keys.push((tail.to_owned(), id, true));
                rest = tail;
            }
        }
        self.keys.push((full, id, false));
        self.entries.push(e);
    }

    fn finish(mut self) -> SuggestIndex {
        self.keys.sort_unstable();
        self.keys.dedup();
        let mut b = MapBuilder::memory();
        let mut groups: Vec<Vec<(u32, bool)>> = Vec::new();
        let mut last: Option<&str> = None;
        for (k, id, later) in &self.keys {
            if last != Some(k.as_str()) {
                // Sorted and unique, so inserting cannot fail.
                let _ = b.insert(k, groups.len() as u64);
                groups.push(Vec::new());
                last = Some(k);
            }
            if let Some(g) = groups.last_mut() {
                g.push((*id, *later));
            }
        }
        let keys = b
            .into_inner()
            .ok()
            .and_then(|bytes| Map::new(bytes).ok())
            .unwrap_or_default();
        SuggestIndex {
            entries: self.entries,
            keys,
            groups,
        }
    }
}

impl SuggestIndex {
    /// Every category with products, every brand, and the query completions.
    pub fn build(c: &Catalog) -> SuggestIndex {
        let mut b = Builder::default();
        let mut taken: HashMap<String, ()> = HashMap::new();
        // Categories, by full name (`Women's Sneakers`), one per name: the one with most products.
        let mut cats: Vec<(u32, usize)> = (1..c.tree.nodes.len() as u32)
            .map(|i| (i, c.index.by_cat[i as usize].len()))
            .filter(|&(_, n)| n > 0)
            .collect();
        cats.sort_by_key(|&(i, n)| (Reverse(n), i));
        for (i, n) in cats {
            let cat = &c.tree.node(i).cat;
            let shown = if cat.full_name.trim().is_empty() {
                &cat.name
            } else {
                &cat.full_name
            };
            let key = normalise(shown);
            if taken.insert(key, ()).is_some() {
                continue;
            }
            b.add(
                Entry {
                    kind: SuggestionKind::Category,
                    text: shown.as_str().into(),
                    id: Some(cat.id.as_str().into()),
                    count: n as u64,
                },
                true,
            );
        }
        for (i, name) in c.brands.iter().enumerate() {
            let n = c.index.by_brand[i].len();
            taken.insert(normalise(name), ());
            b.add(
                Entry {
                    kind: SuggestionKind::Brand,
                    text: name.as_str().into(),
                    id: Some((i + 1).to_string().into()),
                    count: n as u64,
                },
                true,
            );
        }
        for (text, count) in query_completions(c) {
            if taken.insert(normalise(&text), ()).is_some() {
                continue;
            }
            b.add(
                Entry {
                    kind: SuggestionKind::Query,
                    text: text.into(),
                    id: None,
                    count,
                },
                false,
            );
        }
        b.finish()
    }

    /// At most `limit` suggestions for `prefix`, in the module's order.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let clipped: String = prefix.chars().take(MAX_SUGGEST_CHARS).collect();
        let p = normalise(&clipped);
        let limit = limit.min(MAX_SUGGEST_LIMIT);
        if p.is_empty() || limit == 0 {
            return Vec::new();
        }
        // Per entry: the fewest edits and whether only at a later word, as `2 * edits + later`
        // (`u8::MAX`: not found); and the entries found, in the order found.
        let mut best = vec![u8::MAX; self.entries.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut take = |group: u64, edits: u8| {
            let Some(g) = self.groups.get(group as usize) else {
                return;
            };
            for &(id, later) in g {
                let v = 2 * edits + u8::from(later);
                let slot = &mut best[id as usize];
                if *slot == u8::MAX {
                    touched.push(id);
                }
                *slot = (*slot).min(v);
            }
        };
        // The typo budget follows the word being typed: `running sh` is read exactly.
        let last = p.rsplit(' ').next().unwrap_or_default();
        let edits = typo::allowed_edits(last.chars().count());
        if edits == 0 || p.chars().any(char::is_numeric) {
            let mut s = self.keys.search(Str::new(&p).starts_with()).into_stream();
            while let Some((_, g)) = s.next() {
                take(g, 0);
            }
        } else {
            let dfa = typo::automaton(edits).build_prefix_dfa(&p);
            let mut s = self.keys.search_with_state(&dfa).into_stream();
            while let Some((_, g, state)) = s.next() {
                let d = match dfa.distance(state) {
                    levenshtein_automata::Distance::Exact(d) => d,
                    levenshtein_automata::Distance::AtLeast(_) => continue,
                };
                take(g, d);
            }
        }
        let key = |id: &u32| {
            let e = &self.entries[*id as usize];
            (best[*id as usize], Reverse(e.count), e.kind, &e.text)
        };
        // Only the best `limit` are ordered.
        if touched.len() > limit {
            touched.select_nth_unstable_by(limit, |a, b| key(a).cmp(&key(b)));
            touched.truncate(limit);
        }
        touched.sort_by(|a, b| key(a).cmp(&key(b)));
        touched
            .into_iter()
            .map(|id| {
                let e = &self.entries[id as usize];
                Suggestion {
                    kind: e.kind,
                    text: e.text.to_string(),
                    id: e.id.as_deref().map(str::to_owned),
                    count: e.count,
                }
            })
            .collect()
    }
}

/// Query completions and how many products each finds: the vocabulary's words, the data's
/// article types, and the words and word pairs of product names (without the brand) found in
/// enough names. One per way of reading them (`dress` and `dresses` are one query): the
/// spelling seen most often.
fn query_completions(c: &Catalog) -> Vec<(String, u64)> {
    // Spelling -> how often seen (names) or a large weight (vocabulary and types).
    let mut seen: HashMap<String, u32> = HashMap::new();
    for w in &c.index.vocab.words {
        *seen.entry(w.to_lowercase()).or_default() += 1_000_000;
    }
    for it in &c.items {
        *seen.entry(it.article_type.to_lowercase()).or_default() += 1;
    }
    let mut names: HashMap<String, u32> = HashMap::new();
    for it in &c.items {
        let words = name_words(&it.unbranded);
        let ok: Vec<bool> = words.iter().map(|w| phrase_word(w)).collect();
        for (i, w) in words.iter().enumerate() {
            if ok[i] {
                *names.entry(w.clone()).or_default() += 1;
                if i + 1 < words.len() && ok[i + 1] {
                    *names.entry(format!("{w} {}", words[i + 1])).or_default() += 1;
                }
            }
        }
    }
    for (p, n) in names {
        let min = if p.contains(' ') {
            MIN_PAIR_NAMES
        } else {
            MIN_WORD_NAMES
        };
        if n >= min {
            *seen.entry(p).or_default() += n;
        }
    }
    // One spelling per reading: the most seen, then the shortest, then alphabetical.
    let mut by_reading: HashMap<String, (String, u32)> = HashMap::new();
    for (spelling, n) in seen {
        let words = rank::query_words(&spelling);
        if words.is_empty() {
            continue;
        }
        let reading = words.join(" ");
        let slot = by_reading
            .entry(reading)
            .or_insert_with(|| (spelling.clone(), n));
        let better =
            (Reverse(n), spelling.len(), &spelling) < (Reverse(slot.1), slot.0.len(), &slot.0);
        if better {
            *slot = (spelling, n);
        }
    }
    let mut out: Vec<(String, u64)> = by_reading
        .into_iter()
        .filter_map(|(reading, (spelling, _))| {
            let words: Vec<String> = reading.split(' ').map(str::to_owned).collect();
            let n = matching(c, &words);
            (n > 0).then_some((spelling, n))
        })
        .collect();
    out.sort_unstable();
    out
}

/// How many products have every word or phrase of `words` (as the search reads them).
fn matching(c: &Catalog, words: &[String]) -> u64 {
    let concepts = rank::concepts(&c.index, words);
    let mut lists: Vec<_> = concepts.iter().map(|k| k.postings(&c.index)).collect();
    lists.sort_by_key(|l| l.len());
    match lists.as_slice() {
        [] => 0,
        [one] => one.len() as u64,
        [first, rest @ ..] => {
            let mut acc = first.to_vec();
            for l in rest {
                if acc.is_empty() {
                    break;
                }
                acc = intersect(&acc, l);
            }
            acc.len() as u64
        }
    }
}
