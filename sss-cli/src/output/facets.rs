//! Facet counts and named lists: a table for people (one row per value), or the API's object.

use std::io::{self, Write};

use sss_core::api::{FacetValue, FacetsPage, NamedList, SuggestPage};
use sss_core::domain::SuggestionKind;

use super::table::write_table;
use super::{csv_bytes, write_compact, write_pretty};
use crate::cli::Format;
use crate::term::Term;

/// The text of a value for people: a price band as `$25 – $50`, else its name.
fn value_text(v: &FacetValue) -> String {
    v.name.clone()
}

/// What to pass to `sss search` for a value: `--brand 136`, `--min-price 25 --max-price 50`.
fn flag(facet: &str, v: &FacetValue) -> String {
    let id = v.id.as_deref().unwrap_or_default();
    match facet {
        "price" => match (v.min, v.max) {
            (Some(lo), Some(hi)) => format!("--min-price {lo} --max-price {hi}"),
            (Some(lo), None) => format!("--min-price {lo}"),
            _ => String::new(),
        },
        "discount" => v
            .min
            .map(|m| format!("--min-discount {m}"))
            .unwrap_or_default(),
        "category" => format!("-c {id}"),
        other => format!("--{other} {id}"),
    }
}

/// Writes the facet counts in `format`: rows of facet, value, count and the search flag.
pub fn write_facets(
    out: &mut dyn Write,
    page: &FacetsPage,
    format: Format,
    term: &Term,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = page
        .facets
        .iter()
        .flat_map(|(facet, values)| {
            values.iter().map(move |v| {
                vec![
                    facet.clone(),
                    value_text(v),
                    v.count.to_string(),
                    flag(facet, v),
                ]
            })
        })
        .collect();
    match format {
        Format::Json => write_pretty(out, page),
        Format::Ndjson => {
            write_compact(out, page)?;
            out.write_all(b"\n")
        }
        Format::Csv => {
            let mut all = vec![vec![
                "facet".to_owned(),
                "value".to_owned(),
                "count".to_owned(),
                "flag".to_owned(),
            ]];
            all.extend(rows);
            out.write_all(&csv_bytes(&all)?)
        }
        Format::Table => {
            writeln!(out, "{} products", page.total)?;
            let headers = ["FACET", "VALUE", "COUNT", "SEARCH WITH"];
            write_table(
                out,
                &headers,
                &[false, false, true, false],
                &rows,
                term.width,
                term.out(),
            )?;
            Ok(())
        }
    }
}

/// Writes a named list in `format`: id, name and product count.
pub fn write_list(
    out: &mut dyn Write,
    list: &NamedList,
    format: Format,
    term: &Term,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = list
        .values
        .iter()
        .map(|v| {
            vec![
                v.id.clone(),
                v.name.clone(),
                v.count.map(|c| c.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    match format {
        Format::Json => write_pretty(out, list),
        Format::Ndjson => {
            for v in &list.values {
                write_compact(out, v)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut all = vec![vec!["id".to_owned(), "name".to_owned(), "count".to_owned()]];
            all.extend(rows);
            out.write_all(&csv_bytes(&all)?)
        }
        Format::Table => {
            let headers = ["ID", "NAME", "PRODUCTS"];
            write_table(
                out,
                &headers,
                &[true, false, true],
                &rows,
                term.width,
                term.out(),
            )?;
            if list.total as usize > list.values.len() {
                writeln!(
                    out,
                    "{} of {}; narrow with --prefix",
                    list.values.len(),
                    list.total
                )?;
            }
            Ok(())
        }
    }
}

/// Writes suggestions in `format`: kind, text, count and what to pass to `sss search`.
pub fn write_suggestions(
    out: &mut dyn Write,
    page: &SuggestPage,
    format: Format,
    term: &Term,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = page
        .suggestions
        .iter()
        .map(|s| {
            let id = s.id.clone().unwrap_or_default();
            let (kind, flag) = match s.kind {
                SuggestionKind::Category => ("category", format!("-c {id}")),
                SuggestionKind::Brand => ("brand", format!("--brand {id}")),
                SuggestionKind::Query => ("search", format!("-q '{}'", s.text.replace('\'', ""))),
            };
            vec![kind.to_owned(), s.text.clone(), s.count.to_string(), flag]
        })
        .collect();
    match format {
        Format::Json => write_pretty(out, page),
        Format::Ndjson => {
            for s in &page.suggestions {
                write_compact(out, s)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut all = vec![vec![
                "kind".to_owned(),
                "text".to_owned(),
                "count".to_owned(),
                "flag".to_owned(),
            ]];
            all.extend(rows);
            out.write_all(&csv_bytes(&all)?)
        }
        Format::Table => {
            let headers = ["KIND", "SUGGESTION", "PRODUCTS", "SEARCH WITH"];
            write_table(
                out,
                &headers,
                &[false, false, true, false],
                &rows,
                term.width,
                term.out(),
            )?;
            Ok(())
        }
    }
}
