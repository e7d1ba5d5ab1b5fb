//! Placing each product in categories: the rules of `category_rules.json` over the article-type
//! mapping, per audience.

use std::collections::HashMap;

use super::brands::Audience;
use super::error::CatalogError;
use super::rules::{self, B, G, Rule, Rules};
use super::text;
use super::tree::{ROOT, Tree};

/// The most categories one audience adds to a product.
const MAX_PER_AUDIENCE: usize = 3;

/// A rule with its phrases cut into words and its categories looked up.
#[derive(Debug)]
struct Compiled {
    rule: Rule,
    phrases: Vec<Vec<String>>,
    /// The category for boys (index 0) and for everyone else (index 1); they differ only for
    /// `{k}` rules, whose second entry is the girls' category.
    cats: [Option<u32>; 2],
}

/// The compiled rules and mappings.
#[derive(Debug)]
pub(super) struct Classifier {
    rules: Vec<Compiled>,
    /// Article type -> the rules that may apply to it, in table order.
    by_type: HashMap<String, Vec<usize>>,
    /// The rules that apply to any article type.
    any_type: Vec<usize>,
    /// Article type -> (women's, men's) category.
    base: HashMap<String, (u32, u32)>,
    boys: u32,
    girls: u32,
    /// Article types whose product's name decides the type, by the first of `name_types` found.
    vague_types: Vec<String>,
    /// (phrase of the name as folded words, article type), most specific first.
    name_types: Vec<(Vec<String>, String)>,
}

fn lookup(tree: &Tree, id: &str, what: &str) -> Result<u32, CatalogError> {
    tree.get(id)
        .ok_or_else(|| CatalogError::data(what, format!("category {id:?} is not in the tree")))
}

impl Classifier {
    /// Compiles the rules against `tree`; `mapping` is the article-type mapping file. A rule or
    /// mapping naming a category the tree lacks is an error.
    pub fn new(
        tree: &Tree,
        mapping: &HashMap<String, (String, String)>,
        rules_file: Rules,
    ) -> Result<Self, CatalogError> {
        let mut base = HashMap::new();
        for (at, (w, m)) in mapping {
            let file = "articletype_to_category.json";
            base.insert(at.clone(), (lookup(tree, w, file)?, lookup(tree, m, file)?));
        }
        for (at, w, m) in &rules_file.extra_article_types {
            if !base.contains_key(at) {
                let what = rules::FILE;
                base.insert(at.clone(), (lookup(tree, w, what)?, lookup(tree, m, what)?));
            }
        }
        let mut rules = Vec::with_capacity(rules_file.rules.len());
        for rule in rules_file.rules {
            let what = rules::FILE;
            let cats = if rule.cat.contains("{k}") {
                let boys = rule.cat.replace("{k}", "boys");
                let girls = rule.cat.replace("{k}", "girls");
                [
                    (rule.who & B != 0)
                        .then(|| lookup(tree, &boys, what))
                        .transpose()?,
                    (rule.who & G != 0)
                        .then(|| lookup(tree, &girls, what))
                        .transpose()?,
                ]
            } else {
                let c = lookup(tree, &rule.cat, what)?;
                [Some(c), Some(c)]
            };
            let phrases = rule.words.iter().map(|p| text::words(p)).collect();
            rules.push(Compiled {
                rule,
                phrases,
                cats,
            });
        }
        let any_type: Vec<usize> = (0..rules.len())
            .filter(|&i| rules[i].rule.types.is_empty())
            .collect();
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in rules.iter().enumerate() {
            for t in &c.rule.types {
                by_type.entry(t.clone()).or_default().push(i);
            }
        }
        for list in by_type.values_mut() {
            list.extend(&any_type);
            list.sort_unstable();
            list.dedup();
        }
        Ok(Classifier {
            rules,
            by_type,
            any_type,
            base,
            boys: lookup(tree, "boys", "tree")?,
            girls: lookup(tree, "girls", "tree")?,
            vague_types: rules_file.vague_article_types,
            name_types: rules_file
                .name_types
                .into_iter()
                .map(|(phrase, t)| (text::words(&phrase), t))
                .collect(),
        })
    }

    /// The categories of one product, primary first. `tail` is the folded words of its name
    /// after the brand.
    pub fn classify(
        &self,
        audiences: &[Audience],
        article_type: &str,
        usage: &str,
        tail: &[String],
    ) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for &aud in audiences {
            let mut mine: Vec<u32> = Vec::new();
            let candidates = self.by_type.get(article_type).unwrap_or(&self.any_type);
            for c in candidates.iter().map(|&i| &self.rules[i]) {
                if mine.len() >= MAX_PER_AUDIENCE {
                    break;
                }
                if !matches(c, aud, article_type, usage, tail) {
                    continue;
                }
                let cat = if aud == Audience::Boys {
                    c.cats[0]
                } else {
                    c.cats[1]
                };
                if let Some(cat) = cat
                    && !mine.contains(&cat)
                {
                    mine.push(cat);
                }
            }
            if mine.is_empty() {
                mine.push(match aud {
                    Audience::Boys => self.boys,
                    Audience::Girls => self.girls,
                    Audience::Women => self.base.get(article_type).map_or(ROOT, |b| b.0),
                    Audience::Men => self.base.get(article_type).map_or(ROOT, |b| b.1),
                });
            }
            for c in mine {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        if out.len() > 1 {
            out.retain(|&c| c != ROOT);
        }
        out
    }
}

fn matches(c: &Compiled, aud: Audience, article_type: &str, usage: &str, tail: &[String]) -> bool {
    let r = &c.rule;
    r.who & aud.bit() != 0
        && (r.types.is_empty() || r.types.iter().any(|t| t == article_type))
        && r.usage.as_deref().is_none_or(|u| u == usage)
        && (c.phrases.is_empty() || c.phrases.iter().any(|p| contains_phrase(tail, p)))
}

fn contains_phrase(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

impl Classifier {
    /// The article type to classify, price and size a product by: its own, or for a vague one
    /// (`Free Gifts`) the type its name gives, when it gives one.
    pub fn effective_type<'a>(&'a self, article_type: &'a str, name: &str) -> &'a str {
        if !self.vague_types.iter().any(|t| t == article_type) {
            return article_type;
        }
        let name_words = text::words(name);
        self.name_types
            .iter()
            .find(|(phrase, _)| contains_phrase(&name_words, phrase))
            .map_or(article_type, |(_, t)| t.as_str())
    }
}
