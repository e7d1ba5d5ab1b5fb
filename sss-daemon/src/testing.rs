//! Support for the clients' tests (feature `test-support`, on only in their dev-dependencies):
//! the real `serve` role on a free loopback port inside the test process, so that `sss` and
//! `sss-tui` are tested against the real daemon without a second binary. Not part of the
//! shipped daemon.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;

use crate::serve::ServeArgs;

/// The `serve` role's settings as its command line gives them.
#[derive(Debug, Parser)]
struct Argv {
    #[command(flatten)]
    serve: ServeArgs,
}

/// Starts `serve` with `args` (the command line after `sss-daemon`; `--listen` is ignored) on a
/// free loopback port, in a runtime on a background thread that lives as long as the process,
/// and returns its address once it listens. For tests of the clients, which need the real
/// daemon without a second binary. Without `--data-dir`, the store is in a new folder under the
/// temp dir that is removed as soon as the store is open (the open file lives on until the
/// process ends), so nothing is left behind.
pub fn spawn_in_background(args: &[&str]) -> anyhow::Result<SocketAddr> {
    let argv = std::iter::once("sss-daemon").chain(args.iter().copied());
    let mut cli = Argv::try_parse_from(argv)?;
    let scratch = cli.serve.embedded.data_dir.is_none().then(|| {
        std::env::temp_dir().join(format!(
            "sss-daemon-{}-{:012x}",
            std::process::id(),
            fastrand::u64(..) & 0xffff_ffff_ffff
        ))
    });
    if let Some(dir) = &scratch {
        cli.serve.embedded.data_dir = Some(dir.clone());
    }
    let (tx, rx) = std::sync::mpsc::channel::<Result<SocketAddr, String>>();
    std::thread::spawn(move || {
        let started = async {
            let built = crate::serve::build(&cli.serve)
                .await
                .map_err(|e| format!("{e:#}"));
            if let Some(dir) = &scratch {
                let _ = std::fs::remove_dir_all(dir);
            }
            let (_state, router) = built?;
            let http = cli.serve.http.clone();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| e.to_string())?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            Ok::<_, String>((listener, router, http, addr))
        };
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                let _ = tx.send(Err(e.to_string()));
                return;
            }
        };
        runtime.block_on(async move {
            match started.await {
                Ok((listener, router, http, addr)) => {
                    let _ = tx.send(Ok(addr));
                    let forever = std::future::pending::<()>();
                    if let Err(e) = crate::common::serve(listener, router, &http, forever).await {
                        tracing::error!(error = %e, "background daemon stopped");
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
    });
    rx.recv_timeout(Duration::from_secs(180))
        .map_err(|_| anyhow::anyhow!("the daemon did not start within 180 s"))?
        .map_err(|e| anyhow::anyhow!(e))
}
