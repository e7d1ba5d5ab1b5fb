//! Catalog query latency as a distribution over many different queries, not one query repeated:
//! p50/p90/p99/max of category, free-text and filtered searches over the bundled 44k products.
//! Each timing includes making the ShopStyle-shaped products of its page (50, as the benchmark
//! page of `bench/run`). The divan benchmarks in `catalog.rs` time single queries precisely.
//!
//! Further tables time facet counts (`/products/histogram` with every facet) and suggestions.
//!
//! `cargo bench -p sss-core --bench catalog_latency`

use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use sss_core::catalog::Catalog;
use sss_core::domain::Facet;
use sss_core::upstream::SearchRequest;

/// Timed runs of each query (after one untimed run).
const RUNS: usize = 5;
/// The page size of every query.
const LIMIT: u32 = 50;

fn main() {
    let catalog = match Catalog::bundled() {
        Ok(c) => c,
        Err(e) => panic!("bundled catalog: {e}"),
    };
    println!(
        "catalog: {} products, {} categories, indexes built in {:.0} ms",
        catalog.len(),
        catalog.category_count(),
        catalog.build_time().as_secs_f64() * 1000.0
    );
    // Built on first use, outside start-up: the words typos are corrected to, the suggestions.
    println!(
        "built on first use (typo words, suggestions): {:.0} ms",
        catalog.prepare().as_secs_f64() * 1000.0
    );
    let classes = [
        ("category", category_queries(&catalog)),
        ("category, deep page", deep_queries(&catalog)),
        ("fts (one word)", fts_queries(&catalog, 1)),
        ("fts (two words)", fts_queries(&catalog, 2)),
        (
            "fts (misspelled, one or two words)",
            misspelled_queries(&catalog),
        ),
        ("filtered and sorted", filtered_queries(&catalog)),
    ];
    println!();
    println!("| queries | distinct (with results) | timings | p50 µs | p90 µs | p99 µs | max µs |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, queries) in classes {
        let mut times = Vec::with_capacity(queries.len() * RUNS);
        let mut timed = 0;
        for q in &queries {
            // Only queries that find something: an empty category answers in no time.
            if !catalog.search(q).is_ok_and(|r| !r.products.is_empty()) {
                continue;
            }
            timed += 1;
            for _ in 0..RUNS {
                let t = Instant::now();
                let r = catalog.search(black_box(q));
                times.push(t.elapsed());
                drop(black_box(r));
            }
        }
        report(name, timed, &mut times);
    }
    facet_latency(&catalog);
    suggestions(&catalog);
}

/// Suggestions (10 each) for the prefixes of the one-word queries, as typed keystroke by
/// keystroke, and for their misspelled forms.
fn suggestions(catalog: &Catalog) {
    let mut prefixes = BTreeSet::new();
    for q in fts_queries(catalog, 1)
        .iter()
        .chain(&misspelled_queries(catalog))
    {
        let Some(text) = &q.fts else { continue };
        let chars: Vec<char> = text.chars().collect();
        for n in 1..=chars.len().min(10) {
            prefixes.insert(chars[..n].iter().collect::<String>());
        }
    }
    let mut times = Vec::with_capacity(prefixes.len() * RUNS);
    for p in &prefixes {
        drop(black_box(catalog.suggest(p, 10)));
        for _ in 0..RUNS {
            let t = Instant::now();
            let r = catalog.suggest(black_box(p), 10);
            times.push(t.elapsed());
            drop(black_box(r));
        }
    }
    times.sort_unstable();
    let p = |q: f64| micros(times[((times.len() as f64 * q) as usize).min(times.len() - 1)]);
    println!();
    println!("| suggest (10) | prefixes | timings | p50 µs | p90 µs | p99 µs | max µs |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    println!(
        "| prefixes of the free-text queries | {} | {} | {:.0} | {:.0} | {:.0} | {:.0} |",
        prefixes.len(),
        times.len(),
        p(0.50),
        p(0.90),
        p(0.99),
        micros(times[times.len() - 1]),
    );
}

