//! Free text: what a query's words find, and in what order.
//!
//! A query is cut into words (see `vocab::chunk_words`); runs of up to four words that are a
//! phrase of the vocabulary or of the data (`track pants`, `peter england`, `navy blue`) are
//! taken as one. Each word or phrase finds the products with it in any field, and what the
//! shopper's vocabulary says it also means (`trainers` -> sports and casual shoes).
//!
//! A product matches when every word or phrase finds it. When none does, the products that
//! match the most of them are the answer, marked `partial`. Relevance is BM25-like: per word,
//! the fields it is found in add up (article type and categories count most, then brand,
//! colour, audience, name; a name's weight falls with its length), saturate, and are weighed by
//! how rare the word is. Products whose name has the query's words in order score a quarter more.

use std::borrow::Cow;

use super::build::{FIELDS, Field, Index};
use super::postings::{for_each_common, union};
use super::vocab::{self, MAX_PHRASE_WORDS};
use crate::domain::TextMatch;

/// How much a word found in each [`Field`] counts.
const FIELD_WEIGHT: [f32; FIELDS] = {
    let mut w = [0.0; FIELDS];
    w[Field::Type as usize] = 4.0;
    w[Field::Category as usize] = 3.0;
    w[Field::Brand as usize] = 3.0;
    w[Field::Colour as usize] = 2.0;
    w[Field::Audience as usize] = 2.0;
    w[Field::Name as usize] = 1.0;
    w
};
/// What a vocabulary meaning counts, against the word as written.
const SYNONYM_WEIGHT: f32 = 0.9;
/// What having the query's words in order in the name multiplies a score by.
const PHRASE_BONUS: f32 = 1.25;
/// BM25's saturation: how fast more fields stop adding.
const K1: f32 = 1.2;
/// BM25's length norm, for names only (other fields are short labels).
const NAME_B: f32 = 0.3;

/// One word or phrase of a query and the index terms that find it.
#[derive(Debug)]
pub(super) struct Concept {
    /// The word or phrase as the query has it (folded words joined by one space).
    pub key: String,
    /// Index terms and their weight: the word itself (1.0) when the index has it, then its
    /// vocabulary meanings.
    pub alts: Vec<(String, f32)>,
}

/// A query's words as concepts, phrases taken greedily (longest first).
pub(super) fn concepts(ix: &Index, words: &[String]) -> Vec<Concept> {
    let known = |k: &str| ix.terms.contains_key(k) || ix.vocab.synonyms.contains_key(k);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut len = 1;
        for l in (2..=MAX_PHRASE_WORDS.min(words.len() - i)).rev() {
            if known(&words[i..i + l].join(" ")) {
                len = l;
                break;
            }
        }
        let key = words[i..i + len].join(" ");
        let mut alts = Vec::new();
        if ix.terms.contains_key(&key) {
            alts.push((key.clone(), 1.0));
        }
        if let Some(syn) = ix.vocab.synonyms.get(&key) {
            alts.extend(syn.iter().map(|s| (s.clone(), SYNONYM_WEIGHT)));
        }
        out.push(Concept { key, alts });
        i += len;
    }
    out
}

impl Concept {
    /// The products it finds, sorted.
    pub fn postings<'a>(&self, ix: &'a Index) -> Cow<'a, [u32]> {
        let lists: Vec<&[u32]> = self
            .alts
            .iter()
            .filter_map(|(t, _)| ix.terms.get(t).map(Vec::as_slice))
            .collect();
        match lists.as_slice() {
            [] => Cow::Borrowed(&[]),
            [one] => Cow::Borrowed(*one),
            many => Cow::Owned(union(many)),
        }
    }
}

