//! The bundled data, compiled into the binary, and reading it into plain rows.

use std::collections::HashMap;

use serde::Deserialize;

use super::error::CatalogError;

/// The inputs a catalog is built from, as text. [`Sources::bundled`] is the data under `data/`
/// compiled into the binary; tests build small catalogs from their own text.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    /// `fashion-products/styles.csv`: one product per row.
    pub styles_csv: &'a str,
    /// `fashion-products/image_urls.csv`: `id,imageUrl` for some products.
    pub image_urls_csv: &'a str,
    /// `shopstyle/categories.json`: a ShopStyle `/categories` response.
    pub categories_json: &'a str,
    /// `mappings/articletype_to_category.json`: article type to category, per gender.
    pub article_types_json: &'a str,
    /// `mappings/seed_category_aliases.json`: newer category ids and the category each sits
    /// under.
    pub aliases_json: &'a str,
    /// `mappings/category_rules.json`: the rules that place products in finer categories.
    pub category_rules_json: &'a str,
    /// `mappings/search_vocabulary.json`: the shopper's words (synonyms, regional and gendered
    /// forms) the text search understands.
    pub vocabulary_json: &'a str,
}

impl Sources<'static> {
    /// The data bundled with the product.
    pub fn bundled() -> Self {
        Sources {
            styles_csv: include_str!("../../../data/fashion-products/styles.csv"),
            image_urls_csv: include_str!("../../../data/fashion-products/image_urls.csv"),
            categories_json: include_str!("../../../data/shopstyle/categories.json"),
            article_types_json: include_str!("../../../data/mappings/articletype_to_category.json"),
            aliases_json: include_str!("../../../data/mappings/seed_category_aliases.json"),
            category_rules_json: include_str!("../../../data/mappings/category_rules.json"),
            vocabulary_json: include_str!("../../../data/mappings/search_vocabulary.json"),
        }
    }
}

/// The 262 category ids the original page offered (`mappings/seed_categories.json`), nested
/// by section; kept for tests and reports.
pub const SEED_CATEGORIES_JSON: &str = include_str!("../../../data/mappings/seed_categories.json");

/// One row of `styles.csv`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StyleRow {
    pub id: u64,
    pub gender: String,
    pub master_category: String,
    pub sub_category: String,
    pub article_type: String,
    pub base_colour: String,
    pub season: String,
    pub year: String,
    pub usage: String,
    pub product_display_name: String,
}

/// Reads `styles.csv` on two threads: its rows are cut in two at a line break outside quotes,
/// near the middle, and each half is read beside the other (start-up is bounded).
pub(super) fn read_styles(csv_text: &str) -> Result<Vec<StyleRow>, CatalogError> {
    let header_end = csv_text.find('\n').map_or(csv_text.len(), |i| i + 1);
    let (header, body) = csv_text.split_at(header_end);
    let Some(cut) = middle_line_break(body) else {
        return read_style_rows(csv_text, 0);
    };
    let (first, second) = body.split_at(cut);
    let second_text = format!("{header}{second}");
    let rows_before = first.bytes().filter(|&b| b == b'\n').count();
    std::thread::scope(|s| {
        let later = s.spawn(|| read_style_rows(&second_text, rows_before));
        let mut rows = read_style_rows(&csv_text[..header_end + cut], 0)?;
        rows.extend(join(later)?);
        Ok(rows)
    })
}

/// Just after the first line break at or past the middle of `body` that is not inside a quoted
/// field (an even number of `"` before it); `None` when there is none.
fn middle_line_break(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    let mut quotes = b[..b.len() / 2].iter().filter(|&&c| c == b'"').count();
    for (i, &c) in b.iter().enumerate().skip(b.len() / 2) {
        match c {
            b'"' => quotes += 1,
            b'\n' if quotes % 2 == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The result of a scoped thread; a panic there goes on here.
pub(super) fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The rows of CSV text with its header line; `rows_before` rows came before it in the file
/// (for the row numbers in errors).
fn read_style_rows(csv_text: &str, rows_before: usize) -> Result<Vec<StyleRow>, CatalogError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rdr.deserialize::<StyleRow>().enumerate() {
        let mut row = rec.map_err(|e| {
            CatalogError::data("styles.csv", format!("row {}: {e}", rows_before + i + 2))
        })?;
        row.product_display_name = row
            .product_display_name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        rows.push(row);
    }
    Ok(rows)
}

#[derive(Deserialize)]
struct ImageRow {
    id: u64,
    #[serde(rename = "imageUrl")]
    image_url: String,
}

pub(super) fn read_image_urls(csv_text: &str) -> Result<HashMap<u64, String>, CatalogError> {
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let mut out = HashMap::new();
    for (i, rec) in rdr.deserialize::<ImageRow>().enumerate() {
        let row =
            rec.map_err(|e| CatalogError::data("image_urls.csv", format!("row {}: {e}", i + 2)))?;
        let url = row.image_url.trim();
        if url.starts_with("http://") || url.starts_with("https://") {
            out.insert(row.id, url.to_owned());
        }
    }
    Ok(out)
}

/// `articletype_to_category.json`: article type -> (women or unisex, men) category ids.
pub(super) fn read_article_types(
    json: &str,
) -> Result<HashMap<String, (String, String)>, CatalogError> {
    #[derive(Deserialize)]
    struct Pair {
        women_or_unisex: String,
        men: String,
    }
    #[derive(Deserialize)]
    struct File {
        #[serde(rename = "articleType_to_shopstyle")]
        map: HashMap<String, Pair>,
    }
    let f: File = serde_json::from_str(json)
        .map_err(|e| CatalogError::data("articletype_to_category.json", e.to_string()))?;
    Ok(f.map
        .into_iter()
        .map(|(k, v)| (k, (v.women_or_unisex, v.men)))
        .collect())
}

/// `seed_category_aliases.json`: (alias id, parent id) pairs.
pub(super) fn read_aliases(json: &str) -> Result<Vec<(String, String)>, CatalogError> {
    #[derive(Deserialize)]
    struct File {
        mapping: serde_json::Map<String, serde_json::Value>,
    }
    let f: File = serde_json::from_str(json)
        .map_err(|e| CatalogError::data("seed_category_aliases.json", e.to_string()))?;
    f.mapping
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(p) => Ok((k, p)),
            other => Err(CatalogError::data(
                "seed_category_aliases.json",
                format!("{k}: parent must be a string, got {other}"),
            )),
        })
        .collect()
}

/// Every id of `seed_categories.json`, de-duplicated.
pub fn seed_category_ids() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if !out.contains(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(SEED_CATEGORIES_JSON) {
        walk(&v, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_are_cut_at_a_line_break_outside_quotes() {
        // The middle falls inside a quoted field that holds a line break: the cut moves on.
        let body = "1,\"a\nb\nc\nd\"\n2,x\n";
        let cut = middle_line_break(body).expect("a cut");
        assert_eq!(&body[..cut], "1,\"a\nb\nc\nd\"\n");
        assert_eq!(middle_line_break("1,\"open\n"), None, "only inside quotes");
    }

    #[test]
    fn both_halves_give_the_rows_of_the_whole_file_in_order() {
        let text = Sources::bundled().styles_csv;
        let halves = read_styles(text).expect("reads");
        let whole = read_style_rows(text, 0).expect("reads");
        assert_eq!(halves.len(), whole.len());
        assert!(halves.iter().zip(&whole).all(|(a, b)| a.id == b.id));
    }
}
