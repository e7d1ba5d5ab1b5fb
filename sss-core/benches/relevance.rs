//! Relevance of the catalog's text search: shopper-worded queries (`bench/relevance/queries.tsv`)
//! judged by the data's own labels (article type, gender, base colour, brand), through the same
//! `Catalog::search` the catalog role and the embedded default answer with. Prints per query the
//! correction (the query as understood, when a word was misspelled), the total, the match
//! statement and precision at 10, then the zero-result rate, the share corrected and the mean
//! precision at 10.
//!
//! `cargo bench -p sss-core --bench relevance` (or `bench/relevance/run`);
//! `SSS_RELEVANCE_QUERIES=<file>` reads another query set (`typos.tsv` and `typos-holdout.tsv`
//! are the misspelled sets `bench/relevance/make-typos` makes).

use std::collections::HashMap;

use sss_core::catalog::{Catalog, Sources};
use sss_core::upstream::SearchRequest;

/// The page judged.
const K: usize = 10;
/// The fewest relevant products a query must have in the data to be a fair question.
const MIN_RELEVANT: usize = K;

struct Row {
    gender: String,
    article_type: String,
    base_colour: String,
    name: String,
}

struct Judge {
    types: Vec<String>,
    who: Vec<&'static str>,
    colours: Vec<String>,
    brands: Vec<String>,
}

impl Judge {
    fn relevant(&self, r: &Row) -> bool {
        (self.types.is_empty() || self.types.contains(&r.article_type))
            && (self.who.is_empty() || self.who.contains(&r.gender.as_str()))
            && (self.colours.is_empty() || self.colours.contains(&r.base_colour))
            && (self.brands.is_empty()
                || self
                    .brands
                    .iter()
                    .any(|b| r.name.len() >= b.len() && r.name[..b.len()].eq_ignore_ascii_case(b)))
    }
}

/// The base colours of a colour family: the catalog's canonical colours (its README, "Colours").
fn family(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "black" => &["Black"],
        "white" => &["White", "Off White", "Cream"],
        "blue" => &["Blue", "Navy Blue", "Turquoise Blue", "Teal"],
        "brown" => &[
            "Brown",
            "Coffee Brown",
            "Mushroom Brown",
            "Tan",
            "Taupe",
            "Bronze",
            "Copper",
        ],
        "grey" => &["Grey", "Grey Melange", "Charcoal"],
        "red" => &["Red", "Maroon", "Burgundy"],
        "green" => &[
            "Green",
            "Olive",
            "Sea Green",
            "Lime Green",
            "Fluorescent Green",
        ],
        "pink" => &["Pink", "Peach", "Rose", "Magenta"],
        "purple" => &["Purple", "Lavender", "Mauve"],
        "silver" => &["Silver", "Steel", "Metallic"],
        "yellow" => &["Yellow", "Mustard"],
        "beige" => &["Beige", "Khaki", "Skin", "Nude"],
        "gold" => &["Gold"],
        "orange" => &["Orange", "Rust"],
        _ => return None,
    })
}

fn split(col: &str) -> Vec<String> {
    if col == "-" {
        return Vec::new();
    }
    col.split('|').map(|s| s.trim().to_owned()).collect()
}

fn parse(text: &str, types: &[String]) -> Vec<(String, Judge)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [query, t, who, colours, brands] = cols[..] else {
            panic!("line {}: 5 tab-separated columns expected: {line:?}", n + 1);
        };
        let t = split(t);
        if let Some(bad) = t.iter().find(|x| !types.contains(x)) {
            panic!("line {}: {bad:?} is not an article type of the data", n + 1);
        }
        let who: Vec<&'static str> = match who {
            "-" => vec![],
            "M" => vec!["Men", "Unisex"],
            "W" => vec!["Women", "Unisex"],
            "B" => vec!["Boys"],
            "G" => vec!["Girls"],
            "K" => vec!["Boys", "Girls"],
            other => panic!("line {}: audience {other:?}; allowed: - M W B G K", n + 1),
        };
        let mut cs = Vec::new();
        for c in split(colours) {
            if c.starts_with(char::is_lowercase) {
                let f = family(&c)
                    .unwrap_or_else(|| panic!("line {}: unknown colour family {c:?}", n + 1));
                cs.extend(f.iter().map(|s| (*s).to_owned()));
            } else {
                cs.push(c);
            }
        }
        out.push((
            query.to_owned(),
            Judge {
                types: t,
                who,
                colours: cs,
                brands: split(brands),
            },
        ));
    }
    out
}

