//! Typo tolerance: a query word that matches nothing as written is read as the closest word the
//! catalog knows.
//!
//! The words the catalog knows are every single-word search term of the index (article types,
//! categories, brands, colours, audiences, name words) and every single-word key of the
//! shopper's vocabulary, in one sorted `fst` map from the word to how many products it finds.
//! A query word is looked up there with a Levenshtein automaton that counts a transposition of
//! two neighbouring letters as one edit (`levenshtein_automata`, the Damerau "optimal string
//! alignment" distance, the one of `strsim::osa_distance`), so each query word costs one walk
//! of the automaton over the set, never a comparison with every term.
//!
//! The rules (README.md "Search"):
//! - Only a word that matches nothing as written is corrected: not a term, not a vocabulary
//!   word, not part of a phrase the query has as written.
//! - Words typed with fewer than [`MIN_TYPO_LEN`] letters, and words with a digit, are never
//!   corrected. From [`MIN_TYPO_LEN`] letters one edit is allowed, from [`MIN_TWO_TYPOS_LEN`]
//!   two (Algolia's thresholds; Meilisearch allows one from 5 letters, which would leave
//!   `drss` uncorrected).
//! - The word is compared as typed and as folded to its singular (`sneekers` and `sneeker`),
//!   the closer reading counting.
//! - The best candidate has the fewest edits, then finds the most products, then comes first
//!   alphabetically. It is searched for in its place, weighed below the word as written
//!   ([`TYPO_WEIGHT`]), so an exact match always counts more than a corrected one.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use fst::{IntoStreamer, Map, MapBuilder, Streamer};
use levenshtein_automata::LevenshteinAutomatonBuilder;

use super::build::Index;
use super::postings::union;
use super::rank::{self, Concept};
use super::text;
use super::vocab::MAX_PHRASE_WORDS;

/// The fewest letters a word must be typed with to be corrected at all (one edit).
pub(super) const MIN_TYPO_LEN: usize = 4;
/// The fewest letters a word must be typed with for two edits.
pub(super) const MIN_TWO_TYPOS_LEN: usize = 8;
/// What a corrected word's match counts, against the word as written (a vocabulary meaning
/// counts 0.9, see `rank.rs`).
pub(super) const TYPO_WEIGHT: f32 = 0.8;

/// The automaton builders for one and two edits, transpositions counting one. They depend on
/// nothing but the distance, so one pair serves every catalog of the process; building the pair
/// takes a few milliseconds, paid by the first [`Typos::build`].
static AUTOMATA: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

/// The automaton builder for `edits` (1 or 2) edits.
pub(super) fn automaton(edits: usize) -> &'static LevenshteinAutomatonBuilder {
    &AUTOMATA[edits.clamp(1, 2) - 1]
}

/// How many edits a word typed with `typed_len` letters may be corrected by.
pub(super) fn allowed_edits(typed_len: usize) -> usize {
    if typed_len >= MIN_TWO_TYPOS_LEN {
        2
    } else if typed_len >= MIN_TYPO_LEN {
        1
    } else {
        0
    }
}

/// The Damerau distance used everywhere here (restricted: optimal string alignment).
pub(super) fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The words a query may be corrected to, and how many products each finds.
pub(super) struct Typos {
    words: Map<Vec<u8>>,
}

impl std::fmt::Debug for Typos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typos")
            .field("words", &self.words.len())
            .finish()
    }
}

/// The [`Typos`] of a catalog, built on first use: by the first query with a word that matches
/// nothing as written (or `Catalog::prepare`), so start-up does not pay for it.
#[derive(Debug, Default)]
pub(super) struct LazyTypos(OnceLock<Typos>);

impl LazyTypos {
    /// The correctable words of `ix`, built now if not yet.
    pub fn get(&self, ix: &Index) -> &Typos {
        self.0.get_or_init(|| Typos::build(ix))
    }

    /// [`Typos::correct`], without building anything when every word matches as written.
    pub fn correct(
        &self,
        ix: &Index,
        fts: &str,
        words: Vec<String>,
    ) -> (Vec<String>, Option<Corrected>) {
        if unmatched(ix, &words).is_empty() {
            return (words, None);
        }
        self.get(ix).correct(ix, fts, words)
    }
}

