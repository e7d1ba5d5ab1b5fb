//! The real `sss-daemon serve` (api + poller + bundled catalog, in-process cache and store),
//! started once per test process on a free loopback port in a background runtime.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use clap::Parser;
use sss_daemon::cli::Cli;

/// The daemon's base URL, starting it on first use.
pub fn url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| format!("http://{}", start()))
}

fn start() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let web = concat!(env!("CARGO_MANIFEST_DIR"), "/../web");
            let cli = Cli::try_parse_from(["sss-daemon", "--web-dir", web]).expect("daemon args");
            let (_state, router) = sss_daemon::serve::build(&cli.serve)
                .await
                .expect("daemon build");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("address"))
                .expect("report the address");
            axum::serve(listener, router).await.expect("serve");
        });
    });
    rx.recv_timeout(Duration::from_secs(180))
        .expect("the daemon started")
}

/// A loopback address where nothing listens.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}
