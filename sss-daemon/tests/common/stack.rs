//! A split stack for tests: the catalog as a real process, the poller and api roles in-process
//! over the test Redis and MongoDB, each test with its own key prefix and database.

use std::sync::Arc;

use clap::Parser;
use sss_core::service::Poller;
use sss_daemon::cli::{Cli, Command};

use super::{Proc, Scratch, Server, free_port, mongo_url, redis_url, unique, wait_ready};

/// The `sss-daemon` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_sss-daemon");

/// The catalog service as a child process.
pub struct Catalog {
    pub port: u16,
    pub proc: Proc,
    extra: Vec<String>,
}

impl Catalog {
    pub async fn start(dir: &Scratch, extra: &[&str]) -> Catalog {
        let port = free_port();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let proc = Self::spawn(dir, port, &extra);
        wait_ready(&format!("http://127.0.0.1:{port}/healthz"), 90, Some(&proc)).await;
        Catalog { port, proc, extra }
    }

    fn spawn(dir: &Scratch, port: u16, extra: &[String]) -> Proc {
        let listen = format!("127.0.0.1:{port}");
        let mut args = vec!["catalog", "--listen", listen.as_str()];
        args.extend(extra.iter().map(String::as_str));
        Proc::spawn(&format!("catalog-{port}"), &dir.0, BIN, &args, &[])
    }

    /// Starts it again on the same port after `proc.kill()`.
    pub async fn restart(&mut self, dir: &Scratch) {
        self.proc = Self::spawn(dir, self.port, &self.extra);
        wait_ready(
            &format!("http://127.0.0.1:{}/healthz", self.port),
            90,
            Some(&self.proc),
        )
        .await;
    }

    pub fn api_base(&self) -> String {
        format!("http://127.0.0.1:{}/api/v2", self.port)
    }

    /// Products searches the catalog has served (`sss_catalog_requests_total{endpoint="products"}`).
    pub async fn product_searches(&self) -> u64 {
        catalog_searches(self.port).await
    }
}

/// Reads the catalog's products counter from its `/metrics`.
pub async fn catalog_searches(port: u16) -> u64 {
    let text = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .expect("catalog metrics")
        .text()
        .await
        .expect("text");
    text.lines()
        .find(|l| l.starts_with("sss_catalog_requests_total{endpoint=\"products\"}"))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Poller + api in-process on the test Redis and MongoDB.
pub struct Split {
    pub prefix: String,
    pub db: String,
    pub poller: Poller,
    pub poller_server: Server,
    pub api: Server,
}

/// Settings for [`Split::start`].
pub struct SplitOptions<'a> {
    pub redis_url: String,
    pub mongo_url: String,
    pub upstream: String,
    pub fresh_ttl: &'a str,
    pub extra: Vec<&'a str>,
}

impl<'a> SplitOptions<'a> {
    pub fn new(upstream: String) -> Self {
        SplitOptions {
            redis_url: redis_url(),
            mongo_url: mongo_url(),
            upstream,
            fresh_ttl: "300",
            extra: Vec::new(),
        }
    }
}

impl Split {
    /// A catalog of its own in `dir`, and a split stack with default options over it.
    pub async fn over_new_catalog(dir: &Scratch) -> (Catalog, Split) {
        let catalog = Catalog::start(dir, &[]).await;
        let split = Split::start(SplitOptions::new(catalog.api_base())).await;
        (catalog, split)
    }

    /// The Redis key of the search `q` under this stack's prefix.
    pub fn key(&self, q: &[(&str, &str)]) -> String {
        sss_core::domain::SearchQuery::from_params(q.iter().copied())
            .expect("query")
            .cache_key(&self.prefix)
    }

    pub async fn start(o: SplitOptions<'_>) -> Split {
        let prefix = unique("sss-test:");
        let prefix = format!("{prefix}:");
        let db = unique("sss_test_");
        let mut argv = vec![
            "sss-daemon",
            "poller",
            "--redis-url",
            &o.redis_url,
            "--mongo-url",
            &o.mongo_url,
            "--mongo-db",
            &db,
            "--redis-prefix",
            &prefix,
            "--upstream-url",
            &o.upstream,
            "--fresh-ttl",
            o.fresh_ttl,
            "--upstream-retries",
            "0",
            "--upstream-timeout-ms",
            "2000",
            "--lock-ttl-ms",
            "5000",
        ];
        argv.extend(o.extra.iter().copied());
        let Some(Command::Poller(args)) = Cli::try_parse_from(&argv).expect("poller args").command
        else {
            panic!("not a poller command");
        };
        let poller = sss_daemon::poller::from_args(&args).await.expect("poller");
        let poller_server = Server::start(sss_daemon::poller::router(poller.clone())).await;
        let api = Self::api(&o.redis_url, &poller_server.url(), &prefix, o.fresh_ttl).await;
        Split {
            prefix,
            db,
            poller,
            poller_server,
            api,
        }
    }