/// The one- and two-word free-text queries, each with one typo in its longest word of 5
/// letters or more (as `bench/relevance/make-typos` makes them: a dropped, doubled, swapped or
/// neighbouring-key letter at the middle, the kinds in turn).
fn misspelled_queries(catalog: &Catalog) -> Vec<SearchRequest> {
    let keys = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let neighbour = |c: char| {
        keys.iter()
            .find_map(|row| {
                let r: Vec<char> = row.chars().collect();
                let i = r.iter().position(|&x| x == c)?;
                Some(if i + 1 < r.len() { r[i + 1] } else { r[i - 1] })
            })
            .unwrap_or(c)
    };
    let mut out = Vec::new();
    for (i, q) in fts_queries(catalog, 1)
        .into_iter()
        .chain(fts_queries(catalog, 2))
        .enumerate()
    {
        let Some(text) = q.fts.clone() else { continue };
        let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
        let Some((at, w)) = words
            .iter()
            .enumerate()
            .filter(|(_, w)| w.chars().all(char::is_alphabetic) && w.chars().count() >= 5)
            .max_by_key(|(j, w)| (w.chars().count(), std::cmp::Reverse(*j)))
        else {
            continue;
        };
        let mut c: Vec<char> = w.chars().collect();
        let m = c.len() / 2;
        match i % 4 {
            0 => {
                c.remove(m);
            }
            1 => c.insert(m, c[m]),
            2 => {
                let m = if c[m] == c[m + 1] { m - 1 } else { m };
                c.swap(m, m + 1);
            }
            _ => c[m] = neighbour(c[m]),
        }
        words[at] = c.into_iter().collect();
        out.push(request(None, Some(&words.join(" ")), Vec::new(), None));
    }
    out
}

/// Facet counts (`/products/histogram`, every facet) over whole searches: every category, and
/// the one- and two-word texts; the cold path of `/api/v1/facets` in the embedded default.
fn facet_latency(catalog: &Catalog) {
    let classes = [
        ("category, all facets", category_queries(catalog)),
        ("fts (one word), all facets", fts_queries(catalog, 1)),
        ("fts (two words), all facets", fts_queries(catalog, 2)),
    ];
    println!();
    println!(
        "| facet counts | distinct (with results) | timings | p50 µs | p90 µs | p99 µs | max µs |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, queries) in classes {
        let mut times = Vec::with_capacity(queries.len() * RUNS);
        let mut timed = 0;
        for q in &queries {
            if !catalog
                .histogram(q, &Facet::ALL, 0)
                .is_ok_and(|h| h.total().is_some_and(|t| t > 0))
            {
                continue;
            }
            timed += 1;
            for _ in 0..RUNS {
                let t = Instant::now();
                let r = catalog.histogram(black_box(q), &Facet::ALL, 0);
                times.push(t.elapsed());
                drop(black_box(r));
            }
        }
        report(name, timed, &mut times);
    }
    // The largest category below the root, the root (every product) and broad texts, alone.
    let largest = category_ids(catalog)
        .into_iter()
        .filter(|c| c != "clothes-shoes-and-jewelry")
        .max_by_key(|c| catalog.category_product_count(c).unwrap_or(0))
        .unwrap_or_default();
    let largest_name = format!(
        "the largest category ({largest}, {} products)",
        catalog.category_product_count(&largest).unwrap_or(0)
    );
    for (name, q) in [
        (
            "the root (every product)".to_owned(),
            request(Some("clothes-shoes-and-jewelry"), None, Vec::new(), None),
        ),
        (
            largest_name,
            request(Some(&largest), None, Vec::new(), None),
        ),
        (
            "a broad text (\"shirt\")".to_owned(),
            request(None, Some("shirt"), Vec::new(), None),
        ),
        (
            "a broad text (\"men black\")".to_owned(),
            request(None, Some("men black"), Vec::new(), None),
        ),
    ] {
        let mut times = Vec::with_capacity(50);
        for _ in 0..50 {
            let t = Instant::now();
            let r = catalog.histogram(black_box(&q), &Facet::ALL, 0);
            times.push(t.elapsed());
            drop(black_box(r));
        }
        report(&name, 1, &mut times);
    }
}

