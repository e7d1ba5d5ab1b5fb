//! Writing results: search pages, categories and products in each `--format`.
//!
//! Everything is written to a `dyn Write` and every write error is returned, never unwrapped,
//! so a closed pipe (`| head`) ends the command cleanly.

pub mod categories;
pub mod facets;
pub mod fields;
pub mod product;
pub mod search;
pub mod table;

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as compact JSON, without a newline.
pub fn write_compact<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

/// Writes `value` as pretty JSON and a newline.
pub fn write_pretty<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// `rows` as CSV (RFC 4180 quoting).
pub fn csv_bytes(rows: &[Vec<String>]) -> io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(io::Error::from)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = vec![
            vec!["id".to_owned(), "name".to_owned()],
            vec!["1".to_owned(), "a, \"b\"\nc".to_owned()],
        ];
        let text = String::from_utf8(csv_bytes(&rows).expect("csv")).expect("utf-8");
        assert_eq!(text, "id,name\n1,\"a, \"\"b\"\"\nc\"\n");
    }
}