    /// One more api replica of this stack (fresh for 300 s), with nothing in its L1 yet.
    pub async fn another_api(&self) -> Server {
        Split::api(&redis_url(), &self.poller_server.url(), &self.prefix, "300").await
    }

    /// Another api replica on the same Redis and poller.
    pub async fn api(redis: &str, poller_url: &str, prefix: &str, fresh_ttl: &str) -> Server {
        let argv = [
            "sss-daemon",
            "api",
            "--redis-url",
            redis,
            "--poller-url",
            poller_url,
            "--redis-prefix",
            prefix,
            "--fresh-ttl",
            fresh_ttl,
            "--l1-ttl-ms",
            "200",
        ];
        let Some(Command::Api(args)) = Cli::try_parse_from(argv).expect("api args").command else {
            panic!("not an api command");
        };
        let state = sss_daemon::api::from_args(&args).expect("api");
        Server::start(sss_daemon::api::router(state)).await
    }

    pub fn store(&self) -> Arc<dyn sss_core::store::Store> {
        Arc::clone(self.poller.store())
    }
}

/// `GET /api/v1/products?{q}` on `api`: the status, the `X-Cache` header and the JSON body.
pub async fn search(api: &Server, q: &str) -> (reqwest::StatusCode, String, serde_json::Value) {
    let r = reqwest::get(format!("{}/api/v1/products?{q}", api.url()))
        .await
        .expect("request");
    let status = r.status();
    let cache = r
        .headers()
        .get("x-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (
        status,
        cache,
        r.json().await.unwrap_or(serde_json::Value::Null),
    )
}

/// The production topology as processes of the `sss-daemon` binary: a catalog, and `pairs`
/// api processes each with its own poller, on one Redis (or Redis Cluster) and MongoDB.
pub struct Processes {
    pub catalog_port: u16,
    /// `host:port` of each api.
    pub apis: Vec<String>,
    /// `host:port` of each poller.
    pub pollers: Vec<String>,
    /// Every process, killed when this is dropped.
    pub procs: Vec<Proc>,
}

impl Processes {
    /// Starts them and waits until each is ready. Every key is under `prefix`, every document in
    /// database `db`.
    pub async fn start(
        dir: &Scratch,
        redis: &str,
        mongo: &str,
        prefix: &str,
        db: &str,
        pairs: usize,
        catalog_latency_ms: &str,
    ) -> Processes {
        let catalog_port = free_port();
        let cat_listen = format!("127.0.0.1:{catalog_port}");
        let catalog = Proc::spawn(
            "catalog",
            &dir.0,
            BIN,
            &[
                "catalog",
                "--listen",
                &cat_listen,
                "--latency-ms",
                catalog_latency_ms,
            ],
            &[],
        );
        wait_ready(&format!("http://{cat_listen}/readyz"), 90, Some(&catalog)).await;
        let upstream = format!("http://{cat_listen}/api/v2");
        let mut procs = vec![catalog];
        let (mut apis, mut pollers) = (Vec::new(), Vec::new());
        for i in 0..pairs {
            let p_listen = format!("127.0.0.1:{}", free_port());
            let poller = Proc::spawn(
                &format!("poller-{i}"),
                &dir.0,
                BIN,
                &[
                    "poller",
                    "--listen",
                    &p_listen,
                    "--redis-url",
                    redis,
                    "--mongo-url",
                    mongo,
                    "--mongo-db",
                    db,
                    "--redis-prefix",
                    prefix,
                    "--upstream-url",
                    &upstream,
                ],
                &[],
            );
            wait_ready(&format!("http://{p_listen}/readyz"), 90, Some(&poller)).await;
            let a_listen = format!("127.0.0.1:{}", free_port());
            let poller_url = format!("http://{p_listen}");
            let api = Proc::spawn(
                &format!("api-{i}"),
                &dir.0,
                BIN,
                &[
                    "api",
                    "--listen",
                    &a_listen,
                    "--redis-url",
                    redis,
                    "--poller-url",
                    &poller_url,
                    "--redis-prefix",
                    prefix,
                ],
                &[],
            );
            // Ready means the api reaches its Redis and its poller.
            wait_ready(&format!("http://{a_listen}/readyz"), 90, Some(&api)).await;
            procs.push(poller);
            procs.push(api);
            apis.push(a_listen);
            pollers.push(p_listen);
        }
        Processes {
            catalog_port,
            apis,
            pollers,
            procs,
        }
    }
}
