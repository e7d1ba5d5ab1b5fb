//! The rules that place a product in finer categories than its article type alone gives, read
//! from `mappings/category_rules.json` (the file's `about` fields say what each part means).
//!
//! A rule applies to audiences (women, men, boys, girls), a set of article types (empty: any),
//! optionally a `usage` value, and optionally phrases of the product name (any one must appear,
//! brand words excluded). Every matching rule adds its category, in file order, so the first
//! match is the product's primary category. When no rule matches, the article-type mapping
//! (`mappings/articletype_to_category.json`, then the file's `extra_article_types`) decides.
//! `{k}` in a category id stands for `boys` or `girls`.

use std::collections::HashMap;

use serde::Deserialize;

use super::error::CatalogError;

/// The file the rules come from, for error messages.
pub(super) const FILE: &str = "category_rules.json";

/// Women (and unisex products, as women's).
pub(super) const W: u8 = 1;
/// Men (and unisex products, as men's).
pub(super) const M: u8 = 2;
/// Boys.
pub(super) const B: u8 = 4;
/// Girls.
pub(super) const G: u8 = 8;

/// One placement rule.
#[derive(Debug)]
pub(super) struct Rule {
    /// The audiences it applies to (a mask of [`W`], [`M`], [`B`], [`G`]).
    pub who: u8,
    /// Article types it applies to; empty: any.
    pub types: Vec<String>,
    /// The `usage` value it needs, if any.
    pub usage: Option<String>,
    /// Phrases of the name, one of which must appear; empty: none needed.
    pub words: Vec<String>,
    /// The category.
    pub cat: String,
}

/// The whole file.
#[derive(Debug)]
pub(super) struct Rules {
    /// The rules, most specific first.
    pub rules: Vec<Rule>,
    /// Article type -> (women's, men's) category, for types the mapping file leaves out.
    pub extra_article_types: Vec<(String, String, String)>,
    /// Article types that say nothing about the product; the name decides (`name_types`).
    pub vague_article_types: Vec<String>,
    /// `(phrase of the name, article type)`, most specific first.
    pub name_types: Vec<(String, String)>,
}

/// A list of strings, or `@name` of one of the file's `lists`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Strings {
    List(Vec<String>),
    Named(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    #[serde(default)]
    note: Option<String>,
    who: Vec<String>,
    types: Strings,
    #[serde(default)]
    usage: Option<String>,
    #[serde(default)]
    words: Option<Strings>,
    category: String,
}

#[derive(Deserialize)]
struct ExtraType {
    #[serde(rename = "type")]
    article_type: String,
    women: String,
    men: String,
}

#[derive(Deserialize)]
struct NameType {
    phrase: String,
    #[serde(rename = "type")]
    article_type: String,
}

#[derive(Deserialize)]
struct File {
    lists: HashMap<String, Vec<String>>,
    rules: Vec<RuleEntry>,
    extra_article_types: Vec<ExtraType>,
    vague_article_types: Vec<String>,
    name_types: Vec<NameType>,
}

impl Rules {
    /// Reads the rules file. Whether each category exists is checked against the tree by the
    /// classifier.
    pub fn parse(json: &str) -> Result<Rules, CatalogError> {
        let bad = |m: String| CatalogError::data(FILE, m);
        let f: File = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let resolve = |s: Strings, at: usize| -> Result<Vec<String>, CatalogError> {
            match s {
                Strings::List(v) => Ok(v),
                Strings::Named(n) => n
                    .strip_prefix('@')
                    .and_then(|name| f.lists.get(name))
                    .cloned()
                    .ok_or_else(|| {
                        bad(format!(
                            "rule {at}: {n:?} is not @ and the name of one of the lists"
                        ))
                    }),
            }
        };
        let mut rules = Vec::with_capacity(f.rules.len());
        for (at, e) in f.rules.into_iter().enumerate() {
            let _ = e.note;
            let mut who = 0;
            for w in &e.who {
                who |= match w.as_str() {
                    "women" => W,
                    "men" => M,
                    "boys" => B,
                    "girls" => G,
                    other => {
                        return Err(bad(format!(
                            "rule {at}: audience {other:?}; allowed: women, men, boys, girls"
                        )));
                    }
                };
            }
            if who == 0 {
                return Err(bad(format!("rule {at}: names no audience")));
            }
            rules.push(Rule {
                who,
                types: resolve(e.types, at)?,
                usage: e.usage,
                words: e
                    .words
                    .map(|w| resolve(w, at))
                    .transpose()?
                    .unwrap_or_default(),
                cat: e.category,
            });
        }
        Ok(Rules {
            rules,
            extra_article_types: f
                .extra_article_types
                .into_iter()
                .map(|e| (e.article_type, e.women, e.men))
                .collect(),
            vague_article_types: f.vague_article_types,
            name_types: f
                .name_types
                .into_iter()
                .map(|n| (n.phrase, n.article_type))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_reads_with_named_lists_resolved() {
        let r = Rules::parse(include_str!("../../../data/mappings/category_rules.json"))
            .expect("the bundled rules read");
        assert!(r.rules.len() > 100, "{} rules", r.rules.len());
        let teen = &r.rules[0];
        assert_eq!(teen.who, W | G);
        assert_eq!(teen.words, ["teen"], "@teen resolved");
        assert_eq!(teen.cat, "teen-girls-tops");
        assert!(r.rules.iter().any(|x| x.usage.as_deref() == Some("Party")));
        assert!(r.vague_article_types.contains(&"Free Gifts".to_owned()));
    }

    #[test]
    fn bad_files_are_refused_with_the_rule_named() {
        let base = |rule: &str| {
            format!(
                r#"{{"lists": {{"shoes": ["Heels"]}}, "rules": [{rule}],
                   "extra_article_types": [], "vague_article_types": [], "name_types": []}}"#
            )
        };
        let ok = base(r#"{"who": ["women"], "types": "@shoes", "category": "heels"}"#);
        assert_eq!(Rules::parse(&ok).expect("valid").rules[0].types, ["Heels"]);
        for (rule, says) in [
            (
                r#"{"who": ["aliens"], "types": [], "category": "x"}"#,
                "aliens",
            ),
            (
                r#"{"who": [], "types": [], "category": "x"}"#,
                "no audience",
            ),
            (
                r#"{"who": ["men"], "types": "@boots", "category": "x"}"#,
                "@boots",
            ),
            (
                r#"{"who": ["men"], "types": [], "category": "x", "typo": 1}"#,
                "typo",
            ),
        ] {
            let e = Rules::parse(&base(rule)).expect_err(rule);
            assert!(e.to_string().contains(says), "{e}");
        }
    }
}