fn main() {
    let catalog = Catalog::bundled().unwrap_or_else(|e| panic!("bundled catalog: {e}"));
    let mut rdr = csv::Reader::from_reader(Sources::bundled().styles_csv.as_bytes());
    let mut rows: HashMap<String, Row> = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.unwrap_or_else(|e| panic!("styles.csv: {e}"));
        rows.insert(
            rec[0].to_owned(),
            Row {
                gender: rec[1].to_owned(),
                article_type: rec[4].to_owned(),
                base_colour: rec[5].to_owned(),
                name: rec[9].split_whitespace().collect::<Vec<_>>().join(" "),
            },
        );
    }
    let mut types: Vec<String> = rows.values().map(|r| r.article_type.clone()).collect();
    types.sort();
    types.dedup();
    let path = std::env::var("SSS_RELEVANCE_QUERIES").unwrap_or_else(|_| {
        format!(
            "{}/../bench/relevance/queries.tsv",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let queries = parse(&text, &types);
    let thin: Vec<String> = queries
        .iter()
        .filter_map(|(q, j)| {
            let n = rows.values().filter(|r| j.relevant(r)).count();
            (n < MIN_RELEVANT).then(|| format!("{q:?} ({n})"))
        })
        .collect();
    assert!(
        thin.is_empty(),
        "queries with fewer than {MIN_RELEVANT} relevant products in the data: {}",
        thin.join(", ")
    );

    println!("| query | corrected | total | match | P@{K} |");
    println!("|---|---|---:|---|---:|");
    let (mut zero, mut partial, mut corrected, mut sum) = (0usize, 0usize, 0usize, 0f64);
    let mut worst: Vec<(f64, &str)> = Vec::new();
    for (q, judge) in &queries {
        let req = SearchRequest {
            fts: Some(q.clone()),
            limit: K as u32,
            ..SearchRequest::default()
        };
        let resp = catalog
            .search(&req)
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
        let good = resp
            .products
            .iter()
            .filter(|p| {
                rows.get(&p.id.to_string())
                    .is_some_and(|r| judge.relevant(r))
            })
            .count();
        let p = good as f64 / K as f64;
        let how = resp
            .metadata
            .extra
            .get("match")
            .and_then(|v| v.as_str())
            .unwrap_or("-")
            .to_owned();
        let fixed = resp.metadata.corrected().unwrap_or("-").to_owned();
        if fixed != "-" {
            corrected += 1;
        }
        if resp.metadata.total == 0 {
            zero += 1;
        }
        if how == "partial" {
            partial += 1;
        }
        sum += p;
        worst.push((p, q));
        println!(
            "| {q} | {fixed} | {} | {how} | {p:.1} |",
            resp.metadata.total
        );
    }
    let n = queries.len() as f64;
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!();
    println!("queries: {}", queries.len());
    println!(
        "zero-result rate: {:.1}% ({zero} of {})",
        100.0 * zero as f64 / n,
        queries.len()
    );
    println!(
        "partial matches: {:.1}% ({partial} of {})",
        100.0 * partial as f64 / n,
        queries.len()
    );
    println!(
        "corrected: {:.1}% ({corrected} of {})",
        100.0 * corrected as f64 / n,
        queries.len()
    );
    println!("mean precision at {K}: {:.3}", sum / n);
    let low: Vec<String> = worst
        .iter()
        .take_while(|(p, _)| *p < 0.5)
        .map(|(p, q)| format!("{q:?} {p:.1}"))
        .collect();
    println!("below 0.5: {}", low.join(", "));
}
