//! The shopper's vocabulary: query words and phrases that find more than they literally say
//! (`trainers` finds sports and casual shoes, `ladies` finds women's products), read from
//! `mappings/search_vocabulary.json`. The data's own article types, categories, colours and
//! brands need no entry: the index has them as words and as whole phrases.

use std::collections::HashMap;

use serde::Deserialize;

use super::error::CatalogError;
use super::text;

/// The file the vocabulary comes from, for error messages.
pub(super) const FILE: &str = "search_vocabulary.json";

/// The longest query phrase, in words, looked up as one.
pub(super) const MAX_PHRASE_WORDS: usize = 4;

/// Query phrase (folded words joined by one space) -> the index terms it also finds.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    pub synonyms: HashMap<String, Vec<String>>,
    /// Every query word or phrase of the file as written (`Trainers`, `for her`), in file
    /// order: query completions (`suggest.rs`).
    pub words: Vec<String>,
}

impl Vocabulary {
    /// Reads the vocabulary file. Whether every target matches a product is checked once the
    /// index exists ([`Vocabulary::check`]).
    pub fn parse(json: &str) -> Result<Vocabulary, CatalogError> {
        #[derive(Deserialize)]
        struct Entry {
            words: Vec<String>,
            find: Vec<String>,
        }
        #[derive(Deserialize)]
        struct File {
            synonyms: Vec<Entry>,
        }
        let f: File =
            serde_json::from_str(json).map_err(|e| CatalogError::data(FILE, e.to_string()))?;
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
        let mut words = Vec::new();
        for e in f.synonyms {
            let targets: Vec<String> = e.find.iter().map(|t| phrase_key(t)).collect();
            if let Some(bad) = e.find.iter().zip(&targets).find(|(_, k)| k.is_empty()) {
                return Err(CatalogError::data(
                    FILE,
                    format!("{:?} has no searchable word", bad.0),
                ));
            }
            for w in &e.words {
                let key = phrase_key(w);
                if key.is_empty() || key.split(' ').count() > MAX_PHRASE_WORDS {
                    return Err(CatalogError::data(
                        FILE,
                        format!("{w:?}: allowed: 1 to {MAX_PHRASE_WORDS} searchable words"),
                    ));
                }
                words.push(w.trim().to_owned());
                let list = synonyms.entry(key.clone()).or_default();
                for t in &targets {
                    if *t != key && !list.contains(t) {
                        list.push(t.clone());
                    }
                }
            }
        }
        synonyms.retain(|_, v| !v.is_empty());
        Ok(Vocabulary { synonyms, words })
    }

    /// Fails when a target matches no product: a typo in the file, or data that changed.
    pub fn check(&self, has: impl Fn(&str) -> bool) -> Result<(), CatalogError> {
        let mut keys: Vec<&String> = self.synonyms.keys().collect();
        keys.sort();
        for k in keys {
            if let Some(t) = self.synonyms[k].iter().find(|t| !has(t)) {
                return Err(CatalogError::data(
                    FILE,
                    format!("{k:?} finds {t:?}, which matches no product"),
                ));
            }
        }
        Ok(())
    }
}

/// The words of `text` as a query sees them, in order: one per whitespace-separated chunk, its
/// parts joined (`T-Shirt` -> `tshirt`), folded, filler words dropped.
pub(super) fn chunk_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|chunk| text::fold(&text::raw_parts(chunk).concat()))
        .filter(|w| !w.is_empty() && !text::is_stop_word(w))
        .collect()
}

/// A phrase as one key: its [`chunk_words`] joined by one space.
pub(super) fn phrase_key(text: &str) -> String {
    chunk_words(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_like_search_words() {
        assert_eq!(phrase_key("Sports Shoes"), "sport shoe");
        assert_eq!(
            phrase_key("Loungewear and Nightwear"),
            "loungewear nightwear"
        );
        assert_eq!(phrase_key("U.S. Polo Assn."), "us polo assn");
        assert_eq!(phrase_key("T-Shirts"), "tshirt");
        assert_eq!(phrase_key("men's"), "men");
        assert_eq!(phrase_key("for"), "");
    }

    #[test]
    fn the_one_pass_tokeniser_gives_the_same_words() {
        for name in [
            "Puma Men's Logo T-Shirt",
            "U.S. Polo Assn. Women Navy -- Flip-Flops",
            "  the Kurta for   a   Wedding ",
            "Café Crème Sandals",
            "!!! ---",
        ] {
            let (_, words) = text::index_terms_and_words(name);
            assert_eq!(words, chunk_words(name), "{name}");
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_entry_named() {
        assert!(Vocabulary::parse("{").is_err());
        let empty_target = r#"{"synonyms": [{"words": ["x"], "find": ["the"]}]}"#;
        assert!(Vocabulary::parse(empty_target).is_err());
        let v = Vocabulary::parse(
            r#"{"synonyms": [{"words": ["Trainers", "boys"], "find": ["Sports Shoes", "boy"]}]}"#,
        )
        .expect("parses");
        assert_eq!(v.synonyms["trainer"], ["sport shoe", "boy"]);
        assert_eq!(
            v.synonyms["boy"],
            ["sport shoe"],
            "a word is not its own synonym"
        );
        let e = v.check(|t| t != "boy").expect_err("boy is unknown here");
        assert!(e.to_string().contains("boy"), "{e}");
    }
}
