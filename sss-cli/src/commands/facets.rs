//! `sss facets` (a search's counts by brand, colour, size, ...), `sss brands|retailers|colors`
//! (the names the filters take) and `sss suggest` (completions for what has been typed).

use std::io::Write;
use std::time::Instant;

use sss_core::api::SearchParams;
use sss_core::domain::{Facet, ListKind};

use crate::cli::{FacetsArgs, ListArgs, SuggestArgs};
use crate::commands::{Context, filters};
use crate::exit::Failure;
use crate::output;

/// Prints the facet counts of a search.
pub async fn run(ctx: &Context, args: &FacetsArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let base = SearchParams {
        cat: args.category.clone(),
        fts: args.query.clone(),
        ..SearchParams::default()
    };
    let params = filters::apply(ctx, &args.filters, base).await?;
    let facets: Vec<Facet> = args.facets.iter().map(|f| Facet::from(*f)).collect();
    let started = Instant::now();
    let page = ctx.client.facets(&params, &facets).await?;
    ctx.report(
        "facets",
        started.elapsed(),
        Some(page.cache.status.header()),
        None,
    );
    output::facets::write_facets(out, &page, ctx.term.format(args.format), &ctx.term)?;
    out.flush()?;
    if page.total == 0 {
        let say = ctx.term.stderr_tty.then(|| "no products match".to_owned());
        return Err(Failure::NoResults(say));
    }
    Ok(())
}

/// Prints a named list (brands, retailers, colours).
pub async fn list(
    ctx: &Context,
    kind: ListKind,
    args: &ListArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let started = Instant::now();
    let list = ctx.client.list(kind, args.prefix.as_deref()).await?;
    ctx.report(
        kind.as_str(),
        started.elapsed(),
        Some(list.cache.status.header()),
        None,
    );
    output::facets::write_list(out, &list, ctx.term.format(args.format), &ctx.term)?;
    out.flush()?;
    if list.values.is_empty() {
        let say = ctx
            .term
            .stderr_tty
            .then(|| format!("no {} match", kind.as_str()));
        return Err(Failure::NoResults(say));
    }
    Ok(())
}

/// Prints suggestions for what has been typed.
pub async fn suggest(
    ctx: &Context,
    args: &SuggestArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let started = Instant::now();
    let page = ctx.client.suggest(&args.prefix, args.limit).await?;
    ctx.report(
        "suggest",
        started.elapsed(),
        Some(page.cache.status.header()),
        None,
    );
    output::facets::write_suggestions(out, &page, ctx.term.format(args.format), &ctx.term)?;
    out.flush()?;
    if page.suggestions.is_empty() {
        let say = ctx.term.stderr_tty.then(|| "no suggestions".to_owned());
        return Err(Failure::NoResults(say));
    }
    Ok(())
}