/// A query as understood: its words with the corrections made, and the text to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Corrected {
    /// The query as understood, lower-case, for the response (`adidas shoes`).
    pub text: String,
    /// The index words that replaced a typed word (`adidas`).
    pub words: Vec<String>,
}

impl Typos {
    /// The correctable words of `ix`: its single-word terms and vocabulary keys, without digits.
    pub fn build(ix: &Index) -> Typos {
        let _ = &*AUTOMATA;
        let correctable =
            |w: &str| w.len() >= 2 && !w.contains(' ') && !w.bytes().any(|b| b.is_ascii_digit());
        let mut words: Vec<(&str, u64)> = ix
            .terms
            .iter()
            .filter(|(t, _)| correctable(t))
            .map(|(t, l)| (t.as_str(), l.len() as u64))
            .collect();
        for (k, targets) in &ix.vocab.synonyms {
            if !correctable(k) {
                continue;
            }
            let lists: Vec<&[u32]> = targets
                .iter()
                .filter_map(|t| ix.terms.get(t).map(Vec::as_slice))
                .collect();
            words.push((k.as_str(), union(&lists).len() as u64));
        }
        words.sort_unstable();
        // A vocabulary key that is also a term: the larger count.
        words.dedup_by(|later, kept| {
            later.0 == kept.0 && {
                kept.1 = kept.1.max(later.1);
                true
            }
        });
        let mut b = MapBuilder::memory();
        for (w, n) in &words {
            // Sorted and unique, so inserting cannot fail.
            let _ = b.insert(w, *n);
        }
        let words = b
            .into_inner()
            .ok()
            .and_then(|bytes| Map::new(bytes).ok())
            .unwrap_or_default();
        Typos { words }
    }

    /// The best correction of a word typed as `typed` (lower-case, its parts joined) and folded
    /// to `folded`, with its edit count; `None` when the rules allow none or none is close.
    ///
    /// Candidates are the words within the allowed edits of the typed word, of its folded form
    /// or of its stem (`watvhes` -> `watvh`: the index holds singulars). Each is then measured
    /// against what was typed in the spelling closest to it (`watches` for `watch`), and the
    /// best has, in order: the fewest edits; the typed first letter (typos rarely hit it:
    /// `jens` is `jeans` before `mens`); the likeliest edits ([`typo_cost`]: a doubled or
    /// dropped letter, a swap, a neighbouring key before an unrelated letter: `hels` and
    /// `herls` are `heels` before `hers`); the most products; the alphabet.
    pub fn best(&self, typed: &str, folded: &str) -> Option<(String, usize)> {
        let len = typed.chars().count();
        let edits = allowed_edits(len);
        if edits == 0 || typed.chars().any(|c| c.is_numeric()) {
            return None;
        }
        let mut forms: Vec<&str> = vec![typed, folded];
        forms.extend(typed.strip_suffix("es"));
        forms.extend(typed.strip_suffix('s'));
        forms.sort_unstable();
        forms.dedup();
        let first = typed.chars().next();
        type Rank = (usize, bool, u32, std::cmp::Reverse<u64>, String);
        let mut best: Option<Rank> = None;
        for form in forms.iter().filter(|f| !f.is_empty()) {
            let dfa = automaton(edits).build_dfa(form);
            let mut stream = self.words.search(&dfa).into_stream();
            while let Some((key, n)) = stream.next() {
                let Ok(key) = std::str::from_utf8(key) else {
                    continue;
                };
                let other_first = key.chars().next() != first;
                let forms = spellings(key);
                let Some(d) = forms.iter().map(|s| distance(s, typed)).min() else {
                    continue;
                };
                // Cheap checks first: the likelihood of the slip only breaks ties.
                if d > edits || best.as_ref().is_some_and(|b| (d, other_first) > (b.0, b.1)) {
                    continue;
                }
                let cost = forms
                    .iter()
                    .filter(|s| distance(s, typed) == d)
                    .map(|s| typo_cost(typed, s))
                    .fold(f32::INFINITY, f32::min);
                let cand = (
                    d,
                    other_first,
                    (cost * 100.0).round() as u32,
                    std::cmp::Reverse(n),
                    key.to_owned(),
                );
                if best.as_ref().is_none_or(|b| cand < *b) {
                    best = Some(cand);
                }
            }
        }
        best.map(|(d, _, _, _, w)| (w, d))
    }

