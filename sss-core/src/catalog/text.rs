//! Words: how names and queries are cut into search terms.
//!
//! Text is lower-cased and cut at every character that is not a letter or a digit; apostrophes
//! are dropped first (`women's` -> `womens`). Each word is folded to a simple singular
//! (`dresses` -> `dress`, `jeans` -> `jean`, `womens` -> `women`) so that singular and plural
//! meet. The same folding runs on the indexed text and on the query, so it only has to be
//! consistent, not linguistically right. A few filler words are not terms at all.

/// Words that are neither indexed nor required by a query.
const STOP_WORDS: [&str; 8] = ["a", "an", "and", "for", "in", "of", "the", "with"];

/// Whether `word` (already folded) is a filler word.
pub(super) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Folds a lower-case word to a simple singular.
pub(super) fn fold(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..n - 3]);
    }
    if n > 4
        && (word.ends_with("sses")
            || word.ends_with("ches")
            || word.ends_with("shes")
            || word.ends_with("xes"))
    {
        return word[..n - 2].to_owned();
    }
    if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..n - 1].to_owned();
    }
    word.to_owned()
}

/// The parts of `text`: runs of letters and digits, lower-cased, apostrophes dropped, not
/// folded. `"T-Shirt"` gives `["t", "shirt"]`.
pub(super) fn raw_parts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch == '\'' || ch == '\u{2019}' {
            continue;
        }
        if ch.is_ascii() {
            // The common case, without Unicode's case tables (start-up tokenises every name).
            if ch.is_ascii_alphanumeric() {
                cur.push(ch.to_ascii_lowercase());
                continue;
            }
        } else if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The folded words of `text` in order, for matching phrases (`"Flip-Flops"` gives
/// `["flip", "flop"]`).
pub(super) fn words(text: &str) -> Vec<String> {
    raw_parts(text).iter().map(|w| fold(w)).collect()
}

/// The search terms of indexed text: every folded part, plus, for a word written with inner
/// punctuation, its parts joined (`"T-Shirt"` gives `t`, `shirt` and `tshirt`). Filler words
/// are left out.
pub(super) fn index_terms(text: &str) -> Vec<String> {
    index_terms_and_words(text).0
}

/// [`index_terms`] and the query words of `text` in order (`vocab::chunk_words`: one per
/// whitespace-separated chunk, its parts joined), from one pass over it: start-up needs both
/// for every product name.
pub(super) fn index_terms_and_words(text: &str) -> (Vec<String>, Vec<String>) {
    let mut terms = Vec::new();
    let mut words = Vec::new();
    for chunk in text.split_whitespace() {
        let parts = raw_parts(chunk);
        let joined = match parts.len() {
            0 => continue,
            1 => fold(&parts[0]),
            _ => {
                let joined = fold(&parts.concat());
                terms.push(joined.clone());
                joined
            }
        };
        terms.extend(parts.iter().map(|p| fold(p)));
        if !is_stop_word(&joined) {
            words.push(joined);
        }
    }
    terms.retain(|t| !is_stop_word(t));
    terms.sort_unstable();
    terms.dedup();
    (terms, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_meets_singular_and_plural() {
        for (a, b) in [
            ("dresses", "dress"),
            ("jeans", "jean"),
            ("shoes", "shoe"),
            ("watches", "watch"),
            ("womens", "women"),
            ("accessories", "accessory"),
            ("flops", "flop"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
        assert_eq!(fold("dress"), "dress");
        assert_eq!(fold("bus"), "bus");
    }

    #[test]
    fn index_and_query_terms_agree() {
        let idx = index_terms("Puma Men's Logo T-Shirt");
        for t in ["puma", "men", "logo", "t", "shirt", "tshirt"] {
            assert!(idx.contains(&t.to_owned()), "{t} in {idx:?}");
        }
        let q = super::super::rank::query_words;
        assert_eq!(q("  T-shirts  MENS "), ["tshirt", "men"]);
        assert_eq!(q("shirts and jeans shirt"), ["shirt", "jean"]);
        assert_eq!(q("the"), ["the"]);
        assert!(q("!!! ---").is_empty());
        assert_eq!(words("Flip-Flops"), ["flip", "flop"]);
    }
}
