//! `sss categories`: flat, `--tree`, `--under <id>`.

use std::io::Write;
use std::time::Instant;

use crate::cli::{CategoriesArgs, Format};
use crate::commands::Context;
use crate::exit::Failure;
use crate::output;

/// Lists the categories.
pub async fn run(ctx: &Context, args: &CategoriesArgs, out: &mut dyn Write) -> Result<(), Failure> {
    // The tree is text unless JSON is asked for, on a terminal or not: `--tree | head` reads.
    let format = match (args.tree, args.format) {
        (true, None) => Format::Table,
        (true, Some(f @ (Format::Ndjson | Format::Csv))) => {
            return Err(Failure::Usage(format!(
                "--tree is text or json, not {}; drop --tree for a flat list",
                if f == Format::Csv { "csv" } else { "ndjson" }
            )));
        }
        (_, asked) => ctx.term.format(asked),
    };
    let started = Instant::now();
    let list = ctx.client.categories().await?;
    ctx.report("categories", started.elapsed(), None, None);
    if let Some(id) = args.under.as_deref()
        && id != list.root
        && list.get(id).is_none()
    {
        let close = list.similar(id, 5);
        let hint = if close.is_empty() {
            "see `sss categories` for the ids".to_owned()
        } else {
            format!("close ones: {}", close.join(", "))
        };
        return Err(Failure::Usage(format!(
            "no category with id {id:?}; {hint}"
        )));
    }
    output::categories::write(
        out,
        &list,
        args.under.as_deref(),
        args.tree,
        format,
        &ctx.term,
    )?;
    out.flush()?;
    Ok(())
}
