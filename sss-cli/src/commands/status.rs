//! `sss status`: is the server ready, and how does its cache answer.

use std::io::Write;

use serde::Serialize;
use sss_core::api::{ApiError, CacheStats};

use crate::cli::{Format, StatusArgs, StatusFormat};
use crate::commands::Context;
use crate::exit::Failure;
use crate::output::write_pretty;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Status<'a> {
    server: &'a str,
    ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    latency_ms: f64,
    /// `None` when the server does not expose `/metrics` at this address (behind nginx).
    cache: Option<Cache<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cache_error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Cache<'a> {
    searches: u64,
    hit_rate: Option<f64>,
    #[serde(flatten)]
    stats: &'a CacheStats,
}

/// Shows readiness and cache figures; not ready ends with "unavailable".
pub async fn run(ctx: &Context, args: &StatusArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut ready = ctx.client.ready().await?;
    // The server's own message starts "not ready: "; the output says that already.
    ready.message = ready
        .message
        .map(|m| m.strip_prefix("not ready: ").unwrap_or(&m).to_owned());
    ctx.report("readyz", ready.elapsed, None, None);
    let stats = ctx.client.cache_stats().await;
    let (stats, cache_error) = match stats {
        Ok(s) => (Some(s), None),
        Err(e @ ApiError::Unreachable { .. }) => return Err(e.into()),
        Err(e) => (None, Some(e.to_string())),
    };
    let server = ctx.client.base_url().as_str();
    let status = Status {
        server,
        ready: ready.ready,
        message: ready.message.as_deref(),
        latency_ms: (ready.elapsed.as_secs_f64() * 1e6).round() / 1e3,
        cache: stats.as_ref().map(|s| Cache {
            searches: s.searches(),
            hit_rate: s.hit_rate(),
            stats: s,
        }),
        cache_error,
    };
    let format = match args.format {
        Some(StatusFormat::Json) => Format::Json,
        Some(StatusFormat::Table) => Format::Table,
        None => ctx.term.format(None),
    };
    if format == Format::Json {
        write_pretty(out, &status)?;
    } else {
        write_text(out, &status, ctx)?;
    }
    out.flush()?;
    if !ready.ready {
        return Err(Failure::Unhealthy(
            ready.message.unwrap_or_else(|| "not ready".into()),
        ));
    }
    Ok(())
}

fn write_text(out: &mut dyn Write, s: &Status<'_>, ctx: &Context) -> std::io::Result<()> {
    let style = ctx.term.out();
    let label = |l: &str| style.bold(&format!("{l:<9}")).into_owned();
    writeln!(out, "{}{}", label("server"), s.server)?;
    let ready = if s.ready {
        style.green("ready").into_owned()
    } else {
        style.red("not ready").into_owned()
    };
    let why = s.message.map(|m| format!(": {m}")).unwrap_or_default();
    writeln!(
        out,
        "{}{ready}{why} ({:.1} ms)",
        label("status"),
        s.latency_ms
    )?;
    match (&s.cache, &s.cache_error) {
        (Some(c), _) => {
            let rate = c
                .hit_rate
                .map(|r| format!("{:.1}%", r * 100.0))
                .unwrap_or_else(|| "-".into());
            writeln!(out, "{}{}", label("searches"), c.searches)?;
            writeln!(
                out,
                "{}{rate} (l1 hit {}, shared hit {}, stale {}, miss {})",
                label("hit rate"),
                c.stats.l1_hits,
                c.stats.shared_hits,
                c.stats.stale,
                c.stats.misses
            )?;
            if !c.stats.fills.is_empty() {
                let fills: Vec<String> = c
                    .stats
                    .fills
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect();
                writeln!(out, "{}{}", label("fills"), fills.join(", "))?;
            }
        }
        (None, Some(e)) => writeln!(
            out,
            "{}{}",
            label("cache"),
            style.yellow(&format!("no figures: {e}"))
        )?,
        (None, None) => {}
    }
    Ok(())
}
