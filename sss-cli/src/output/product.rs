//! One product: `field  value` lines for people, or the API's object.

use std::io::{self, Write};

use sss_core::domain::Product;

use super::fields::{self, Field};
use super::table::{clean, cut};
use super::{csv_bytes, write_compact, write_pretty};
use crate::cli::Format;
use crate::term::Term;

/// Writes `p` in `format`.
pub fn write(out: &mut dyn Write, p: &Product, format: Format, term: &Term) -> io::Result<()> {
    match format {
        Format::Json => write_pretty(out, p),
        Format::Ndjson => {
            write_compact(out, p)?;
            out.write_all(b"\n")
        }
        Format::Csv => {
            let rows = vec![
                fields::ALL.iter().map(|f| f.name().to_owned()).collect(),
                fields::ALL.iter().map(|f| f.text(p)).collect(),
            ];
            out.write_all(&csv_bytes(&rows)?)
        }
        Format::Table => {
            let width = fields::ALL
                .iter()
                .map(|f| f.name().len())
                .max()
                .unwrap_or(0);
            for f in fields::ALL {
                let value = f.text(p);
                if value.is_empty() || matches!(f, Field::BrandId | Field::RetailerId) {
                    continue;
                }
                let value = match f {
                    Field::Brand | Field::Retailer => with_id(f, p, &value),
                    _ => value,
                };
                let value = clean(&value);
                let value = match term.width {
                    Some(w) => cut(&value, w.saturating_sub(width + 2).max(10)),
                    None => value,
                };
                let name = format!("{:<width$}", f.name());
                writeln!(out, "{}  {value}", term.out().bold(&name))?;
            }
            Ok(())
        }
    }
}

/// `Acme (id 7)` for a brand or retailer.
fn with_id(f: Field, p: &Product, name: &str) -> String {
    let id = match f {
        Field::Brand => Field::BrandId.text(p),
        _ => Field::RetailerId.text(p),
    };
    if id.is_empty() {
        name.to_owned()
    } else {
        format!("{name} (id {id})")
    }
}
