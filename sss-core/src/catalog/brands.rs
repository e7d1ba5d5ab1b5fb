//! Brands from product names, and who a product is for.
//!
//! The data has no brand column. The brand is the leading words of the name before the gender
//! word (`Peter England Men Party Blue Jeans` -> `Peter England`). A brand found that way whose
//! leading words are themselves a brand seen more often is folded into it (`Casio Youth` ->
//! `Casio`). Names without a gender word take the longest known brand they start with, else
//! their first word. Brands compare case-insensitively; the most frequent spelling is shown.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

/// Words that end the brand and say who the product is for.
const GENDER_WORDS: [&str; 16] = [
    "men", "women", "unisex", "boys", "girls", "kids", "men's", "women's", "mens", "womens",
    "woman", "boy's", "girl's", "boy", "girl", "kid's",
];

/// The word without surrounding punctuation, a typographic apostrophe made plain.
fn trimmed(word: &str) -> std::borrow::Cow<'_, str> {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}');
    if w.contains('\u{2019}') {
        std::borrow::Cow::Owned(w.replace('\u{2019}', "'"))
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// The gender word `word` is (lower-case), if it is one.
fn gender_word(word: &str) -> Option<&'static str> {
    let w = trimmed(word);
    GENDER_WORDS
        .iter()
        .copied()
        .find(|g| g.eq_ignore_ascii_case(&w))
}

fn is_gender_word(word: &str) -> bool {
    gender_word(word).is_some()
}

/// The position of the first gender word after the first word.
pub(super) fn gender_word_index(words: &[&str]) -> Option<usize> {
    (1..words.len()).find(|&i| is_gender_word(words[i]))
}

/// Who a product is for, from its name where the name says boys or girls, else from the
/// `gender` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Audience {
    /// Women.
    Women,
    /// Men.
    Men,
    /// Boys.
    Boys,
    /// Girls.
    Girls,
}

impl Audience {
    /// The rule mask bit of this audience.
    pub fn bit(self) -> u8 {
        match self {
            Audience::Women => super::rules::W,
            Audience::Men => super::rules::M,
            Audience::Boys => super::rules::B,
            Audience::Girls => super::rules::G,
        }
    }
}

/// The audiences of a product: unisex products are women's and men's, kids' products that do
/// not say boys or girls are both.
pub(super) fn audiences(name: &str, gender: &str) -> Vec<Audience> {
    use Audience::*;
    let words: Vec<&str> = name.split_whitespace().collect();
    let kid_word = |w: &str| match gender_word(w).unwrap_or("") {
        "boy" | "boys" | "boy's" => Some(Boys),
        "girl" | "girls" | "girl's" => Some(Girls),
        _ => None,
    };
    if let Some(i) = gender_word_index(&words) {
        if let Some(a) = kid_word(words[i]) {
            return vec![a];
        }
        if matches!(gender_word(words[i]), Some("kids" | "kid's")) {
            if let Some(a) = words.get(i + 1).and_then(|w| kid_word(w)) {
                return vec![a];
            }
            return match gender {
                "Men" | "Boys" => vec![Boys],
                "Women" | "Girls" => vec![Girls],
                _ => vec![Boys, Girls],
            };
        }
    }
    match gender {
        "Men" => vec![Men],
        "Boys" => vec![Boys],
        "Girls" => vec![Girls],
        "Unisex" => vec![Women, Men],
        _ => vec![Women],
    }
}

/// Every product's brand.
#[derive(Debug)]
pub(super) struct Brands {
    /// Display names, sorted case-insensitively; a brand's id is its position plus one.
    pub names: Vec<String>,
    /// Per product (in input order): the brand's index and how many leading name words it
    /// takes.
    pub of_row: Vec<(u32, usize)>,
}

