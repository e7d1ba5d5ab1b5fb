//! Tests of typo tolerance and suggestions, over the bundled data and over small hand-written
//! data.

use std::sync::OnceLock;

use super::*;
use crate::domain::TextMatch;

fn bundled() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| match Catalog::bundled() {
        Ok(c) => c,
        Err(e) => panic!("bundled catalog: {e}"),
    })
}

fn fts(c: &Catalog, text: &str) -> SsSearchResponse {
    let r = SearchRequest::first(None, Some(text), &[], None, 10);
    match c.search(&r) {
        Ok(s) => s,
        Err(e) => panic!("{text:?}: {e}"),
    }
}

/// `(article type, base colour, name)` of each product of a page, from the catalog's items.
fn labels(c: &Catalog, r: &SsSearchResponse) -> Vec<(String, String, String)> {
    r.products
        .iter()
        .map(|p| {
            let id: u64 = p.id.to_string().parse().unwrap_or(0);
            let it = &c.items[c.index.by_id[&id] as usize];
            (
                it.article_type.to_string(),
                it.base_colour.to_string(),
                it.name.to_string(),
            )
        })
        .collect()
}

/// A catalog over hand-written rows and the bundled categories.
fn small(rows: &str) -> Catalog {
    let csv = format!(
        "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,\
         productDisplayName\n{rows}"
    );
    let src = Sources {
        styles_csv: &csv,
        image_urls_csv: "id,imageUrl\n",
        vocabulary_json: r#"{"synonyms": []}"#,
        ..Sources::bundled()
    };
    match Catalog::from_sources(&src) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn misspelled_words_find_what_was_meant_and_say_so() {
    let c = bundled();
    // (query, corrected, every product of the first page passes)
    type Check = fn(&(String, String, String)) -> bool;
    let cases: [(&str, &str, Check); 9] = [
        ("sneekers", "sneakers", |(t, _, _)| {
            ["Casual Shoes", "Sports Shoes"].contains(&t.as_str())
        }),
        ("drss", "dress", |(t, _, _)| t == "Dresses"),
        ("nikee", "nike", |(_, _, n)| n.starts_with("Nike")),
        ("sunglases", "sunglasses", |(t, _, _)| t == "Sunglasses"),
        ("addidas shoes", "adidas shoes", |(t, _, n)| {
            n.to_lowercase().starts_with("adidas") && t.contains("Shoes")
        }),
        ("blue jeens", "blue jeans", |(t, c, _)| {
            t == "Jeans" && c.contains("Blue")
        }),
        ("red dres", "red dress", |(t, c, _)| {
            t == "Dresses" && ["Red", "Maroon", "Burgundy"].contains(&c.as_str())
        }),
        ("black hanbag", "black handbag", |(t, c, _)| {
            t == "Handbags" && c == "Black"
        }),
        ("puma snekers", "puma sneakers", |(t, _, n)| {
            n.starts_with("Puma") && t.contains("Shoes")
        }),
    ];
    for (q, fixed, ok) in cases {
        let r = fts(c, q);
        assert_eq!(r.metadata.corrected(), Some(fixed), "{q}");
        assert_ne!(r.metadata.text_match(), Some(TextMatch::Partial), "{q}");
        let page = labels(c, &r);
        assert_eq!(page.len(), 10, "{q}");
        let bad: Vec<_> = page.iter().filter(|p| !ok(p)).collect();
        assert!(bad.is_empty(), "{q}: {bad:?}");
    }
}

#[test]
fn words_that_match_as_written_are_never_corrected() {
    let c = bundled();
    for q in [
        "nike",
        "heels",
        "nike heels",
        "sneakers",
        "flip flops",
        "for her",
        "tshirt",
    ] {
        let r = fts(c, q);
        assert!(r.metadata.total > 0, "{q}");
        assert_eq!(r.metadata.corrected(), None, "{q}");
        assert!(r.metadata.extra.get("corrected").is_none(), "{q}");
    }
    // No word the catalog knows is ever read as another: every correctable word, as a query.
    let words: Vec<String> = c
        .index
        .terms
        .keys()
        .filter(|t| !t.contains(' '))
        .cloned()
        .collect();
    assert!(words.len() > 5_000, "{}", words.len());
    for w in &words {
        let (out, fixed) = c.typos.get(&c.index).correct(&c.index, w, vec![w.clone()]);
        assert_eq!(fixed, None, "{w}");
        assert_eq!(out, std::slice::from_ref(w));
    }
    // Nor is one word of a phrase the query has as written.
    let (_, fixed) = c
        .typos
        .correct(&c.index, "sports shoes", rank::query_words("sports shoes"));
    assert_eq!(fixed, None);
}

#[test]
fn short_words_numbers_and_far_words_are_left_alone() {
    let c = small(
        "1,Men,Footwear,Shoes,Casual Shoes,Black,Summer,2012,Casual,Acme Men Black Sneakers\n\
         2,Men,Footwear,Shoes,Casual Shoes,White,Summer,2012,Casual,Acme Men White Sneakers\n\
         3,Women,Apparel,Dress,Dresses,Red,Summer,2012,Casual,Zed Women Red Dress\n\
         4,Women,Apparel,Dress,Dresses,Red,Summer,2012,Casual,Zed Women Dross Dress\n\
         5,Women,Accessories,Bags,Handbags,Red,Summer,2012,Casual,Zed Women Red Handbag\n",
    );
    let fixed = |q: &str| fts(&c, q).metadata.corrected().map(str::to_owned);
    // Under four letters: never.
    assert_eq!(fixed("drs"), None);
    assert_eq!(fts(&c, "drs").metadata.total, 0);
    // Four letters: one edit (a dropped letter); `dross` is as close but finds fewer.
    assert_eq!(fixed("drss").as_deref(), Some("dress"));
    // A transposition is one edit.
    assert_eq!(fixed("sneakres").as_deref(), Some("sneakers"));
    assert_eq!(fixed("hnadbag").as_deref(), Some("handbag"));
    // Two edits only from eight letters.
    assert_eq!(fixed("hndbg"), None);
    assert_eq!(fixed("snekres").as_deref(), None, "7 letters, 2 edits");
    assert_eq!(fixed("snaekrs").as_deref(), None, "7 letters, 2 edits");
    assert_eq!(
        fixed("snneakkers").as_deref(),
        Some("sneakers"),
        "10 letters, 2 edits"
    );
    // Words with a digit: never.
    assert_eq!(fixed("dress2"), None);
    assert_eq!(fixed("snea4kers"), None);
    // Fewest edits first, then the most products.
    assert_eq!(
        c.typos.get(&c.index).best("drass", "drass").map(|b| b.1),
        Some(1)
    );
    assert_eq!(
        c.typos
            .get(&c.index)
            .best("drass", "drass")
            .map(|b| b.0)
            .as_deref(),
        Some("dress")
    );
    assert_eq!(
        c.typos.get(&c.index).best("hnadbag", "hnadbag"),
        Some(("handbag".to_owned(), 1))
    );
    // The corrected word finds what the word as written would.
    let r = fts(&c, "red hnadbag");
    assert_eq!(r.metadata.total, 1);
    assert_eq!(r.metadata.corrected(), Some("red handbag"));
}

#[test]
fn exact_words_weigh_more_than_corrected_ones() {
    let c = bundled();
    let words = vec!["blue".to_owned(), "jean".to_owned()];
    let corrected = typo::Corrected {
        text: "blue jeans".to_owned(),
        words: vec!["jean".to_owned()],
    };
    let concepts = typo::concepts(&c.index, &words, Some(&corrected));
    let best = |i: usize| -> f32 { concepts[i].alts.iter().map(|a| a.1).fold(0.0, f32::max) };
    assert_eq!(best(0), 1.0, "blue is as written");
    assert!(best(1) < 1.0 && best(1) > 0.0, "jean is corrected");
    let plain = typo::concepts(&c.index, &words, None);
    assert!(plain[1].alts.iter().any(|a| a.1 == 1.0));
    // A corrected query states how it matched, never as the words were written.
    assert_ne!(
        fts(c, "sneekers").metadata.text_match(),
        Some(TextMatch::Exact)
    );
}

fn suggest(c: &Catalog, prefix: &str) -> Vec<Suggestion> {
    c.suggest(prefix, 10)
}

#[test]
fn suggestions_offer_what_the_shopper_starts_to_type() {
    let c = bundled();
    let has = |prefix: &str, kind: Option<SuggestionKind>, word: &str| {
        let s = suggest(c, prefix);
        assert!(
            s.iter().any(|x| kind.is_none_or(|k| x.kind == k)
                && x.text.to_lowercase().contains(word)
                && x.count > 0),
            "{prefix}: {s:#?}"
        );
    };
    has("sne", None, "sneakers");
    has("nik", Some(SuggestionKind::Brand), "nike");
    has("dres", None, "dresses");
    // Typo-tolerant like the search.
    has("sneek", None, "sneaker");
    has("addid", Some(SuggestionKind::Brand), "adidas");
    // The brand's id is the one `/brands` gives it, its count its products.
    let nike = suggest(c, "nik")
        .into_iter()
        .find(|s| s.kind == SuggestionKind::Brand && s.text == "Nike")
        .expect("Nike");
    let listed = c
        .brands()
        .brands
        .into_iter()
        .find(|b| b.name == "Nike")
        .expect("Nike in /brands");
    assert_eq!(nike.id.as_deref(), Some(listed.id.to_string().as_str()));
    assert_eq!(
        Some(nike.count),
        listed.extra.get("productCount").and_then(|v| v.as_u64())
    );
    // A category's id and count are its own.
    let cats = suggest(c, "dres");
    let dresses = cats
        .iter()
        .find(|s| s.kind == SuggestionKind::Category && s.id.as_deref() == Some("dresses"))
        .expect("the dresses category");
    assert_eq!(
        Some(dresses.count as usize),
        c.category_product_count("dresses")
    );
    // A query's count is what the search finds.
    for s in suggest(c, "sne").iter().chain(&suggest(c, "runn")) {
        if s.kind == SuggestionKind::Query {
            assert_eq!(fts(c, &s.text).metadata.total, s.count, "{s:?}");
        }
    }
}

#[test]
fn suggestions_are_bounded_and_need_a_letter() {
    let c = bundled();
    assert!(c.suggest("", 10).is_empty());
    assert!(c.suggest("  !!! ", 10).is_empty());
    assert!(c.suggest("sh", 0).is_empty());
    assert_eq!(c.suggest("s", 3).len(), 3);
    assert_eq!(c.suggest("s", 1000).len(), MAX_SUGGEST_LIMIT);
    let long = "s".repeat(10_000);
    assert!(c.suggest(&long, 10).is_empty());
    // Case, apostrophes and inner punctuation do not matter.
    assert_eq!(c.suggest("T-SH", 10), c.suggest("tsh", 10));
    assert_eq!(c.suggest("men's sh", 10), c.suggest("mens sh", 10));
}

#[test]
fn suggestions_follow_the_order_rules() {
    let c = small(
        "1,Men,Footwear,Shoes,Casual Shoes,Black,Summer,2012,Casual,Nike Men Black Sneakers\n\
         2,Men,Footwear,Shoes,Casual Shoes,White,Summer,2012,Casual,Nike Men White Sneakers\n\
         3,Women,Footwear,Shoes,Casual Shoes,White,Summer,2012,Casual,Nikon Women White Sneakers\n\
         4,Women,Apparel,Dress,Dresses,Red,Summer,2012,Casual,Nilkamal Women Red Dress\n",
    );
    let shown = |p: &str| -> Vec<(SuggestionKind, String, u64)> {
        c.suggest(p, 10)
            .into_iter()
            .map(|s| (s.kind, s.text, s.count))
            .collect()
    };
    use SuggestionKind::{Brand, Category, Query};
    // More products first.
    assert_eq!(
        shown("nik"),
        [
            (Brand, "Nike".to_owned(), 2),
            (Brand, "Nikon".to_owned(), 1)
        ]
    );
    // Under four letters, no typo is forgiven; from four, one.
    assert!(shown("nkl").is_empty());
    assert_eq!(
        shown("nikr"),
        [
            (Brand, "Nike".to_owned(), 2),
            (Brand, "Nikon".to_owned(), 1)
        ]
    );
    // Fewer edits first, whatever the counts: `nilk` is exact for Nilkamal (1 product) and
    // one edit from Nike (2).
    let nilk = shown("nilk");
    assert_eq!(
        nilk.first(),
        Some(&(Brand, "Nilkamal".to_owned(), 1)),
        "{nilk:?}"
    );
    assert!(nilk.iter().any(|s| s.1 == "Nike"), "{nilk:?}");
    // Text that starts with the prefix before text matched at a later word; a query made of
    // a category's or brand's name is not offered twice.
    let sne = shown("sne");
    assert_eq!(
        sne.first(),
        Some(&(Query, "sneakers".to_owned(), 3)),
        "{sne:?}"
    );
    assert!(sne.len() > 1, "{sne:?}");
    for s in &sne[1..] {
        assert_eq!(s.0, Category, "{sne:?}");
        let key = suggest::normalise(&s.1);
        assert!(!key.starts_with("sne") && key.contains(" sne"), "{s:?}");
    }
    let counts: Vec<u64> = sne[1..].iter().map(|s| s.2).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{sne:?}");
}

#[test]
fn bundled_suggestions_keep_their_order() {
    let c = bundled();
    for p in ["s", "sh", "sne", "bla", "re", "wat", "sneek", "handbg"] {
        let s = c.suggest(p, MAX_SUGGEST_LIMIT);
        assert!(!s.is_empty(), "{p}");
        let key = suggest::normalise(p);
        // Exact prefixes (no edits) before typo matches; starting the text before later
        // words; then counts, descending.
        let rank = |x: &Suggestion| {
            let t = suggest::normalise(&x.text);
            let exact_start = t.starts_with(&key);
            let exact_later = t.split(' ').any(|w| w.starts_with(&key))
                || t.match_indices(' ')
                    .any(|(i, _)| t[i + 1..].starts_with(&key));
            match (exact_start, exact_later) {
                (true, _) => 0,
                (false, true) => 1,
                _ => 2,
            }
        };
        let ranks: Vec<u8> = s.iter().map(rank).collect();
        if ranks.iter().all(|&r| r < 2) {
            assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{p}: {s:#?}");
            for w in s.windows(2) {
                if rank(&w[0]) == rank(&w[1]) {
                    assert!(w[0].count >= w[1].count, "{p}: {s:#?}");
                }
            }
        } else {
            // A typo'd prefix: what matches exactly still comes first.
            let first_typo = ranks.iter().position(|&r| r == 2).unwrap_or(ranks.len());
            assert!(ranks[first_typo..].iter().all(|&r| r == 2), "{p}: {s:#?}");
        }
    }
}
