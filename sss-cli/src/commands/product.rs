//! `sss product <id>`.

use std::io::Write;
use std::time::Instant;

use crate::cli::ProductArgs;
use crate::commands::Context;
use crate::exit::Failure;
use crate::output;

/// Shows one product; no such product ends with "no results".
pub async fn run(ctx: &Context, args: &ProductArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let started = Instant::now();
    let product = match ctx.client.product(&args.id).await {
        Ok(p) => p,
        Err(e) if e.is_not_found() => {
            return Err(Failure::NoResults(Some(format!(
                "no product with id {:?}",
                args.id
            ))));
        }
        Err(e) => return Err(e.into()),
    };
    ctx.report("product", started.elapsed(), None, None);
    let format = ctx.term.format(args.format);
    output::product::write(out, &product, format, &ctx.term)?;
    out.flush()?;
    Ok(())
}
