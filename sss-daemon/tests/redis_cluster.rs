//! The api and the poller on a Redis Cluster: three redis-server masters in cluster mode on
//! loopback ports, created with `redis-cli --cluster create`, and `--redis-url` given as their
//! comma-separated URLs. A miss on one api then a hit on another (the page came through the
//! cluster), and the fill lock still makes one upstream call for many concurrent misses across
//! two pollers.

mod common;

use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

use common::stack::{Processes, catalog_searches};
use common::{Proc, Scratch, free_port, mongo_url, start_redis_with, unique, wait_port};

/// A port that is free together with its cluster bus port (port + 10000).
fn free_cluster_port() -> u16 {
    for _ in 0..200 {
        let port = free_port();
        if port > 55_000 {
            continue;
        }
        let both = TcpListener::bind(("127.0.0.1", port))
            .and_then(|a| TcpListener::bind(("127.0.0.1", port + 10_000)).map(|b| (a, b)));
        if both.is_ok() {
            return port;
        }
    }
    panic!("no free port pair for a Redis Cluster node");
}

fn redis_cli(args: &[&str]) -> String {
    let out = Command::new("redis-cli")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run redis-cli: {e} (scripts/install-test-deps)"));
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Three cluster-mode masters, one slot range each; killed when dropped.
struct Cluster {
    ports: Vec<u16>,
    _nodes: Vec<Proc>,
}

impl Cluster {
    async fn start(dir: &Scratch) -> Cluster {
        let mut ports = Vec::new();
        let mut nodes = Vec::new();
        for _ in 0..3 {
            let port = free_cluster_port();
            let node_dir = dir.0.join(format!("node-{port}"));
            std::fs::create_dir_all(&node_dir).expect("node dir");
            let dir_s = node_dir.to_string_lossy().into_owned();
            nodes.push(start_redis_with(
                &dir.0,
                port,
                &[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "5000",
                    "--dir",
                    &dir_s,
                ],
            ));
            ports.push(port);
        }
        for &p in &ports {
            wait_port(p, 10).await;
        }
        let addrs: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
        let mut args = vec!["--cluster", "create"];
        args.extend(addrs.iter().map(String::as_str));
        args.extend(["--cluster-replicas", "0", "--cluster-yes"]);
        let created = redis_cli(&args);
        assert!(
            created.contains("All 16384 slots covered"),
            "redis-cli --cluster create: {created}"
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        for &p in &ports {
            let port_s = p.to_string();
            while !redis_cli(&["-p", &port_s, "cluster", "info"]).contains("cluster_state:ok") {
                assert!(Instant::now() < deadline, "cluster_state not ok on {p}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Cluster {
            ports,
            _nodes: nodes,
        }
    }

    /// The value of `--redis-url` for the cluster: every node, comma-separated.
    fn url(&self) -> String {
        self.ports
            .iter()
            .map(|p| format!("redis://127.0.0.1:{p}/"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Keys starting with `prefix` on each node (each node holds only its own slots).
    fn keys_per_node(&self, prefix: &str) -> Vec<usize> {
        let pattern = format!("{prefix}*");
        self.ports
            .iter()
            .map(|p| {
                redis_cli(&["-p", &p.to_string(), "--scan", "--pattern", &pattern])
                    .lines()
                    .filter(|l| !l.is_empty())
                    .count()
            })
            .collect()
    }
}

fn x_cache(r: &reqwest::Response) -> String {
    r.headers()
        .get("x-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn api_and_poller_on_a_three_master_redis_cluster() {
    let dir = Scratch::new("cluster");
    let cluster = Cluster::start(&dir).await;
    let redis = cluster.url();
    let prefix = format!("{}:", unique("sss-test:"));
    let db = unique("sss_test_");
    let mongo = mongo_url();

    let topology = Processes::start(&dir, &redis, &mongo, &prefix, &db, 2, "300").await;
    let (cat_port, apis) = (topology.catalog_port, &topology.apis);

    // A miss on one api, then the same search on the other: a hit from the cluster.
    let url = |i: usize, q: &str| format!("http://{}/api/v1/products?{q}", apis[i]);
    let first = reqwest::get(url(0, "cat=dresses&limit=5"))
        .await
        .expect("search");
    assert_eq!(first.status(), 200);
    assert_eq!(x_cache(&first), "MISS");
    let first_body: serde_json::Value = first.json().await.expect("json");
    let second = reqwest::get(url(1, "cat=dresses&limit=5"))
        .await
        .expect("search");
    assert_eq!(second.status(), 200);
    assert_eq!(
        x_cache(&second),
        "HIT",
        "the second api read the page from the cluster"
    );
    let second_body: serde_json::Value = second.json().await.expect("json");
    assert_eq!(first_body["products"], second_body["products"]);

    // Pages of several queries spread over the masters' slots.
    let spread: Vec<_> = (5..=150)
        .step_by(5)
        .map(|offset| {
            let u = url(offset % 2, &format!("cat=women&limit=5&offset={offset}"));
            tokio::spawn(async move { reqwest::get(u).await.expect("search").status() })
        })
        .collect();
    for t in spread {
        assert_eq!(t.await.expect("task"), 200);
    }
    let per_node = cluster.keys_per_node(&prefix);
    assert!(
        per_node.iter().sum::<usize>() >= 31,
        "pages per node: {per_node:?}"
    );
    assert!(
        per_node.iter().all(|&n| n > 0),
        "every master holds some pages: {per_node:?}"
    );

    // The fill lock on the cluster: 100 concurrent identical misses across both apis (each with
    // its own poller) make one upstream call.
    let before = catalog_searches(cat_port).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(100)
        .build()
        .expect("client");
    let mut tasks = Vec::new();
    for i in 0..100 {
        let (client, u) = (client.clone(), url(i % 2, "fts=blue&cat=women&limit=20"));
        tasks.push(tokio::spawn(async move {
            client.get(u).send().await.expect("request").status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), 200);
    }
    assert_eq!(
        catalog_searches(cat_port).await - before,
        1,
        "upstream searches for 100 concurrent identical misses on the cluster"
    );
    drop(topology);
}