    /// Corrects the words of a query (`words`, as `rank::query_words` gives them for `fts`)
    /// that match nothing as written. Returns the words as understood and, when any changed,
    /// the correction.
    pub fn correct(
        &self,
        ix: &Index,
        fts: &str,
        words: Vec<String>,
    ) -> (Vec<String>, Option<Corrected>) {
        let unmatched = unmatched(ix, &words);
        if unmatched.is_empty() {
            return (words, None);
        }
        // Each word as typed (lower-case, parts joined), for its length and its distance.
        let typed: Vec<(String, String)> = fts
            .split_whitespace()
            .map(|chunk| {
                let t = text::raw_parts(chunk).concat();
                (text::fold(&t), t)
            })
            .collect();
        let mut fixes: HashMap<&str, (String, String)> = HashMap::new();
        for &i in &unmatched {
            let w = words[i].as_str();
            // The longest spelling that folds to it (repeats were dropped).
            let Some(t) = typed
                .iter()
                .filter(|(f, _)| f == w)
                .map(|(_, t)| t.as_str())
                .max_by_key(|t| t.len())
            else {
                continue;
            };
            if let Some((fix, _)) = self.best(t, w) {
                let shown = surface(&fix, t);
                fixes.insert(w, (fix, shown));
            }
        }
        if fixes.is_empty() {
            return (words, None);
        }
        let text = fts
            .split_whitespace()
            .map(|chunk| {
                let t = text::raw_parts(chunk).concat();
                match fixes.get(text::fold(&t).as_str()) {
                    Some((_, shown)) => shown.clone(),
                    None => chunk.to_lowercase(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut fixed_words = Vec::new();
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        for w in &words {
            let w = match fixes.get(w.as_str()) {
                Some((fix, _)) => {
                    fixed_words.push(fix.clone());
                    fix.clone()
                }
                None => w.clone(),
            };
            if !out.contains(&w) {
                out.push(w);
            }
        }
        (
            out,
            Some(Corrected {
                text,
                words: fixed_words,
            }),
        )
    }
}

/// The places of the words of `words` that match nothing as written: not a term, not a
/// vocabulary word, not inside a phrase of the query that is one (read as `rank::concepts`
/// reads them).
fn unmatched(ix: &Index, words: &[String]) -> Vec<usize> {
    let known = |k: &str| ix.terms.contains_key(k) || ix.vocab.synonyms.contains_key(k);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let phrase = (2..=MAX_PHRASE_WORDS.min(words.len() - i))
            .rev()
            .find(|&l| known(&words[i..i + l].join(" ")));
        match phrase {
            Some(l) => i += l,
            None => {
                if !known(&words[i]) {
                    out.push(i);
                }
                i += 1;
            }
        }
    }
    out
}

/// The concepts of the words as understood: corrected words weigh [`TYPO_WEIGHT`] of what
/// they would as written.
pub(super) fn concepts(
    ix: &Index,
    words: &[String],
    corrected: Option<&Corrected>,
) -> Vec<Concept> {
    let mut concepts = rank::concepts(ix, words);
    if let Some(c) = corrected {
        for concept in &mut concepts {
            if concept
                .key
                .split(' ')
                .any(|w| c.words.iter().any(|f| f == w))
            {
                for alt in &mut concept.alts {
                    alt.1 *= TYPO_WEIGHT;
                }
            }
        }
    }
    concepts
}

/// The spellings of an index word (folded to its singular) that fold back to it: the word,
/// and its plurals in `s`, `es` and `y` -> `ies`.
fn spellings(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned(), format!("{word}s"), format!("{word}es")];
    if let Some(stem) = word.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    forms.retain(|f| f == word || text::fold(f) == word);
    forms
}

/// How to show `word` (an index word, folded to its singular) to a shopper who typed `typed`:
/// the spelling that folds to it and is closest to what was typed, a plural when the typed
/// word read as one (`sneekers` -> `sneakers`, `drss` -> `dress`).
pub(super) fn surface(word: &str, typed: &str) -> String {
    let plural = text::fold(typed) != typed;
    spellings(word)
        .into_iter()
        .min_by_key(|f| (distance(f, typed), (f.as_str() == word) == plural))
        .unwrap_or_else(|| word.to_owned())
}

/// QWERTY rows, for neighbouring keys.
const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Whether `a` and `b` are neighbouring keys on a QWERTY keyboard (same row, side by side, or
/// on the next row, touching: each row sits half a key to the right of the one above).
fn neighbours(a: char, b: char) -> bool {
    let at = |c: char| {
        ROWS.iter()
            .enumerate()
            .find_map(|(r, row)| row.find(c).map(|i| (r as i32, 2 * i as i32 + r as i32)))
    };
    match (at(a), at(b)) {
        (Some((ra, xa)), Some((rb, xb))) => {
            (ra == rb && (xa - xb).abs() == 2) || ((ra - rb).abs() == 1 && (xa - xb).abs() <= 1)
        }
        _ => false,
    }
}

/// How unlikely it is to type `b` as `a`: an edit distance (optimal string alignment) in which
/// the common slips of the fingers cost 0.5 and other edits 1. Common slips: a letter dropped,
/// two neighbouring letters swapped, a neighbouring key hit instead, a letter typed twice or a
/// neighbouring key hit beside the right one. Other edits: an unrelated letter instead, or
/// added. Only breaks ties between candidates with the same number of edits.
pub(super) fn typo_cost(a: &str, b: &str) -> f32 {
    const SLIP: f32 = 0.5;
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // A letter typed but not meant: a slip when it repeats or touches a letter beside it.
    let extra = |i: usize| {
        let near = |j: usize| a[j] == a[i] || neighbours(a[j], a[i]);
        if (i > 0 && near(i - 1)) || (i + 1 < n && near(i + 1)) {
            SLIP
        } else {
            1.0
        }
    };
    let mut d = vec![vec![0f32; m + 1]; n + 1];
    for i in 1..=n {
        d[i][0] = d[i - 1][0] + extra(i - 1);
    }
    for j in 1..=m {
        d[0][j] = d[0][j - 1] + SLIP;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = if a[i - 1] == b[j - 1] {
                0.0
            } else if neighbours(a[i - 1], b[j - 1]) {
                SLIP
            } else {
                1.0
            };
            let mut v = (d[i - 1][j] + extra(i - 1))
                .min(d[i][j - 1] + SLIP)
                .min(d[i - 1][j - 1] + sub);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + SLIP);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_edits_grow_with_length() {
        assert_eq!(allowed_edits(3), 0);
        assert_eq!(allowed_edits(4), 1);
        assert_eq!(allowed_edits(7), 1);
        assert_eq!(allowed_edits(8), 2);
    }

    #[test]
    fn a_transposition_is_one_edit() {
        assert_eq!(distance("snaekers", "sneakers"), 1);
        let dfa = automaton(1).build_dfa("snaekers");
        assert!(matches!(
            dfa.eval("sneakers"),
            levenshtein_automata::Distance::Exact(1)
        ));
    }

    #[test]
    fn surface_forms_follow_what_was_typed() {
        assert_eq!(surface("sneaker", "sneekers"), "sneakers");
        assert_eq!(surface("dress", "drss"), "dress");
        assert_eq!(surface("dress", "dres"), "dress");
        assert_eq!(surface("sunglass", "sunglases"), "sunglasses");
        assert_eq!(surface("jean", "jeens"), "jeans");
        assert_eq!(surface("nike", "nikee"), "nike");
        assert_eq!(surface("accessory", "acessories"), "accessories");
    }

    #[test]
    fn likely_slips_cost_less() {
        assert!(neighbours('j', 'm') && neighbours('a', 'q') && neighbours('e', 'r'));
        assert!(!neighbours('l', 'r') && !neighbours('a', 'x') && !neighbours('j', 'a'));
        // A dropped letter before an unrelated one.
        assert!(typo_cost("hels", "heels") < typo_cost("hels", "hers"));
        // A neighbouring key before an unrelated one.
        assert!(typo_cost("sjirt", "shirt") < typo_cost("sjirt", "spirt"));
        assert!(typo_cost("herls", "heels") < typo_cost("herls", "hers"));
        assert_eq!(typo_cost("shirt", "shirt"), 0.0);
        assert_eq!(typo_cost("sihrt", "shirt"), 0.5);
        assert_eq!(typo_cost("shrt", "shirt"), 0.5);
        assert_eq!(typo_cost("shirtt", "shirt"), 0.5);
        assert_eq!(typo_cost("shirzt", "shirt"), 1.0);
    }
}