fn report(name: &str, timed: usize, times: &mut [Duration]) {
    times.sort_unstable();
    let p = |q: f64| micros(times[((times.len() as f64 * q) as usize).min(times.len() - 1)]);
    println!(
        "| {name} | {timed} | {} | {:.0} | {:.0} | {:.0} | {:.0} |",
        times.len(),
        p(0.50),
        p(0.90),
        p(0.99),
        micros(times[times.len() - 1]),
    );
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn request(
    cat: Option<&str>,
    fts: Option<&str>,
    fl: Vec<String>,
    sort: Option<&str>,
) -> SearchRequest {
    SearchRequest {
        cat: cat.map(str::to_owned),
        fts: fts.map(str::to_owned),
        fl,
        sort: sort.map(str::to_owned),
        offset: 0,
        limit: LIMIT,
    }
}

fn category_ids(catalog: &Catalog) -> Vec<String> {
    match catalog.categories(None, None) {
        Ok(r) => r.categories.into_iter().map(|c| c.id).collect(),
        Err(e) => panic!("categories: {e}"),
    }
}

/// The first page of every category (the root's whole tree included).
fn category_queries(catalog: &Catalog) -> Vec<SearchRequest> {
    category_ids(catalog)
        .iter()
        .map(|c| request(Some(c), None, Vec::new(), None))
        .collect()
}

/// A page 40 pages deep (or the last one) of every category with that many products, by each
/// sort in turn.
fn deep_queries(catalog: &Catalog) -> Vec<SearchRequest> {
    let sorts = [
        None,
        Some("PriceLoHi"),
        Some("PriceHiLo"),
        Some("Recency"),
        Some("Popular"),
    ];
    category_ids(catalog)
        .iter()
        .filter_map(|c| {
            let n = catalog.category_product_count(c)?;
            (n > 2 * LIMIT as usize).then_some((c, n))
        })
        .enumerate()
        .map(|(i, (c, n))| {
            let mut r = request(Some(c), None, Vec::new(), sorts[i % sorts.len()]);
            let last = u32::try_from(n).unwrap_or(u32::MAX).saturating_sub(LIMIT);
            r.offset = (40 * LIMIT).min(last).min(5000 - LIMIT);
            r
        })
        .collect()
}

/// Words (or pairs of neighbouring words) from product names, lower-cased: what shoppers type.
fn fts_queries(catalog: &Catalog, words: usize) -> Vec<SearchRequest> {
    let mut texts = BTreeSet::new();
    for cat in category_ids(catalog).iter().step_by(4) {
        let Ok(page) = catalog.search(&request(Some(cat), None, Vec::new(), None)) else {
            continue;
        };
        for p in page.products {
            let name: Vec<String> = p
                .name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(str::to_lowercase)
                .collect();
            for w in name.windows(words) {
                texts.insert(w.join(" "));
            }
        }
    }
    texts
        .iter()
        .step_by((texts.len() / 400).max(1))
        .map(|t| request(None, Some(t), Vec::new(), None))
        .collect()
}

/// Every category with a colour, a price range, on-sale or a brand filter, and a sort.
fn filtered_queries(catalog: &Catalog) -> Vec<SearchRequest> {
    let colors: Vec<String> = catalog
        .colors()
        .colors
        .into_iter()
        .map(|c| c.id.to_string())
        .collect();
    let brands: Vec<String> = catalog
        .brands()
        .brands
        .into_iter()
        .take(50)
        .map(|b| b.id.to_string())
        .collect();
    let sorts = [Some("PriceLoHi"), Some("Popular"), None, Some("Recency")];
    category_ids(catalog)
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let fl = match i % 4 {
                0 => vec![format!("c{}", colors[i % colors.len()])],
                1 => vec!["p21:23".to_owned()],
                2 => vec!["d0".to_owned(), format!("c{}", colors[i % colors.len()])],
                _ => vec![
                    format!("b{}", brands[i % brands.len()]),
                    "p20:24".to_owned(),
                ],
            };
            request(Some(c), None, fl, sorts[i % sorts.len()])
        })
        .collect()
}
