//! `sss search`: one page, or with `--all` every page up to the API's depth cap, streamed.

use std::io::{self, Write};

use sss_core::api::SearchParams;
use sss_core::domain::{DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Sort};

use crate::cli::SearchArgs;
use crate::commands::{Context, filters};
use crate::exit::Failure;
use crate::output::fields;
use crate::output::search::SearchWriter;

/// Runs a search and writes its results.
pub async fn run(ctx: &Context, args: &SearchArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let chosen = match &args.fields {
        Some(list) if list.len() == 1 && list[0].trim() == "help" => {
            out.write_all(fields::help().as_bytes())?;
            out.flush()?;
            return Ok(());
        }
        Some(list) => Some(fields::parse_list(list).map_err(Failure::Usage)?),
        None => None,
    };
    let mut params = filters::apply(ctx, &args.filters, params(args)?).await?;
    if args.all {
        // The first page, like the rest, stays within the depth cap.
        let room = MAX_OFFSET.saturating_sub(params.offset.unwrap_or(0));
        if room == 0 {
            return Err(Failure::Usage(format!(
                "--all from offset {MAX_OFFSET}: nothing lies past the API's depth cap"
            )));
        }
        params.limit = params.limit.map(|l| l.min(room));
    }
    let format = ctx.term.format(args.format);
    let mut writer = SearchWriter::new(format, chosen, args.all, ctx.term);
    let mut progress = Progress::new(args.all && ctx.term.stderr_tty);
    loop {
        let result = match ctx.client.search(&params).await {
            Ok(r) => r,
            Err(e) => {
                progress.clear();
                return Err(e.into());
            }
        };
        ctx.report(
            &format!(
                "search offset {} limit {}",
                result.page.offset, result.page.limit
            ),
            result.elapsed,
            result.cache_status.as_deref(),
            result.request_id.as_deref(),
        );
        progress.clear();
        if writer.count() == 0 && format != crate::cli::Format::Table && ctx.term.stderr_tty {
            // The table says it above its rows; other formats carry `corrected` and `match`.
            for note in crate::output::search::notes(&result.page) {
                eprintln!("{note}");
            }
        }
        writer.page(out, &result.page)?;
        if !args.all {
            break;
        }
        progress.show(writer.count(), result.page.total);
        let Some(next) = result.next_offset() else {
            break;
        };
        params.offset = Some(next);
        // The upstream serves no product beyond the depth cap: do not ask past it.
        let room = MAX_OFFSET.saturating_sub(next);
        params.limit = params.limit.map(|l| l.min(room));
    }
    progress.clear();
    writer.finish(out)?;
    if writer.count() == 0 {
        let say = ctx.term.stderr_tty.then(|| "no products match".to_owned());
        return Err(Failure::NoResults(say));
    }
    Ok(())
}

/// The API parameters of the command line.
fn params(args: &SearchArgs) -> Result<SearchParams, Failure> {
    let limit = args.limit.or(args.all.then_some(MAX_LIMIT));
    let offset = match (args.offset, args.page) {
        (Some(o), _) => Some(o),
        (None, Some(page)) => {
            let size = u64::from(limit.unwrap_or(DEFAULT_LIMIT));
            let o = u64::from(page - 1) * size;
            if o > u64::from(MAX_OFFSET) {
                return Err(Failure::Usage(format!(
                    "--page {page} starts at product {o}, past the API's depth cap of {MAX_OFFSET}"
                )));
            }
            u32::try_from(o).ok()
        }
        (None, None) => None,
    };
    if !args.all {
        let first = u64::from(offset.unwrap_or(0));
        let size = u64::from(limit.unwrap_or(DEFAULT_LIMIT));
        if first + size > u64::from(MAX_OFFSET) {
            return Err(Failure::Usage(format!(
                "offset {first} + limit {size} reaches past product {MAX_OFFSET}, the API's \
                 depth cap; ask for fewer or earlier products"
            )));
        }
    }
    let sort = Sort::from(args.sort);
    Ok(SearchParams {
        cat: args.category.clone(),
        fts: args.query.clone(),
        sort: (sort != Sort::Relevance).then_some(sort),
        offset,
        limit,
        ..SearchParams::default()
    })
}

/// `fetched N of M` on stderr, redrawn in place, for long `--all` runs on a terminal.
#[derive(Debug)]
struct Progress {
    on: bool,
    shown: bool,
}

impl Progress {
    fn new(on: bool) -> Self {
        Self { on, shown: false }
    }

    fn show(&mut self, done: u64, total: u64) {
        if !self.on {
            return;
        }
        let cap = total.min(u64::from(MAX_OFFSET));
        let mut err = io::stderr().lock();
        let _ = write!(err, "\r\x1b[2Kfetched {done} of {cap} products…");
        let _ = err.flush();
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}