/// The query words of free text, in order, repeats dropped. Filler words are dropped unless
/// nothing else is left.
pub(super) fn query_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in vocab::chunk_words(text) {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    if out.is_empty() {
        // Only filler words: search for them as they are (they match nothing).
        for chunk in text.split_whitespace() {
            let w = super::text::fold(&super::text::raw_parts(chunk).concat());
            if !w.is_empty() && !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// The relevance order of `set` (sorted positions) for `concepts`: a key per product, lowest
/// first, and whether the best products hold the query as written.
pub(super) struct Ranked {
    pub keys: Vec<(u32, u32)>,
    pub exact: bool,
}

/// Scores every product of `set`. `words` are the query words (for the phrase check); `dfs`
/// how many products each concept finds in the whole catalog.
pub(super) fn rank(
    ix: &Index,
    set: &[u32],
    words: &[String],
    concepts: &[Concept],
    dfs: &[usize],
) -> Ranked {
    let n = ix.name_len.len().max(1) as f32;
    let mut score = vec![0f32; set.len()];
    let mut tf = vec![0f32; set.len()];
    let mut hit = vec![0f32; set.len()];
    let mut literal_hit = concepts.len() == 1;
    let mut any_literal = false;
    for (c, &df) in concepts.iter().zip(dfs) {
        let df = df as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        tf.iter_mut().for_each(|x| *x = 0.0);
        for (f, (postings, &weight)) in ix.fields.iter().zip(&FIELD_WEIGHT).enumerate() {
            hit.iter_mut().for_each(|x| *x = 0.0);
            let mut found = false;
            for (t, w) in &c.alts {
                if let Some(list) = postings.get(t) {
                    let w = *w;
                    for_each_common(set, list, |i| {
                        found = true;
                        if hit[i] < w {
                            hit[i] = w;
                        }
                        if w >= 1.0 {
                            any_literal = true;
                        }
                    });
                }
            }
            if !found {
                continue;
            }
            if f == Field::Name as usize {
                for (i, &p) in set.iter().enumerate() {
                    if hit[i] > 0.0 {
                        let len = f32::from(ix.name_len[p as usize]);
                        let norm = 1.0 - NAME_B + NAME_B * len / ix.mean_name_len;
                        tf[i] += weight * hit[i] / norm;
                    }
                }
            } else {
                for i in 0..set.len() {
                    tf[i] += weight * hit[i];
                }
            }
        }
        for i in 0..set.len() {
            let t = tf[i];
            score[i] += idf * t * (K1 + 1.0) / (t + K1);
        }
    }
    literal_hit &= any_literal;
    // The query as written, in order, in the name: a bonus.
    let phrase: Option<Vec<u32>> = (words.len() > 1)
        .then(|| words.iter().map(|w| ix.seq_ids.get(w).copied()).collect())
        .flatten();
    let mut phrase_hits = false;
    let keys = set
        .iter()
        .zip(&score)
        .map(|(&p, &s)| {
            let in_order = phrase.as_ref().is_some_and(|ph| {
                let name = &ix.name_seq
                    [ix.name_at[p as usize] as usize..ix.name_at[p as usize + 1] as usize];
                name.windows(ph.len()).any(|w| w == ph.as_slice())
            });
            phrase_hits |= in_order;
            let s = if in_order { s * PHRASE_BONUS } else { s };
            // Non-negative floats order like their bits.
            (u32::MAX - s.max(0.0).to_bits(), p)
        })
        .collect();
    Ranked {
        keys,
        exact: phrase_hits || literal_hit,
    }
}

/// The page `start..end` of `keys` in key order.
pub(super) fn page(mut keys: Vec<(u32, u32)>, start: usize, end: usize) -> Vec<u32> {
    if end < keys.len() {
        keys.select_nth_unstable(end);
        keys.truncate(end);
    }
    keys.sort_unstable();
    keys[start.min(keys.len())..end.min(keys.len())]
        .iter()
        .map(|k| k.1)
        .collect()
}

/// How the text matched, for the response.
pub(super) fn text_match(partial: bool, exact: bool) -> TextMatch {
    if partial {
        TextMatch::Partial
    } else if exact {
        TextMatch::Exact
    } else {
        TextMatch::All
    }
}