/// Finds the brand of every name.
pub(super) fn extract(names: &[&str]) -> Brands {
    // Pass 1: brands before a gender word.
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    let mut first: Vec<Option<usize>> = Vec::with_capacity(names.len());
    for name in names {
        let words: Vec<&str> = name.split_whitespace().collect();
        let idx = gender_word_index(&words);
        if let Some(i) = idx {
            *counts.entry(key(&words[..i])).or_default() += 1;
        }
        first.push(idx);
    }
    // Fold a brand into its most frequent leading-word prefix brand, when that is more frequent.
    let fold_to: FxHashMap<String, usize> = counts
        .iter()
        .filter_map(|(k, &n)| {
            let parts: Vec<&str> = k.split(' ').collect();
            (1..parts.len())
                .filter_map(|j| {
                    let p = parts[..j].join(" ");
                    counts.get(&p).map(|&c| (c, j))
                })
                .filter(|&(c, _)| c > n)
                .max()
                .map(|(_, j)| (k.clone(), j))
        })
        .collect();
    // Pass 2: every name's brand words.
    let mut spellings: FxHashMap<String, HashMap<String, usize>> = FxHashMap::default();
    let mut row_brand: Vec<(String, usize)> = Vec::with_capacity(names.len());
    for (name, idx) in names.iter().zip(first) {
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut len = match idx {
            Some(i) => i,
            None => (1..=words.len().min(6))
                .rev()
                .find(|&j| counts.contains_key(&key(&words[..j])))
                .unwrap_or(1),
        };
        if let Some(&j) = fold_to.get(&key(&words[..len.min(words.len())])) {
            len = j;
        }
        let len = len.min(words.len());
        let k = key(&words[..len]);
        let shown = words[..len].join(" ");
        *spellings
            .entry(k.clone())
            .or_default()
            .entry(shown)
            .or_default() += 1;
        row_brand.push((k, len));
    }
    let mut keys: Vec<&String> = spellings.keys().collect();
    keys.sort();
    let index: HashMap<&String, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let names_out: Vec<String> = keys
        .iter()
        .map(|k| {
            spellings[*k]
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
                .unwrap_or_default()
        })
        .collect();
    let of_row = row_brand
        .iter()
        .map(|(k, len)| (index.get(k).copied().unwrap_or(0), *len))
        .collect();
    Brands {
        names: names_out,
        of_row,
    }
}

fn key(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_come_before_the_gender_word_and_fold_into_frequent_prefixes() {
        let names = [
            "Peter England Men Party Blue Jeans",
            "Peter England Men Black Shirt",
            "Casio Men Black Watch",
            "Casio Men Silver Watch",
            "Casio Youth Men Digital Watch",
            "ADIDAS Men Red Shoes",
            "Adidas Women Pink Tee",
            "adidas Men Track Pants",
            "Peter England Blue Wallet",
            "Streetwear Ash Nail Polish",
        ];
        let b = extract(&names);
        let brand = |i: usize| b.names[b.of_row[i].0 as usize].as_str();
        assert_eq!(brand(0), "Peter England");
        assert_eq!(b.of_row[0].1, 2);
        assert_eq!(brand(4), "Casio");
        assert_eq!(brand(5), brand(6));
        assert_eq!(brand(8), "Peter England", "longest known prefix");
        assert_eq!(brand(9), "Streetwear", "first word");
    }

    #[test]
    fn audiences_follow_the_name_for_kids() {
        use Audience::*;
        assert_eq!(audiences("Gini and Jony Boy's Tee Kidswear", "Men"), [Boys]);
        assert_eq!(
            audiences("Levis Kids Girl's Dana Pink Teens Kidswear", "Women"),
            [Girls]
        );
        assert_eq!(audiences("Puma Unisex Black Cap", "Unisex"), [Women, Men]);
        assert_eq!(audiences("Nike Men Blue Shoes", "Men"), [Men]);
        assert_eq!(audiences("Nike Kids Blue Shoes", "Unisex"), [Boys, Girls]);
    }
}
