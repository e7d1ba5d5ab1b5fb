//! Search results in each format, written page by page so `--all` streams.

use std::io::{self, Write};

use serde::Serialize;
use sss_core::api::{CacheInfo, SearchPage};
use sss_core::domain::{Product, SearchQuery, TextMatch};

use super::fields::{self, Field, Projected};
use super::table::Layout;
use super::{csv_bytes, write_compact};
use crate::cli::Format;
use crate::term::Term;

/// Writes the pages of one search.
#[derive(Debug)]
pub struct SearchWriter {
    format: Format,
    /// The fields chosen with `--fields`; `None`: the format's default (JSON: whole products).
    fields: Option<Vec<Field>>,
    /// Several pages (`--all`): JSON becomes one object whose `products` grow page by page.
    all: bool,
    term: Term,
    layout: Option<Layout>,
    pages: usize,
    products: u64,
    total: u64,
    first_offset: u32,
}

impl SearchWriter {
    /// A writer for `format`, `fields` from `--fields`, `all` for `--all`.
    pub fn new(format: Format, fields: Option<Vec<Field>>, all: bool, term: Term) -> Self {
        Self {
            format,
            fields,
            all,
            term,
            layout: None,
            pages: 0,
            products: 0,
            total: 0,
            first_offset: 0,
        }
    }

    /// Products written so far.
    pub fn count(&self) -> u64 {
        self.products
    }

    fn columns(&self, default: &[Field]) -> Vec<Field> {
        self.fields.clone().unwrap_or_else(|| default.to_vec())
    }

    /// Writes one page.
    pub fn page(&mut self, out: &mut dyn Write, page: &SearchPage) -> io::Result<()> {
        let first = self.pages == 0;
        if first {
            self.total = page.total;
            self.first_offset = page.offset;
            if self.format == Format::Table {
                for note in notes(page) {
                    writeln!(out, "{}", self.term.out().dim(&note))?;
                }
            }
        }
        self.pages += 1;
        match self.format {
            Format::Json if !self.all => self.json_page(out, page)?,
            Format::Json => {
                if first {
                    let head = serde_json::to_string(&AllHead {
                        query: &page.query,
                        matched: page.matched,
                        corrected: page.corrected.as_deref(),
                        total: page.total,
                    })
                    .map_err(io::Error::from)?;
                    // The head without its closing brace; `finish` closes the array and object.
                    let head = head.strip_suffix('}').unwrap_or(&head);
                    write!(out, "{head},\"products\":[")?;
                }
                for (i, p) in page.products.iter().enumerate() {
                    let sep = if first && i == 0 { "\n" } else { ",\n" };
                    out.write_all(sep.as_bytes())?;
                    self.write_product_json(out, p)?;
                }
            }
            Format::Ndjson => {
                for p in &page.products {
                    self.write_product_json(out, p)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let cols = self.columns(&fields::CSV_DEFAULT);
                let mut rows: Vec<Vec<String>> = Vec::new();
                if first {
                    rows.push(cols.iter().map(|f| f.name().to_owned()).collect());
                }
                rows.extend(page.products.iter().map(|p| row(p, &cols)));
                out.write_all(&csv_bytes(&rows)?)?;
            }
            Format::Table => {
                let narrow = self.term.width.is_some_and(|w| w < fields::NARROW);
                let cols = self.columns(if narrow {
                    &fields::TABLE_NARROW
                } else {
                    &fields::TABLE_DEFAULT
                });
                let rows: Vec<Vec<String>> = page.products.iter().map(|p| row(p, &cols)).collect();
                if self.layout.is_none() {
                    let headers: Vec<&str> = cols.iter().map(|f| f.header()).collect();
                    let right: Vec<bool> = cols.iter().map(|f| f.numeric()).collect();
                    let layout = Layout::fit(&headers, &right, &rows, self.term.width);
                    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
                    if !rows.is_empty() {
                        layout.write_row(out, &header, true, self.term.out())?;
                    }
                    self.layout = Some(layout);
                }
                if let Some(layout) = &self.layout {
                    for r in &rows {
                        layout.write_row(out, r, false, self.term.out())?;
                    }
                }
            }
        }
        self.products += page.products.len() as u64;
        // Each page reaches the reader as it arrives.
        out.flush()
    }

    /// Ends the output: closes `--all` JSON, and gives the table a summary line.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json if self.all && self.pages > 0 => out.write_all(b"\n]}\n")?,
            Format::Table if self.products > 0 => {
                let last = u64::from(self.first_offset) + self.products;
                let line = format!(
                    "{}-{} of {}",
                    u64::from(self.first_offset) + 1,
                    last,
                    self.total
                );
                writeln!(out, "{}", self.term.out().dim(&line))?;
            }
            _ => {}
        }
        out.flush()
    }

    fn json_page(&self, out: &mut dyn Write, page: &SearchPage) -> io::Result<()> {
        match &self.fields {
            None => serde_json::to_writer_pretty(&mut *out, page),
            Some(fields) => serde_json::to_writer_pretty(
                &mut *out,
                &PageOut {
                    query: &page.query,
                    matched: page.matched,
                    corrected: page.corrected.as_deref(),
                    total: page.total,
                    offset: page.offset,
                    limit: page.limit,
                    products: page
                        .products
                        .iter()
                        .map(|product| Projected { product, fields })
                        .collect(),
                    cache: &page.cache,
                },
            ),
        }
        .map_err(io::Error::from)?;
        out.write_all(b"\n")
    }

    fn write_product_json(&self, out: &mut dyn Write, p: &Product) -> io::Result<()> {
        match &self.fields {
            None => write_compact(out, p),
            Some(fields) => write_compact(out, &Projected { product: p, fields }),
        }
    }
}

/// For a page that holds the closest matches of a text no product matched in full:
/// `no exact match for "…"; showing the N closest matches`.
/// What a person should know before the rows: the text as understood when a typo was
/// corrected ("Showing results for sneakers"), and a partial match.
pub fn notes(page: &SearchPage) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &page.corrected {
        out.push(format!("Showing results for \"{c}\""));
    }
    out.extend(partial_note(page));
    out
}

/// The note for a partial match: no product has every word.
pub fn partial_note(page: &SearchPage) -> Option<String> {
    let fts = page.query.fts.as_deref()?;
    (page.matched == Some(TextMatch::Partial) && page.total > 0).then(|| {
        let noun = if page.total == 1 { "match" } else { "matches" };
        format!(
            "no exact match for \"{fts}\"; showing the {} closest {noun}",
            page.total
        )
    })
}

fn row(p: &Product, cols: &[Field]) -> Vec<String> {
    cols.iter().map(|f| f.text(p)).collect()
}

/// The start of `--all` JSON: the query and the total, then the products.
#[derive(Serialize)]
struct AllHead<'a> {
    query: &'a SearchQuery,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<TextMatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    corrected: Option<&'a str>,
    total: u64,
}

/// A page whose products show only the chosen fields.
#[derive(Serialize)]
struct PageOut<'a> {
    query: &'a SearchQuery,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<TextMatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    corrected: Option<&'a str>,
    total: u64,
    offset: u32,
    limit: u32,
    products: Vec<Projected<'a>>,
    cache: &'a CacheInfo,
}
